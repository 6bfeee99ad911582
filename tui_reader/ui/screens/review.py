"""The daily review: today's highlights one at a time, each inside its paragraph.

The app builds the queue in a worker and pushes this screen with it (keys
typed meanwhile wait for it). Answers (1-4, space for good), skips, retiring
(``x``) and undo (``u``) are bookkeeping in a :class:`ReviewSession`; the card
records they produce go to the saver. ``n`` edits the note with the usual
editor, ``enter`` opens the reader at the highlight and ``q`` there comes back
here. Article texts (for the paragraph and its neighbours) are read in workers,
a few cards ahead. The last answer shows a summary with what comes next.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static

from tui_reader.model import Highlight, Paragraph
from tui_reader.review.cards import Grade, Record
from tui_reader.review.queue import ReviewQueue, build_queue
from tui_reader.review.request import ReviewRequest
from tui_reader.review.session import Action, ReviewSession
from tui_reader.store import Library, StoreError
from tui_reader.ui.commands import PaletteCommand, palette
from tui_reader.ui.messages import OpenArticle
from tui_reader.ui.saving import SaveDone, SaveFailed
from tui_reader.ui.services import Services
from tui_reader.ui.widgets.key_bar import KeyBar
from tui_reader.ui.widgets.reader.article_rows import short_quote
from tui_reader.ui.widgets.review.card_content import (
    context_content,
    empty_content,
    forecast_lines,
    note_content,
    paragraph_content,
    summary_content,
    title_content,
)

#: How many cards ahead article texts are read.
READ_AHEAD = 8

REVIEW_PALETTE = (
    PaletteCommand("Review: again", "Forgotten: show it again tomorrow", "grade(1)"),
    PaletteCommand("Review: good", "Remembered: schedule it further out", "grade(3)"),
    PaletteCommand("Review: skip", "Leave this highlight for now", "skip"),
    PaletteCommand("Review: retire", "Take this highlight out of review", "retire"),
    PaletteCommand("Review: edit note", "Edit the note of this highlight", "note"),
    PaletteCommand("Review: open in reader", "Read the highlight in its article", "open"),
)


@dataclass(frozen=True, slots=True)
class _Saving:
    """The context of a card record sent to the saver."""

    label: str


class ReviewScreen(Screen[None]):
    """Today's review, one highlight at a time."""

    SUB_TITLE = "Review"
    BINDING_GROUP_TITLE = "Review"
    COMMANDS = {palette("ReviewCommands", *REVIEW_PALETTE)}

    DEFAULT_CSS = """
    ReviewScreen { align-horizontal: center; }
    ReviewScreen #review-status { height: 1; padding: 0 1; color: $newsread-muted; }
    ReviewScreen #card-scroll { height: 1fr; align-horizontal: center; }
    ReviewScreen #card { height: auto; max-width: 100; padding: 1 2; }
    ReviewScreen #card-title { color: $text; }
    ReviewScreen .context { color: $newsread-muted; }
    ReviewScreen #card-before { margin-top: 1; }
    ReviewScreen #card-text { margin: 1 0 0 0; color: $text; }
    ReviewScreen #card-note { margin-top: 1; padding-left: 1; border-left: outer $accent; }
    ReviewScreen #card-after { margin-top: 1; }
    ReviewScreen #card-message { color: $text; }
    """

    BINDINGS = [
        Binding("1", "grade(1)", "Again", id="review.again"),
        Binding("2", "grade(2)", "Hard", id="review.hard"),
        Binding("3", "grade(3)", "Good", id="review.good"),
        Binding("4", "grade(4)", "Easy", id="review.easy"),
        Binding("space", "grade(3)", "Good", show=False, id="review.good_space"),
        Binding("s", "skip", "Skip", id="review.skip"),
        Binding("n", "note", "Note", id="review.note"),
        Binding("enter,o", "open", "Open", id="review.open", key_display="enter"),
        Binding("x", "retire", "Retire", id="review.retire"),
        Binding("u", "undo", "Undo", id="review.undo"),
        Binding("q,escape", "back", "Back", id="review.back", key_display="q"),
    ]

    @dataclass
    class TextsReady(Message):
        """Article texts read by a worker (None: the text could not be read)."""

        texts: dict[str, list[Paragraph] | None]

    @dataclass
    class ForecastReady(Message):
        """What comes next, computed once the session's answers are saved."""

        queue: ReviewQueue

    @dataclass
    class HighlightReloaded(Message):
        """The current highlight as the store holds it now (None: deleted)."""

        highlight_id: str
        highlight: Highlight | None

    def __init__(
        self,
        services: Services,
        queue: ReviewQueue,
        request: ReviewRequest | None = None,
        texts: dict[str, list[Paragraph] | None] | None = None,
    ) -> None:
        super().__init__()
        self.services = services
        self.queue = queue
        self.request = request or ReviewRequest()
        self.session = ReviewSession(queue.items)
        self.texts: dict[str, list[Paragraph] | None] = dict(texts or {})
        self._asked: set[str] = set(self.texts)
        self._forecast: ReviewQueue | None = None
        self._left_for_reader = False

    @property
    def library(self) -> Library:
        """The open library (read in workers; written only through the saver)."""
        return self.services.library

    def compose(self) -> ComposeResult:
        """Header, status line, the card (or the summary), the keys."""
        yield Header()
        yield Static(id="review-status")
        with VerticalScroll(id="card-scroll"), Vertical(id="card"):
            yield Static(id="card-title")
            yield Static(id="card-before", classes="context")
            yield Static(id="card-text")
            yield Static(id="card-note")
            yield Static(id="card-after", classes="context")
            yield Static(id="card-message")
        yield KeyBar()

    def on_mount(self) -> None:
        """Show the first card (or the empty state)."""
        self.query_one("#card-scroll").can_focus = False
        self._show()

    def on_screen_resume(self) -> None:
        """Back from the reader: the highlight may have changed there."""
        if self._left_for_reader:
            self._left_for_reader = False
            item = self.session.current
            if item is not None:
                self.texts.pop(item.article.id, None)
                self._asked.discard(item.article.id)
                self._reload(item.article.id, item.id)
            self._show()

    # ------------------------------------------------------------------ drawing

    def _show(self) -> None:
        item = self.session.current
        status = self.query_one("#review-status", Static)
        parts = {name: self.query_one(f"#card-{name}", Static) for name in _PARTS}
        if item is None:
            for name, part in parts.items():
                part.update(Content(""))
                part.display = name == "message"
            done = bool(self.session.steps)
            status.update(Content(self._status_text(done=True)))
            forecast = self._forecast or (None if done else self.queue)
            limit = self.services.config.review.daily_limit
            lines = forecast_lines(forecast, limit) if forecast else ["Counting what comes next…"]
            if done:
                parts["message"].update(summary_content(self.session.summary(), lines))
                if self._forecast is None:
                    self._compute_forecast()
            else:
                parts["message"].update(empty_content(self.queue, lines, self.request.query))
            self._scroll_home()
            return
        self._read_ahead()
        paragraphs = self.texts.get(item.article.id)
        status.update(Content(self._status_text()))
        shown = {
            "title": title_content(item),
            "before": context_content(item, paragraphs, -1),
            "text": paragraph_content(item, paragraphs),
            "after": context_content(item, paragraphs, +1),
            "note": note_content(item),
            "message": Content(""),
        }
        for name, content in shown.items():
            parts[name].update(content)
            parts[name].display = bool(content.plain) or name in ("title", "text")
        self._scroll_home()

    def _scroll_home(self) -> None:
        self.query_one("#card-scroll", VerticalScroll).scroll_home(animate=False)

    def _status_text(self, *, done: bool = False) -> str:
        query = f" · {self.request.query}" if self.request.query else ""
        total = self.session.total
        if done:
            return f"Review{query} · {'done' if total else 'nothing due'}"
        item = self.session.current
        kind = "new" if item is not None and item.is_new else "due"
        return (
            f"Review{query} · {self.session.position + 1} of {total} · {kind}"
            f" · {self.queue.due} due, {self.queue.new} new today"
        )

    # ------------------------------------------------------------------ texts

    def _read_ahead(self) -> None:
        wanted: list[str] = []
        for item in self.session.items[self.session.position : self.session.position + READ_AHEAD]:
            aid = item.article.id
            if aid not in self._asked and aid not in wanted:
                wanted.append(aid)
        if wanted:
            self._asked.update(wanted)
            self._load_texts(wanted)

    @work(thread=True, group="review-texts")
    def _load_texts(self, article_ids: list[str]) -> None:
        self.post_message(self.TextsReady(read_texts(self.library, article_ids)))

    @on(TextsReady)
    def _texts_ready(self, message: TextsReady) -> None:
        self.texts.update(message.texts)
        item = self.session.current
        if item is not None and item.article.id in message.texts:
            self._show()

    @work(thread=True, group="review-reload")
    def _reload(self, article_id: str, highlight_id: str) -> None:
        try:
            hl: Highlight | None = self.library.get_highlight(article_id, highlight_id)
        except StoreError:
            hl = None
        self.post_message(self.HighlightReloaded(highlight_id, hl))

    @on(HighlightReloaded)
    def _reloaded(self, message: HighlightReloaded) -> None:
        item = self.session.current
        if item is None or item.id != message.highlight_id:
            return
        if message.highlight is None:
            self.session.skip()
            self.notify("That highlight was deleted: it left the review.")
        else:
            self.session.edited(message.highlight)
        self._show()

    @work(thread=True, exclusive=True, group="review-forecast")
    def _compute_forecast(self) -> None:
        self.services.saver.wait_idle(10)  # the answers first: they change what is due
        query = None
        if self.request.query:
            from tui_reader.query import parse_query

            query = parse_query(self.request.query)
        queue = build_queue(self.library, self.services.config.review, query=query)
        self.post_message(self.ForecastReady(queue))

    @on(ForecastReady)
    def _forecast_ready(self, message: ForecastReady) -> None:
        self._forecast = message.queue
        if self.session.current is None:
            self._show()

    # ------------------------------------------------------------------ keys

    def _has_card(self) -> bool:
        if self.session.current is None:
            self.notify("No highlight to review.", severity="warning")
            return False
        return True

    def action_grade(self, grade: int) -> None:
        """Answer: 1 again, 2 hard, 3 good, 4 easy (space: good)."""
        if not self._has_card() or not self.services.saver.check_writable():
            return
        record = self.session.answer(Grade(grade))
        self._save(Grade(grade).name.lower(), record)
        self._show()

    def action_skip(self) -> None:
        """Leave this highlight as it is (still due) and go on."""
        if self._has_card():
            self.session.skip()
            self._show()

    def action_retire(self) -> None:
        """Take this highlight out of review (u brings it back)."""
        if not self._has_card() or not self.services.saver.check_writable():
            return
        self._save("retired", self.session.retire())
        self.notify("Retired from review: u to undo.")
        self._show()

    def action_undo(self) -> None:
        """Take back the last answer, skip or retirement."""
        if not self.session.steps:
            self.notify("Nothing to undo.")
            return
        step = self.session.steps[-1]
        if step.action is not Action.SKIPPED and not self.services.saver.check_writable():
            return
        undone = self.session.undo()
        assert undone is not None
        step, record = undone
        if record is not None:
            self._save(f"undo {step.action.value}", record)
        self._forecast = None
        self.notify(f"Undone: {step.grade.name.lower() if step.grade else step.action.value}.")
        self._show()

    def action_note(self) -> None:
        """Edit the note of this highlight (the same editor as everywhere)."""
        item = self.session.current
        if item is None:
            self._has_card()
            return
        if not self.services.saver.check_writable():
            return
        hl = item.highlight

        def done(note: str | None) -> None:
            if note is None or note == hl.note:
                return
            changed = hl.evolve(note=note)
            aid, hid = hl.article_id, hl.id
            self.services.saver.submit(
                "note",
                lambda library: library.update_highlight(aid, hid, note=note),
                requester=self,
                context=_Saving("note"),
            )
            self.session.edited(changed)
            self._show()

        from tui_reader.ui.dialogs.note_editor import NoteEditor

        self.app.push_screen(NoteEditor(short_quote(hl.anchor.quote.exact, 60), hl.note), done)

    def action_open(self) -> None:
        """Open the reader at this highlight (q there comes back here)."""
        item = self.session.current
        if item is None:
            self._has_card()
            return
        self._left_for_reader = True
        self.post_message(OpenArticle(item.article.id, item.id))

    def action_back(self) -> None:
        """Leave the review (answers are saved already)."""
        self.dismiss()

    # ------------------------------------------------------------------ saving

    def _save(self, label: str, record: Record) -> None:
        self.services.saver.submit(
            f"review ({label})",
            lambda library: library.put_review_records([record]),
            requester=self,
            context=_Saving(label),
        )

    @on(SaveDone)
    def _saved(self, message: SaveDone) -> None:
        pass  # shown already

    @on(SaveFailed)
    def _save_failed(self, message: SaveFailed) -> None:
        if isinstance(message.request.context, _Saving):
            self.notify(f"Not saved: {message.error}", severity="error", markup=False)


_PARTS = ("title", "before", "text", "after", "note", "message")


def read_texts(library: Library, article_ids: list[str]) -> dict[str, list[Paragraph] | None]:
    """The paragraphs of each article (None for one whose text cannot be read)."""
    texts: dict[str, list[Paragraph] | None] = {}
    for aid in article_ids:
        try:
            texts[aid] = library.paragraphs(aid)
        except StoreError:
            texts[aid] = None
    return texts
