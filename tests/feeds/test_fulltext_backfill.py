"""Full text turned on for a feed followed already (``feeds add URL --full-text`` or
``feeds set FEED --full-text``): the articles it stored before get their pages too, at the
next refreshes, with their highlights placed again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.feeds.feedserver import Answer, FeedServer
from tests.feeds.test_feed_rules_refresh import PAGE
from tests.feeds.test_fulltext_retry import FIRST, teaser_feed
from tui_reader.cli import cli
from tui_reader.feeds.fulltext_retry import MAX_MARKED, due, marked_stored
from tui_reader.feeds.subscriptions import subscriptions
from tui_reader.model import Article, link_id
from tui_reader.store import Library


def run(library_path: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--library", str(library_path), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    "turn_on", [("feeds", "add", "{url}", "--full-text"), ("feeds", "set", "1", "--full-text")]
)
def test_full_text_turned_on_fetches_the_pages_of_the_articles_stored_before(
    library_path: Path, feed_server: FeedServer, turn_on: tuple[str, ...]
) -> None:
    feed_server.serve("/trains", Answer(200, PAGE.encode(), {"Content-Type": "text/html"}))
    url = teaser_feed(feed_server)
    assert run(library_path, "feeds", "add", url)[0] == 0
    assert run(library_path, "refresh")[0] == 0
    with Library.open(library_path, "write") as library:
        [article] = library.articles()
        assert library.paragraphs(article.id)[0].text == FIRST  # the summary
        start = FIRST.index("four hundred passengers")
        mark = library.create_highlight(article.id, 0, start, start + 23)
    assert len(feed_server.hits_of("/trains")) == 0

    code, out, err = run(library_path, *(part.format(url=url) for part in turn_on))
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == (
        "Full text from now on; the pages of the 1 article it stored before are fetched by "
        "the next refreshes (20 a refresh): newsread refresh"
    )
    code, out, err = run(library_path, "refresh")

    assert (code, err) == (0, "")
    assert "1 updated" in out and len(feed_server.hits_of("/trains")) == 1
    with Library.open(library_path, "read") as library:
        texts = [p.text for p in library.paragraphs(article.id)]
        assert any("Operators say the sleeper cars" in t for t in texts)
        [placed] = library.highlights(article.id)
        assert placed.id == mark.id and not placed.orphan
        assert placed.anchor.quote.exact == "four hundred passengers"
        assert subscriptions(library)[0].full_text_retry == {}
    code, out, _ = run(library_path, "feeds", "set", "1", "--full-text")  # on already
    assert code == 0 and "Full text from now on" not in out


def test_marked_stored_marks_the_newest_with_a_page_due_now() -> None:
    now = datetime(2026, 12, 1, 12, tzinfo=UTC)
    articles = [
        Article(
            id=link_id(f"https://x.example/{n}"),
            title=f"A{n}",
            url=f"https://x.example/{n}",
            added=f"2026-{n % 12 + 1:02d}-01",
        )
        for n in range(MAX_MARKED + 20)
    ]
    no_page = Article(id="f" * 16, title="no link", added="2026-12-01")
    marks = marked_stored({"e" * 16: (3, now.isoformat())}, [*articles, no_page], now)
    assert len(marks) == MAX_MARKED and no_page.id not in marks
    assert marks["e" * 16] == (3, now.isoformat())  # a mark there already is kept
    left_out = [a.added for a in articles if a.id not in marks]
    assert len(left_out) == 21 and max(left_out) <= min(a.added for a in articles if a.id in marks)
    assert len(due(marks, now)) == 20 and len(due(marks, now - timedelta(minutes=1))) == 0


def test_full_text_turned_on_during_a_refresh_keeps_its_marks(
    library_path: Path, feed_server: FeedServer
) -> None:
    from collections.abc import Callable
    from typing import TypeVar

    from tui_reader.feeds.options import set_options
    from tui_reader.feeds.refresh import refresh_feeds

    url = teaser_feed(feed_server)
    assert run(library_path, "feeds", "add", url)[0] == 0
    assert run(library_path, "refresh")[0] == 0
    feed_server.feed("/f.xml", rss_changed(feed_server), etag='"v2"')
    T = TypeVar("T")
    with Library.open(library_path, "write") as library:
        [article] = library.articles()
        calls: list[int] = []

        def writer(batch: Callable[[], T]) -> T:
            # full text turned on (in the app) lands before the refresh's first write
            if not calls:
                set_options(library, url, full_text=True)
            calls.append(1)
            return batch()

        report = refresh_feeds(library, writer=writer)
        assert report.new == 1 and calls
        [sub] = subscriptions(library)
        [boats] = [a for a in library.articles() if a.id != article.id]
        # the one stored before, and the one this refresh brought as a summary
        assert sub.full_text and set(sub.full_text_retry) == {article.id, boats.id}
    feed_server.serve("/boats", Answer(200, PAGE.encode(), {"Content-Type": "text/html"}))
    feed_server.serve("/trains", Answer(200, PAGE.encode(), {"Content-Type": "text/html"}))
    code, out, err = run(library_path, "refresh")
    assert (code, err) == (0, "") and "2 updated" in out  # both pages fetched
    with Library.open(library_path, "read") as library:
        assert subscriptions(library)[0].full_text_retry == {}
        texts = [p.text for p in library.paragraphs(boats.id)]
        assert any("Operators say the sleeper cars" in t for t in texts)


def rss_changed(server: FeedServer) -> str:
    """The teaser feed with a second entry."""
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Rail</title>'
        f"<link>{server.base}/</link><item><guid>t1</guid><link>{server.url('/trains')}</link>"
        f"<title>Trains</title><description>{FIRST}</description></item>"
        f"<item><guid>t2</guid><link>{server.url('/boats')}</link>"
        "<title>Boats</title><description>Ferries too.</description></item></channel></rss>"
    )
