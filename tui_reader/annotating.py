"""The open article and every decision the reader makes about it, without a screen.

An :class:`AnnotationSession` holds one article as the reader shows it: its
paragraphs, its highlights, its tags, the undo history, the saves still on
their way to disk and the reading position last sent. Its methods take what
the screen knows (the cursor paragraph, the selection, the highlight under
the cursor) and return an :class:`Outcome`: the edits to draw, the store
operations to save, and what to tell the user.

The session does no I/O. The screen hands each :data:`SaveOp` to the app's
saver (which runs ``op.apply(library)`` on its thread) and reports back with
:meth:`AnnotationSession.save_done` or :meth:`AnnotationSession.save_failed`.
A failed save is rolled back here: the edit leaves the undo history, and once
no other save of the same item is pending the session shows again what the
store holds, which it knows without reading it: what was loaded, plus every
save confirmed since (a store call that fails changes nothing).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import IntEnum
from typing import Literal, Protocol

from tui_reader.anchoring import make_anchor, reanchor
from tui_reader.highlighting import new_highlight
from tui_reader.history import (
    ArticleNoteEdit,
    ArticleTagsEdit,
    Edit,
    HighlightEdit,
    History,
    apply_edit,
)
from tui_reader.model import COLOURS, Article, Highlight, Paragraph, ReadingState
from tui_reader.sanitize import clean_multiline, clean_tags

Severity = Literal["information", "warning", "error"]

#: The key of the article's tags among the items a session edits (highlight ids are hex).
ARTICLE_TAGS = "article-tags"
#: The key of the article's own note among the items a session edits.
ARTICLE_NOTE = "article-note"

Value = Highlight | tuple[str, ...] | str | None
"""What an item holds: a highlight (None: none), the article's tags or its note."""


class Direction(IntEnum):
    """Which way to move through the undo history."""

    UNDO = -1
    REDO = 1


class Store(Protocol):
    """The part of the library that the session's save operations call."""

    def put_highlight(self, hl: Highlight) -> Highlight: ...
    def delete_highlight(self, article_id: str, highlight_id: str) -> Highlight: ...
    def set_tags(self, article_id: str, tags: tuple[str, ...]) -> object: ...
    def set_note(self, article_id: str, note: str) -> object: ...
    def set_position(self, article_id: str, paragraph: int) -> object: ...
    def set_state(self, article_id: str, state: ReadingState) -> object: ...


@dataclass(eq=False, slots=True)
class EditSave:
    """Save an annotation edit (a new one, an undo or a redo)."""

    edit: Edit
    """What the store must come to hold."""
    entry: Edit
    """The undo history's entry this save belongs to (``edit`` itself, or what it undoes)."""
    direction: Direction | None = None
    """None for a new edit; UNDO or REDO for a step through the history."""

    @property
    def label(self) -> str:
        """What is being saved, for messages ("note", "undo delete")."""
        verb = {None: "", Direction.UNDO: "undo ", Direction.REDO: "redo "}[self.direction]
        return verb + self.entry.label

    def apply(self, store: Store) -> None:
        """Make the store hold :attr:`edit`'s "after" state."""
        apply_edit(store, self.edit)


@dataclass(eq=False, slots=True)
class PositionSave:
    """Save the reading position."""

    article_id: str
    position: int
    previous: int
    """The position saved before, restored as "saved" if this one fails."""
    label: str = "reading position"

    def apply(self, store: Store) -> None:
        """Save the position (an unread article becomes "reading")."""
        store.set_position(self.article_id, self.position)


@dataclass(eq=False, slots=True)
class MarkRead:
    """Save the position at the end of the article and mark the article read."""

    article_id: str
    position: int
    previous: int
    previous_state: ReadingState
    label: str = "reading state"

    def apply(self, store: Store) -> None:
        """Save the position, then the state."""
        store.set_position(self.article_id, self.position)
        store.set_state(self.article_id, ReadingState.READ)


SaveOp = EditSave | PositionSave | MarkRead
"""A store operation the session asks for; run by the saver with ``op.apply(library)``."""


@dataclass(frozen=True, slots=True)
class Notice:
    """A line to tell the user."""

    text: str
    severity: Severity = "information"


@dataclass(slots=True)
class Outcome:
    """What a session call decided: what to draw, what to save, what to say."""

    show: list[Edit] = field(default_factory=list)
    """Edits to draw, in order (their "after" state is what to show)."""
    saves: list[SaveOp] = field(default_factory=list)
    """Store operations for the saver, in order; report each back."""
    notice: Notice | None = None
    active: str | None = None
    """A highlight to make the one keys act on (any selection ends)."""
    cursor: int | None = None
    """A paragraph to move the cursor to."""
    reveal: int | None = None
    """A paragraph to scroll into view."""


class AnnotationSession:
    """One open article: its highlights and tags, undo, pending saves, reading position."""

    def __init__(
        self,
        article: Article,
        paragraphs: Sequence[Paragraph],
        highlights: Iterable[Highlight],
        *,
        read_only_reason: str | None = None,
        history_limit: int = 500,
    ) -> None:
        """``read_only_reason``: why nothing can be saved (None when the library is writable)."""
        self.article = article
        """The article record as shown (tags, state and position change here first)."""
        self.paragraphs = list(paragraphs)
        self.read_only_reason = read_only_reason
        self.history = History(limit=history_limit)
        self._highlights: dict[str, Highlight] = {hl.id: hl for hl in highlights}
        self._spans_index: dict[tuple[int, int, int], list[str]] | None = None
        self._pending: list[EditSave] = []
        self._stored: dict[str, Value] = {}
        """What the store holds for each item with saves pending (shown == stored otherwise)."""
        self.saved_position = article.position
        """The reading position last sent to be saved."""

    # ------------------------------------------------------------------ reading

    @property
    def article_id(self) -> str:
        """The open article's id."""
        return self.article.id

    @property
    def read_only(self) -> bool:
        """True when nothing can be saved."""
        return self.read_only_reason is not None

    @property
    def is_read(self) -> bool:
        """True once the article is marked read."""
        return self.article.state is ReadingState.READ

    def __len__(self) -> int:
        return len(self._highlights)

    def get(self, highlight_id: str) -> Highlight | None:
        """A highlight as shown, by id."""
        return self._highlights.get(highlight_id)

    def highlights(self) -> list[Highlight]:
        """Every highlight as shown, in reading order (orphans last)."""
        return sorted(self._highlights.values(), key=lambda h: h.sort_key)

    def orphans(self) -> list[Highlight]:
        """The highlights without a place in the text (lost on a re-import, or imported
        quotes that were never found), in the order they are listed."""
        return [hl for hl in self.highlights() if not self._placed(hl)]

    def at_span(self, paragraph: int, start: int, end: int) -> Highlight | None:
        """The (first) placed highlight of exactly this span, if any."""
        ids = self._spans.get((paragraph, start, end))
        return self._highlights[ids[0]] if ids else None

    @property
    def _spans(self) -> dict[tuple[int, int, int], list[str]]:
        """Placed highlights by exact span: built on first use (opening stays cheap)."""
        if self._spans_index is None:
            self._spans_index = {}
            for hl in self._highlights.values():
                if self._placed(hl):
                    self._spans_index.setdefault(_span(hl), []).append(hl.id)
        return self._spans_index

    def _placed(self, hl: Highlight) -> bool:
        return not hl.orphan and 0 <= hl.anchor.paragraph < len(self.paragraphs)

    def refusal(self) -> Notice | None:
        """Why edits cannot be saved (read-only), or None when they can."""
        if self.read_only_reason is None:
            return None
        return Notice(f"Not saved: {self.read_only_reason or 'the library is read-only'}.", "error")

    def take_history(self, old: AnnotationSession) -> bool:
        """Carry ``old``'s undo and redo over to this session, which holds the same article
        after its text was replaced (a refresh); True when there is anything to undo or redo.

        Each highlight the history holds is put where the new text has it: where the store
        placed it (a highlight still there), else placed again by its quote as the store
        does (one deleted here, which undo would bring back); one whose quote is gone
        becomes an orphan. An orphan stays as it was. Call it with no save pending.
        """
        placed: dict[str, Highlight] = {}

        def move(hl: Highlight) -> Highlight:
            if hl.orphan:
                return hl
            now = self._highlights.get(hl.id)
            if now is not None and not now.orphan:
                return replace(hl, anchor=now.anchor, orphan=False)
            key = f"{hl.id}:{hl.anchor.paragraph}:{hl.anchor.start}:{hl.anchor.end}"
            if key not in placed:
                [again] = reanchor([hl], old.paragraphs, self.paragraphs)
                placed[key] = again.highlight
            again_hl = placed[key]
            return replace(hl, anchor=again_hl.anchor, orphan=again_hl.orphan)

        old.history.move_highlights(move)
        self.history = old.history
        return self.history.can_undo or self.history.can_redo

    # ------------------------------------------------------------------ annotating

    def highlight(self, paragraph: int, span: tuple[int, int] | None, colour: str) -> Outcome:
        """Highlight ``span`` of a paragraph (the whole paragraph when None)."""
        if not 0 <= paragraph < len(self.paragraphs):
            return Outcome()
        start, end = span or (0, len(self.paragraphs[paragraph].text))
        if start >= end:
            return Outcome(notice=Notice("Nothing to highlight here.", "warning"))
        existing = self.at_span(paragraph, start, end)
        if existing is not None:
            return Outcome(
                active=existing.id, notice=Notice("Already highlighted: 1-5 change its colour.")
            )
        hl = new_highlight(self.article_id, self.paragraphs, paragraph, start, end, colour=colour)
        outcome = self._commit(HighlightEdit("highlight", None, hl))
        if outcome.saves:
            outcome.active = hl.id
        return outcome

    def place(self, highlight_id: str, paragraph: int, span: tuple[int, int] | None) -> Outcome:
        """Give an orphan its place: ``span`` of a paragraph (the whole paragraph when None).

        It stays the same highlight (id, colour, note, tags, creation date) with a
        new anchor taken from the text; undo makes it an orphan again.
        """
        hl = self._highlights.get(highlight_id)
        if hl is None:
            return Outcome()
        if self._placed(hl):
            return Outcome(notice=Notice("That highlight has its place already.", "warning"))
        if not 0 <= paragraph < len(self.paragraphs):
            return Outcome()
        start, end = span or (0, len(self.paragraphs[paragraph].text))
        if start >= end:
            return Outcome(notice=Notice("Nothing to place it on here.", "warning"))
        anchor = make_anchor(self.paragraphs, paragraph, start, end)
        outcome = self._commit(HighlightEdit("place", hl, hl.evolve(anchor=anchor, orphan=False)))
        if outcome.saves:
            outcome.active = hl.id
            outcome.cursor = paragraph
            outcome.notice = Notice("Orphan placed: u to undo.")
        return outcome

    def set_colour(self, highlight_id: str, colour: str) -> Outcome:
        """Give a highlight another colour (nothing when it has it already)."""
        if colour not in COLOURS:
            raise ValueError(f"unknown colour {colour!r}")
        hl = self._highlights.get(highlight_id)
        if hl is None or hl.colour == colour:
            return Outcome()
        return self._commit(HighlightEdit("colour", hl, hl.evolve(colour=colour)))

    def set_note(self, highlight_id: str, note: str) -> Outcome:
        """Replace a highlight's note (sanitised; nothing when unchanged)."""
        hl = self._highlights.get(highlight_id)
        note = clean_multiline(note)
        if hl is None or note == hl.note:
            return Outcome()
        return self._commit(HighlightEdit("note", hl, hl.evolve(note=note)))

    def set_tags(self, highlight_id: str, tags: Iterable[str]) -> Outcome:
        """Replace a highlight's tags (sanitised; nothing when unchanged)."""
        hl = self._highlights.get(highlight_id)
        cleaned = clean_tags(tags)
        if hl is None or cleaned == hl.tags:
            return Outcome()
        return self._commit(HighlightEdit("tags", hl, hl.evolve(tags=cleaned)))

    def set_article_tags(self, tags: Iterable[str]) -> Outcome:
        """Replace the article's tags (sanitised; nothing when unchanged)."""
        cleaned = clean_tags(tags)
        if cleaned == self.article.tags:
            return Outcome()
        return self._commit(ArticleTagsEdit(self.article_id, self.article.tags, cleaned))

    def set_article_note(self, note: str) -> Outcome:
        """Replace the article's own note (sanitised; nothing when unchanged)."""
        cleaned = clean_multiline(note)
        if cleaned == self.article.note:
            return Outcome()
        return self._commit(ArticleNoteEdit(self.article_id, self.article.note, cleaned))

    def delete(self, highlight_id: str) -> Outcome:
        """Delete a highlight (undo brings it back)."""
        hl = self._highlights.get(highlight_id)
        if hl is None:
            return Outcome()
        outcome = self._commit(HighlightEdit("delete", hl, None))
        if outcome.saves:
            outcome.notice = Notice("Highlight deleted: u to undo.")
        return outcome

    def step(self, direction: Direction) -> Outcome:
        """Undo the last edit, or redo the last undone one; the cursor goes to what changed."""
        undo = direction is Direction.UNDO
        entry = self.history.peek_undo() if undo else self.history.peek_redo()
        if entry is None:
            return Outcome(notice=Notice(f"Nothing to {'undo' if undo else 'redo'}."))
        refusal = self.refusal()
        if refusal is not None:
            return Outcome(notice=refusal)
        edit = self.history.undo() if undo else self.history.redo()
        assert edit is not None
        save = EditSave(edit, entry, direction)
        outcome = Outcome(notice=Notice(f"{'Undone' if undo else 'Redone'}: {entry.label}."))
        self._send(save, outcome)
        if isinstance(edit, ArticleTagsEdit | ArticleNoteEdit):
            outcome.reveal = 0
        else:
            hl = edit.after or edit.before
            assert hl is not None
            if not hl.orphan and 0 <= hl.anchor.paragraph < len(self.paragraphs):
                outcome.cursor = hl.anchor.paragraph
                if edit.after is not None:
                    outcome.active = hl.id
        return outcome

    def _commit(self, edit: Edit) -> Outcome:
        """A new edit: shown at once, remembered for undo, sent to be saved."""
        refusal = self.refusal()
        if refusal is not None:
            return Outcome(notice=refusal)
        self.history.record(edit)
        outcome = Outcome()
        self._send(EditSave(edit, edit), outcome)
        if isinstance(edit, HighlightEdit):
            hl = edit.after or edit.before
            assert hl is not None
            if self._placed(hl):  # an orphan is listed at the end, not in its old paragraph
                outcome.reveal = hl.anchor.paragraph
        return outcome

    def _send(self, save: EditSave, outcome: Outcome) -> None:
        key = _item_key(save.edit)
        if not any(_item_key(p.edit) == key for p in self._pending):
            self._stored[key] = self._shown(key)  # nothing pending: the store holds what is shown
        self._pending.append(save)
        self._show(save.edit)
        outcome.show.append(save.edit)
        outcome.saves.append(save)

    # ------------------------------------------------------------------ saves

    def save_done(self, op: SaveOp) -> Outcome:
        """The saver wrote ``op``."""
        if not isinstance(op, EditSave):
            return Outcome()
        key = _item_key(op.edit)
        self._stored[key] = _value(op.edit)
        return self._settle(op)

    def save_failed(self, op: SaveOp) -> Outcome:
        """The saver could not write ``op`` (or refused it): undo what it promised."""
        if isinstance(op, PositionSave | MarkRead):
            if self.saved_position == op.position:
                self.saved_position = op.previous  # the next chance saves it again
            if isinstance(op, MarkRead):
                # Not marked read after all: the next time at the end tries again.
                self.article = replace(self.article, state=op.previous_state)
            return Outcome()
        if op.direction is None:
            self.history.discard(op.entry)
        elif op.direction is Direction.UNDO:
            if self.history.peek_redo() is op.entry:
                self.history.redo()  # still to undo
        elif self.history.peek_undo() is op.entry:
            self.history.undo()  # still to redo
        return self._settle(op)

    def _settle(self, op: EditSave) -> Outcome:
        """``op`` is done with: once its item has no save pending, show what the store holds."""
        self._pending = [p for p in self._pending if p is not op]
        key = _item_key(op.edit)
        outcome = Outcome()
        if any(_item_key(p.edit) == key for p in self._pending):
            return outcome  # a later save of the item reports too
        stored = self._stored.pop(key, None)
        shown = self._shown(key)
        if stored == shown:
            return outcome
        if key == ARTICLE_TAGS:
            assert isinstance(stored, tuple) and isinstance(shown, tuple)
            edit: Edit = ArticleTagsEdit(self.article_id, shown, stored)
        elif key == ARTICLE_NOTE:
            assert isinstance(stored, str) and isinstance(shown, str)
            edit = ArticleNoteEdit(self.article_id, shown, stored)
        else:
            assert not isinstance(stored, tuple | str) and not isinstance(shown, tuple | str)
            edit = HighlightEdit("stored", shown, stored)
        self._show(edit)
        outcome.show.append(edit)
        return outcome

    @property
    def pending(self) -> int:
        """Annotation saves sent and not reported yet."""
        return len(self._pending)

    # ------------------------------------------------------------------ reading position

    def save_position(self, cursor: int) -> PositionSave | None:
        """The position save to send now (the reader rested or left), if any is needed."""
        if self.read_only or cursor == self.saved_position:
            return None
        op = PositionSave(self.article_id, cursor, self.saved_position)
        self.saved_position = cursor
        return op

    def cursor_at(self, cursor: int) -> MarkRead | None:
        """The cursor is on ``cursor``: on the last paragraph the article is marked read (once)."""
        count = len(self.paragraphs)
        at_end = count > 0 and cursor == count - 1
        if not at_end or self.is_read or self.read_only:
            return None
        op = MarkRead(self.article_id, cursor, self.saved_position, self.article.state)
        self.saved_position = cursor
        self.article = replace(self.article, state=ReadingState.READ, position=cursor)
        return op

    # ------------------------------------------------------------------ state

    def _shown(self, key: str) -> Value:
        if key == ARTICLE_TAGS:
            return self.article.tags
        if key == ARTICLE_NOTE:
            return self.article.note
        return self._highlights.get(key)

    def _show(self, edit: Edit) -> None:
        if isinstance(edit, ArticleTagsEdit):
            self.article = replace(self.article, tags=edit.after)
        elif isinstance(edit, ArticleNoteEdit):
            self.article = replace(self.article, note=edit.after)
        elif edit.after is None:
            self._unindex(edit.highlight_id)
        else:
            self._index(edit.after)

    def _index(self, hl: Highlight) -> None:
        old = self._highlights.get(hl.id)
        if old is not None and _span(old) == _span(hl) and self._placed(old) == self._placed(hl):
            self._highlights[hl.id] = hl  # same place among highlights of the same span
            return
        self._unindex(hl.id)
        self._highlights[hl.id] = hl
        if self._spans_index is not None and self._placed(hl):
            self._spans_index.setdefault(_span(hl), []).append(hl.id)

    def _unindex(self, highlight_id: str) -> None:
        old = self._highlights.pop(highlight_id, None)
        if old is None:
            return
        if self._spans_index is None:
            return
        ids = self._spans_index.get(_span(old))
        if ids is not None and highlight_id in ids:
            ids.remove(highlight_id)
            if not ids:
                del self._spans_index[_span(old)]


def _span(hl: Highlight) -> tuple[int, int, int]:
    return (hl.anchor.paragraph, hl.anchor.start, hl.anchor.end)


def _item_key(edit: Edit) -> str:
    """What an edit changes: a highlight (by id), the article's tags or its note."""
    if isinstance(edit, ArticleTagsEdit):
        return ARTICLE_TAGS
    if isinstance(edit, ArticleNoteEdit):
        return ARTICLE_NOTE
    return edit.highlight_id


def _value(edit: Edit) -> Value:
    """The state an edit leaves its item in."""
    return edit.after
