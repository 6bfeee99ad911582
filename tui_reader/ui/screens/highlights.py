"""The highlights browser: every highlight of the library in one list.

Rows are read once in a worker; typing in the filter box narrows them in a
worker too (on data, never on widgets), and ``s`` cycles the order. Edits made
from the list (colour, note, tags, delete) are :class:`HighlightEdit` records
sent to the saver, shown at once and undone with ``u``; a save that fails puts
the row back as the store holds it. ``enter`` asks the app to open the reader
at the highlight; ``e`` exports the articles of the highlights listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Input, Static
from textual.worker import get_current_worker

from tui_reader.highlight_list import (
    HighlightRow,
    HighlightSort,
    collect_rows,
    filter_for,
    filter_rows,
    sort_rows,
)
from tui_reader.history import HighlightEdit, History, apply_edit
from tui_reader.model import COLOURS
from tui_reader.query import QueryError
from tui_reader.sanitize import clean_line
from tui_reader.store import Library
from tui_reader.ui.messages import ExportRequested, OpenArticle
from tui_reader.ui.saving import SaveDone, SaveFailed
from tui_reader.ui.services import Services
from tui_reader.ui.widgets.highlights.highlight_list_view import HighlightListView
from tui_reader.ui.widgets.key_bar import KeyBar
from tui_reader.ui.widgets.reader.article_rows import short_quote

_SORT_LABELS = {
    HighlightSort.DATE: "date, newest first",
    HighlightSort.ARTICLE: "article, then reading order",
    HighlightSort.COLOUR: "colour",
}


def _colour_bindings() -> list[Binding]:
    return [
        Binding(str(n), f"colour({n - 1})", f"Colour {c}", id=f"highlights.colour_{n}", show=False)
        for n, c in enumerate(COLOURS, 1)
    ]


@dataclass(frozen=True, slots=True)
class _Step:
    """An edit sent to the saver, and whether it undoes an earlier one."""

    edit: HighlightEdit
    undoing: bool = False


class HighlightsScreen(Screen[None]):
    """Every highlight in the library: filter, sort, open, and annotate from the list."""

    SUB_TITLE = "Highlights"
    BINDING_GROUP_TITLE = "Highlights"

    BINDINGS = [
        Binding("enter", "open", "Open", id="highlights.open"),
        Binding("slash", "filter", "Filter", id="highlights.filter"),
        Binding("s", "cycle_sort", "Sort", id="highlights.sort"),
        Binding("n", "note", "Note", id="highlights.note"),
        Binding("t", "tags", "Tags", id="highlights.tags"),
        *_colour_bindings(),
        Binding("x", "delete", "Delete", id="highlights.delete"),
        Binding("u", "undo", "Undo", id="highlights.undo"),
        Binding("e", "export", "Export", id="highlights.export"),
        Binding("q,escape", "back", "Back", id="highlights.back", key_display="q"),
    ]

    @dataclass
    class RowsReady(Message):
        """Rows computed by a worker for the request numbered ``generation``."""

        rows: list[HighlightRow]
        generation: int
        error: str = ""
        """A malformed query's one-line message (the list keeps what it showed)."""

    def __init__(self, services: Services, query: str = "") -> None:
        super().__init__()
        self.services = services
        self.sort = HighlightSort.DATE
        self.history = History()
        self._all: list[HighlightRow] | None = None
        self._query = query
        self._generation = 0

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
        yield Static(Content("Loading…"), id="status")
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

    def _refilter(self, keep: str | None = None) -> None:
        self._generation += 1
        self._compute(self._query, self.sort, self._generation)

    @work(thread=True, exclusive=True, group="highlights-rows")
    def _compute(self, query: str, order: HighlightSort, generation: int) -> None:
        if self._all is None:
            self._all = collect_rows(self.library)
        if get_current_worker().is_cancelled:
            return
        try:
            keep = filter_for(self.library, query)
        except QueryError as error:
            self.post_message(self.RowsReady([], generation, error=clean_line(str(error))))
            return
        rows = sort_rows(filter_rows(self._all, keep), order)
        self.post_message(self.RowsReady(rows, generation))

    @on(RowsReady)
    def _rows_ready(self, message: RowsReady) -> None:
        if message.generation != self._generation:
            return  # a later keystroke asked for newer rows
        if message.error:
            self.query_one("#status", Static).update(Content(f"Query: {message.error}"))
            return
        self.view.set_rows(message.rows)
        self._show_status()

    def _show_status(self) -> None:
        shown = len(self.view.rows)
        total = len(self._all or ())
        what = f"{shown} of {total} highlights" if self._query.strip() else f"{total} highlights"
        self.query_one("#status", Static).update(
            Content(f"{what} · sorted by {_SORT_LABELS[self.sort]}")
        )

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
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
        """Date, article, colour."""
        orders = list(HighlightSort)
        self.sort = orders[(orders.index(self.sort) + 1) % len(orders)]
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

        known = sorted(
            {str(t) for r in self._all or () for t in r.record.get("tags", ())}, key=str.casefold
        )
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
        if self._send(_Step(edit.inverse(), undoing=True)):
            self.history.undo()
            self.notify(f"Undone: {edit.label}.")

    def action_export(self) -> None:
        """Export the articles of the highlights listed (a notification says where)."""
        ids = list(dict.fromkeys(r.article.id for r in self.view.rows))
        self.post_message(ExportRequested(ids, self))

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
        """Put ``edit``'s after-state in the list (and in the rows the filter works on)."""
        rows = self._all or []
        before = edit.before or edit.after
        assert before is not None
        article = next((r.article for r in rows if r.article.id == before.article_id), None)
        rows[:] = [r for r in rows if r.id != edit.highlight_id]
        listed = [r for r in self.view.rows if r.id != edit.highlight_id]
        if edit.after is not None:
            if article is None:
                article = self.library.get(edit.after.article_id)
            new = HighlightRow.of(edit.after, article)
            rows.append(new)
            # Keep the row where it was in the list (or put it back at the cursor).
            at = next(
                (i for i, r in enumerate(self.view.rows) if r.id == edit.highlight_id),
                None,
            )
            listed.insert(self.view.cursor if at is None else at, new)
        self.view.set_rows(listed, keep=edit.after.id if edit.after else None)
        self._show_status()

    @on(SaveDone)
    def _saved(self, message: SaveDone) -> None:
        pass  # shown already

    @on(SaveFailed)
    def _save_failed(self, message: SaveFailed) -> None:
        step = message.request.context
        if not isinstance(step, _Step):
            return
        if step.undoing:
            self.history.redo()  # put it back on the undo stack: it is still to undo
        else:
            self.history.discard(step.edit)
        self._show(step.edit.inverse())
        self.notify(f"Not saved: {message.error}", severity="error", markup=False)
