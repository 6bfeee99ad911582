"""The columns of the feeds list: which fit, how wide, what each cell says.

Pure functions of the width and a row, like the other row lists' columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from tui_reader.feeds.overview import FeedRow, ago
from tui_reader.ui.labels import label

ColumnKey = Literal["title", "unread", "refreshed", "status", "detail"]

#: Space between two columns.
GAP = 1
#: Cells before the first column (room for the cursor marker).
LEAD = 2

#: What the status column says.
FAILING = "✗ failed"
DISABLED = "disabled"
WORKING = "ok"
NEVER = "new"


@dataclass(frozen=True, slots=True)
class Column:
    """One column: what it shows, how many cells it takes, and its alignment."""

    key: ColumnKey
    label: str
    width: int
    right: bool = False


#: Narrowest title and detail columns; a list too narrow for both drops the detail (the
#: line under the list shows the feed's address and whole error), then "Refreshed".
MIN_TITLE = 12
MIN_DETAIL = 6


def layout_columns(width: int) -> list[Column]:
    """The columns for a list ``width`` cells wide: the title and the detail (the error,
    or the address) share what the fixed columns leave, the title up to 60 cells. They
    never add up to more than ``width`` (at 46 columns the detail was cut off by the
    list's edge, its header "Erro")."""
    fixed = [
        Column("unread", "Unread", 6, right=True),
        Column("refreshed", "Refreshed", 10),
        Column("status", "Status", 8),
    ]
    room = width - LEAD - sum(c.width + GAP for c in fixed) - 2 * GAP
    if room >= MIN_TITLE + MIN_DETAIL:
        title_w = max(MIN_TITLE, min(60, room // 2 if width >= 100 else room * 3 // 5))
        return [
            Column("title", "Feed", title_w),
            *fixed,
            Column("detail", "Error or address", room - title_w),
        ]
    title_room = width - LEAD - sum(c.width + GAP for c in fixed)
    if title_room < MIN_TITLE:  # narrower still: no "Refreshed" either
        fixed = [c for c in fixed if c.key != "refreshed"]
        title_room = width - LEAD - sum(c.width + GAP for c in fixed)
    return [Column("title", "Feed", max(1, title_room)), *fixed]


def status_text(row: FeedRow) -> str:
    """The status cell: failed (with an error), disabled (410 Gone), never refreshed, ok."""
    if row.sub.disabled:
        return DISABLED
    if row.failing:
        return FAILING
    return WORKING if row.sub.last_refresh else NEVER


def cell_text(row: FeedRow, key: ColumnKey, now: datetime | None = None) -> str:
    """The plain text of one cell; untrusted fields are folded to one safe line."""
    sub = row.sub
    if key == "title":
        return label(sub.title) or label(sub.url)
    if key == "unread":
        return str(row.unread)
    if key == "refreshed":
        return ago(sub.last_refresh, now)
    if key == "status":
        return status_text(row)
    if sub.last_error:
        return label(sub.last_error)
    return label(sub.url)
