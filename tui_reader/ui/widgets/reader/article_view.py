"""The article view: paragraphs on the left, their margin notes on the right.

A Line-API widget (a :class:`~textual.scroll_view.ScrollView` whose
``render_line`` returns a :class:`~textual.strip.Strip`): however long the
article, it is one widget. Paragraphs are wrapped lazily, only those near the
viewport before the first frame; the height of the others is estimated from
their length and refined as they come into view (and, a batch at a time, in
idle moments). Wrapped blocks live in an LRU cache.

The view owns what is on screen (the paragraph cursor, the selection, the
highlights, search hits); the reader screen owns what it means (saving,
undo). User text is turned into :class:`~rich.text.Text` objects, never
parsed as markup.
"""

from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.color import Color
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui_reader.model import COLOURS, Article, Highlight, Paragraph
from tui_reader.spans import Match
from tui_reader.ui.theme_colours import visible_mark
from tui_reader.ui.widgets.reader.article_layout import BlockLayout
from tui_reader.ui.widgets.reader.article_rows import (
    BELOW_INDENT,
    GAP,
    GUTTER,
    Geometry,
    Row,
    estimate_margin_rows,
    estimate_rows,
    header_rows,
    margin_lines,
    orphan_rows,
    paragraph_rows,
    safe_text,
)

EXACT_UP_FRONT = 400
"""Articles with at most this many paragraphs are wrapped whole at once..."""
EXACT_HIGHLIGHTS = 1_000
"""...and at most this many highlights (each one's margin entry is wrapped text)."""
PAINT_EACH = 64
"""Paragraphs with more highlights than this are painted from precomputed runs."""
ESTIMATE_EACH = 8
"""Paragraphs with more highlights than this get an estimated margin height."""
REFINE_BUDGET = 0.03
"""Seconds of measuring per idle tick at most (the UI stays responsive)."""
REFINE_BATCH = 400
"""Blocks measured per idle tick while refining estimated heights."""

_COMPONENTS = {
    "cursor-bar",
    "cursor",
    "selection",
    "heading",
    "title",
    "meta",
    "quote",
    "note",
    "tag",
    "fold",
    "match",
    "current-match",
    "active",
    *(f"hl-{c}" for c in COLOURS),
}


class ArticleView(ScrollView, can_focus=True, inherit_bindings=False):
    """One article, drawn line by line, with a paragraph cursor and a selection."""

    COMPONENT_CLASSES = {f"article-view--{name}" for name in _COMPONENTS}

    DEFAULT_CSS = """
    ArticleView {
        background: $surface;
        scrollbar-gutter: stable;
        overflow-x: hidden;
        overflow-y: auto;
        height: 1fr;
    }
    ArticleView > .article-view--cursor-bar { color: $newsread-accent; text-style: bold; }
    ArticleView > .article-view--cursor { background: $boost; }
    ArticleView > .article-view--selection { background: $primary; color: $text; text-style: bold; }
    ArticleView > .article-view--heading { color: $newsread-accent; text-style: bold; }
    ArticleView > .article-view--title { color: $text; text-style: bold; }
    ArticleView > .article-view--meta { color: $newsread-muted; }
    ArticleView > .article-view--quote { color: $newsread-muted; text-style: italic; }
    ArticleView > .article-view--note { color: $text; }
    ArticleView > .article-view--tag { color: $newsread-secondary; }
    ArticleView > .article-view--fold { color: $newsread-muted; }
    ArticleView > .article-view--match { text-style: bold underline reverse; }
    ArticleView > .article-view--current-match {
        background: $warning;
        color: black;
        text-style: bold;
    }
    ArticleView > .article-view--active { text-style: bold underline; }
    ArticleView > .article-view--hl-yellow { background: #f2d64b; color: black; }
    ArticleView > .article-view--hl-green { background: #8fd694; color: black; }
    ArticleView > .article-view--hl-blue { background: #8ec5f5; color: black; }
    ArticleView > .article-view--hl-pink { background: #f5a3c7; color: black; }
    ArticleView > .article-view--hl-purple { background: #c3a6f2; color: black; }
    """

    @dataclass
    class CursorMoved(Message):
        """The paragraph cursor moved (by key, page, search or click)."""

        view: ArticleView
        paragraph: int

    show_margin: reactive[bool] = reactive(True, init=False)
    """Whether highlights' notes are shown (beside or below their paragraph)."""

    def __init__(
        self,
        article: Article,
        paragraphs: list[Paragraph],
        highlights: list[Highlight],
        *,
        cursor: int = 0,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.article = article
        self.paragraphs = paragraphs
        self._shown = [safe_text(p.text) for p in paragraphs]
        """Each paragraph as drawn: control characters made visible, same offsets."""
        self._highlights: dict[str, Highlight] = {}
        self._by_paragraph: dict[int, list[Highlight]] = {}
        self._orphans: list[Highlight] = []
        self._runs: dict[int, list[tuple[int, int, Highlight]]] = {}
        """Per crowded paragraph: which highlight is drawn on top, run by run."""
        for hl in highlights:
            self._highlights[hl.id] = hl
        self._index_highlights()
        self._cursor = max(0, min(cursor, len(paragraphs) - 1)) if paragraphs else 0
        self._selection: tuple[int, int] | None = None
        self._active_id: str | None = None
        self._chosen_orphan: str | None = None
        self._matches: list[Match] = []
        self._matches_by_paragraph: dict[int, list[Match]] = {}
        self._current_match: int | None = None
        self._geo: Geometry | None = None
        self._blocks = BlockLayout(0, self._build_rows, self._estimate, exact=True)
        self._styles: dict[str, Style] | None = None
        self._refine_next = 0
        self._refining = False
        self._pending_reveal = True
        self._follow_pending = False

    # ------------------------------------------------------------------ state

    @property
    def paragraph_count(self) -> int:
        """How many paragraphs the article has."""
        return len(self.paragraphs)

    @property
    def cursor(self) -> int:
        """The index of the paragraph under the cursor."""
        return self._cursor

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected ``(start, end)`` inside the cursor paragraph, if any."""
        return self._selection

    @property
    def layout(self) -> BlockLayout:
        """Where every block sits (empty before the first resize)."""
        return self._blocks

    @property
    def geometry(self) -> Geometry | None:
        """The current column layout (None before the first resize)."""
        return self._geo

    @property
    def orphans(self) -> list[Highlight]:
        """Highlights that could not be placed in the current text."""
        return list(self._orphans)

    @property
    def matches(self) -> list[Match]:
        """The current search hits."""
        return list(self._matches)

    @property
    def current_match(self) -> int | None:
        """Index in :attr:`matches` of the hit the cursor is on."""
        return self._current_match

    @property
    def chosen_orphan(self) -> Highlight | None:
        """The orphan marked in the list at the end (``]`` stepped to it), if any."""
        hl = self._highlights.get(self._chosen_orphan) if self._chosen_orphan else None
        return hl if hl is not None and not self._placed(hl) else None

    def choose_orphan(self, highlight_id: str | None) -> None:
        """Mark an orphan in the list at the end and scroll it into view (None: unmark)."""
        self._chosen_orphan = highlight_id
        if highlight_id is not None and self._geo is not None:
            block = self._block_count - 1
            self._ensure_around(block)
            rows = self._blocks.rows(block)
            offset = next((i for i, row in enumerate(rows) if row.owner == highlight_id), 0)
            line = self._blocks.start(block) + offset
            top, height = round(self.scroll_y), self.viewport_height
            if not top <= line < top + height - 4:
                self._scroll_to_line(line - height // 3)
        self.refresh()

    def last_highlight(self) -> Highlight | None:
        """The last highlight placed in the text, in reading order."""
        return self._by_paragraph[max(self._by_paragraph)][-1] if self._by_paragraph else None

    def placed_highlights(self) -> list[Highlight]:
        """Highlights placed in the text, in reading order."""
        return [hl for p in sorted(self._by_paragraph) for hl in self._by_paragraph[p]]

    def highlights_in(self, paragraph: int) -> list[Highlight]:
        """The highlights of one paragraph, in order."""
        return list(self._by_paragraph.get(paragraph, ()))

    def get_highlight(self, highlight_id: str) -> Highlight | None:
        """A highlight shown in this view, by id."""
        return self._highlights.get(highlight_id)

    @property
    def highlight_count(self) -> int:
        """How many highlights the view shows (placed and orphaned)."""
        return len(self._highlights)

    def highlight_under_cursor(self) -> Highlight | None:
        """The highlight keys act on: the active one in the cursor paragraph, else its first."""
        active = self._highlights.get(self._active_id) if self._active_id else None
        if active is not None and self._placed(active) and active.anchor.paragraph == self._cursor:
            return active
        here = self._by_paragraph.get(self._cursor)
        return here[0] if here else None

    def neighbour_highlight(self, forward: bool) -> Highlight | None:
        """The placed highlight after (or before) the one under the cursor, in reading order.

        Without a highlight under the cursor: the first one after the cursor
        paragraph (or the last one before it).
        """
        current = self.highlight_under_cursor()
        paragraphs = sorted(self._by_paragraph)
        if current is not None:
            here = self._by_paragraph[current.anchor.paragraph]
            i = _position(here, current) + (1 if forward else -1)
            if 0 <= i < len(here):
                return here[i]
            pivot = current.anchor.paragraph
        else:
            pivot = self._cursor
        if forward:
            k = bisect_right(paragraphs, pivot)
            return self._by_paragraph[paragraphs[k]][0] if k < len(paragraphs) else None
        k = bisect_left(paragraphs, pivot) - 1
        return self._by_paragraph[paragraphs[k]][-1] if k >= 0 else None

    # ------------------------------------------------------------------ changes

    def set_cursor(self, paragraph: int, *, reveal: bool = True) -> None:
        """Move the paragraph cursor (clearing any selection)."""
        if not self.paragraphs:
            return
        paragraph = max(0, min(paragraph, len(self.paragraphs) - 1))
        moved = paragraph != self._cursor
        self._cursor = paragraph
        if moved:
            self._selection = None
        if reveal:
            self.reveal_paragraph(paragraph)
        self.refresh()
        if moved:
            self.post_message(self.CursorMoved(self, paragraph))

    def set_selection(self, span: tuple[int, int] | None) -> None:
        """Select characters of the cursor paragraph, or clear the selection."""
        self._selection = span
        self.refresh()

    def set_active(self, highlight_id: str | None) -> None:
        """Make a highlight the one keys act on."""
        self._active_id = highlight_id
        self.refresh()

    def put_highlight(self, hl: Highlight) -> None:
        """Show a new or changed highlight."""
        old = self._highlights.get(hl.id)
        same_place = old is not None and old.sort_key == hl.sort_key
        if old is not None and same_place and self._placed(old) == self._placed(hl):
            self._highlights[hl.id] = hl
            group = self._group_of(old)
            group[_position(group, old)] = hl  # same place in the order
        else:
            if old is not None:
                self._unplace(old)
                del self._highlights[hl.id]  # last among equals, as a full re-sort puts it
            self._highlights[hl.id] = hl
            group = self._group_of(hl)
            group.insert(bisect_right(group, hl.sort_key, key=_sort_key), hl)
        self._runs.pop(hl.anchor.paragraph, None)
        touched = {self._block_of(hl)}
        if old is not None:
            touched.add(self._block_of(old))
        self._relayout(touched)

    def remove_highlight(self, highlight_id: str) -> None:
        """Stop showing a highlight."""
        old = self._highlights.pop(highlight_id, None)
        if old is None:
            return
        if self._active_id == highlight_id:
            self._active_id = None
        self._unplace(old)
        self._relayout({self._block_of(old)})

    def set_article(self, article: Article) -> None:
        """Show a changed article record (its tags) in the title block."""
        self.article = article
        self._relayout({0})

    def set_matches(self, matches: list[Match]) -> None:
        """Show search hits (an empty list clears them)."""
        self._matches = matches
        self._matches_by_paragraph = {}
        for m in matches:
            self._matches_by_paragraph.setdefault(m.paragraph, []).append(m)
        self._current_match = None
        self.refresh()

    def go_to_match(self, index: int) -> None:
        """Put the cursor on search hit ``index`` and scroll it into view."""
        if not self._matches:
            return
        index %= len(self._matches)
        self._current_match = index
        match = self._matches[index]
        self.set_cursor(match.paragraph, reveal=False)
        self.reveal_paragraph(match.paragraph, offset=match.start)
        self.refresh()

    def watch_show_margin(self) -> None:
        """Lay everything out again with or without the margin."""
        self._reset_geometry(force=True)
        self.reveal_paragraph(self._cursor)

    # ------------------------------------------------------------------ navigation

    @property
    def viewport_height(self) -> int:
        """Lines visible at once."""
        return max(1, self.scrollable_content_region.height)

    def page(self, direction: int) -> None:
        """Scroll a page down (1) or up (-1); the cursor goes to the first paragraph in view."""
        if not self.paragraphs:
            return
        height = self.viewport_height
        top = round(self.scroll_y)
        max_top = max(0, self._blocks.total - height)
        if direction > 0 and top >= max_top:
            self.set_cursor(len(self.paragraphs) - 1)
            return
        if direction < 0 and top <= 0:
            self.set_cursor(0)
            return
        step = max(1, height - 2)
        new_top = max(0, min(max_top, top + step * direction))
        self._ensure_around(self._blocks.find(new_top)[0])
        self._scroll_to_line(new_top)
        self.set_cursor(self._first_paragraph_in_view(new_top), reveal=False)

    def scroll_to_end(self) -> None:
        """Show the very end of the article (orphaned highlights included)."""
        if self._geo is None:
            return
        self._ensure_around(self._block_count - 1)
        self._scroll_to_line(self._blocks.total - self.viewport_height)

    def _first_paragraph_in_view(self, top: int) -> int:
        block, offset = self._blocks.find(top)
        paragraph = block - 1
        if offset > 0 or block == 0:
            paragraph += 1
        end = top + self.viewport_height
        if paragraph > len(self.paragraphs) - 1 or self._blocks.start(paragraph + 1) >= end:
            paragraph = block - 1  # nothing starts in view: the one that fills it
        return max(0, min(paragraph, len(self.paragraphs) - 1))

    def reveal_paragraph(self, paragraph: int, offset: int | None = None) -> None:
        """Scroll so the paragraph (or the line holding character ``offset``) is in view."""
        if self._geo is None:
            self._pending_reveal = True
            return
        block = paragraph + 1
        self._ensure_around(block)
        start = self._blocks.start(block)
        rows = self._blocks.rows(block)
        body = sum(1 for row in rows if row.body)
        height = self.viewport_height
        top = round(self.scroll_y)
        if offset is not None:
            line = next((i for i, row in enumerate(rows) if row.span and row.span[1] >= offset), 0)
            target_first, target_last = start + line, start + line
        else:
            target_first, target_last = start, start + body - 1
        if paragraph == 0 and offset is None and start < height:
            target_first = 0  # the title above the first paragraph, when both fit
        if target_first < top:
            new_top = target_first
        elif target_last >= top + height:
            new_top = min(target_first, target_last - height + 1)
        else:
            return
        self._scroll_to_line(new_top)

    # ------------------------------------------------------------------ layout

    def _index_highlights(self) -> None:
        self._by_paragraph = {}
        self._orphans = []
        self._runs = {}
        count = len(self.paragraphs)
        by_paragraph = self._by_paragraph
        for hl in sorted(self._highlights.values(), key=_sort_key):
            paragraph = hl.anchor.paragraph
            if hl.orphan or not 0 <= paragraph < count:
                self._orphans.append(hl)
            elif (group := by_paragraph.get(paragraph)) is not None:
                group.append(hl)
            else:
                by_paragraph[paragraph] = [hl]

    def _placed(self, hl: Highlight) -> bool:
        return not hl.orphan and 0 <= hl.anchor.paragraph < len(self.paragraphs)

    def _group_of(self, hl: Highlight) -> list[Highlight]:
        """The ordered list ``hl`` belongs in: its paragraph's, or the orphans."""
        if not self._placed(hl):
            return self._orphans
        return self._by_paragraph.setdefault(hl.anchor.paragraph, [])

    def _unplace(self, hl: Highlight) -> None:
        """Take ``hl`` (as it was shown) out of its ordered list."""
        group = self._group_of(hl)
        del group[_position(group, hl)]
        if self._placed(hl):
            self._runs.pop(hl.anchor.paragraph, None)
            if not group:
                del self._by_paragraph[hl.anchor.paragraph]

    def _block_of(self, hl: Highlight) -> int:
        if hl.orphan or not 0 <= hl.anchor.paragraph < len(self.paragraphs):
            return len(self.paragraphs) + 1
        return hl.anchor.paragraph + 1

    @property
    def _block_count(self) -> int:
        return len(self.paragraphs) + 2

    def _style_map(self) -> dict[str, Style]:
        if self._styles is None:
            self._styles = {name: self._component_style(name) for name in _COMPONENTS}
            self._styles.update(self._swatch_styles(self._styles))
        return self._styles

    def _swatch_styles(self, styles: dict[str, Style]) -> dict[str, Style]:
        """Margin swatches that stand out 3:1 on the view and on the cursor paragraph."""
        base = self.rich_style
        if base.bgcolor is None or base.color is None:
            return {}
        ground = Color.from_rich_color(base.bgcolor)
        cursor = styles["cursor"].bgcolor
        grounds = [ground, Color.from_rich_color(cursor) if cursor else ground]
        text = Color.from_rich_color(base.color)
        swatches: dict[str, Style] = {}
        for colour in COLOURS:
            fill = styles.get(f"hl-{colour}", Style()).bgcolor
            if fill is not None:
                mark = visible_mark(Color.from_rich_color(fill), grounds, text)
                swatches[f"swatch-{colour}"] = Style(color=mark.rich_color, bold=True)
        return swatches

    def _component_style(self, name: str) -> Style:
        """Only what a component sets, with translucent colours blended onto the view."""
        key = f"article-view--{name}"
        partial = self.get_component_rich_style(key, partial=True)
        full = self.get_component_rich_style(key)
        if partial.color is not None:
            partial += Style(color=full.color)
        if partial.bgcolor is not None:
            partial += Style(bgcolor=full.bgcolor)
        return partial

    def notify_style_update(self) -> None:
        """Theme or CSS changed: forget cached styles and styled rows."""
        super().notify_style_update()
        self._styles = None
        self._blocks.forget_rows()
        self.refresh()

    def _build_rows(self, block: int) -> list[Row]:
        geo = self._geo
        assert geo is not None
        styles = self._style_map()
        console = self.app.console
        if block == 0:
            return header_rows(self.article, len(self.paragraphs), geo, styles, console)
        if block == len(self.paragraphs) + 1:
            return orphan_rows(self._orphans, geo, styles, console)
        index = block - 1
        return paragraph_rows(
            self._shown[index], self._by_paragraph.get(index, ()), geo, styles, console
        )

    def _estimate(self, block: int) -> int:
        geo = self._geo
        assert geo is not None
        if block == 0 or block == len(self.paragraphs) + 1:
            return len(self._build_rows(block))
        index = block - 1
        paragraph = self.paragraphs[index]
        hls = self._by_paragraph.get(index)
        if not hls or not geo.margin:
            return estimate_rows(paragraph, geo)
        if len(hls) > ESTIMATE_EACH:
            notes = estimate_margin_rows(hls, geo.margin_width)
        else:
            notes = len(margin_lines(hls, geo.margin_width, self._style_map(), self.app.console))
        text = estimate_rows(paragraph, geo) - 1
        return (max(text, notes) if geo.side else text + notes) + 1

    def _reset_geometry(self, *, force: bool = False) -> None:
        """Recompute column widths; on a change, every block is laid out afresh."""
        width = self.scrollable_content_region.width
        if width <= 0:
            return
        geo = Geometry.for_width(width, self.show_margin)
        if geo == self._geo and not force:
            return
        self._geo = geo
        exact = len(self.paragraphs) <= EXACT_UP_FRONT and len(self._highlights) <= EXACT_HIGHLIGHTS
        self._blocks = BlockLayout(self._block_count, self._build_rows, self._estimate, exact=exact)
        if not exact:
            self._start_refining()
        self._sync_virtual_size()

    def _relayout(self, blocks: set[int]) -> None:
        """Wrap changed blocks again, keeping the lines in view where they were."""
        if self._geo is None:
            return
        top = round(self.scroll_y)
        shift = self._blocks.relayout(blocks, top)
        self._sync_virtual_size()
        if shift:
            self._scroll_to_line(top + shift)
        self.refresh()

    def _scroll_to_line(self, line: int) -> None:
        self.scroll_to(y=max(0, line), animate=False, force=True)

    def _sync_virtual_size(self) -> None:
        size = Size(self.scrollable_content_region.width, self._blocks.total)
        if size != self.virtual_size:
            self.virtual_size = size

    def _ensure_around(self, block: int) -> None:
        self._blocks.ensure_around(block, self.viewport_height)
        self._sync_virtual_size()

    def _prepare_viewport(self) -> None:
        """Wrap every block in (or just below) the viewport before it is drawn."""
        if self._geo is None:
            return
        self._blocks.prepare(round(self.scroll_y), self.viewport_height)
        self._sync_virtual_size()

    def _start_refining(self) -> None:
        self._refine_next = 0
        if not self._refining and self.is_mounted:
            self._refining = True
            self.set_timer(0.05, self._refine_step)

    def _refine_step(self) -> None:
        """Measure a batch of blocks still estimated; keep the view steady."""
        if self._geo is None:
            self._refining = False
            return
        top = round(self.scroll_y)
        deadline = time.perf_counter() + REFINE_BUDGET
        self._refine_next, shift = self._blocks.refine(
            self._refine_next, REFINE_BATCH, top, deadline=deadline
        )
        self._sync_virtual_size()
        if shift:
            self._scroll_to_line(top + shift)
        if self._refine_next >= len(self._blocks):
            self._refining = False
        else:
            self.set_timer(0.02, self._refine_step)

    # ------------------------------------------------------------------ events

    def on_mount(self) -> None:
        """Lay out once the view knows its size."""
        self._reset_geometry()

    def on_resize(self, event: events.Resize) -> None:
        """A new width means new line breaks; keep the cursor paragraph in view."""
        self._reset_geometry()
        if self._pending_reveal and self._geo is not None:
            self._pending_reveal = False
            self._initial_scroll()
        else:
            self.reveal_paragraph(self._cursor)
        self._prepare_viewport()

    def _initial_scroll(self) -> None:
        if self._cursor == 0:
            self.reveal_paragraph(0)  # (under the title, unless the title is too tall)
            return
        block = self._cursor + 1
        self._ensure_around(block)
        self._scroll_to_line(self._blocks.start(block))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Wrap what is about to come into view, then redraw."""
        self._prepare_viewport()
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value) and not self._follow_pending:
            self._follow_pending = True
            self.call_after_refresh(self._follow_scroll)

    def _follow_scroll(self) -> None:
        """After a scroll (mouse wheel, scrollbar), bring the cursor into view if it left."""
        self._follow_pending = False
        if self._geo is None or not self.paragraphs or self._chosen_orphan is not None:
            return  # (an orphan is chosen: the view shows the list at the end on purpose)
        block = self._cursor + 1
        start = self._blocks.start(block)
        body = self._blocks.body_height(block)
        top = round(self.scroll_y)
        if start + body <= top or start >= top + self.viewport_height:
            self.set_cursor(self._first_paragraph_in_view(top), reveal=False)

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on the paragraph under the pointer."""
        offset = event.get_content_offset(self)
        if offset is None or not self.paragraphs:
            return
        block, _ = self._blocks.find(round(self.scroll_y) + offset.y)
        if 1 <= block <= len(self.paragraphs):
            self.set_cursor(block - 1, reveal=False)

    # ------------------------------------------------------------------ drawing

    def render_line(self, y: int) -> Strip:
        """Draw screen line ``y`` of the view."""
        width = self.scrollable_content_region.width
        base = self.rich_style
        if self._geo is None:
            return Strip.blank(width, base)
        line = round(self.scroll_y) + y
        if line < 0 or line >= self._blocks.total:
            return Strip.blank(width, base)
        block, offset = self._blocks.find(line)
        was_exact = self._blocks.heights.is_exact(block)
        rows = self._blocks.rows(block)
        if not was_exact:
            # Drawn before it was measured: fix the layout after this frame.
            self.call_later(self._after_late_measure)
        if offset >= len(rows):
            return Strip.blank(width, base)
        strip = self._render_row(block, rows[offset])
        return strip.adjust_cell_length(width, base).apply_style(base)

    def _after_late_measure(self) -> None:
        self._sync_virtual_size()
        self._prepare_viewport()
        self.refresh()

    def _render_row(self, block: int, row: Row) -> Strip:
        geo = self._geo
        assert geo is not None
        styles = self._style_map()
        console = self.app.console
        paragraph = block - 1
        at_cursor = paragraph == self._cursor and 0 <= paragraph < len(self.paragraphs)
        chosen = row.owner is not None and row.owner == self._chosen_orphan and row.text is not None
        bar = "▌ " if (at_cursor and row.body) or chosen else "  "
        parts: list[Text] = [Text(bar, style=styles["cursor-bar"])]
        if row.span is not None:
            parts.append(self._paragraph_text(paragraph, row.span, at_cursor))
        elif row.text is not None:
            text = row.text.copy()
            if chosen:
                text.stylize(styles["active"], 2)  # the quote, after the swatch
            parts.append(text)
        elif at_cursor and row.body and geo.side:
            parts.append(Text(" " * geo.text_width, style=styles["cursor"]))
        if row.margin is not None:
            margin = self._margin_text(row, at_cursor)
            if geo.side:
                used = sum(p.cell_len for p in parts)
                parts.append(Text(" " * max(0, GUTTER + geo.text_width + GAP - used)))
            else:
                fold = Text(" " * (BELOW_INDENT - 2) + "┊ ", style=styles["fold"])
                margin = fold + margin
            parts.append(margin)
        line = Text.assemble(*parts, no_wrap=True, end="")
        return Strip(list(line.render(console)))

    def _margin_text(self, row: Row, at_cursor: bool) -> Text:
        assert row.margin is not None
        margin = row.margin.copy()
        if at_cursor and row.owner is not None:
            active = self.highlight_under_cursor()
            if active is not None and active.id == row.owner:
                margin.stylize(self._style_map()["active"], 2)
        return margin

    def _paragraph_text(self, paragraph: int, span: tuple[int, int], at_cursor: bool) -> Text:
        """One line of a paragraph with highlights, search hits and the selection styled."""
        geo = self._geo
        assert geo is not None
        styles = self._style_map()
        source = self.paragraphs[paragraph]
        start, end = span
        text = Text(self._shown[paragraph][start:end], end="")
        if source.is_heading:
            text.stylize(styles["heading"])
        if at_cursor:
            pad = geo.text_width - text.cell_len
            if pad > 0:
                text.append(" " * pad)
            text.stylize_before(styles["cursor"])
        active = self.highlight_under_cursor() if at_cursor else None

        def paint(style: Style, a: int, b: int) -> None:
            a, b = max(a, start), min(b, end)
            if a < b:
                text.stylize(style, a - start, b - start)

        here = self._by_paragraph.get(paragraph, ())
        if len(here) <= PAINT_EACH:
            for hl in here:
                style = self._highlight_style(hl)
                if active is not None and hl.id == active.id:
                    style = styles.get(f"hl-{hl.colour}", Style()) + styles["active"]
                    if self.app.no_color:
                        style = style + Style(underline=True)
                paint(style, hl.anchor.start, hl.anchor.end)
        else:  # crowded: paint only the highlight on top of each run of this line
            runs = self._paint_runs(paragraph)
            for a, b, hl in runs[bisect_right(runs, start, key=lambda run: run[1]) :]:
                if a >= end:
                    break
                paint(self._highlight_style(hl), a, b)
            if active is not None and active.anchor.paragraph == paragraph:
                paint(styles["active"], active.anchor.start, active.anchor.end)
        matches = self._matches_by_paragraph.get(paragraph, ())
        if matches:
            current = (
                self._matches[self._current_match] if self._current_match is not None else None
            )
            first = bisect_right([m.end for m in matches], start)
            for m in matches[first:]:
                if m.start >= end:
                    break
                paint(styles["current-match" if m == current else "match"], m.start, m.end)
        if at_cursor and self._selection is not None:
            paint(styles["selection"], *self._selection)
        return text

    def _highlight_style(self, hl: Highlight) -> Style:
        style = self._style_map().get(f"hl-{hl.colour}", Style())
        return style + Style(underline=True) if self.app.no_color else style

    def _paint_runs(self, paragraph: int) -> list[tuple[int, int, Highlight]]:
        """``(start, end, highlight)`` runs: which highlight is drawn on top of each character.

        Later highlights in reading order are drawn over earlier ones, as when each
        is painted in turn; computed once per change of the paragraph, and it
        stops as soon as every character has its highlight.
        """
        runs = self._runs.get(paragraph)
        if runs is not None:
            return runs
        length = len(self._shown[paragraph])
        top: list[Highlight | None] = [None] * length
        following = list(range(length + 1))  # the next character without a highlight yet

        def free(i: int) -> int:
            root = i
            while following[root] != root:
                root = following[root]
            while following[i] != root:
                following[i], i = root, following[i]
            return root

        left = length
        for hl in reversed(self._by_paragraph.get(paragraph, ())):
            end = min(hl.anchor.end, length)
            i = free(max(0, hl.anchor.start))
            while i < end:
                top[i] = hl
                left -= 1
                following[i] = i + 1
                i = free(i + 1)
            if not left:
                break
        runs = []
        for i, hl in enumerate(top):
            if hl is None:
                continue
            if runs and runs[-1][2] is hl and runs[-1][1] == i:
                runs[-1] = (runs[-1][0], i + 1, hl)
            else:
                runs.append((i, i + 1, hl))
        self._runs[paragraph] = runs
        return runs

    def screen_lines(self) -> list[str]:
        """The text of every visible line, as drawn (for tests and debugging)."""
        return [self.render_line(y).text for y in range(self.viewport_height)]


def _sort_key(hl: Highlight) -> tuple[int, int, int, int]:
    return hl.sort_key


def _position(group: list[Highlight], hl: Highlight) -> int:
    """The index of ``hl`` (by id) in an ordered list, found by bisection."""
    i = bisect_left(group, hl.sort_key, key=_sort_key)
    while i < len(group) and group[i].id != hl.id:
        i += 1
    if i == len(group):
        raise ValueError(f"highlight {hl.id} is not in the list")
    return i
