"""The feed rules inside a refresh (default hooks, as the CLI and the app run them): ignore
rules skip entries and are counted, full-text feeds get their new entries' pages, retention
runs after each feed is stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner

from tests.feeds.feedserver import Answer, FeedServer, rss
from tui_reader.cli import cli
from tui_reader.feeds.ignore import add_rule
from tui_reader.feeds.refresh import refresh_feeds
from tui_reader.feeds.subscriptions import Subscription, subscribe
from tui_reader.model import Article, Paragraph, Queue, ReadingState, short_hash
from tui_reader.store import Library

PAGE = """<!doctype html><html><head><title>Night trains return</title></head><body>
<nav><a href="/">Home</a></nav><article><h1>Night trains return</h1>
<p>The first night train in twenty years left the capital on Monday evening, carrying
four hundred passengers and a great deal of curiosity about sleeping on rails again.</p>
<p>Operators say the sleeper cars were booked out for the first three months, and that
they plan two more routes before the summer if the demand holds up through the winter.</p>
</article></body></html>"""


def summary_feed(server: FeedServer, title: str, items: list[tuple[str, str, str]]) -> str:
    """An RSS feed whose entries carry only a description (guid, path, title)."""
    body = "".join(
        f"<item><guid>{guid}</guid><link>{server.url(path)}</link><title>{name}</title>"
        f"<description>Teaser of {name}.</description></item>"
        for guid, path, name in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>{server.base}/</link>{body}</channel></rss>"
    )


def titles(library: Library) -> set[str]:
    return {a.title for a in library.articles()}


def test_ignore_rules_from_library_and_config_skip_entries_and_are_counted(
    library: Library, feed_server: FeedServer, tmp_path: Path
) -> None:
    url = feed_server.feed(
        "/news.xml",
        rss(
            "Harbour News",
            [
                ("g1", "http://example.test/1", "The pier", "The new pier opens."),
                ("g2", "http://example.test/2", "Sponsored: boats", "Buy a boat."),
                ("g3", "http://example.test/3", "Market day", "Crypto coin stalls."),
                ("g4", "http://example.test/4", "Weather", "Storms ahead."),
            ],
        ),
    )
    subscribe(library, Subscription(url))
    add_rule(library, "title:sponsored")
    (tmp_path / "config.toml").write_text('[feeds]\nignore = ["\\"crypto coin\\""]\n', "utf-8")
    report = refresh_feeds(library)
    assert titles(library) == {"The pier", "Weather"}
    assert report.feeds[0].ignored == 2 and report.new == 2
    assert "2 ignored" in report.summary()
    assert report.to_json()["feeds"][0]["ignored"] == 2


def test_a_full_text_feed_gets_its_new_entries_pages(
    library: Library, feed_server: FeedServer
) -> None:
    feed_server.serve("/trains", Answer(200, PAGE.encode(), {"Content-Type": "text/html"}))
    items = [("t1", "/trains", "Trains"), ("t2", "/missing", "Missing page")]
    url = feed_server.feed("/f.xml", summary_feed(feed_server, "Rail", items))
    subscribe(library, Subscription(url, full_text=True))
    report = refresh_feeds(library)
    assert report.new == 2
    by_title = {a.title: a for a in library.articles()}
    trains = [p.text for p in library.paragraphs(by_title["Trains"].id)]
    assert any("four hundred passengers" in t for t in trains)
    assert not any("Teaser" in t for t in trains)
    assert by_title["Trains"].url == feed_server.url("/trains")
    missing = [p.text for p in library.paragraphs(by_title["Missing page"].id)]
    assert missing == [
        "Teaser of Missing page.",
        f"Read the full article: {feed_server.url('/missing')}",
    ]
    # the next refresh fetches no page again (the entries are not new) and keeps the text
    asked = len(feed_server.hits_of("/trains"))
    refresh_feeds(library)
    assert len(feed_server.hits_of("/trains")) == asked
    assert [p.text for p in library.paragraphs(by_title["Trains"].id)] == trains


def test_a_feed_without_full_text_fetches_no_page(
    library: Library, feed_server: FeedServer
) -> None:
    feed_server.serve("/trains", Answer(200, PAGE.encode(), {"Content-Type": "text/html"}))
    url = feed_server.feed("/f.xml", summary_feed(feed_server, "Rail", [("t1", "/trains", "T")]))
    subscribe(library, Subscription(url))
    refresh_feeds(library)
    assert feed_server.hits_of("/trains") == []


def test_retention_runs_after_the_feed_is_stored(library: Library, feed_server: FeedServer) -> None:
    url = feed_server.feed(
        "/news.xml", rss("Harbour News", [("g1", "http://example.test/1", "Fresh", "New.")])
    )
    subscribe(library, Subscription(url, archive_after=7, remove_after=30))
    old = (datetime.now(UTC) - timedelta(days=40)).isoformat(timespec="seconds")
    for name, state, queue, note in (
        ("Old read", ReadingState.READ, Queue.INBOX, ""),
        ("Old archived", ReadingState.READ, Queue.ARCHIVE, ""),
        ("Old annotated", ReadingState.READ, Queue.ARCHIVE, "mine"),
        ("Old unread", ReadingState.UNREAD, Queue.INBOX, ""),
    ):
        library.put_article(
            Article(
                short_hash(name), name, origin=url, added=old, state=state, queue=queue, note=note
            ),
            [Paragraph("text")],
        )
    report = refresh_feeds(library)
    articles = {a.title: a for a in library.articles()}
    assert set(articles) == {"Fresh", "Old read", "Old annotated", "Old unread"}
    assert articles["Old read"].queue is Queue.ARCHIVE
    assert articles["Old unread"].queue is Queue.INBOX
    assert articles["Fresh"].queue is Queue.INBOX
    [feed] = report.feeds
    assert (feed.archived, feed.removed) == (1, 1)
    assert "retention: 1 archived, 1 removed" in report.summary()
    assert feed.to_json()["archived"] == 1 and feed.to_json()["removed"] == 1


def test_cli_refresh_reports_ignored_entries(library_path: Path, feed_server: FeedServer) -> None:
    url = feed_server.feed(
        "/news.xml",
        rss(
            "Harbour News",
            [
                ("g1", "http://example.test/1", "The pier", "The new pier opens."),
                ("g2", "http://example.test/2", "Sponsored: boats", "Buy a boat."),
            ],
        ),
    )
    with Library.open(library_path, "write") as library:
        subscribe(library, Subscription(url))
        add_rule(library, "title:sponsored")
    result = CliRunner().invoke(cli, ["--library", str(library_path), "refresh", "--quiet"])
    assert result.exit_code == 0
    assert "1 new article" in result.stdout and "1 ignored" in result.stdout
