"""Full text turned off for a feed: the articles it stored with their pages' text keep
it (a summary never replaces a whole article), and the highlights made in it stay."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tests.feeds.feedserver import Answer, FeedServer
from tests.feeds.test_feed_rules_refresh import PAGE
from tests.feeds.test_fulltext_retry import FIRST
from tui_reader.cli import cli
from tui_reader.feeds.subscriptions import Subscription, subscriptions
from tui_reader.store import Library

PAGE_ONLY = "Operators say the sleeper cars"


def run(library_path: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--library", str(library_path), *args])
    return result.exit_code, result.stdout, result.stderr


def teasers(server: FeedServer, *items: str, etag: str) -> str:
    """A feed whose entries carry only a summary (the first paragraph of their page)."""
    entries = "".join(
        f"<item><guid>{guid}</guid><link>{server.url('/trains')}</link>"
        f"<title>Trains {guid}</title><description>{FIRST}</description></item>"
        for guid in items
    )
    xml = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Rail</title>'
        f"<link>{server.base}/</link>{entries}</channel></rss>"
    )
    return server.feed("/f.xml", xml, etag=etag)


def test_full_text_turned_off_keeps_the_pages_stored_and_their_highlights(
    library_path: Path, feed_server: FeedServer
) -> None:
    feed_server.serve("/trains", Answer(200, PAGE.encode(), {"Content-Type": "text/html"}))
    url = teasers(feed_server, "t1", etag='"v1"')
    assert run(library_path, "feeds", "add", url, "--full-text")[0] == 0
    assert run(library_path, "refresh")[0] == 0
    with Library.open(library_path, "write") as library:
        [article] = library.articles()
        text = library.paragraphs(article.id)
        at = next(n for n, p in enumerate(text) if PAGE_ONLY in p.text)
        mark = library.create_highlight(article.id, at, 0, len(PAGE_ONLY))

    code, out, err = run(library_path, "feeds", "set", "1", "--no-full-text")
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == (
        "Full text off: new entries come as the feed gives them; the articles stored keep "
        "the text they have"
    )
    teasers(feed_server, "t1", "t2", etag='"v2"')  # the feed changes: a new entry
    code, out, err = run(library_path, "refresh")

    assert (code, err) == (0, "")
    assert "1 new article" in out and "orphaned" not in out.replace("0 orphaned", "")
    with Library.open(library_path, "read") as library:
        assert [p.text for p in library.paragraphs(article.id)] == [p.text for p in text]
        [kept] = library.highlights(article.id)
        assert kept.id == mark.id and not kept.orphan
        assert kept.anchor.quote.exact == PAGE_ONLY
        [sub] = subscriptions(library)
        assert not sub.full_text and sub.had_full_text
        new = next(a for a in library.articles() if a.id != article.id)
        summary = [p.text for p in library.paragraphs(new.id)]  # a new entry: its summary
        assert summary[0] == FIRST and not any(PAGE_ONLY in t for t in summary)


def test_a_feed_that_never_had_full_text_takes_its_edited_summaries() -> None:
    stored = Subscription.from_dict({"url": "https://x.example/f.xml", "full_text": False})
    assert stored is not None and not stored.had_full_text
    again = Subscription.from_dict(stored.to_dict())
    assert again == stored
    turned_off = Subscription.from_dict({**stored.to_dict(), "had_full_text": True})
    assert turned_off is not None and turned_off.had_full_text
    assert "had_full_text" not in turned_off.listing_dict()
