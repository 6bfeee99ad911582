"""The columns of the library list: which ones fit, how wide, and what each cell says.

Pure functions of the terminal width and an article, so the list can draw any
row on demand without measuring the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from rich.cells import cell_len

from tui_reader.model import Article
from tui_reader.ui.labels import label
from tui_reader.ui.listing import SortMode

ColumnKey = Literal["title", "source", "date", "tags", "highlights", "progress", "state"]

#: Space between two columns.
GAP = 1
#: Cells before the first column (room for the cursor marker).
LEAD = 2
#: The title never gets narrower than this while other columns are shown.
MIN_TITLE = 16
#: Source and tags never grow wider than this, however wide the terminal.
MAX_SIDE = 40


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the list: what it shows and how many cells it takes."""

    key: ColumnKey
    label: str
    width: int
    align: Literal["left", "right"] = "left"


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


@dataclass(frozen=True, slots=True)
class Widest:
    """The widest title, source and tags among the rows listed (in cells).

    With them a wide terminal gives spare title cells to a source or tags that
    would otherwise be cut. Unknown (None) means "as wide as they come".
    """

    title: int | None = None
    source: int | None = None
    tags: int | None = None


def widest_of(rows: Sequence[Article]) -> Widest:
    """The widest title, source and tags of ``rows`` (raw text: a label is never wider).

    One pass over every row (about 0.3 s at 100,000): the library screen's listing
    worker measures them, never the UI thread.
    """
    if not rows:
        return Widest(0, 0, 0)
    return Widest(
        title=_widest([a.title for a in rows]),
        source=_widest([a.source for a in rows]),
        tags=_widest([", ".join(tags) for a in rows if (tags := a.tags)]),
    )


def _widest(texts: list[str]) -> int:
    """The most cells one of ``texts`` takes (0 for none), as :func:`cell_len` counts them:
    printable ASCII takes a cell a character, so when all of them are, their lengths say
    it (93,000 titles, sources and tags: 10 against 130 ms); else each other one is
    measured."""
    joined = "".join(texts)
    if joined.isascii() and joined.isprintable():
        return max(map(len, texts), default=0)
    return max(
        (len(t) if t.isascii() and t.isprintable() else cell_len(t) for t in texts), default=0
    )


def wider(a: Widest, b: Widest) -> Widest:
    """The wider of two measures, column by column (unknown stays unknown)."""

    def most(x: int | None, y: int | None) -> int | None:
        return None if x is None or y is None else max(x, y)

    return Widest(most(a.title, b.title), most(a.source, b.source), most(a.tags, b.tags))


def layout_columns(
    width: int, sort: SortMode = SortMode.ADDED, widest: Widest | None = None
) -> list[Column]:
    """Columns for a list ``width`` cells wide: fixed ones first, the title takes the rest.

    Narrow terminals drop tags, then source, so the title stays readable. The
    sorted column is wide enough for its header and arrow. Title cells that no
    row needs (``widest``) go to the source, then the tags.
    """
    date_label = "Published" if sort is SortMode.PUBLISHED else "Added"
    fixed = [
        Column("date", date_label, 11),
        Column("highlights", "HL", 3, "right"),
        Column("progress", "Read", 4, "right"),
        Column("state", "State", 8),
    ]
    fixed = [
        replace(c, width=max(c.width, len(header_label(c, sort)))) for c in fixed
    ]  # "Read ▼" is six cells
    room = width - LEAD - sum(c.width for c in fixed) - GAP * len(fixed)
    source_w = tags_w = 0
    if room - MIN_TITLE >= 2 * (6 + GAP):
        source_w = _clamp(room // 5, 6, 20)
        tags_w = _clamp(room // 5, 6, 24)
    elif room - MIN_TITLE >= 8 + GAP:
        source_w = _clamp(room // 4, 8, 20)
    title_w = room - (source_w + GAP if source_w else 0) - (tags_w + GAP if tags_w else 0)
    if widest is not None and widest.title is not None:
        spare = title_w - max(widest.title, MIN_TITLE, len("Title ▲"))
        if spare > 0 and source_w:
            need = MAX_SIDE if widest.source is None else min(widest.source, MAX_SIDE)
            grow = max(0, min(spare, need - source_w))
            source_w, spare, title_w = source_w + grow, spare - grow, title_w - grow
        if spare > 0 and tags_w:
            need = MAX_SIDE if widest.tags is None else min(widest.tags, MAX_SIDE)
            grow = max(0, min(spare, need - tags_w))
            tags_w, title_w = tags_w + grow, title_w - grow
    columns = [Column("title", "Title", max(1, title_w))]
    if source_w:
        columns.append(Column("source", "Source", source_w))
    columns.append(fixed[0])
    if tags_w:
        columns.append(Column("tags", "Tags", tags_w))
    columns.extend(fixed[1:])
    return columns


def sorted_column(sort: SortMode) -> ColumnKey:
    """The column whose header carries the sort arrow."""
    return {
        SortMode.ADDED: "date",
        SortMode.PUBLISHED: "date",
        SortMode.TITLE: "title",
        SortMode.PROGRESS: "progress",
    }[sort]


def header_label(column: Column, sort: SortMode) -> str:
    """A column's header, with ``▲``/``▼`` on the one the list is sorted by."""
    if column.key != sorted_column(sort):
        return column.label
    arrow = "▲" if sort is SortMode.TITLE else "▼"
    return f"{column.label} {arrow}"


#: Before the title of an article that has a note.
NOTE_MARK = "✎ "
#: Between the title and the start of the note.
NOTE_GAP = "  "


def title_parts(title: str, article: Article) -> tuple[str, str, str]:
    """The title cell in three parts: a note mark, the title, the start of the note.

    An article without a note has neither mark nor note.
    """
    if not article.note.strip():
        return "", title, ""
    return NOTE_MARK, title, NOTE_GAP + label(article.note)


def cell_text(article: Article, key: ColumnKey, highlights: int | None, sort: SortMode) -> str:
    """The plain text of one cell; untrusted fields are folded to one safe line."""
    if key == "title":
        return label(article.title) or "Untitled"
    if key == "source":
        return label(article.source)
    if key == "date":
        raw = article.published if sort is SortMode.PUBLISHED else article.added
        return label(raw, 20)[:10] or "—"
    if key == "tags":
        return label(", ".join(article.tags))
    if key == "highlights":
        return "…" if highlights is None else str(highlights)
    if key == "progress":
        return f"{round(article.progress * 100)}%"
    return str(article.state)
