"""The reader screen: an article's paragraphs beside their annotations.

The screen turns keys into changes: it builds the new highlight (or article
tags) itself, shows it at once in the :class:`ArticleView`, records a
(before, after) :class:`~tui_reader.history.Edit` for undo, and hands the
store call to the app's saver thread. When the library is read-only the app
refuses the save (and says so) and the screen changes nothing. When a save
fails (disk full, I/O error) the app says so, the edit leaves the undo history,
and the screen shows again what the store holds.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header

from tui_reader import spans as sel
from tui_reader.anchoring import make_anchor
from tui_reader.history import ArticleTagsEdit, Edit, HighlightEdit, History, apply_edit
from tui_reader.model import COLOURS, Highlight, Paragraph, ReadingState, now_iso
from tui_reader.sanitize import clean_multiline
from tui_reader.store import Library, NotFound, StoreError
from tui_reader.ui.widgets.key_bar import KeyBar
from tui_reader.ui.widgets.reader.article_rows import short_quote
from tui_reader.ui.widgets.reader.article_search import ArticleSearch
from tui_reader.ui.widgets.reader.article_view import ArticleView
from tui_reader.ui.widgets.reader.reader_status import ReaderStatus

if TYPE_CHECKING:
    from tui_reader.ui.app import NewsreadApp

#: Actions that stay available while a selection is being made (besides its own).
WHILE_SELECTING = frozenset(
    {
        "highlight",
        "colour",
        "next_paragraph",
        "previous_paragraph",
        "page",
        "top",
        "bottom",
        "toggle_margin",
    }
)

#: Actions that only make sense while a selection is being made.
SELECTION_ACTIONS = frozenset(
    {
        "grow_word",
        "shrink_word",
        "grow_sentence",
        "shrink_sentence",
        "move_start",
    }
)


def _colour_bindings() -> list[Binding]:
    """Keys 1-5: the colour of the highlight under the cursor (or of the selection)."""
    return [
        Binding(str(n), f"colour({n - 1})", f"Colour {colour}", id=f"reader.colour_{n}", show=False)
        for n, colour in enumerate(COLOURS, 1)
    ]


class ReaderScreen(Screen[None]):
    """Shows one article with its highlights; every annotation is a key away."""

    BINDING_GROUP_TITLE = "Reader"
    HELP_MODES = {"While selecting (after v)": SELECTION_ACTIONS | {"cancel"}}

    BINDINGS = [
        Binding("w", "grow_word", "+word", id="reader.grow_word"),
        Binding("b", "shrink_word", "-word", id="reader.shrink_word"),
        Binding(")", "grow_sentence", "+sentence", id="reader.grow_sentence"),
        Binding("(", "shrink_sentence", "-sentence", id="reader.shrink_sentence"),
        Binding(
            "W", "move_start('word', 1)", "Start +word", id="reader.start_next_word", show=False
        ),
        Binding(
            "B", "move_start('word', 0)", "Start -word", id="reader.start_previous_word", show=False
        ),
        Binding(
            "}",
            "move_start('sentence', 1)",
            "Start +sentence",
            id="reader.start_next_sentence",
            show=False,
        ),
        Binding(
            "{",
            "move_start('sentence', 0)",
            "Start -sentence",
            id="reader.start_previous_sentence",
            show=False,
        ),
        Binding("escape", "cancel", "Cancel", id="reader.cancel"),
        Binding("v", "select", "Select", id="reader.select"),
        Binding("h", "highlight", "Highlight", id="reader.highlight"),
        *_colour_bindings(),
        Binding("n", "note", "Note", id="reader.note"),
        Binding("t", "tags", "Tags", id="reader.tags"),
        Binding("T", "article_tags", "Article tags", id="reader.article_tags", show=False),
        Binding("x", "delete", "Delete", id="reader.delete", show=False),
        Binding("]", "next_highlight", "Next highlight", id="reader.next_highlight", show=False),
        Binding(
            "[", "previous_highlight", "Prev highlight", id="reader.previous_highlight", show=False
        ),
        Binding("/", "search", "Search", id="reader.search"),
        Binding("u", "undo", "Undo", id="reader.undo"),
        Binding("ctrl+r", "redo", "Redo", id="reader.redo", show=False),
        Binding("m", "toggle_margin", "Margin", id="reader.toggle_margin", show=False),
        Binding("e", "export", "Export", id="reader.export", show=False),
        Binding("q,escape", "back", "Back", id="reader.back", key_display="q"),
        Binding("?", "help", "Help", id="reader.help"),
        Binding("j,down", "next_paragraph", "Next ¶", id="reader.next_paragraph", show=False),
        Binding("k,up", "previous_paragraph", "Prev ¶", id="reader.previous_paragraph", show=False),
        Binding("space", "page(1)", "Page down", id="reader.page_down", show=False),
        Binding("g,home", "top", "Top", id="reader.top", show=False),
        Binding("G,end", "bottom", "Bottom", id="reader.bottom", show=False),
        Binding("b", "page(-1)", "Page up", id="reader.page_up", show=False),
    ]

    position_save_delay: float = 1.5
    """Seconds of stillness before the reading position is saved."""

    @dataclass
    class Stored(Message):
        """What the store holds for an item whose save failed (see ``_save_failed``)."""

        key: str
        """The item: a highlight id, or ``ARTICLE_TAGS``."""
        changes: int
        """How many edits of the item had been shown when the store was read."""
        value: Highlight | tuple[str, ...] | None
        """The stored highlight (None: there is none), or the article's tags."""

    def __init__(
        self,
        library: Library,
        article_id: str,
        preloaded: tuple[list[Paragraph], list[Highlight]] | None = None,
    ) -> None:
        """``preloaded``: the article's paragraphs and highlights, read off the UI thread
        by whoever opens the reader; without them the reader reads them itself."""
        super().__init__()
        self.library = library
        self.article_id = article_id
        self._preloaded = preloaded
        self.article = library.get(article_id)
        self.history = History()
        self._position_timer: Timer | None = None
        self._saved_position = self.article.position
        self._tag_suggestions: list[str] = []
        self._texts: list[str] = []
        self._view: ArticleView | None = None
        self._changes: dict[str, int] = {}
        """How many edits of each item (highlight id, ``ARTICLE_TAGS``) have been shown."""

    # ------------------------------------------------------------------ plumbing

    @property
    def newsapp(self) -> NewsreadApp:
        """The app, typed."""
        return cast("NewsreadApp", self.app)

    @property
    def view(self) -> ArticleView:
        """The article view."""
        assert self._view is not None, "the reader is not composed yet"
        return self._view

    @property
    def search_bar(self) -> ArticleSearch:
        """The in-article search bar."""
        return self.query_one(ArticleSearch)

    def compose(self) -> ComposeResult:
        """Header, the article, the search bar, the status line, footer."""
        if self._preloaded is not None:
            paragraphs, highlights = self._preloaded
            self._preloaded = None
        else:
            paragraphs, highlights = load_article(self.library, self.article_id)
        self._texts = [p.text for p in paragraphs]
        yield Header()
        self._view = ArticleView(
            self.article, paragraphs, highlights, cursor=self.article.position, id="article"
        )
        yield self._view
        yield ArticleSearch()
        yield ReaderStatus()
        yield KeyBar(id="reader-keys")

    def on_mount(self) -> None:
        """Focus the text, show the status, gather tag suggestions in the background."""
        self.app.report_library_warnings()  # type: ignore[attr-defined]
        self.sub_title = "reader"
        self.view.focus()
        self.watch(self.app, "save_state", self._update_status)
        self._update_status()
        self._load_tag_suggestions()

    @work(thread=True, exclusive=True, group="tag-suggestions")
    def _load_tag_suggestions(self) -> None:
        counts = self.library.highlight_tag_counts()
        tags = [tag for tag, _ in counts.most_common()]
        self.app.call_from_thread(self._set_tag_suggestions, tags)

    def _set_tag_suggestions(self, tags: list[str]) -> None:
        known = {t.casefold() for t in self._tag_suggestions}
        self._tag_suggestions.extend(t for t in tags if t.casefold() not in known)

    def _update_status(self, *_: object) -> None:
        view = self.view
        self.query_one(ReaderStatus).show(
            paragraph=view.cursor,
            count=view.paragraph_count,
            highlights=len(view.placed_highlights()) + len(view.orphans),
            selecting=view.selection is not None,
            save_state=self.newsapp.save_state,
            read=self.article.state is ReadingState.READ,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Selection keys only while selecting; ``b`` pages only when not selecting."""
        selecting = self._view is not None and self._view.selection is not None
        if action in SELECTION_ACTIONS:
            return selecting
        if action == "cancel":
            return selecting or (self._view is not None and self.search_bar.is_open)
        if action == "page" and parameters == (-1,):
            return not selecting
        if selecting and action not in WHILE_SELECTING and action != "cancel":
            return False
        if action == "search":
            return not self.search_bar.has_focus_within if self._view is not None else True
        return True

    def _save(
        self, label: str, call: Any, on_error: Callable[[StoreError], None] | None = None
    ) -> bool:
        return self.newsapp.save(label, call, on_error=on_error)

    def _commit(self, edit: Edit) -> bool:
        """Save an edit; show it at once and remember it for undo (until its save fails)."""
        library = self.library

        def failed(_: StoreError) -> None:
            self.history.discard(edit)
            self._save_failed(edit)

        if not self._save(edit.label, lambda: apply_edit(library, edit), failed):
            return False
        self.history.record(edit)
        self._show_edit(edit)
        if isinstance(edit, HighlightEdit):
            self.view.reveal_paragraph(self.view.cursor)
        return True

    def _show_edit(self, edit: Edit) -> None:
        view = self.view
        key = _item_key(edit)
        self._changes[key] = self._changes.get(key, 0) + 1
        if isinstance(edit, ArticleTagsEdit):
            self.article = replace(self.article, tags=edit.after)
            view.set_article(self.article)
        elif edit.after is None:
            view.remove_highlight(edit.highlight_id)
        else:
            view.put_highlight(edit.after)
        self._update_status()

    def _save_failed(self, edit: Edit) -> None:
        """``edit`` was shown but not saved: read back what the store holds for its item."""
        key = _item_key(edit)
        self._read_back(edit, key, self._changes.get(key, 0))

    @work(thread=True, group="read-back", exit_on_error=False)
    def _read_back(self, edit: Edit, key: str, changes: int) -> None:
        # After the saves queued so far (later edits of the item included) are done.
        self.newsapp.wait_for_saves()
        value: Highlight | tuple[str, ...] | None
        try:
            if isinstance(edit, ArticleTagsEdit):
                value = self.library.get(edit.article_id).tags
            else:
                value = self.library.get_highlight(edit.article_id, edit.highlight_id)
        except NotFound:
            value = None
        except StoreError:
            return
        self.post_message(self.Stored(key, changes, value))

    @on(Stored)
    def _show_stored(self, message: Stored) -> None:
        """Show the stored state, unless the item was edited again since (that save reports)."""
        if self._view is None or self._changes.get(message.key, 0) != message.changes:
            return
        value = message.value
        if message.key == ARTICLE_TAGS:
            assert isinstance(value, tuple)
            self.article = replace(self.article, tags=value)
            self.view.set_article(self.article)
        elif value is None:
            self.view.remove_highlight(message.key)
        else:
            assert isinstance(value, Highlight)
            if self.view.get_highlight(value.id) != value:
                self.view.put_highlight(value)
        self._update_status()

    def _reveal_edit(self, edit: Edit) -> None:
        """Bring the highlight an undo or redo touched under the cursor."""
        if isinstance(edit, ArticleTagsEdit):
            self.view.reveal_paragraph(0)
            return
        hl = edit.after or edit.before
        assert hl is not None
        if not hl.orphan and 0 <= hl.anchor.paragraph < self.view.paragraph_count:
            self.view.set_cursor(hl.anchor.paragraph)
            if edit.after is not None:
                self.view.set_active(hl.id)

    def _can_edit(self) -> bool:
        """False (and a notice) when the library is read-only: no editor opens."""
        if not self.library.read_only:
            return True
        reason = self.library.read_only_reason or "the library is read-only"
        self.notify(f"Not saved: {reason}.", severity="error", markup=False)
        return False

    def _current_highlight(self) -> Highlight | None:
        hl = self.view.highlight_under_cursor()
        if hl is None:
            self.notify("No highlight here: press h to make one.", severity="warning")
        return hl

    # ------------------------------------------------------------------ moving

    def action_next_paragraph(self) -> None:
        """Cursor to the next paragraph."""
        self.view.set_cursor(self.view.cursor + 1)
        self._check_end()

    def action_previous_paragraph(self) -> None:
        """Cursor to the previous paragraph."""
        self.view.set_cursor(self.view.cursor - 1)

    def action_page(self, direction: int) -> None:
        """A page down (1) or up (-1)."""
        self.view.page(direction)
        self._check_end()

    def action_top(self) -> None:
        """Cursor to the first paragraph."""
        self.view.set_cursor(0)

    def action_bottom(self) -> None:
        """Cursor to the last paragraph, and the view to the very end."""
        self.view.set_cursor(self.view.paragraph_count - 1)
        self.view.scroll_to_end()
        self._check_end()

    def on_article_view_cursor_moved(self, event: ArticleView.CursorMoved) -> None:
        """Keep the status current, save the position soon, notice the end."""
        self._update_status()
        self.refresh_bindings()
        if self._position_timer is not None:
            self._position_timer.stop()
        self._position_timer = self.set_timer(self.position_save_delay, self._save_position)
        self._check_end()

    def _check_end(self) -> None:
        """The cursor on the last paragraph marks the article read (once)."""
        view = self.view
        at_end = view.paragraph_count > 0 and view.cursor == view.paragraph_count - 1
        if not at_end or self.article.state is ReadingState.READ or self.library.read_only:
            return
        library, aid = self.library, self.article_id
        position = view.cursor
        before = (self.article.state, self._saved_position)

        def save() -> None:
            library.set_position(aid, position)
            library.set_state(aid, ReadingState.READ)

        def failed(_: StoreError) -> None:
            # Not marked read after all: the next time at the end tries again.
            self.article = replace(self.article, state=before[0])
            self._position_failed(position, before[1])
            self._update_status()

        if self._save("reading state", save, failed):
            self._saved_position = position
            self.article = replace(self.article, state=ReadingState.READ, position=position)
            self._update_status()

    def _save_position(self) -> None:
        """Save the cursor paragraph as the reading position, if it changed."""
        if self._position_timer is not None:
            self._position_timer.stop()
            self._position_timer = None
        if self.library.read_only or not self.is_mounted:
            return
        position = self.view.cursor
        if position == self._saved_position:
            return
        library, aid = self.library, self.article_id
        previous = self._saved_position

        def failed(_: StoreError) -> None:
            self._position_failed(position, previous)

        if self._save("reading position", lambda: library.set_position(aid, position), failed):
            self._saved_position = position

    def _position_failed(self, position: int, previous: int) -> None:
        """Saving ``position`` failed: forget it was saved, so the next chance saves it."""
        if self._saved_position == position:
            self._saved_position = previous

    def on_unmount(self) -> None:
        """Leaving any way at all (even quitting the app): save where the reader was."""
        if self._position_timer is not None:
            self._position_timer.stop()
        if self.library.read_only or self._view is None:
            return
        position = self._view.cursor
        if position == self._saved_position:
            return
        self._saved_position = position
        library, aid = self.library, self.article_id
        if self.app.is_running:
            self._save("reading position", lambda: library.set_position(aid, position))
        else:
            # The app is shutting down: its saver can no longer report back to the
            # UI thread, so write this one small change here and now.
            with suppress(StoreError):
                library.set_position(aid, position)

    # ------------------------------------------------------------------ selecting

    def action_select(self) -> None:
        """Start a selection at the first word of the cursor paragraph."""
        view = self.view
        if not view.paragraph_count:
            return
        span = sel.first_word(self._texts[view.cursor])
        if span[0] == span[1]:
            self.notify("This paragraph has no text to select.", severity="warning")
            return
        view.set_selection(span)
        self._selection_changed()

    def _change_selection(self, how: Any) -> None:
        view = self.view
        if view.selection is None:
            return
        view.set_selection(how(self._texts[view.cursor], *view.selection))
        self._selection_changed()

    def _selection_changed(self) -> None:
        self._update_status()
        self.refresh_bindings()

    def action_grow_word(self) -> None:
        """Selection: one more word."""
        self._change_selection(sel.grow_word)

    def action_shrink_word(self) -> None:
        """Selection: one word less."""
        self._change_selection(sel.shrink_word)

    def action_grow_sentence(self) -> None:
        """Selection: to the end of the sentence (or the next one)."""
        self._change_selection(sel.grow_sentence)

    def action_shrink_sentence(self) -> None:
        """Selection: back to the end of the previous sentence."""
        self._change_selection(sel.shrink_sentence)

    def action_move_start(self, by: str, forward: int) -> None:
        """Selection: move its start a word or a sentence forward or back."""
        self._change_selection(
            lambda text, s, e: sel.move_start(text, s, e, by=by, forward=bool(forward))
        )

    def action_cancel(self) -> None:
        """Drop the selection, or else close the search."""
        if self.view.selection is not None:
            self.view.set_selection(None)
            self._selection_changed()
        elif self.search_bar.is_open:
            self.search_bar.action_close()

    # ------------------------------------------------------------------ annotating

    def action_highlight(self, colour: str = COLOURS[0]) -> None:
        """Highlight the selection, or the whole paragraph when nothing is selected."""
        view = self.view
        if not view.paragraph_count:
            return
        index = view.cursor
        text = self._texts[index]
        span = view.selection or (0, len(text))
        if span[0] >= span[1]:
            self.notify("Nothing to highlight here.", severity="warning")
            return
        for hl in view.highlights_in(index):
            if (hl.anchor.start, hl.anchor.end) == span:
                view.set_active(hl.id)
                view.set_selection(None)
                self._selection_changed()
                self.notify("Already highlighted: 1-5 change its colour.")
                return
        stamp = now_iso()
        hl = Highlight(
            id=Highlight.new_id(),
            article_id=self.article_id,
            anchor=make_anchor(view.paragraphs, index, *span),
            colour=colour,
            created=stamp,
            updated=stamp,
        )
        if self._commit(HighlightEdit("highlight", None, hl)):
            view.set_selection(None)
            view.set_active(hl.id)
            self._selection_changed()

    def action_colour(self, number: int) -> None:
        """Set the colour of the highlight under the cursor (or highlight the selection)."""
        colour = COLOURS[number]
        if self.view.selection is not None:
            self.action_highlight(colour)
            return
        hl = self._current_highlight()
        if hl is None or hl.colour == colour:
            return
        self._commit(HighlightEdit("colour", hl, hl.evolve(colour=colour)))

    def action_note(self) -> None:
        """Edit the note of the highlight under the cursor."""
        hl = self._current_highlight()
        if hl is None or not self._can_edit():
            return

        def done(note: str | None) -> None:
            current = self.view.get_highlight(hl.id)
            if note is None or current is None:
                return
            note = clean_multiline(note)
            if note != current.note:
                self._commit(HighlightEdit("note", current, current.evolve(note=note)))

        from tui_reader.ui.dialogs.note_editor import NoteEditor  # TextArea: paid when used

        self.app.push_screen(NoteEditor(short_quote(hl.anchor.quote.exact, 60), hl.note), done)

    def action_tags(self) -> None:
        """Edit the tags of the highlight under the cursor."""
        hl = self._current_highlight()
        if hl is None or not self._can_edit():
            return

        def done(tags: tuple[str, ...] | None) -> None:
            current = self.view.get_highlight(hl.id)
            if tags is None or current is None or tags == current.tags:
                return
            if self._commit(HighlightEdit("tags", current, current.evolve(tags=tags))):
                self._set_tag_suggestions(list(tags))

        title = "Tags for " + short_quote(hl.anchor.quote.exact, 50)
        from tui_reader.ui.dialogs.tag_editor import TagEditor

        self.app.push_screen(TagEditor(title, hl.tags, self._tag_suggestions), done)

    def action_article_tags(self) -> None:
        """Edit the article's tags."""
        if not self._can_edit():
            return
        before = self.article.tags

        def done(tags: tuple[str, ...] | None) -> None:
            if tags is None or tags == self.article.tags:
                return
            self._commit(ArticleTagsEdit(self.article_id, self.article.tags, tags))

        known = [tag for tag, _ in self.library.tag_counts().most_common()]
        from tui_reader.ui.dialogs.tag_editor import TagEditor

        self.app.push_screen(TagEditor("Tags for this article", before, known), done)

    def action_delete(self) -> None:
        """Delete the highlight under the cursor (u brings it back)."""
        hl = self._current_highlight()
        if hl is None:
            return
        if self._commit(HighlightEdit("delete", hl, None)):
            self.notify("Highlight deleted: u to undo.")

    def _step_highlight(self, forward: bool) -> None:
        view = self.view
        ordered = view.placed_highlights()
        current = view.highlight_under_cursor()
        target: Highlight | None = None
        if current is not None:
            i = ordered.index(current) + (1 if forward else -1)
            target = ordered[i] if 0 <= i < len(ordered) else None
        elif forward:
            target = next((h for h in ordered if h.anchor.paragraph > view.cursor), None)
        else:
            target = next((h for h in reversed(ordered) if h.anchor.paragraph < view.cursor), None)
        if target is None:
            self.notify(f"No {'next' if forward else 'previous'} highlight.")
            return
        view.set_cursor(target.anchor.paragraph)
        view.set_active(target.id)
        view.reveal_paragraph(target.anchor.paragraph, offset=target.anchor.start)

    def action_next_highlight(self) -> None:
        """Cursor to the next highlight."""
        self._step_highlight(True)

    def action_previous_highlight(self) -> None:
        """Cursor to the previous highlight."""
        self._step_highlight(False)

    # ------------------------------------------------------------------ undo

    def action_undo(self) -> None:
        """Undo the last annotation change."""
        edit = self.history.peek_undo()
        if edit is None:
            self.notify("Nothing to undo.")
            return
        inverse = edit.inverse()
        library = self.library

        def failed(_: StoreError) -> None:
            if self.history.peek_redo() is edit:
                self.history.redo()  # still to undo
            self._save_failed(inverse)

        if not self._save(f"undo {edit.label}", lambda: apply_edit(library, inverse), failed):
            return
        self.history.undo()
        self._show_edit(inverse)
        self._reveal_edit(inverse)
        self.notify(f"Undone: {edit.label}.")

    def action_redo(self) -> None:
        """Redo what was undone."""
        edit = self.history.peek_redo()
        if edit is None:
            self.notify("Nothing to redo.")
            return
        library = self.library

        def failed(_: StoreError) -> None:
            if self.history.peek_undo() is edit:
                self.history.undo()  # still to redo
            self._save_failed(edit)

        if not self._save(f"redo {edit.label}", lambda: apply_edit(library, edit), failed):
            return
        self.history.redo()
        self._show_edit(edit)
        self._reveal_edit(edit)
        self.notify(f"Redone: {edit.label}.")

    # ------------------------------------------------------------------ search

    def action_search(self) -> None:
        """Open the search bar."""
        self.search_bar.open()

    @on(ArticleSearch.Changed)
    def _search_changed(self, event: ArticleSearch.Changed) -> None:
        matches = sel.find_matches(self._texts, event.query)
        self.view.set_matches(matches)
        self.search_bar.show_count(None, len(matches))

    @on(ArticleSearch.Step)
    def _search_step(self, event: ArticleSearch.Step) -> None:
        view = self.view
        matches = view.matches
        if not matches:
            self.search_bar.show_count(None, 0)
            return
        current = view.current_match
        if current is None:
            here = view.cursor
            if event.direction > 0:
                index = next((i for i, m in enumerate(matches) if m.paragraph >= here), 0)
            else:
                index = next(
                    (i for i in range(len(matches) - 1, -1, -1) if matches[i].paragraph <= here),
                    len(matches) - 1,
                )
        else:
            index = (current + event.direction) % len(matches)
        view.go_to_match(index)
        self.search_bar.show_count(index, len(matches))

    @on(ArticleSearch.Closed)
    def _search_closed(self) -> None:
        self.view.set_matches([])
        self.view.focus()

    # ------------------------------------------------------------------ the rest

    def action_toggle_margin(self) -> None:
        """Show or hide the margin notes."""
        self.view.show_margin = not self.view.show_margin

    def action_export(self) -> None:
        """Export this article's highlights and notes (a worker; a notification says where)."""
        self.newsapp.action_export_article(self.article_id)

    def action_help(self) -> None:
        """Show the keys of this screen."""
        self.newsapp.action_help()

    def action_back(self) -> None:
        """Back to the library, saving the reading position."""
        from tui_reader.ui.screens.library import LibraryScreen

        self._save_position()
        stack = self.app.screen_stack
        if len(stack) >= 2 and isinstance(stack[-2], LibraryScreen):
            self.app.pop_screen()
        else:  # opened straight on this article (newsread read ID): the library comes now
            self.app.switch_screen(LibraryScreen())


def load_article(library: Library, article_id: str) -> tuple[list[Paragraph], list[Highlight]]:
    """What the reader needs from the store: the paragraphs and the highlights."""
    return library.paragraphs(article_id), library.highlights(article_id)


#: The key of an article's tags among the items the reader edits (highlight ids are hex).
ARTICLE_TAGS = "article-tags"


def _item_key(edit: Edit) -> str:
    """What an edit changes: a highlight (by id) or the article's tags."""
    return ARTICLE_TAGS if isinstance(edit, ArticleTagsEdit) else edit.highlight_id
