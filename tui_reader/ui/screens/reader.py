"""The reader screen: an article's paragraphs beside their annotations.

The screen turns keys into calls on its :class:`~tui_reader.annotating.AnnotationSession`
(which decides what changes: the highlight to make, the undo step, when the
position is saved and the article marked read), draws the edits the session
returns in the :class:`ArticleView`, and hands the session's save operations
to the saver, which answers with :class:`SaveDone` or :class:`SaveFailed`; the
screen passes each answer to the session. A save that fails is rolled back by
the session: the screen draws what it returns. Going back, exporting and
checking the library's warnings are messages to the app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header

from tui_reader import spans as sel
from tui_reader.annotating import AnnotationSession, Direction, Notice, Outcome, SaveOp
from tui_reader.history import ArticleNoteEdit, ArticleTagsEdit, Edit
from tui_reader.model import COLOURS, Article, Highlight, Paragraph, Queue, ReadingState
from tui_reader.reading_position import follow_position
from tui_reader.store import Library
from tui_reader.store.changes import Changes
from tui_reader.store.errors import NotFound
from tui_reader.triage import Triage
from tui_reader.ui.messages import CheckLibraryWarnings, CloseReader, ExportRequested
from tui_reader.ui.saving import SaveDone, SaveFailed
from tui_reader.ui.services import Services
from tui_reader.ui.triage_keys import TRIAGE_ACTIONS, TriageKeys, triage_bindings
from tui_reader.ui.widgets.key_bar import KeyBar
from tui_reader.ui.widgets.reader.article_rows import short_quote
from tui_reader.ui.widgets.reader.article_search import ArticleSearch
from tui_reader.ui.widgets.reader.article_view import ArticleView
from tui_reader.ui.widgets.reader.reader_status import ReaderStatus

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
        "place",
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


#: Seconds between looks at whether notifications are shown (escape dismisses them).
TOAST_CHECK_INTERVAL = 0.25

#: Why nothing can be saved once the open article was deleted under the reader.
GONE_REASON = "this article was deleted (by a feed's retention, or elsewhere)"
#: What the reader says then.
GONE_NOTICE = (
    "This article was deleted (by a feed's retention, or elsewhere). It stays on screen "
    "until you leave (q); nothing more is saved to it."
)

#: What the reader says when the open article's text was replaced under it.
RELOADED_NOTICE = "This article was updated by a refresh: reloaded."
#: Added to it when there is something to undo or redo.
UNDO_KEPT = " u still undoes your changes, in the new text."


class ReaderScreen(Screen[None]):
    """Shows one article with its highlights; every annotation is a key away."""

    @dataclass
    class TextReplaced(Message):
        """The store wrote a new text for the open article (posted from the saving thread)."""

    @dataclass
    class ArticleGone(Message):
        """The store deleted the open article (retention at a refresh, or elsewhere)."""

    @dataclass
    class Reloaded(Message):
        """The open article as the store now holds it, read by a worker."""

        article: Article
        paragraphs: list[Paragraph]
        highlights: list[Highlight]

    BINDING_GROUP_TITLE = "Reader"
    HELP_MODES = {
        "While selecting (after v)": SELECTION_ACTIONS | {"cancel"},
        "Reading queue": TRIAGE_ACTIONS,
    }

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
        Binding("N", "article_note", "Article note", id="reader.article_note", show=False),
        Binding("x", "delete", "Delete", id="reader.delete", show=False),
        Binding(
            "p",
            "place",
            "Place orphan",
            id="reader.place",
            show=False,
            tooltip="Place the orphan chosen with ] on the selection (or the cursor paragraph)",
        ),
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
        *triage_bindings("reader", undo_key="U"),
    ]

    position_save_delay: float = 1.5
    """Seconds of stillness before the reading position is saved."""

    def __init__(
        self,
        services: Services,
        article_id: str,
        preloaded: tuple[list[Paragraph], list[Highlight]] | None = None,
        *,
        highlight_id: str = "",
        article: Article | None = None,
    ) -> None:
        """``preloaded``: the article's paragraphs and highlights, read off the UI thread
        by whoever opens the reader; without them the reader reads them itself.
        ``highlight_id``: open at this highlight rather than at the saved position.
        ``article``: its record, read along with them (without it, read here)."""
        super().__init__()
        self.services = services
        self.article_id = article_id
        self._preloaded = preloaded
        self._article = article if article is not None else self.library.get(article_id)
        self._save_state = "saved"
        self._session: AnnotationSession | None = None
        self._position_timer: Timer | None = None
        self._tag_suggestions: list[str] = []
        self._view: ArticleView | None = None
        self._left = False
        self._open_at = highlight_id
        self._orphan_id: str | None = None
        """The orphan ``]``/``[`` stepped to last: ``p`` places it."""
        self.triage = TriageKeys(self, services.saver, self._triaged, self._triage_sent)
        """The reading-queue keys (later, archive, inbox, read/unread, undo, open page)."""
        self._unsubscribe: Callable[[], None] | None = None
        self._reload_wanted = False
        """The text changed while saves were pending: reload once they are answered."""
        self._toasts_shown = False
        self.gone = False
        """True once the article was deleted under the reader: it stays on screen, read-only."""

    # ------------------------------------------------------------------ plumbing

    @property
    def library(self) -> Library:
        """The open library (read here; written only through the saver)."""
        return self.services.library

    @property
    def session(self) -> AnnotationSession:
        """The open article's annotation session."""
        assert self._session is not None, "the reader is not composed yet"
        return self._session

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
        article = self._article
        reason = self.services.saver.read_only_reason
        self._session = AnnotationSession(article, paragraphs, highlights, read_only_reason=reason)
        yield Header()
        cursor = article.position
        target = next((h for h in highlights if h.id == self._open_at and not h.orphan), None)
        if target is not None:
            cursor = target.anchor.paragraph
        self._view = ArticleView(article, paragraphs, highlights, cursor=cursor, id="article")
        yield self._view
        yield ArticleSearch()
        yield ReaderStatus()
        yield KeyBar(id="reader-keys")

    def on_mount(self) -> None:
        """Focus the text, show the status, gather tag suggestions in the background."""
        self.post_message(CheckLibraryWarnings())
        self.sub_title = "reader"
        self.view.focus()
        if self.session.get(self._open_at) is not None:
            self.call_after_refresh(self._show_opened_highlight)
        self.watch(self.app, "save_state", self._save_state_changed, init=True)
        self.call_after_refresh(self._load_tag_suggestions)  # the first frame goes first
        self._unsubscribe = self.library.subscribe(self._store_changed)
        self.set_interval(TOAST_CHECK_INTERVAL, self._check_toasts)

    def _check_toasts(self) -> None:
        """Escape dismisses notifications while any is shown: keep the key bar in step
        as they come and time out (Textual refreshes no bindings when a toast goes)."""
        shown = bool(self.query("Toast"))
        if shown != self._toasts_shown:
            self._toasts_shown = shown
            self.refresh_bindings()

    def _show_opened_highlight(self) -> None:
        hl = self.session.get(self._open_at)
        if hl is not None and hl.orphan:
            self._choose_orphan(hl)
        elif hl is not None:
            self.view.set_active(hl.id)
            self.view.reveal_paragraph(hl.anchor.paragraph, offset=hl.anchor.start)

    @work(thread=True, exclusive=True, group="tag-suggestions")
    def _load_tag_suggestions(self) -> None:
        counts = self.library.highlight_tag_counts()
        tags = [tag for tag, _ in counts.most_common()]
        self.app.call_from_thread(self._set_tag_suggestions, tags)

    def _set_tag_suggestions(self, tags: list[str]) -> None:
        known = {t.casefold() for t in self._tag_suggestions}
        self._tag_suggestions.extend(t for t in tags if t.casefold() not in known)

    def _save_state_changed(self, state: str) -> None:
        self._save_state = state
        self._update_status()

    def _update_status(self) -> None:
        view = self.view
        self.query_one(ReaderStatus).show(
            paragraph=view.cursor,
            count=view.paragraph_count,
            highlights=len(self.session),
            selecting=view.selection is not None,
            save_state="deleted" if self.gone else self._save_state,
            read=self.session.is_read,
            placing=self._chosen_orphan() is not None,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Selection keys only while selecting; ``b`` pages only when not selecting."""
        selecting = self._view is not None and self._view.selection is not None
        if action in SELECTION_ACTIONS:
            return selecting
        if action == "cancel":  # else escape goes back to the library
            searching = self._view is not None and self.search_bar.is_open
            self._toasts_shown = bool(self.query("Toast"))
            return selecting or searching or self._toasts_shown
        if action == "page" and parameters == (-1,):
            return not selecting
        if selecting and action not in WHILE_SELECTING and action != "cancel":
            return False
        if action == "search":
            return not self.search_bar.has_focus_within if self._view is not None else True
        return True

    # ------------------------------------------------------------------ saving

    def _submit(self, op: SaveOp) -> None:
        """Hand one save to the saver; its answer goes back to the session."""
        if not self.services.saver.submit(op.label, op.apply, requester=self, context=op):
            self._apply(self.session.save_failed(op))  # refused: the library is read-only

    @on(SaveDone)
    def _save_done(self, message: SaveDone) -> None:
        if isinstance(op := message.request.context, SaveOp):
            self._apply(self.session.save_done(op))
            self._reload_if_wanted()

    @on(SaveFailed)
    def _save_failed(self, message: SaveFailed) -> None:
        if isinstance(op := message.request.context, SaveOp):
            self._apply(self.session.save_failed(op))
            self._reload_if_wanted()

    # ------------------------------------------------------------------ a new text

    def _store_changed(self, changes: Changes) -> None:
        """A store listener (runs in the saving thread): the open article's text changed,
        or the article was deleted."""
        if self.article_id in changes.deleted:
            self.post_message(self.ArticleGone())
        elif self.article_id in changes.texts:
            self.post_message(self.TextReplaced())

    @on(ArticleGone)
    def _article_gone(self) -> None:
        """The article was deleted (retention, or elsewhere): it stays on screen to finish
        reading, and nothing more is written to it (no position, highlight or queue move)."""
        if self._left or self.gone:
            return
        self.gone = True
        self._reload_wanted = False
        if self._position_timer is not None:
            self._position_timer.stop()
            self._position_timer = None
        if self._session is not None:
            self.session.read_only_reason = GONE_REASON
        self.notify(GONE_NOTICE, severity="warning", timeout=12)
        if self._view is not None:
            self._update_status()

    def _refuse_if_gone(self) -> bool:
        """True (and a notice) when the article was deleted: the key changes nothing."""
        if self.gone:
            self.notify(f"Not saved: {GONE_REASON}.", severity="error")
        return self.gone

    @on(TextReplaced)
    def _text_replaced(self) -> None:
        if self._left or self.gone:
            return
        if self.session.pending:  # their answers belong to the session that sent them
            self._reload_wanted = True
            return
        self._read_again()

    def _reload_if_wanted(self) -> None:
        if self._reload_wanted and not self._left and not self.gone and not self.session.pending:
            self._reload_wanted = False
            self._read_again()

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def _read_again(self) -> None:
        """Read the article again off the UI thread (gone meanwhile: say so)."""
        try:
            article = self.library.get(self.article_id)
            paragraphs, highlights = load_article(self.library, self.article_id)
        except NotFound:
            self.post_message(self.ArticleGone())
            return
        self.post_message(self.Reloaded(article, paragraphs, highlights))

    @on(Reloaded)
    async def _reloaded(self, message: Reloaded) -> None:
        """Show the new text in place: the cursor on the paragraph it was reading, the
        highlights as the store re-placed them. The undo history stays, its highlights
        moved to their places in the new text (u undoes what was done before the reload)."""
        if self._left or self._view is None or self.gone:
            return
        if self.session.pending:
            self._reload_wanted = True
            return
        old = self.session.paragraphs
        if [p.text for p in old] == [p.text for p in message.paragraphs]:
            return
        cursor = follow_position(old, message.paragraphs, self.view.cursor)
        had_focus = self.focused is self._view
        if self.search_bar.is_open:
            self.search_bar.action_close()
        self._article = message.article
        reason = self.services.saver.read_only_reason
        previous = self.session
        self._session = AnnotationSession(
            message.article, message.paragraphs, message.highlights, read_only_reason=reason
        )
        undoable = self._session.take_history(previous)
        self._orphan_id = None
        view = ArticleView(
            message.article, message.paragraphs, message.highlights, cursor=cursor, id="article"
        )
        view.show_margin = self.view.show_margin
        old_view, self._view = self._view, view
        await old_view.remove()
        await self.mount(view, before=self.search_bar)
        if had_focus or self.focused is None:
            view.focus()
        self._update_status()
        self.refresh_bindings()
        self.notify(RELOADED_NOTICE + (UNDO_KEPT if undoable else ""))

    # ------------------------------------------------------------------ outcomes

    def _apply(self, outcome: Outcome) -> None:
        """Draw what the session decided, send its saves, say what it says."""
        if self._left:  # a save reported after the reader closed: nothing to draw
            for op in outcome.saves:
                self._submit(op)
            return
        view = self.view
        for edit in outcome.show:
            self._draw(edit)
        for op in outcome.saves:
            self._submit(op)
        self._update_status()
        if outcome.reveal is not None:
            view.reveal_paragraph(outcome.reveal)
        if outcome.cursor is not None:
            view.set_cursor(outcome.cursor)
        if outcome.active is not None:
            view.set_active(outcome.active)
            if outcome.cursor is None:
                view.set_selection(None)
                self._selection_changed()
        if outcome.notice is not None:
            self._tell(outcome.notice)

    def _draw(self, edit: Edit) -> None:
        view = self.view
        if isinstance(edit, ArticleTagsEdit | ArticleNoteEdit):
            view.set_article(self.session.article)
        elif edit.after is None:
            view.remove_highlight(edit.highlight_id)
        else:
            view.put_highlight(edit.after)

    def _tell(self, notice: Notice) -> None:
        self.notify(notice.text, severity=notice.severity, markup=False)

    def _can_edit(self) -> bool:
        """False (and a notice) when the library is read-only: no editor opens."""
        refusal = self.session.refusal()
        if refusal is not None:
            self._tell(refusal)
        return refusal is None

    def _current_highlight(self) -> Highlight | None:
        if (orphan := self.view.chosen_orphan) is not None:  # ] stepped to it, nothing since
            return orphan
        hl = self.view.highlight_under_cursor()
        if hl is None:
            self.notify("No highlight here: press h to make one.", severity="warning")
        return hl

    # ------------------------------------------------------------------ selecting

    def action_select(self) -> None:
        """Start a selection at the first word of the cursor paragraph."""
        view = self.view
        if not view.paragraph_count:
            return
        span = sel.first_word(self._text(view.cursor))
        if span[0] == span[1]:
            self.notify("This paragraph has no text to select.", severity="warning")
            return
        self._leave_orphan()
        view.set_selection(span)
        self._selection_changed()

    def _change_selection(self, how: Any) -> None:
        view = self.view
        if view.selection is None:
            return
        view.set_selection(how(self._text(view.cursor), *view.selection))
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
        """Drop the selection, or else close the search, or else dismiss notifications."""
        if self.view.selection is not None:
            self.view.set_selection(None)
            self._selection_changed()
        elif self.search_bar.is_open:
            self.search_bar.action_close()
        else:  # escape dismisses the notifications shown; the next one goes back
            self.app.clear_notifications()

    # ------------------------------------------------------------------ annotating

    def action_highlight(self, colour: str = COLOURS[0]) -> None:
        """Highlight the selection, or the whole paragraph when nothing is selected."""
        view = self.view
        if view.paragraph_count:
            self._apply(self.session.highlight(view.cursor, view.selection, colour))

    def action_colour(self, number: int) -> None:
        """Set the colour of the highlight under the cursor (or highlight the selection)."""
        colour = COLOURS[number]
        if self.view.selection is not None:
            self.action_highlight(colour)
        elif (hl := self._current_highlight()) is not None:
            self._apply(self.session.set_colour(hl.id, colour))

    def action_note(self) -> None:
        """Edit the note of the highlight under the cursor."""
        hl = self._current_highlight()
        if hl is None or not self._can_edit():
            return

        def done(note: str | None) -> None:
            if note is not None:
                self._apply(self.session.set_note(hl.id, note))

        from tui_reader.ui.dialogs.note_editor import NoteEditor  # TextArea: paid when used

        self.app.push_screen(NoteEditor(short_quote(hl.anchor.quote.exact, 60), hl.note), done)

    def action_tags(self) -> None:
        """Edit the tags of the highlight under the cursor."""
        hl = self._current_highlight()
        if hl is None or not self._can_edit():
            return

        def done(tags: tuple[str, ...] | None) -> None:
            if tags is not None and self._apply_saving(self.session.set_tags(hl.id, tags)):
                self._set_tag_suggestions(list(tags))

        title = "Tags for " + short_quote(hl.anchor.quote.exact, 50)
        from tui_reader.ui.dialogs.tag_editor import TagEditor

        self.app.push_screen(TagEditor(title, hl.tags, self._tag_suggestions), done)

    def action_article_tags(self) -> None:
        """Edit the article's tags."""
        if not self._can_edit():
            return

        def done(tags: tuple[str, ...] | None) -> None:
            if tags is not None:
                self._apply(self.session.set_article_tags(tags))

        known = [tag for tag, _ in self.library.tag_counts().most_common()]
        from tui_reader.ui.dialogs.tag_editor import TagEditor

        self.app.push_screen(
            TagEditor("Tags for this article", self.session.article.tags, known), done
        )

    def action_article_note(self) -> None:
        """Edit the article's own note (shown under its title; u undoes it)."""
        if not self._can_edit():
            return

        def done(note: str | None) -> None:
            if note is not None:
                self._apply(self.session.set_article_note(note))

        from tui_reader.ui.dialogs.note_editor import NoteEditor

        article = self.session.article
        self.app.push_screen(NoteEditor(short_quote(article.title, 60), article.note), done)

    def action_delete(self) -> None:
        """Delete the highlight under the cursor (u brings it back)."""
        hl = self._current_highlight()
        if hl is not None:
            self._apply(self.session.delete(hl.id))

    def _apply_saving(self, outcome: Outcome) -> bool:
        """Apply ``outcome``; True when it sent something to be saved."""
        self._apply(outcome)
        return bool(outcome.saves)

    # ------------------------------------------------------------------ stepping

    def _step_highlight(self, forward: bool) -> None:
        """The next (previous) highlight in reading order; after the last one placed in
        the text come the orphans, listed at the end."""
        view = self.view
        orphans = self.session.orphans()
        current = view.chosen_orphan
        target: Highlight | None
        if current is not None:
            i = next(n for n, hl in enumerate(orphans) if hl.id == current.id)
            i += 1 if forward else -1
            if 0 <= i < len(orphans):
                self._choose_orphan(orphans[i])
                return
            target = None if forward else view.last_highlight()
        else:
            target = view.neighbour_highlight(forward)
            if target is None and forward and orphans:
                self._choose_orphan(orphans[0])
                return
        if target is None:
            self.notify(f"No {'next' if forward else 'previous'} highlight.")
            return
        self._leave_orphan()
        view.set_cursor(target.anchor.paragraph)
        view.set_active(target.id)
        view.reveal_paragraph(target.anchor.paragraph, offset=target.anchor.start)

    def _chosen_orphan(self) -> Highlight | None:
        hl = self.session.get(self._orphan_id) if self._orphan_id else None
        return hl if hl is not None and hl in self.session.orphans() else None

    def _choose_orphan(self, hl: Highlight) -> None:
        """Make ``hl`` (an orphan) the one keys act on and ``p`` places."""
        self._orphan_id = hl.id
        self.view.set_selection(None)
        self._selection_changed()
        self.view.choose_orphan(hl.id)
        orphans = self.session.orphans()
        n = next(i for i, o in enumerate(orphans) if o.id == hl.id) + 1
        self.notify(
            f"Orphan {n} of {len(orphans)}: {short_quote(hl.anchor.quote.exact, 50)}. "
            "Select its text (v) and press p to place it; x deletes it.",
            markup=False,
        )
        self._update_status()

    def _leave_orphan(self) -> None:
        """The keys act on the text again (``p`` still places the chosen orphan)."""
        self.view.choose_orphan(None)

    def action_place(self) -> None:
        """Place the chosen orphan on the selection, or on the whole cursor paragraph."""
        orphan = self._chosen_orphan()
        if orphan is None:
            message = (
                "No orphaned highlight in this article."
                if not self.session.orphans()
                else "Choose an orphan first: ] steps to the orphans at the end of the article."
            )
            self.notify(message, severity="warning")
            return
        view = self.view
        if view.chosen_orphan is not None and view.selection is None:
            self.notify(
                "Now select the text it belongs to (v, then w/b/)/( ) and press p.",
                severity="warning",
            )
            return
        outcome = self.session.place(orphan.id, view.cursor, view.selection)
        if outcome.saves:
            self._orphan_id = None
            self._leave_orphan()
            view.set_selection(None)
            self._selection_changed()
        self._apply(outcome)

    def action_next_highlight(self) -> None:
        """Cursor to the next highlight."""
        self._step_highlight(True)

    def action_previous_highlight(self) -> None:
        """Cursor to the previous highlight."""
        self._step_highlight(False)

    # ------------------------------------------------------------------ undo

    def action_undo(self) -> None:
        """Undo the last annotation change."""
        self._step_history(Direction.UNDO)

    def action_redo(self) -> None:
        """Redo what was undone."""
        self._step_history(Direction.REDO)

    def _step_history(self, direction: Direction) -> None:
        self._apply(self.session.step(direction))

    # ------------------------------------------------------------------ search

    def action_search(self) -> None:
        """Open the search bar."""
        self.search_bar.open()

    @on(ArticleSearch.Changed)
    def _search_changed(self, event: ArticleSearch.Changed) -> None:
        matches = sel.find_matches([p.text for p in self.session.paragraphs], event.query)
        self.view.set_matches(matches)
        self.search_bar.show_count(None, len(matches))

    @on(ArticleSearch.Step)
    def _search_step(self, event: ArticleSearch.Step) -> None:
        view = self.view
        matches = view.matches
        if not matches:
            self.search_bar.show_count(None, 0)
            return
        index = sel.step_match(matches, view.current_match, view.cursor, event.direction)
        view.go_to_match(index)
        self.search_bar.show_count(index, len(matches))

    @on(ArticleSearch.Closed)
    def _search_closed(self) -> None:
        self.view.set_matches([])
        self.view.focus()

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
        self._leave_orphan()
        self._update_status()
        self.refresh_bindings()
        if self._position_timer is not None:
            self._position_timer.stop()
        self._position_timer = self.set_timer(self.position_save_delay, self._save_position)
        self._check_end()

    def _check_end(self) -> None:
        """The cursor on the last paragraph marks the article read (once)."""
        op = self.session.cursor_at(self.view.cursor)
        if op is not None:
            self._article = replace(self._article, state=ReadingState.READ)
            self._submit(op)
            self._update_status()

    def _read_when_seen_to_the_end(self) -> None:
        """Leaving an article whose last line is on screen counts as reading it: a short
        article fits on one screen, and its cursor never had to reach the last paragraph."""
        view = self._view
        if view is None or self.gone or not view.is_mounted or not view.virtual_size.height:
            return
        if not view.size.height or view.scroll_y < view.max_scroll_y:
            return
        if (op := self.session.cursor_at(view.paragraph_count - 1)) is not None:
            self._article = replace(self._article, state=ReadingState.READ)
            self._submit(op)

    def _save_position(self) -> None:
        """Save the cursor paragraph as the reading position, if it changed."""
        if self._position_timer is not None:
            self._position_timer.stop()
            self._position_timer = None
        if self.is_mounted and (op := self.session.save_position(self.view.cursor)) is not None:
            self._submit(op)

    def on_unmount(self) -> None:
        """Leaving any way at all (even quitting the app): save where the reader was."""
        self._left = True
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self._position_timer is not None:
            self._position_timer.stop()
        if self._view is None or (op := self.session.save_position(self._view.cursor)) is None:
            return
        # Even when the app is shutting down: it closes its saver after the screens.
        self._submit(op)

    # ------------------------------------------------------------------ the rest

    def action_toggle_margin(self) -> None:
        """Show or hide the margin notes."""
        self.view.show_margin = not self.view.show_margin

    def action_export(self) -> None:
        """Export this article's highlights and notes (a worker; a notification says where)."""
        if self.gone:
            self.notify("Nothing exported: this article was deleted.", severity="warning")
            return
        self.post_message(ExportRequested([self.article_id], self))

    async def action_help(self) -> None:
        """Show the keys of this screen (the app's help, under this screen's key)."""
        await self.app.run_action("help")

    def action_back(self) -> None:
        """Back to the library, saving the reading position (read, when its end was seen)."""
        self._read_when_seen_to_the_end()
        self._save_position()
        self.post_message(CloseReader())

    def _text(self, paragraph: int) -> str:
        return self.session.paragraphs[paragraph].text

    # ------------------------------------------------------------------ reading queue

    def action_queue(self, place: str) -> None:
        """Move this article to ``place`` (inbox, later or archive)."""
        if not self._refuse_if_gone():
            self.triage.move(self._article, Queue(place))

    def action_toggle_read(self) -> None:
        """Mark this article read, or unread when it is read."""
        if not self._refuse_if_gone():
            self.triage.toggle_read(self._article)

    def action_undo_triage(self) -> None:
        """Undo the last move or read/unread change made in this reader."""
        if not self._refuse_if_gone():
            self.triage.undo()

    def action_open_url(self) -> None:
        """Open this article's original page in the browser."""
        self.triage.open_url(self._article)

    def _triage_sent(self, change: Triage, article: Article | None, undone: bool) -> None:
        if article is not None and article.id == self._article.id:
            self._article = article  # the next key acts on the article as it will be
            self._show_state(article.state)

    def _triaged(self, change: Triage, article: Article, undone: bool) -> None:
        if not self.triage.pending and article.id == self._article.id:
            self._article = article
            self._show_state(article.state)

    def _show_state(self, state: ReadingState) -> None:
        """The status line's read marker follows M (read/unread) and its undo at once."""
        if self._session is None or self.session.article.state is state:
            return
        self.session.article = replace(self.session.article, state=state)
        if not self._left:
            self._update_status()

    @on(SaveDone)
    def _triage_saved(self, message: SaveDone) -> None:
        self.triage.saved(message)

    @on(SaveFailed)
    def _triage_failed(self, message: SaveFailed) -> None:
        self.triage.failed(message)


def load_article(library: Library, article_id: str) -> tuple[list[Paragraph], list[Highlight]]:
    """What the reader needs from the store: the paragraphs and the highlights."""
    return library.paragraphs(article_id), library.highlights(article_id)
