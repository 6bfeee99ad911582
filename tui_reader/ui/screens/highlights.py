"""The highlights browser: every highlight of the library in one list.

Rows are read once in a worker into a :class:`RowTable`; typing in the filter
box narrows them on data, never on widgets: in a worker when the table is big
(or the query needs the search index), at once when it is small. One filter
runs at a time; keys typed meanwhile are never lost (the box holds them) and
only the latest query is run and shown when the running one ends. Keys typed
ahead for the list wait until the rows they were typed for are shown
(:attr:`HighlightsScreen.ready_for_keys`). ``s`` cycles
the order (and rewrites a ``sort:`` in the query, which otherwise wins). Edits
made from the list (colour, note, tags, delete) are :class:`HighlightEdit`
records sent to the saver, shown at once, undone with ``u`` and redone with
``ctrl+r``; a save that fails puts the row back as the store holds it.
``enter`` asks the app to open the reader at the highlight; ``e`` exports
the highlights listed: a filtered list to one file of its own (the articles'
own files, which hold all their highlights, are left alone), the whole list
as the articles' files.
"""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Literal

from rich.cells import cell_len, set_cell_size
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from tui_reader.highlight_list import HighlightRow, HighlightSort, RowOrder, sort_rows
from tui_reader.highlight_select import CancelCheck, RowTable, load_rows
from tui_reader.history import HighlightEdit, History, apply_edit
from tui_reader.model import COLOURS
from tui_reader.query import QueryError, parse_query
from tui_reader.sanitize import clean_line
from tui_reader.store import Library
from tui_reader.ui.labels import label
from tui_reader.ui.messages import ExportRequested, OpenArticle
from tui_reader.ui.saving import SaveDone, SaveFailed
from tui_reader.ui.services import Services
from tui_reader.ui.widgets.highlights.highlight_list_view import HighlightListView
from tui_reader.ui.widgets.key_bar import KeyBar
from tui_reader.ui.widgets.reader.article_rows import short_quote

#: Up to this many highlights a filter without full-text words runs at once on the
#: UI thread (well under a frame); bigger tables, and words (the search index is
#: on disk), go to a worker.
INLINE_ROWS = 3_000

#: A ``sort:`` term in the filter text (rewritten by ``s``).
_SORT_TERM = re.compile(r"(?<![^\s(])sort:-?[A-Za-z]*", re.IGNORECASE)


def _colour_bindings() -> list[Binding]:
    return [
        Binding(str(n), f"colour({n - 1})", f"Colour {c}", id=f"highlights.colour_{n}", show=False)
        for n, c in enumerate(COLOURS, 1)
    ]


@dataclass(frozen=True, slots=True)
class _Step:
    """An edit sent to the saver, and whether it is new, an undo or a redo."""

    edit: HighlightEdit
    kind: Literal["new", "undo", "redo"] = "new"


@dataclass(frozen=True, slots=True)
class _Request:
    """One filter run: the query text, the ``s`` order, and where the cursor was."""

    query: str
    sort: HighlightSort
    generation: int
    keep: HighlightRow | None = None


class HighlightsScreen(Screen[None]):
    """Every highlight in the library: filter, sort, open, and annotate from the list."""

    SUB_TITLE = "Highlights"
    BINDING_GROUP_TITLE = "Highlights"
    AUTO_FOCUS = "#highlights"
    """The list, not the filter box: a ``/`` typed right after ``H`` opens the box."""

    BINDINGS = [
        Binding("enter", "open", "Open", id="highlights.open"),
        Binding("slash", "filter", "Filter", id="highlights.filter"),
        Binding("s", "cycle_sort", "Sort", id="highlights.sort"),
        Binding("n", "note", "Note", id="highlights.note"),
        Binding("t", "tags", "Tags", id="highlights.tags"),
        *_colour_bindings(),
        Binding("x", "delete", "Delete", id="highlights.delete"),
        Binding("u", "undo", "Undo", id="highlights.undo"),
        Binding("ctrl+r", "redo", "Redo", id="highlights.redo", show=False),
        Binding(
            "e",
            "export",
            "Export",
            tooltip="Export the highlights listed to Markdown: filtered, to one file of their "
            "own (Highlights/<filter>.md); all of them, to their articles' files",
            id="highlights.export",
        ),
        Binding("q,escape", "back", "Back", id="highlights.back", key_display="q"),
    ]

    @dataclass
    class RowsReady(Message):
        """Rows computed for the request numbered ``generation``."""

        rows: list[HighlightRow] | None
        """None: the run was given up for a newer query."""
        generation: int
        order: RowOrder = field(default_factory=RowOrder)
        version: int = 0
        """The table's version the rows come from (an edit since makes them stale)."""
        at: int | None = None
        """Index of the row the cursor was on, when it is still listed."""
        error: str = ""
        """A malformed query's one-line message (the list keeps what it showed)."""

    def __init__(self, services: Services, query: str = "") -> None:
        super().__init__()
        self.services = services
        self.sort = HighlightSort.DATE
        """The order ``s`` chose (a ``sort:`` in the query wins over it)."""
        self.order = RowOrder.of(self.sort)
        """The order of the rows listed."""
        self.history = History()
        self.table: RowTable | None = None
        """Every highlight row (read in the first filter run)."""
        self._query = query
        self._generation = 0
        self.shown_generation = 0
        """The filter run whose outcome is shown (each keystroke asks for a new one)."""
        self._filtering = False
        self._filter_pending = False

    @property
    def ready_for_keys(self) -> bool:
        """Whether keys typed ahead may come now (the app holds them meanwhile, see
        ``ui/typeahead.py``): typing in the filter box never waits, but a key for the
        list waits until the rows of the latest query are shown, so ``j``, ``4`` or
        ``enter`` act on the list they were typed for."""
        if isinstance(self.focused, Input):
            return True
        return self.shown_generation > 0 and not self._filtering

    @property
    def library(self) -> Library:
        """The open library (read in workers; written only through the saver)."""
        return self.services.library

    @property
    def view(self) -> HighlightListView:
        """The list widget."""
        return self.query_one(HighlightListView)

    def compose(self) -> ComposeResult:
        """Header, status line, filter box, the list, the keys."""
        yield Header()
        yield Static(Content("Loading highlights…"), id="status")
        yield Input(
            self._query,
            placeholder="Filter: a query (note:word tag:T colour:yellow, see docs/query.md)",
            compact=True,
            id="filter",
        )
        yield HighlightListView(id="highlights")
        yield KeyBar()

    def on_mount(self) -> None:
        """Read every highlight (in a worker) and take the keyboard."""
        self.view.focus()
        self.call_after_refresh(self._refilter)  # the first frame goes first

    # ------------------------------------------------------------------ listing

    def _refilter(self) -> None:
        """List the rows for the current query and order (the latest asked wins)."""
        self._generation += 1
        if self._filtering:
            self._filter_pending = True  # run when the current one ends
            return
        self._filter_pending = False
        current = self.view.current
        request = _Request(self._query, self.sort, self._generation, current)
        if self._inline(request.query):
            self._filtering = True
            self._rows_ready(self._rows_for(request))
        else:
            self._filtering = True
            self._compute(request)

    def _inline(self, text: str) -> bool:
        """True when the filter costs less than a frame: a small table, no full-text words."""
        if self.table is None or len(self.table) > INLINE_ROWS:
            return False
        try:
            return not parse_query(text).text_terms
        except QueryError:
            return True

    @work(thread=True, group="highlights-rows")
    def _compute(self, request: _Request) -> None:
        def newer() -> bool:
            return request.generation != self._generation

        self.post_message(self._rows_for(request, newer))
        if self.table is not None:
            self.table.prepare(newer)  # the next keystrokes find the rows grouped

    def _rows_for(self, request: _Request, cancelled: CancelCheck = None) -> RowsReady:
        """The rows for ``request`` (reads the table on first use)."""
        if self.table is None:
            self.table = RowTable(load_rows(self.library))
        try:
            query = parse_query(request.query)
        except QueryError as error:
            return self.RowsReady(None, request.generation, error=clean_line(str(error)))
        order = RowOrder.of_query(query.sort) if query.sort else RowOrder.of(request.sort)
        table = self.table
        selection = table.select(self.library, query, order, cancelled=cancelled)
        if selection is None:
            return self.RowsReady(None, request.generation)
        rows = selection.rows
        at = None
        if request.keep is not None:
            with suppress(ValueError):  # rows are the table's own objects: found by identity
                at = rows.index(request.keep)
        return self.RowsReady(rows, request.generation, order, selection.version, at)

    @on(RowsReady)
    def _rows_ready(self, message: RowsReady) -> None:
        self._filtering = False
        stale = self.table is not None and message.version != self.table.version
        if self._filter_pending or message.generation != self._generation or stale:
            if message.error and not self._filter_pending:
                self._show_error(message.error)
                return
            self._refilter()  # only the latest query's rows are shown
            return
        if message.error:
            self._show_error(message.error)
            return
        if message.rows is None:
            return
        self.order = message.order
        self.shown_generation = message.generation
        self.view.set_rows(message.rows, at=message.at)
        self._show_status()

    def _show_error(self, error: str) -> None:
        self.shown_generation = self._generation
        self.query_one("#status", Static).update(Content(f"Query: {error}"))

    def _show_status(self) -> None:
        shown = len(self.view.rows)
        total = len(self.table or ())
        query = label(self._query.strip())
        status = self.query_one("#status", Static)
        room = max(20, status.size.width or self.size.width) - 1
        if query:
            what = f"{shown:,} of {total:,} highlights match "
            text = f"{what}{query} · sorted by {self.order.label}"
            if cell_len(text) > room:  # narrow: a shorter order, the query cut to fit
                tail = f" · {self.order.short_label}"
                keep = max(8, room - len(what) - len(tail))
                if cell_len(query) > keep:
                    query = set_cell_size(query, keep - 1) + "…"
                text = f"{what}{query}{tail}"
        else:
            what = f"{total:,} highlight{'' if total == 1 else 's'}"
            text = f"{what} · sorted by {self.order.label}"
        status.update(Content(text))
        if total == 0:
            empty = "No highlights yet: in the reader, v selects text and h highlights it."
        elif query:
            empty = "No highlight matches this filter (/ to change it)."
        else:
            empty = ""
        self.view.empty_text = empty

    def on_resize(self) -> None:
        """The status line fits the new width."""
        if self.shown_generation and self.table is not None:
            self._show_status()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if event.value != self._query:
            self._query = event.value
            self._refilter()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.set_focus(self.view)

    def action_filter(self) -> None:
        """Put the cursor in the filter box."""
        self.set_focus(
            self.query_one("#filter", Input)
        )  # at once: keys typed right after / land here

    def action_cycle_sort(self) -> None:
        """Date, article, colour (a ``sort:`` in the filter is rewritten to match)."""
        orders = list(HighlightSort)
        current = self.order.sort or self.sort
        self.sort = orders[(orders.index(current) + 1) % len(orders)]
        box = self.query_one("#filter", Input)
        if _SORT_TERM.search(box.value):
            term = RowOrder.of(self.sort).term
            box.value = _SORT_TERM.sub(term, box.value, count=1)  # Changed refilters
        else:
            self._refilter()

    # ------------------------------------------------------------------ acting on a row

    def _current(self) -> HighlightRow | None:
        row = self.view.current
        if row is None:
            self.notify("No highlight listed.", severity="warning")
        return row

    def action_open(self) -> None:
        """Open the reader at the highlight under the cursor."""
        row = self._current()
        if row is not None:
            self.post_message(OpenArticle(row.highlight.article_id, row.highlight.id))

    @on(HighlightListView.Opened)
    def _double_click(self, event: HighlightListView.Opened) -> None:
        self.post_message(OpenArticle(event.row.highlight.article_id, event.row.highlight.id))

    def action_colour(self, number: int) -> None:
        """Set the colour of the highlight under the cursor."""
        row = self._current()
        if row is not None and row.highlight.colour != COLOURS[number]:
            hl = row.highlight
            self._edit(HighlightEdit("colour", hl, hl.evolve(colour=COLOURS[number])))

    def action_note(self) -> None:
        """Edit the note of the highlight under the cursor."""
        row = self._current()
        if row is None or not self.services.saver.check_writable():
            return
        hl = row.highlight

        def done(note: str | None) -> None:
            if note is not None and note != hl.note:
                self._edit(HighlightEdit("note", hl, hl.evolve(note=note)))

        from tui_reader.ui.dialogs.note_editor import NoteEditor

        self.app.push_screen(NoteEditor(short_quote(hl.anchor.quote.exact, 60), hl.note), done)

    def action_tags(self) -> None:
        """Edit the tags of the highlight under the cursor."""
        row = self._current()
        if row is None or not self.services.saver.check_writable():
            return
        hl = row.highlight

        def done(tags: tuple[str, ...] | None) -> None:
            if tags is not None and tuple(tags) != hl.tags:
                self._edit(HighlightEdit("tags", hl, hl.evolve(tags=tuple(tags))))

        rows = self.table.rows if self.table is not None else ()
        known = sorted({str(t) for r in rows for t in r.record.get("tags", ())}, key=str.casefold)
        from tui_reader.ui.dialogs.tag_editor import TagEditor

        title = "Tags for " + short_quote(hl.anchor.quote.exact, 50)
        self.app.push_screen(TagEditor(title, hl.tags, known), done)

    def action_delete(self) -> None:
        """Delete the highlight under the cursor (u brings it back)."""
        row = self._current()
        if row is not None and self._edit(HighlightEdit("delete", row.highlight, None)):
            self.notify("Highlight deleted: u to undo.")

    def action_undo(self) -> None:
        """Undo the last change made from this list."""
        edit = self.history.peek_undo()
        if edit is None:
            self.notify("Nothing to undo.")
            return
        assert isinstance(edit, HighlightEdit)
        if self._send(_Step(edit.inverse(), "undo")):
            self.history.undo()
            self.notify(f"Undone: {edit.label}.")

    def action_redo(self) -> None:
        """Make again the last change undone (as ``ctrl+r`` does in the reader)."""
        edit = self.history.peek_redo()
        if edit is None:
            self.notify("Nothing to redo.")
            return
        assert isinstance(edit, HighlightEdit)
        if self._send(_Step(edit, "redo")):
            self.history.redo()
            self.notify(f"Redone: {edit.label}.")

    def action_export(self) -> None:
        """Export the highlights listed (a notification says where): every highlight listed,
        their articles' files as a full export writes them; a filtered list, one file of
        its own, so the articles' files never lose the highlights the filter left out."""
        rows = self.view.rows
        ids = list(dict.fromkeys(r.article.id for r in rows))
        if self.table is not None and len(rows) >= len(self.table):
            self.post_message(ExportRequested(ids, self))
            return
        chosen = frozenset(r.id for r in rows)
        selection = self._query.strip() or self.order.term
        self.post_message(ExportRequested(ids, self, chosen, selection=selection))

    def action_back(self) -> None:
        """Back to where the browser was opened from."""
        if self.query_one("#filter", Input).has_focus:
            self.set_focus(self.view)
        else:
            self.dismiss()

    # ------------------------------------------------------------------ saving

    def _edit(self, edit: HighlightEdit) -> bool:
        """A new edit: shown at once, remembered for undo, sent to be saved."""
        if not self._send(_Step(edit)):
            return False
        self.history.record(edit)
        return True

    def _send(self, step: _Step) -> bool:
        edit = step.edit
        if not self.services.saver.submit(
            edit.label, lambda library: apply_edit(library, edit), requester=self, context=step
        ):
            return False  # read-only: the app said so
        self._show(edit)
        return True

    def _show(self, edit: HighlightEdit) -> None:
        """Put ``edit``'s after-state in the list (and in the table the filter works on)."""
        before = edit.before or edit.after
        assert before is not None
        listed = list(self.view.rows)
        at = next((i for i, r in enumerate(listed) if r.id == edit.highlight_id), None)
        article = listed[at].article if at is not None else None
        new = None
        if edit.after is not None:
            if article is None:
                article = self.library.get(edit.after.article_id)
            new = HighlightRow.of(edit.after, article)
        if self.table is not None:
            self.table.replace(edit.highlight_id, new)
        if at is not None:
            del listed[at]
        if new is not None:
            # A note or tags keep the row where it was; a row put back (undo of a delete)
            # or given a colour goes where the order puts it, and the cursor follows it.
            if at is None or edit.label == "colour":
                at = sorted_place(listed, new, self.order)
            listed.insert(at, new)
        self.view.set_rows(listed, keep=new.id if new else None)
        self._show_status()

    @on(SaveDone)
    def _saved(self, message: SaveDone) -> None:
        pass  # shown already

    @on(SaveFailed)
    def _save_failed(self, message: SaveFailed) -> None:
        step = message.request.context
        if not isinstance(step, _Step):
            return
        if step.kind == "undo":
            self.history.redo()  # put it back on the undo stack: it is still to undo
        elif step.kind == "redo":
            self.history.undo()  # back on the redo stack: it is still to redo
        else:
            self.history.discard(step.edit)
        self._show(step.edit.inverse())
        self.notify(f"Not saved: {message.error}", severity="error", markup=False)


def sorted_place(rows: list[HighlightRow], row: HighlightRow, order: RowOrder) -> int:
    """Where ``row`` goes in ``rows`` (listed in ``order``): a binary search that compares
    two rows at a time with :func:`sort_rows` itself, so the place is the one a full sort
    would give (a full sort of 100,000 rows takes a second; this, 17 comparisons)."""
    low, high = 0, len(rows)
    while low < high:
        middle = (low + high) // 2
        if sort_rows([rows[middle], row], order)[0] is row:
            high = middle
        else:
            low = middle + 1
    return low
