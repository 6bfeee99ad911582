"""A modal editor for tags: comma separated, with suggestions from tags already in use."""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding
from textual.suggester import SuggestFromList
from textual.widgets import Input

from tui_reader.sanitize import clean_tags
from tui_reader.ui.dialogs.line_dialog import LineDialog


def parse_tags(value: str) -> tuple[str, ...]:
    """Tags from comma-separated text, cleaned and de-duplicated."""
    return clean_tags(value.split(","))


class TagSuggester(SuggestFromList):
    """Suggests a known tag for the last comma-separated item being typed."""

    def __init__(self, tags: Iterable[str]) -> None:
        # Case-sensitive at the Suggester level so the typed value arrives intact;
        # matching below ignores case.
        super().__init__(tags, case_sensitive=True)
        self._folded = [t.casefold() for t in self._suggestions]

    async def get_suggestion(self, value: str) -> str | None:
        """The whole value with its last item completed, or None."""
        head, _, last = value.rpartition(",")
        stem = last.lstrip().casefold()
        if not stem:
            return None
        taken = {t.strip().casefold() for t in head.split(",")}
        for tag, folded in zip(self._suggestions, self._folded, strict=True):
            if folded.startswith(stem) and folded != stem and folded not in taken:
                return value + tag[len(stem) :]
        return None


class TagEditor(LineDialog[tuple[str, ...]]):
    """Edit tags; dismisses with the new tags, or None when cancelled.

    A tag typed in another case than a known one takes the known spelling.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="tag_editor.cancel", priority=True),
    ]
    HINT = "enter save · → accept suggestion · escape cancel"

    def __init__(self, title: str, tags: Iterable[str], suggestions: Iterable[str]) -> None:
        super().__init__(title)
        self._tags = clean_tags(tags)
        self._suggestions = list(suggestions)

    def make_input(self) -> Input:
        """The tags held so far, typing adding one after them (selected, the first key
        typed would have replaced them all); backspace edits them."""
        return Input(
            "".join(f"{tag}, " for tag in self._tags),
            placeholder="tags, separated by commas",
            suggester=TagSuggester(self._suggestions),
            select_on_focus=False,
            id="tags-input",
        )

    def value_of(self, text: str) -> tuple[str, ...]:
        """The tags typed, each known one in its known spelling."""
        known = {tag.casefold(): tag for tag in reversed(self._suggestions)}
        return tuple(known.get(tag.casefold(), tag) for tag in parse_tags(text))
