"""Cursor keys, clicks and redraws shared by the Line-API row lists.

The library's article list, the highlights browser and the feeds list are each
a header line over rows drawn with ``render_line``; how the cursor moves and is
kept in view, what a click does, when the line cache is dropped and how a cell
is fitted to its column are the same for all, so they live here.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len, set_cell_size
from textual import events
from textual.cache import LRUCache

#: The marker drawn before the cursor row.
CURSOR_MARK = "▌"


def fit_cell(value: str, width: int, right: bool = False) -> str:
    """``value`` cut (with an ellipsis) or padded to exactly ``width`` cells."""
    if cell_len(value) > width:
        return set_cell_size(value, width - 1) + "…" if width > 1 else "…"
    if right:
        return " " * (width - cell_len(value)) + value
    return set_cell_size(value, width)


class CursorRows:
    """Mixin for a ``ScrollView`` list with a reactive ``cursor``, ``_rows``, an
    ``Opened`` message, a line cache ``_lines`` and the hook ``_data_changed()``;
    one header line above rows of :attr:`row_height` lines each."""

    cursor: int
    _rows: Any
    _lines: LRUCache[tuple[object, ...], Any]
    scrollable_content_region: Any
    scroll_offset: Any
    scroll_to: Any

    @property
    def row_height(self) -> int:
        """Screen lines per row."""
        return 1

    @property
    def current(self) -> Any:
        """The row under the cursor, if any."""
        if 0 <= self.cursor < len(self._rows):
            return self._rows[self.cursor]
        return None

    @property
    def page_rows(self) -> int:
        """How many rows fit on screen under the header."""
        return max(1, (self.scrollable_content_region.height - 1) // self.row_height)

    def validate_cursor(self, value: int) -> int:
        """Keep the cursor on a row."""
        return max(0, min(value, len(self._rows) - 1))

    def _scroll_to_cursor(self) -> None:
        top = -(-round(self.scroll_offset.y) // self.row_height)  # first whole row on screen
        if self.cursor < top:
            target = self.cursor
        elif self.cursor >= top + self.page_rows:
            target = self.cursor - self.page_rows + 1
        else:
            return
        self.scroll_to(y=target * self.row_height, animate=False, immediate=True, force=True)

    def action_cursor_down(self) -> None:
        """Move to the next row."""
        self.cursor += 1

    def action_cursor_up(self) -> None:
        """Move to the previous row."""
        self.cursor -= 1

    def action_page_down(self) -> None:
        """Move a screenful down."""
        self.cursor += self.page_rows

    def action_page_up(self) -> None:
        """Move a screenful up."""
        self.cursor -= self.page_rows

    def action_first(self) -> None:
        """Move to the first row."""
        self.cursor = 0

    def action_last(self) -> None:
        """Move to the last row."""
        self.cursor = len(self._rows) - 1

    def _on_click(self, event: events.Click) -> None:
        """A click moves the cursor; a double click opens the row."""
        row = event.style.meta.get("row")
        if not isinstance(row, int):
            return
        self.cursor = row
        current = self.current
        if event.chain >= 2 and current is not None:
            self.post_message(self.Opened(current))  # type: ignore[attr-defined]

    def on_resize(self) -> None:
        """Column widths depend on the width: redraw, and keep the cursor in view."""
        self._data_changed()
        self.call_after_refresh(self._scroll_to_cursor)  # type: ignore[attr-defined]

    def notify_style_update(self) -> None:
        """The theme changed: cached lines hold old colours."""
        self._lines.clear()
        super().notify_style_update()  # type: ignore[misc]
