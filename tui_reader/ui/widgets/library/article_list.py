"""The library list: every article as one line, drawn with Textual's Line API.

Only the rows on screen are ever rendered, so the first frame costs the same for
ten articles and for ten thousand (a DataTable measures every cell up front:
3.5 s for 10,000 rows on these machines). The list holds plain
:class:`Article` records; highlight counts arrive later, asked for with a
:class:`ArticleList.CountsWanted` message only for rows that are drawn.
A search result shows, under each row, the words it matched in context (a
snippet: plain text and offsets, styled here, never markup).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui_reader.model import Article, ReadingState
from tui_reader.ui.listing import SortMode
from tui_reader.ui.widgets.cursor_rows import CURSOR_MARK, CursorRows, fit_cell

if TYPE_CHECKING:  # the index loads with the first search, not at start-up
    from tui_reader.index import Snippet

from tui_reader.ui.widgets.library.list_columns import (
    GAP,
    LEAD,
    Column,
    Widest,
    cell_text,
    header_label,
    layout_columns,
    sorted_column,
    title_parts,
    wider,
    widest_of,
)


class ArticleList(CursorRows, ScrollView, can_focus=True, inherit_bindings=False):
    """A scrolling list of articles with a header row and a cursor row."""

    BINDING_GROUP_TITLE = "Moving"

    BINDINGS = [
        Binding("j,down", "cursor_down", "Next article", show=False, id="list.down"),
        Binding("k,up", "cursor_up", "Previous article", show=False, id="list.up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="list.page_up"),
        Binding("home,g", "first", "First article", show=False, id="list.first"),
        Binding("end,G", "last", "Last article", show=False, id="list.last"),
    ]

    COMPONENT_CLASSES = {
        "article-list--header",
        "article-list--sorted",
        "article-list--cursor",
        "article-list--unread",
        "article-list--muted",
        "article-list--reading",
        "article-list--read",
        "article-list--snippet",
        "article-list--match",
    }

    DEFAULT_CSS = """
    ArticleList {
        height: 1fr;
        overflow-x: hidden;
        & > .article-list--header { text-style: bold; background: $panel; }
        & > .article-list--sorted { color: $newsread-accent; text-style: bold; }
        & > .article-list--cursor { background: $boost; text-style: reverse; }
        & > .article-list--unread { text-style: bold; }
        & > .article-list--muted { color: $newsread-muted; }
        & > .article-list--reading { color: $newsread-warning; }
        & > .article-list--read { color: $newsread-success; }
        & > .article-list--snippet { color: $newsread-muted; }
        & > .article-list--match { color: $text; text-style: bold underline; }
    }
    ArticleList:focus > .article-list--cursor {
        background: $accent 40%;
        text-style: not reverse;
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True)
    """Index of the cursor row in :attr:`rows`."""

    sort: reactive[SortMode] = reactive(SortMode.ADDED)
    """The order the rows are in (shown in the header)."""

    sort_marked: reactive[bool] = reactive(True)
    """False while a search orders the rows itself (by relevance, or its ``sort:``):
    then no column header claims the order; the status line says it."""

    @dataclass(eq=False, repr=False)
    class CountsWanted(Message):
        """Rows on screen whose highlight counts are not known yet."""

        article_ids: list[str]

    @dataclass(eq=False, repr=False)
    class SnippetsWanted(Message):
        """Search results on screen whose snippets of ``words`` are not known yet."""

        words: str
        article_ids: list[str]

    @dataclass(eq=False, repr=False)
    class Opened(Message):
        """The user double-clicked a row: open this article."""

        article: Article

    @dataclass(eq=False, repr=False)
    class CursorMoved(Message):
        """The cursor is on another article (or on none)."""

        article: Article | None

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._rows: list[Article] = []
        self._counts: dict[str, int] = {}
        self._wanted: set[str] = set()
        self._asked: set[str] = set()
        self._ask_scheduled = False
        self._lines: LRUCache[tuple[object, ...], Strip] = LRUCache(512)
        self._snippets: dict[str, Snippet] = {}
        self._snippet_words = ""
        """The search's words when every row has a snippet line (fetched as drawn)."""
        self._snippets_wanted: set[str] = set()
        self._snippets_asked: set[str] = set()
        self._snippets_scheduled = False
        self._widest = Widest(0, 0, 0)
        self._own_style: Style | None = None
        """The list's own style over its background (see :meth:`_base_style`)."""
        self._layout: tuple[tuple[int, SortMode, Widest], list[Column]] | None = None
        """The columns last laid out, and for what (width, sort, widest): every row drawn
        needs them, and laying them out again for each cost a tenth of drawing it."""

    # ------------------------------------------------------------------ data

    @property
    def rows(self) -> Sequence[Article]:
        """The articles listed, in display order."""
        return self._rows

    @property
    def current(self) -> Article | None:
        """The article under the cursor, if any."""
        article: Article | None = super().current
        return article

    def count_for(self, article_id: str) -> int | None:
        """The cached highlight count of an article, or None when not loaded."""
        return self._counts.get(article_id)

    def set_rows(
        self,
        rows: Iterable[Article],
        keep: str | None = None,
        snippets: dict[str, Snippet] | None = None,
        snippet_words: str = "",
        widest: Widest | None = None,
        keep_at: int | None = None,
    ) -> None:
        """Show ``rows`` (with a snippet line under each when ``snippets`` are given, or
        ``snippet_words``: the snippets of rows drawn later are asked for with
        :class:`SnippetsWanted`); the cursor stays on article ``keep`` (or the same
        index) if it can. ``widest``: the rows' :func:`widest_of`, and ``keep_at``: where
        ``keep`` is among them, both found off the UI thread (here when not given).

        A list of rows is kept as it is, not copied: the UI thread copying 100,000 rows,
        and the collector then walking the copy, stretched the frame that shows them.
        """
        previous = self.current
        self._rows = rows if isinstance(rows, list) else list(rows)
        self._widest = widest if widest is not None else widest_of(self._rows)
        self._snippets = dict(snippets or {})
        self._snippet_words = snippet_words
        self._snippets_asked = set(self._snippets)
        keep = keep or (previous.id if previous else None)
        if (
            keep_at is not None
            and 0 <= keep_at < len(self._rows)
            and self._rows[keep_at].id == keep
        ):
            index: int | None = keep_at
        else:
            index = next((i for i, a in enumerate(self._rows) if a.id == keep), None)
        self._data_changed()
        self.cursor = self.cursor if index is None else index

    def update_article(self, article: Article, highlights: int | None = None) -> None:
        """Replace one article's record (and its count) after it changed elsewhere."""
        for i, row in enumerate(self._rows):
            if row.id == article.id:
                self._rows[i] = article
        self._widest = wider(self._widest, widest_of([article]))
        if highlights is None:
            self._counts.pop(article.id, None)
            self._asked.discard(article.id)
        else:
            self._counts[article.id] = highlights
        self._data_changed()

    def remove_article(self, article_id: str) -> None:
        """Drop an article from the list; the cursor stays at the same position."""
        self._rows = [a for a in self._rows if a.id != article_id]
        self._counts.pop(article_id, None)
        self._data_changed()
        self.cursor = self.cursor

    def set_counts(self, counts: dict[str, int]) -> None:
        """Store highlight counts fetched for :class:`CountsWanted`."""
        self._counts.update(counts)
        self._asked.difference_update(counts)
        self._lines.clear()
        self.refresh()

    def set_snippets(self, words: str, snippets: dict[str, Snippet]) -> None:
        """Store snippets fetched for :class:`SnippetsWanted` (dropped if the search changed)."""
        if words != self._snippet_words:
            return
        self._snippets.update(snippets)
        self._lines.clear()
        self.refresh()

    def forget_count(self, article_id: str) -> None:
        """Drop one cached count; it is fetched again when its row is drawn."""
        self.forget_counts_of((article_id,))

    def forget_counts_of(self, article_ids: Iterable[str], *, redraw: bool = True) -> None:
        """Drop the cached counts of these articles (one redraw for all: a refresh's
        10,000 articles one by one cost the UI thread about 0.1 s). ``redraw=False``
        when new rows are on their way (their drawing fetches the counts): a row drawn
        meanwhile fetches its count again, as its cached line names the count it shows."""
        for article_id in article_ids:
            self._counts.pop(article_id, None)
            self._asked.discard(article_id)
        if redraw:
            self._lines.clear()
            self.refresh()

    def forget_counts(self) -> None:
        """Drop every cached count (after an import may have moved highlights)."""
        self._counts.clear()
        self._asked.clear()
        self._data_changed()

    def _data_changed(self) -> None:
        # The widths stay as set_rows measured them (a removed row may leave them a
        # little wide: measuring every row again on the UI thread cost 0.3 s at 100,000).
        self._lines.clear()
        height = len(self._rows) * self.row_height + 1
        self.virtual_size = Size(self.scrollable_content_region.width, height)
        self.refresh()

    # ------------------------------------------------------------------ cursor

    @property
    def row_height(self) -> int:
        """Lines per article: two for a search result (the row and its snippet), else one."""
        return 2 if self._snippets or self._snippet_words else 1

    def watch_cursor(self, old: int, new: int) -> None:
        """Bring the cursor row into view and tell the screen."""
        self._scroll_to_cursor()
        self._lines.clear()
        self.refresh()
        self.post_message(self.CursorMoved(self.current))

    def watch_sort_marked(self) -> None:
        """Redraw the header with or without the sort arrow."""
        self.refresh()

    def watch_sort(self) -> None:
        """Redraw the header (its arrow and the date column change)."""
        self._lines.clear()
        self.refresh()

    # ------------------------------------------------------------------ drawing

    def render_line(self, y: int) -> Strip:
        """Line ``y`` of the view: the header, or one article row."""
        width = self.scrollable_content_region.width
        sort = self.sort
        if y == 0:
            key: tuple[object, ...] = ("header", width, sort, self.sort_marked)
            strip = self._lines.get(key)
            if strip is None:
                strip = self._render_header(width, sort, self.sort_marked)
                self._lines[key] = strip
            return strip
        index, line = divmod(round(self.scroll_offset.y) + y - 1, self.row_height)
        if index >= len(self._rows):
            return Strip.blank(width, self._base_style())
        article = self._rows[index]
        if line:
            return self._snippet_line(index, article, width)
        count = self._counts.get(article.id)
        if count is None:
            self._want_count(article.id)
        is_cursor = index == self.cursor
        key = ("row", index, article.id, width, sort, count, is_cursor)
        strip = self._lines.get(key)
        if strip is None:
            strip = self._render_row(index, article, count, width, sort, is_cursor)
            self._lines[key] = strip
        return strip

    def _render_header(self, width: int, sort: SortMode, marked: bool) -> Strip:
        base = self._base_style() + self.get_component_rich_style("article-list--header")
        sorted_style = base + self.get_component_rich_style("article-list--sorted", partial=True)
        wanted = sorted_column(sort) if marked else None
        segments = [Segment(" " * LEAD, base)]
        for column in self._columns(width, sort):
            style = sorted_style if column.key == wanted else base
            text = header_label(column, sort) if marked else column.label
            segments.append(Segment(_fit(text, column), style))
            segments.append(Segment(" " * GAP, base))
        return Strip(segments).adjust_cell_length(width, base)

    def _render_row(
        self,
        index: int,
        article: Article,
        count: int | None,
        width: int,
        sort: SortMode,
        is_cursor: bool,
    ) -> Strip:
        base = self._base_style()
        if is_cursor:
            base += self.get_component_rich_style("article-list--cursor")
        mark = CURSOR_MARK if is_cursor else " "
        segments = [Segment(mark + " " * (LEAD - 1), base)]
        for column in self._columns(width, sort):
            cell = self._cell_style(article, column)
            if is_cursor:  # the cursor row's own colours: keep only the weight
                cell = Style(bold=cell.bold)
            style = base + cell
            value = cell_text(article, column.key, count, sort)
            if column.key == "title" and article.note:
                muted = base + self.get_component_rich_style("article-list--muted", partial=True)
                parts = title_parts(value, article)
                segments += _title_and_note(parts, column, style, muted)
            else:
                segments.append(Segment(_fit(value, column), style))
            segments.append(Segment(" " * GAP, base))
        strip = Strip(segments).adjust_cell_length(width, base)
        return strip.apply_meta({"row": index})

    def _snippet_line(self, index: int, article: Article, width: int) -> Strip:
        """The line under a search result: its snippet, matched words styled."""
        is_cursor = index == self.cursor
        key = ("snippet", index, article.id, width, is_cursor)
        strip = self._lines.get(key)
        if strip is None:
            base = self._base_style()
            if is_cursor:
                base += self.get_component_rich_style("article-list--cursor")
            muted = base  # the cursor row keeps one colour
            if not is_cursor:
                muted += self.get_component_rich_style("article-list--snippet", partial=True)
            match = base + self.get_component_rich_style("article-list--match", partial=True)
            snippet = self._snippets.get(article.id)
            if snippet is None and self._snippet_words:
                self._want_snippet(article.id)
            mark = CURSOR_MARK if is_cursor else " "
            segments = [Segment(mark + " " * (LEAD - 1) + "  ", base)]
            for piece, matched in snippet.parts() if snippet else []:
                segments.append(Segment(piece, match if matched else muted))
            strip = Strip(segments)
            if strip.cell_length > width:  # cut at the edge: say so, as a cut title does
                strip = Strip([*strip.crop(0, max(0, width - 1)), Segment("…", muted)])
            strip = strip.crop(0, width).adjust_cell_length(width, base)
            strip = strip.apply_meta({"row": index})
            self._lines[key] = strip
        return strip

    def _base_style(self) -> Style:
        """The list's own colours over its background, worked out once per style change
        (Textual's ``rich_style`` walks the ancestors at every call: a third of the cost
        of drawing a row)."""
        if self._own_style is None:
            self._own_style = self.rich_style
        return self._own_style

    def notify_style_update(self) -> None:
        """The styles changed (the theme, the focus): the list's own style too."""
        self._own_style = None
        super().notify_style_update()

    def _columns(self, width: int, sort: SortMode) -> list[Column]:
        """The columns for ``width`` and ``sort`` (laid out once for all the rows)."""
        key = (width, sort, self._widest)
        if self._layout is None or self._layout[0] != key:
            self._layout = key, layout_columns(width, sort, self._widest)
        return self._layout[1]

    def _cell_style(self, article: Article, column: Column) -> Style:
        def part(name: str) -> Style:
            return self.get_component_rich_style(name, partial=True)

        if column.key == "title":
            return part("article-list--unread") if article.state is ReadingState.UNREAD else Style()
        if column.key == "state":
            if article.state is ReadingState.READING:
                return part("article-list--reading")
            if article.state is ReadingState.READ:
                return part("article-list--read")
            return part("article-list--muted")
        if column.key in ("source", "date", "tags"):
            return part("article-list--muted")
        return Style()

    # ------------------------------------------------------------------ counts

    def _want_count(self, article_id: str) -> None:
        if article_id in self._asked:
            return
        self._wanted.add(article_id)
        if not self._ask_scheduled:
            self._ask_scheduled = True
            self.call_later(self._ask_counts)

    def _want_snippet(self, article_id: str) -> None:
        if article_id in self._snippets_asked:
            return
        self._snippets_wanted.add(article_id)
        if not self._snippets_scheduled:
            self._snippets_scheduled = True
            self.call_later(self._ask_snippets)

    def _ask_snippets(self) -> None:
        self._snippets_scheduled = False
        wanted = sorted(self._snippets_wanted - self._snippets_asked)
        self._snippets_wanted.clear()
        if wanted and self._snippet_words:
            self._snippets_asked.update(wanted)
            self.post_message(self.SnippetsWanted(self._snippet_words, wanted))

    def _ask_counts(self) -> None:
        self._ask_scheduled = False
        wanted = sorted(self._wanted - self._asked)
        self._wanted.clear()
        if wanted:
            self._asked.update(wanted)
            self.post_message(self.CountsWanted(wanted))


def _title_and_note(
    parts: tuple[str, str, str], column: Column, title_style: Style, note_style: Style
) -> list[Segment]:
    """The title cell of an article with a note: a muted mark, the title, the note muted;
    cut (with an ellipsis) or padded to the column as one piece."""
    mark, title, note = parts
    fitted = _fit(mark + title + note, column)
    # Fitting keeps a prefix of the text (then "…" or padding): split it where the parts meet.
    cut = len(mark), len(mark) + len(title)
    pieces = [(fitted[: cut[0]], note_style), (fitted[cut[0] : cut[1]], title_style)]
    pieces.append((fitted[cut[1] :], note_style))
    return [Segment(text, style) for text, style in pieces if text]


def _fit(value: str, column: Column) -> str:
    """``value`` fitted to exactly the column's width in cells (right-aligned columns
    padded on the left)."""
    return fit_cell(value, column.width, column.align == "right")
