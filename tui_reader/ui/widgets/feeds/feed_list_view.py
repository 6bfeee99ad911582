"""The feeds list: one subscription a line, drawn with Textual's Line API like the other lists."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui_reader.feeds.overview import FeedRow
from tui_reader.ui.widgets.cursor_rows import CURSOR_MARK, CursorRows, fit_cell
from tui_reader.ui.widgets.feeds.feed_columns import (
    GAP,
    LEAD,
    Column,
    cell_text,
    layout_columns,
)


class FeedListView(CursorRows, ScrollView, can_focus=True, inherit_bindings=False):
    """A scrolling list of feeds with a header row and a cursor row."""

    BINDING_GROUP_TITLE = "Moving"

    BINDINGS = [
        Binding("j,down", "cursor_down", "Next feed", show=False, id="feeds.down"),
        Binding("k,up", "cursor_up", "Previous feed", show=False, id="feeds.up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="feeds.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="feeds.page_up"),
        Binding("home,g", "first", "First feed", show=False, id="feeds.first"),
        Binding("end,G", "last", "Last feed", show=False, id="feeds.last"),
    ]

    COMPONENT_CLASSES = {
        "feed-list--header",
        "feed-list--cursor",
        "feed-list--muted",
        "feed-list--unread",
        "feed-list--error",
    }

    DEFAULT_CSS = """
    FeedListView {
        height: 1fr;
        overflow-x: hidden;
        & > .feed-list--header { text-style: bold; background: $panel; }
        & > .feed-list--cursor { background: $boost; text-style: reverse; }
        & > .feed-list--muted { color: $newsread-muted; }
        & > .feed-list--unread { text-style: bold; }
        & > .feed-list--error { color: $newsread-error; }
    }
    FeedListView:focus > .feed-list--cursor {
        background: $accent 40%;
        text-style: not reverse;
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True)
    """Index of the cursor row in :attr:`rows`."""

    @dataclass
    class Opened(Message):
        """The user double-clicked a row."""

        row: FeedRow

    @dataclass
    class Changed(Message):
        """The cursor moved (or the rows changed under it)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._rows: list[FeedRow] = []
        self._lines: LRUCache[tuple[object, ...], Strip] = LRUCache(256)

    # ------------------------------------------------------------------ data

    @property
    def rows(self) -> Sequence[FeedRow]:
        """The feeds listed, in display order."""
        return self._rows

    @property
    def current(self) -> FeedRow | None:
        """The row under the cursor, if any."""
        row: FeedRow | None = super().current
        return row

    def set_rows(self, rows: Iterable[FeedRow]) -> None:
        """Show ``rows``; the cursor stays on the same feed (or the same index) if it can."""
        previous = self.current
        self._rows = list(rows)
        keep = previous.sub.url if previous else None
        index = next((i for i, r in enumerate(self._rows) if r.sub.url == keep), None)
        self._data_changed()
        self.cursor = self.cursor if index is None else index

    def _data_changed(self) -> None:
        self._lines.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._rows) + 1)
        self.refresh()

    # ------------------------------------------------------------------ cursor

    def watch_cursor(self) -> None:
        """Bring the cursor row into view."""
        self._scroll_to_cursor()
        self._lines.clear()
        self.refresh()
        self.post_message(self.Changed())

    # ------------------------------------------------------------------ drawing

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of the view: the header, or one feed."""
        width = self.scrollable_content_region.width
        if y == 0:
            key: tuple[object, ...] = ("header", width)
            strip = self._lines.get(key)
            if strip is None:
                strip = self._render_header(width)
                self._lines[key] = strip
            return strip
        index = round(self.scroll_offset.y) + y - 1
        if index >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        row = self._rows[index]
        is_cursor = index == self.cursor
        key = ("row", index, row, width, is_cursor)
        strip = self._lines.get(key)
        if strip is None:
            strip = self._render_row(index, row, width, is_cursor)
            self._lines[key] = strip
        return strip

    def _render_header(self, width: int) -> Strip:
        base = self.rich_style + self.get_component_rich_style("feed-list--header")
        segments = [Segment(" " * LEAD, base)]
        for column in layout_columns(width):
            segments.append(Segment(fit_cell(column.label, column.width), base))
            segments.append(Segment(" " * GAP, base))
        return Strip(segments).adjust_cell_length(width, base)

    def _cell_style(self, row: FeedRow, column: Column) -> Style:
        def part(name: str) -> Style:
            return self.get_component_rich_style(name, partial=True)

        if column.key == "title":
            return part("feed-list--unread") if row.unread and not row.sub.disabled else Style()
        if column.key == "unread":
            return part("feed-list--unread") if row.unread else part("feed-list--muted")
        if column.key in ("status", "detail") and row.failing and not row.sub.disabled:
            return part("feed-list--error")
        return part("feed-list--muted")

    def _render_row(self, index: int, row: FeedRow, width: int, is_cursor: bool) -> Strip:
        base = self.rich_style
        if is_cursor:
            base += self.get_component_rich_style("feed-list--cursor")
        segments = [Segment((CURSOR_MARK if is_cursor else " ") + " " * (LEAD - 1), base)]
        now = datetime.now(UTC)
        for column in layout_columns(width):
            cell = self._cell_style(row, column)
            if is_cursor:  # the cursor row's own colours: keep only the weight
                cell = Style(bold=cell.bold)
            value = cell_text(row, column.key, now)
            segments.append(Segment(fit_cell(value, column.width, column.right), base + cell))
            segments.append(Segment(" " * GAP, base))
        strip = Strip(segments).adjust_cell_length(width, base)
        return strip.apply_meta({"row": index})
