"""A feed that moves (a permanent redirect) and whose entries have relative permalink
guids (``<guid>1234</guid>``: read as an address relative to the feed's) keeps its
articles, their highlights and its deleted entries: the guids resolve against the new
address, and are matched under the old one."""

from __future__ import annotations

from tests.feeds.feedserver import FeedServer
from tui_reader.feeds.refresh import refresh_feeds
from tui_reader.feeds.subscriptions import Subscription, subscribe, subscriptions
from tui_reader.store import Library

FIRST = "The harbour council met on Tuesday evening to discuss the new pier."
SECOND = "Fishermen asked for longer mooring hours during the winter storms."


def permalink_feed(*entries: tuple[str, str]) -> str:
    """RSS whose guids are permalinks written relative (isPermaLink left out)."""
    items = "".join(
        f"<item><guid>{guid}</guid><link>http://example.test/post/{guid}</link>"
        f"<title>Post {guid}</title><description>{text}</description></item>"
        for guid, text in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Blog</title>{items}</channel></rss>"
    )


def titles(library: Library) -> list[str]:
    return sorted(a.title for a in library.articles())


def test_a_moved_feed_keeps_its_articles_their_highlights_and_what_was_deleted(
    library: Library, feed_server: FeedServer
) -> None:
    old = feed_server.feed(
        "/blog/feed.xml", permalink_feed(("1234", FIRST), ("99", SECOND), ("7", SECOND))
    )
    subscribe(library, Subscription(old))
    refresh_feeds(library)
    kept = next(a for a in library.articles() if a.title == "Post 1234")
    highlight = library.create_highlight(kept.id, 0, 4, len("The harbour council"))
    gone = next(a for a in library.articles() if a.title == "Post 7")
    library.delete(gone.id)

    moved = feed_server.feed(
        "/v2/feed.xml", permalink_feed(("1234", FIRST), ("99", SECOND), ("7", SECOND))
    )
    feed_server.redirect("/blog/feed.xml", "/v2/feed.xml", 308)
    report = refresh_feeds(library)

    assert report.new == 0 and report.feeds[0].moved_from == old
    assert titles(library) == ["Post 1234", "Post 99"]  # no copy, the deleted one stays away
    article = library.get(kept.id)
    assert article.origin == moved
    assert article.guid == feed_server.url("/v2/1234")  # its guid as the new address reads it
    assert [s.url for s in subscriptions(library)] == [moved]

    # The next refresh (at the new address) finds it by that guid: an edit updates it.
    feed_server.feed(
        "/v2/feed.xml", permalink_feed(("1234", FIRST + " It was late."), ("99", SECOND))
    )
    report = refresh_feeds(library)
    assert report.new == 0
    assert titles(library) == ["Post 1234", "Post 99"]
    assert library.paragraphs(kept.id)[0].text == FIRST + " It was late."
    [placed] = library.highlights(kept.id)
    assert placed.id == highlight.id and not placed.orphan
    assert placed.anchor.quote.exact == "harbour council"
