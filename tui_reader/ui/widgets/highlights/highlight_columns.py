"""The columns of the highlights browser: which fit, how wide, what each cell says.

Pure functions of the width and a row, so any row can be drawn on demand
without measuring the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tui_reader.highlight_list import ORPHAN_MARK, HighlightRow
from tui_reader.ui.labels import label

ColumnKey = Literal["colour", "date", "quote", "note", "tags", "title"]

#: Space between two columns.
GAP = 1
#: Cells before the first column (room for the cursor marker).
LEAD = 2
#: The colour swatch.
SWATCH = "██"


@dataclass(frozen=True, slots=True)
class Column:
    """One column: what it shows and how many cells it takes."""

    key: ColumnKey
    label: str
    width: int


def layout_columns(width: int) -> list[Column]:
    """The columns for a list ``width`` cells wide.

    The quote and the note share what the fixed columns leave; narrow
    terminals drop the tags, then the date.
    """
    room = max(0, width - LEAD)
    columns = [Column("colour", "", len(SWATCH))]
    room -= len(SWATCH) + GAP
    if width >= 70:
        columns.append(Column("date", "Date", 10))
        room -= 10 + GAP
    title_w = max(10, min(30, width // 5))
    tags_w = max(8, min(20, width // 8)) if width >= 100 else 0
    room -= title_w + GAP + (tags_w + GAP if tags_w else 0)
    quote_w = max(8, room * 3 // 5)
    note_w = max(6, room - quote_w - GAP)
    columns.append(Column("quote", "Quote", quote_w))
    columns.append(Column("note", "Note", note_w))
    if tags_w:
        columns.append(Column("tags", "Tags", tags_w))
    columns.append(Column("title", "Article", title_w))
    return columns


def cell_text(row: HighlightRow, key: ColumnKey) -> str:
    """The plain text of one cell; untrusted fields are folded to one safe line."""
    hl = row.highlight
    if key == "colour":
        return SWATCH
    if key == "date":
        return row.date or "—"
    if key == "quote":
        return (ORPHAN_MARK if hl.orphan else "") + label(hl.anchor.quote.exact)
    if key == "note":
        return label(hl.note)
    if key == "tags":
        return label(" ".join(f"#{t}" for t in hl.tags))
    return label(row.article_title) or "Untitled"
