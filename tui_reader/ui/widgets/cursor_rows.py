"""Cursor keys, clicks and redraws shared by the Line-API row lists.

The library's article list and the highlights browser are both a header line
over rows drawn with ``render_line``; how the cursor moves, what a click does
and when the line cache is dropped are the same for both, so they live here.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.cache import LRUCache


class CursorRows:
    """Mixin for a ``ScrollView`` list with a ``cursor``, ``page_rows``, ``_rows``,
    ``current``, an ``Opened`` message, a line cache ``_lines``, and the hooks
    ``_data_changed()`` and ``_scroll_to_cursor()``."""

    cursor: int
    page_rows: int
    _rows: Any
    _lines: LRUCache[tuple[object, ...], Any]

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
