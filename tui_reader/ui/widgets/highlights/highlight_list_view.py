"""The highlights browser's list: one highlight a line, drawn with Textual's Line API.

Only the rows on screen are rendered, so 100,000 highlights open as fast as
100 (the rows are plain :class:`HighlightRow` records; nothing is measured up
front).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.cache import LRUCache
from textual.color import Color
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui_reader.highlight_list import HighlightRow
from tui_reader.model import COLOURS
from tui_reader.ui.theme_colours import visible_mark
from tui_reader.ui.widgets.cursor_rows import CURSOR_MARK, CursorRows, fit_cell
from tui_reader.ui.widgets.highlights.highlight_columns import (
    GAP,
    LEAD,
    cell_text,
    layout_columns,
)

#: Swatch colours (the reader's highlight colours).
SWATCH_COLOURS = {
    "yellow": "#f2d64b",
    "green": "#8fd694",
    "blue": "#8ec5f5",
    "pink": "#f5a3c7",
    "purple": "#c3a6f2",
}
assert set(SWATCH_COLOURS) == set(COLOURS)


class HighlightListView(CursorRows, ScrollView, can_focus=True, inherit_bindings=False):
    """A scrolling list of highlights with a header row and a cursor row."""

    BINDING_GROUP_TITLE = "Moving"

    BINDINGS = [
        Binding("j,down", "cursor_down", "Next highlight", show=False, id="highlights.down"),
        Binding("k,up", "cursor_up", "Previous highlight", show=False, id="highlights.up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="highlights.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="highlights.page_up"),
        Binding("home,g", "first", "First highlight", show=False, id="highlights.first"),
        Binding("end,G", "last", "Last highlight", show=False, id="highlights.last"),
    ]

    COMPONENT_CLASSES = {
        "highlight-list--header",
        "highlight-list--cursor",
        "highlight-list--quote",
        "highlight-list--muted",
    }

    DEFAULT_CSS = """
    HighlightListView {
        height: 1fr;
        overflow-x: hidden;
        & > .highlight-list--header { text-style: bold; background: $panel; }
        & > .highlight-list--cursor { background: $boost; text-style: reverse; }
        & > .highlight-list--quote { text-style: italic; }
        & > .highlight-list--muted { color: $newsread-muted; }
    }
    HighlightListView:focus > .highlight-list--cursor {
        background: $accent 40%;
        text-style: not reverse;
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True)
    """Index of the cursor row in :attr:`rows`."""

    empty_text: reactive[str] = reactive("")
    """What the list says when it has no rows (plain text, never markup)."""

    @dataclass
    class Opened(Message):
        """The user double-clicked a row."""

        row: HighlightRow

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._rows: list[HighlightRow] = []
        self._lines: LRUCache[tuple[object, ...], Strip] = LRUCache(512)

    # ------------------------------------------------------------------ data

    @property
    def rows(self) -> Sequence[HighlightRow]:
        """The highlights listed, in display order."""
        return self._rows

    @property
    def current(self) -> HighlightRow | None:
        """The row under the cursor, if any."""
        row: HighlightRow | None = super().current
        return row

    def set_rows(
        self, rows: Iterable[HighlightRow], keep: str | None = None, *, at: int | None = None
    ) -> None:
        """Show ``rows``; the cursor goes to index ``at``, else stays on highlight ``keep``
        (or the one it is on), else keeps its index. ``rows`` is shown as given, not copied
        (a list of 100,000 highlights is handed over, never rebuilt)."""
        previous = self.current
        self._rows = rows if isinstance(rows, list) else list(rows)
        index = at
        if index is None:
            keep = keep or (previous.id if previous else None)
            index = next((i for i, r in enumerate(self._rows) if r.id == keep), None)
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

    # ------------------------------------------------------------------ drawing

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of the view: the header, or one highlight row."""
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
            if not self._rows and y == 2 and self.empty_text:
                return self._render_empty(width)
            return Strip.blank(width, self.rich_style)
        row = self._rows[index]
        is_cursor = index == self.cursor
        key = ("row", index, row.highlight, row.article_title, width, is_cursor)
        strip = self._lines.get(key)
        if strip is None:
            strip = self._render_row(index, row, width, is_cursor)
            self._lines[key] = strip
        return strip

    def _render_header(self, width: int) -> Strip:
        base = self.rich_style + self.get_component_rich_style("highlight-list--header")
        segments = [Segment(" " * LEAD, base)]
        for column in layout_columns(width):
            segments.append(Segment(fit_cell(column.label, column.width), base))
            segments.append(Segment(" " * GAP, base))
        return Strip(segments).adjust_cell_length(width, base)

    def _swatch(self, colour: str, base: Style) -> Style:
        """The colour's swatch, made to stand out 3:1 on the row's background."""
        fill = SWATCH_COLOURS.get(colour)
        if fill is None or base.bgcolor is None or base.color is None:
            return Style(color=fill)
        ground, text = Color.from_rich_color(base.bgcolor), Color.from_rich_color(base.color)
        return Style(color=visible_mark(Color.parse(fill), [ground], text).rich_color)

    def watch_empty_text(self) -> None:
        """Redraw the message."""
        self.refresh()

    def _render_empty(self, width: int) -> Strip:
        muted = self.get_component_rich_style("highlight-list--muted", partial=True)
        style = self.rich_style + muted
        text = set_cell_size(self.empty_text, max(0, width - LEAD))
        return Strip([Segment(" " * LEAD + text, style)]).adjust_cell_length(width, self.rich_style)

    def _render_row(self, index: int, row: HighlightRow, width: int, is_cursor: bool) -> Strip:
        base = self.rich_style
        if is_cursor:
            base += self.get_component_rich_style("highlight-list--cursor")
        # The cursor row's own colours: muted grey on the cursor's fill is unreadable.
        muted = base + (
            Style()
            if is_cursor
            else self.get_component_rich_style("highlight-list--muted", partial=True)
        )
        styles = {
            "colour": base + self._swatch(row.highlight.colour, base),
            "quote": base + self.get_component_rich_style("highlight-list--quote", partial=True),
            "note": base,
        }
        segments = [Segment((CURSOR_MARK if is_cursor else " ") + " " * (LEAD - 1), base)]
        for column in layout_columns(width):
            value = cell_text(row, column.key)
            segments.append(Segment(fit_cell(value, column.width), styles.get(column.key, muted)))
            segments.append(Segment(" " * GAP, base))
        strip = Strip(segments).adjust_cell_length(width, base)
        return strip.apply_meta({"row": index})
