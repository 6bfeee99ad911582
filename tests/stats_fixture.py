"""A library with known dates for the stats tests: every figure can be counted by hand.

Today is Wednesday 2026-03-18 (UTC); its week starts on Monday 2026-03-16.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from tui_reader.model import Anchor, Article, Highlight, Paragraph, Quote, ReadingState
from tui_reader.store import Library

TODAY = date(2026, 3, 18)
NOW = datetime(2026, 3, 18, 12, 0, tzinfo=UTC)


def _article(
    n: int,
    *,
    read_at: str = "",
    state: ReadingState = ReadingState.UNREAD,
    url: str = "",
    source: str = "",
    tags: tuple[str, ...] = (),
    note: str = "",
) -> Article:
    return Article(
        id=f"{n:016x}",
        title=f"Article {n}",
        url=url,
        source=source,
        added="2026-01-01T09:00:00+00:00",
        tags=tags,
        note=note,
        paragraph_count=1,
        state=state,
        read_at=read_at,
    )


def _highlight(article: Article, n: int, created: str, *, note: str = "", tags=()) -> Highlight:  # type: ignore[no-untyped-def]
    return Highlight(
        id=f"{n:032x}",
        article_id=article.id,
        anchor=Anchor(0, 0, 4, Quote("Text")),
        note=note,
        tags=tuple(tags),
        created=created,
        updated=created,
    )


def fill_stats_library(library: Library) -> None:
    """Six articles, four read (one without a date), five highlights over three weeks.

    Read days: 2026-03-18, 2026-03-17 (this week), 2026-03-10 (last week).
    Highlight days: 2026-03-16 (two), 2026-03-15 (last week), 2026-03-02 (two weeks
    before), 2025-06-01 (outside 26 weeks).
    Active days (read or highlight): 15, 16, 17, 18 March: a streak of 4;
    10 March alone; 2 March alone; so the longest run is 4.
    """
    read = ReadingState.READ
    articles = [
        _article(
            1,
            state=read,
            read_at="2026-03-18T08:00:00+00:00",
            url="https://www.rfa.org/a/1",
            tags=("korea", "history"),
            note="mine",
        ),
        _article(
            2,
            state=read,
            read_at="2026-03-17T23:30:00+00:00",
            url="https://rfa.org/a/2",
            tags=("Korea",),
        ),
        _article(
            3,
            state=ReadingState.ARCHIVED,
            read_at="2026-03-10T10:00:00+00:00",
            source="The Coastline Courier",
            tags=("food",),
        ),
        _article(4, state=read, source="www.example.com"),  # read before dates were kept
        _article(5, url="https://example.com/x", tags=("history",)),
        _article(6, state=ReadingState.READING, source="www.example.com"),
    ]
    a1, a2 = articles[0], articles[1]
    highlights = {
        a1.id: [
            _highlight(a1, 1, "2026-03-16T10:00:00+00:00", note="a note", tags=("korea",)),
            _highlight(a1, 2, "2026-03-16T11:00:00+00:00"),
            _highlight(a1, 3, "2026-03-15T11:00:00+00:00", tags=("idea",)),
        ],
        a2.id: [
            _highlight(a2, 4, "2026-03-02T11:00:00+00:00", note="other"),
            _highlight(a2, 5, "2026-03-02T12:00:00+00:00"),
            _highlight(a2, 6, "2025-06-01T12:00:00+00:00"),
        ],
    }
    library.put_many(
        [(a, [Paragraph("Text of the article.")], highlights.get(a.id, [])) for a in articles]
    )


def add_reviews(library: Library) -> None:
    """Five ratings of two highlights: on 10 March, then 16, 17 and 18 March (twice).

    Review days 16-18 March: a review streak of 3 days, the longest too; this week 4.
    """
    from datetime import timedelta

    from tui_reader.review.cards import Grade, make_scheduler, rate

    scheduler = make_scheduler(fuzz=False)
    highlights = sorted(library.all_highlights(), key=lambda h: h.id)[:2]
    first, second = highlights
    record = None
    for days_ago in (8, 2, 1, 0):
        when = NOW - timedelta(days=days_ago)
        record = rate(record, first.article_id, first.id, Grade.GOOD, when, scheduler)
    other = rate(None, second.article_id, second.id, Grade.EASY, NOW, scheduler)
    assert record is not None
    library.put_review_records([record, other])
