"""A small constructed library whose every article and highlight is known by name.

Articles have ids ``"a" * 16`` .. ``"d" * 16``, highlights ``"1" * 32`` .. ``"3" * 32``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from tui_reader.model import Anchor, Article, Highlight, Paragraph, Queue, Quote, ReadingState
from tui_reader.store import Library

#: "Now" for every date test: Thursday 5 March 2026, noon UTC.
NOW = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)


def _article(key: str, title: str, text: str, **fields: object) -> tuple[Article, list[Paragraph]]:
    paragraphs = [Paragraph(text), Paragraph("More about " + title), Paragraph("The end.")]
    record = Article(
        id=key * 16,
        title=title,
        paragraph_count=len(paragraphs),
        **fields,  # type: ignore[arg-type]
    )
    return record, paragraphs


def _highlight(
    key: str, article: str, colour: str, created: str, note: str = "", tags: tuple[str, ...] = ()
) -> Highlight:
    return Highlight(
        id=key * 32,
        article_id=article * 16,
        anchor=Anchor(0, 0, 3, Quote("The")),
        colour=colour,
        note=note,
        tags=tags,
        created=created,
        updated=created,
    )


def fill_known(library: Library) -> Library:
    """Put the four articles and three highlights into ``library``."""
    a = _article(
        "a",
        "Korea trade deal",
        "The climate change summit in Seoul.",
        source="www.rfa.org",
        url="https://www.rfa.org/korea/deal",
        tags=("korea",),
        note="my note on the deal",
        state=ReadingState.READ,
        added="2026-01-10T09:00:00+00:00",
        published="2026-01-05",
    )
    b = _article(
        "b",
        "Japan election",
        "Voters chose change. climate was an issue.",
        source="example.com",
        url="https://example.com/japan",
        tags=("Japan",),
        state=ReadingState.UNREAD,
        added="2026-02-10T09:00:00+00:00",
        published="2026-02-01T08:00:00+00:00",
    )
    c = _article(
        "c",
        "Museum treaty",
        "A drought and a museum.",
        source="museum.org",
        url="https://museum.org/treaty",
        state=ReadingState.READING,
        queue=Queue.LATER,
        position=1,
        added="2026-03-05T08:00:00+00:00",
        origin="https://feeds.example.net/rss",
        guid="entry-1",
    )
    d = _article(
        "d",
        "Archived drought piece",
        "nothing here",
        source="old.example.org",
        tags=("korea", "old"),
        state=ReadingState.ARCHIVED,
        queue=Queue.ARCHIVE,
        added="2025-12-01T09:00:00+00:00",
        published="2025-11-30",
    )
    highlights = {
        "a": [
            _highlight("1", "a", "yellow", "2026-01-11T10:00:00+00:00"),
            _highlight("2", "a", "green", "2026-02-01T10:00:00+00:00", "check this", ("economy",)),
        ],
        "b": [
            _highlight("3", "b", "yellow", "2026-02-15T10:00:00+00:00", "korea link", ("korea",))
        ],
    }
    library.put_many([(rec, paras, highlights.get(rec.id[0], [])) for rec, paras in (a, b, c, d)])
    return library
