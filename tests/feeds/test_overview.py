"""The feeds list's data: unread counts from the catalog in one pass, "2 h ago"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.feeds_fixture import COAST, GONE, HILLS, HOSTILE, follow_feeds
from tui_reader.feeds.overview import ago, feed_rows
from tui_reader.feeds.subscriptions import Subscription, save_subscriptions
from tui_reader.store import Library
from tui_reader.ui.listing import ListingQuery, build_listing

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("when", "shown"),
    [
        ("", "never"),
        ("2026-12-01T11:59:30+00:00", "just now"),
        ("2026-12-01T11:55:00+00:00", "5 min ago"),
        ("2026-12-01T09:40:00+00:00", "2 h ago"),
        ("2026-11-30T09:00:00+00:00", "27 h ago"),
        ("2026-11-28T12:00:00+00:00", "3 d ago"),
        ("2026-08-01T12:00:00+00:00", "2026-08-01"),
        ("2026-12-01T12:00:00", "just now"),  # no zone: UTC
        ("2026-12-01T13:00:00+01:00", "just now"),  # another zone, same moment
        ("2027-01-05T00:00:00+00:00", "2027-01-05"),  # in the future: a clock off
        ("yesterday-ish", "yesterday-"),  # not a time: shown cut, never an error
    ],
)
def test_ago(when: str, shown: str) -> None:
    assert ago(when, NOW) == shown


def test_rows_count_unread_articles_per_feed(library: Library) -> None:
    follow_feeds(library)
    rows = feed_rows(library)
    assert [(r.sub.url, r.unread, r.failing) for r in rows] == [
        (COAST, 3, False),
        (HILLS, 1, True),
        (GONE, 0, True),
        (HOSTILE, 1, False),
    ]


def test_rows_read_the_catalog_once_and_no_text(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many feeds cost one pass over the article records, never their texts."""
    follow_feeds(library)
    many = [Subscription(f"https://f{n}.example/feed") for n in range(300)]
    save_subscriptions(library, [*many, Subscription(COAST, "The Coast Courier")])
    calls: list[str] = []
    articles = Library.articles

    def counted(self: Library) -> Any:
        calls.append("articles")
        return articles(self)

    def no_text(self: Library, article_id: str) -> Any:
        raise AssertionError("an article's text was read")

    monkeypatch.setattr(Library, "articles", counted)
    monkeypatch.setattr(Library, "paragraphs", no_text)
    rows = feed_rows(library)
    assert calls == ["articles"]
    assert len(rows) == 301 and rows[-1].unread == 3 and rows[0].unread == 0


def test_no_feeds_reads_no_articles(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    def never(self: Library) -> Any:
        raise AssertionError("the catalog was read")

    monkeypatch.setattr(Library, "articles", never)
    assert feed_rows(library) == []


def test_the_library_listing_narrows_to_a_feed_within_the_queue_view(library: Library) -> None:
    follow_feeds(library)
    inbox = build_listing(library, ListingQuery(feed=COAST))
    assert sorted(a.title for a in inbox.rows) == [
        "Ferry timetable changes",
        "Lighthouse keepers meet",
        "Tides turn at the harbour",
    ]
    archive = build_listing(library, ListingQuery(feed=COAST, queue=inbox.rows[0].queue.ARCHIVE))
    assert [a.title for a in archive.rows] == ["Harbour archive story"]
    searched = build_listing(library, ListingQuery(feed=COAST, search="harbour"))
    assert sorted(a.title for a in searched.rows) == [
        "Harbour archive story",  # a search looks in every queue, still in this feed
        "Tides turn at the harbour",
    ]
    assert build_listing(library, ListingQuery(feed=GONE)).rows == []


def test_a_feed_refreshed_long_ago_is_shown_by_date() -> None:
    when = (NOW - timedelta(days=400)).isoformat()
    assert ago(when, NOW) == "2025-10-27"
