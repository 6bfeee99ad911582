"""``feed:NAME`` over refreshed articles: two feeds whose titles and addresses overlap are
told apart (whole title in any case, the address, the host); entries without a guid count."""

from __future__ import annotations

import pytest

from tests.feeds.feedserver import FeedServer, rss
from tui_reader.feeds.refresh import refresh_feeds
from tui_reader.feeds.subscriptions import Subscription, subscribe
from tui_reader.query import parse_query, run_query
from tui_reader.query.evaluate import Matcher
from tui_reader.store import Library
from tui_reader.ui.listing import ListingQuery, build_listing


@pytest.fixture
def two_feeds(library: Library, feed_server: FeedServer) -> tuple[Library, str, str]:
    news = feed_server.feed(
        "/news",
        rss("News", [("", "http://example.test/daily", "Daily item", "Today in brief.")]),
    )
    weekly = feed_server.feed(
        "/news-weekly",
        rss("News Weekly", [("w1", "http://example.test/week", "Weekly item", "The week.")]),
    )
    subscribe(library, Subscription(news))
    subscribe(library, Subscription(weekly))
    refresh_feeds(library)
    return library, news, weekly


def titles(library: Library, text: str) -> set[str]:
    """The titles ``text`` selects, checked to be the same article by article (the
    evaluator ignore rules use) and on the catalog table (the library's listing)."""
    query = parse_query(text)
    listed = {a.title for a in run_query(library, query).articles}
    matcher = Matcher(library, query)
    assert {a.title for a in library.articles() if matcher.matches(a)} == listed, text
    return listed


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("feed:news", {"Daily item"}),  # the whole title, not a part of another one
        ("feed:NEWS", {"Daily item"}),
        ('feed:"news weekly"', {"Weekly item"}),
        ("feed:weekly", set()),
        ("feed:127.0.0.1", {"Daily item", "Weekly item"}),  # the host of both
        ("-feed:news", {"Weekly item"}),
    ],
)
def test_feed_names_a_feed_by_its_whole_title_or_host(
    two_feeds: tuple[Library, str, str], query: str, expected: set[str]
) -> None:
    library, _, _ = two_feeds
    assert titles(library, query) == expected


def test_feed_names_a_feed_by_its_address_and_the_library_lists_only_its_articles(
    two_feeds: tuple[Library, str, str],
) -> None:
    library, news, weekly = two_feeds
    assert titles(library, f"feed:{news}") == {"Daily item"}  # not /news-weekly too
    assert titles(library, f"feed:{news}/") == {"Daily item"}
    assert titles(library, f"feed:{news.split('://', 1)[1]}") == {"Daily item"}
    assert titles(library, f"feed:{weekly}") == {"Weekly item"}
    listed = build_listing(library, ListingQuery(feed=news))
    assert [a.title for a in listed.rows] == ["Daily item"]


def test_a_renamed_feed_is_found_by_its_new_title(two_feeds: tuple[Library, str, str]) -> None:
    library, news, _ = two_feeds
    subscribe(library, Subscription(news, title="Morning Paper"))
    assert titles(library, 'feed:"morning paper"') == {"Daily item"}
