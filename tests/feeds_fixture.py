"""A library following a few feeds with known articles, errors and refresh times."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tui_reader.feeds.subscriptions import Subscription, save_subscriptions
from tui_reader.model import Article, Paragraph, Queue, ReadingState
from tui_reader.store import Library

COAST = "https://coast.example/feed.xml"
HILLS = "https://hills.example/atom"
GONE = "https://gone.example/rss"
HOSTILE = "https://hostile.example/feed"
#: A hostile feed title: markup, an escape sequence and a bidi override, shown literally.
HOSTILE_TITLE = "[bold]Not bold[/bold] [link=x]\x1b[31mred\u202eevil"


@dataclass(frozen=True, slots=True)
class Shelf:
    """What :func:`follow_feeds` stored."""

    library: Library
    subs: list[Subscription]
    articles: dict[str, list[Article]]
    """Per feed address, its articles."""


def _ago(hours: float) -> str:
    return (datetime.now(UTC) - timedelta(hours=hours, minutes=5)).isoformat(timespec="seconds")


def feed_article(
    feed: str,
    n: int,
    title: str,
    *,
    state: ReadingState = ReadingState.UNREAD,
    queue: Queue = Queue.INBOX,
) -> tuple[Article, list[Paragraph]]:
    """An entry of ``feed`` as refresh stores it (origin: the feed, guid: the entry)."""
    record = Article(
        id=f"{n:04x}" + "b" * 12,
        title=title,
        source=feed.split("/")[2],
        url=f"{feed.rsplit('/', 1)[0]}/{n}",
        added=f"2026-03-{1 + n % 28:02d}T10:{n % 60:02d}:00+00:00",
        paragraph_count=3,
        word_count=30,
        state=state,
        origin=feed,
        guid=f"{feed}#{n}",
        queue=queue,
    )
    return record, [Paragraph(f"Paragraph {i} of {title}.") for i in range(3)]


def follow_feeds(library: Library) -> Shelf:
    """Four feeds: one working with unread entries, one failing, one gone (410), one
    with a hostile title; plus an article added by hand (no feed)."""
    subs = [
        Subscription(COAST, "The Coast Courier", ("news",), last_refresh=_ago(2)),
        Subscription(
            HILLS,
            "Hills Weekly",
            last_refresh=_ago(30),
            last_error="HTTP 500 Internal Server Error from hills.example",
            archive_after=7,
            remove_after=30,
        ),
        Subscription(GONE, "Gone Gazette", last_error="HTTP 410 Gone", disabled=True),
        Subscription(HOSTILE, HOSTILE_TITLE),
    ]
    save_subscriptions(library, subs)
    items = {
        COAST: [
            feed_article(COAST, 1, "Tides turn at the harbour"),
            feed_article(COAST, 2, "Lighthouse keepers meet", state=ReadingState.READ),
            feed_article(COAST, 3, "Ferry timetable changes"),
            feed_article(COAST, 4, "Harbour archive story", queue=Queue.ARCHIVE),
        ],
        HILLS: [feed_article(HILLS, 5, "Sheep on the ridge")],
        GONE: [],
        HOSTILE: [feed_article(HOSTILE, 6, "An entry of the hostile feed")],
    }
    for pairs in items.values():
        for record, body in pairs:
            library.put_article(record, body)
    hand = Article(
        id="ffff00000000aaaa", title="Added by hand", paragraph_count=1, origin="/tmp/x.txt"
    )
    library.put_article(hand, [Paragraph("Not from a feed.")])
    return Shelf(library, subs, {k: [a for a, _ in v] for k, v in items.items()})
