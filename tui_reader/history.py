"""Undo and redo for annotation changes, as (before, after) records.

Every change the reader makes to a highlight (create, colour, note, tags,
delete) or to an article's tags or note is recorded as an :class:`Edit` holding the
state before and after. Undo applies the "before" state through the store,
redo the "after" state, so both go through the same code as any edit.
No UI code lives here.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field, replace
from typing import Protocol

from tui_reader.model import Highlight
from tui_reader.store.errors import NotFound


class _Store(Protocol):
    """The part of the library that applying an edit needs."""

    def put_highlight(self, hl: Highlight) -> Highlight: ...
    def delete_highlight(self, article_id: str, highlight_id: str) -> Highlight: ...
    def set_tags(self, article_id: str, tags: tuple[str, ...]) -> object: ...
    def set_note(self, article_id: str, note: str) -> object: ...


@dataclass(frozen=True, slots=True)
class HighlightEdit:
    """A highlight before and after a change (None: it did not exist)."""

    label: str
    """What changed, for messages: "highlight", "colour", "note", "tags", "delete"."""
    before: Highlight | None
    after: Highlight | None

    def __post_init__(self) -> None:
        if self.before is None and self.after is None:
            raise ValueError("an edit needs a highlight before or after")

    @property
    def article_id(self) -> str:
        """The article the highlight belongs to."""
        hl = self.after or self.before
        assert hl is not None
        return hl.article_id

    @property
    def highlight_id(self) -> str:
        """The highlight's id."""
        hl = self.after or self.before
        assert hl is not None
        return hl.id

    def inverse(self) -> HighlightEdit:
        """The edit that undoes this one."""
        return HighlightEdit(self.label, self.after, self.before)


@dataclass(frozen=True, slots=True)
class ArticleTagsEdit:
    """An article's tags before and after a change."""

    article_id: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    label: str = "article tags"

    def inverse(self) -> ArticleTagsEdit:
        """The edit that undoes this one."""
        return ArticleTagsEdit(self.article_id, self.after, self.before, self.label)


@dataclass(frozen=True, slots=True)
class ArticleNoteEdit:
    """An article's own note before and after a change."""

    article_id: str
    before: str
    after: str
    label: str = "article note"

    def inverse(self) -> ArticleNoteEdit:
        """The edit that undoes this one."""
        return ArticleNoteEdit(self.article_id, self.after, self.before, self.label)


Edit = HighlightEdit | ArticleTagsEdit | ArticleNoteEdit


def apply_edit(store: _Store, edit: Edit) -> None:
    """Make the store hold ``edit``'s "after" state."""
    if isinstance(edit, ArticleTagsEdit):
        store.set_tags(edit.article_id, edit.after)
    elif isinstance(edit, ArticleNoteEdit):
        store.set_note(edit.article_id, edit.after)
    elif edit.after is not None:
        store.put_highlight(edit.after)
    else:
        with suppress(NotFound):  # already gone is the state we want
            store.delete_highlight(edit.article_id, edit.highlight_id)


@dataclass(slots=True)
class History:
    """A bounded undo stack and its redo stack."""

    limit: int = 500
    """How many edits to remember; the oldest are forgotten first."""
    _undo: list[Edit] = field(default_factory=list)
    _redo: list[Edit] = field(default_factory=list)

    def record(self, edit: Edit) -> None:
        """Remember a new edit; anything that could be redone is forgotten."""
        self._undo.append(edit)
        if len(self._undo) > self.limit:
            del self._undo[: len(self._undo) - self.limit]
        self._redo.clear()

    def discard(self, edit: Edit) -> None:
        """Forget ``edit`` altogether: its save failed, so there is nothing to undo or redo."""
        self._undo = [e for e in self._undo if e is not edit]
        self._redo = [e for e in self._redo if e is not edit]

    @property
    def can_undo(self) -> bool:
        """True when there is an edit to undo."""
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        """True when there is an undone edit to redo."""
        return bool(self._redo)

    def peek_undo(self) -> Edit | None:
        """The edit that :meth:`undo` would reverse, without moving."""
        return self._undo[-1] if self._undo else None

    def peek_redo(self) -> Edit | None:
        """The edit that :meth:`redo` would apply again, without moving."""
        return self._redo[-1] if self._redo else None

    def undo(self) -> Edit | None:
        """Step back: returns the edit to apply (the inverse of the last one)."""
        if not self._undo:
            return None
        edit = self._undo.pop()
        self._redo.append(edit)
        return edit.inverse()

    def redo(self) -> Edit | None:
        """Step forward again: returns the edit to apply."""
        if not self._redo:
            return None
        edit = self._redo.pop()
        self._undo.append(edit)
        return edit

    def move_highlights(self, move: Callable[[Highlight], Highlight]) -> None:
        """Pass every highlight the edits hold through ``move`` (the article's text was
        replaced: ``move`` gives each its place in the new text), so that undo and redo
        put highlights where the new text has their words, never at their old offsets."""

        def moved(edit: Edit) -> Edit:
            if not isinstance(edit, HighlightEdit):
                return edit
            before = None if edit.before is None else move(edit.before)
            after = None if edit.after is None else move(edit.after)
            return replace(edit, before=before, after=after)

        self._undo = [moved(e) for e in self._undo]
        self._redo = [moved(e) for e in self._redo]
