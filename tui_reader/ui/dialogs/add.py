"""The dialog that asks what to import: a path (with completion) or a URL."""

from __future__ import annotations

import os
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Static


class PathSuggester(Suggester):
    """Completes the last part of a file path from what is on disk."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        """``value`` completed with the first matching entry of its folder."""
        if not value or value.lower().startswith(("http://", "https://")):
            return None
        folder, stem = os.path.split(os.path.expanduser(value))
        try:
            names = sorted(p.name for p in Path(folder or ".").iterdir())
        except OSError:
            return None
        for name in names:
            if name.startswith(stem) and (stem.startswith(".") or not name.startswith(".")):
                is_dir = Path(folder or ".", name).is_dir()
                return value + name[len(stem) :] + (os.sep if is_dir else "")
        return None


class AddDialog(ModalScreen[str | None]):
    """Asks for a file, folder or URL; dismisses with it, or None when cancelled."""

    BINDING_GROUP_TITLE = "Add articles"
    PROMPT = "Add articles from a file, a folder or a URL"
    PLACEHOLDER = "~/articles/ or https://example.org/story"
    HINT = "enter imports · tab or → completes a path · escape cancels"
    EMPTY = "Type a file, a folder or a URL to import (escape cancels)"
    """Said in place of the hint when enter is pressed on an empty box (which stays open)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="add.cancel"),
        Binding("tab", "complete", "Complete the path", show=False, id="add.complete"),
    ]

    def compose(self) -> ComposeResult:
        """A prompt and the input."""
        with Vertical(classes="dialog"):
            yield Static(self.PROMPT, classes="dialog-title")
            yield Input(placeholder=self.PLACEHOLDER, suggester=PathSuggester(), id="add-input")
            yield Static(self.HINT, classes="dialog-hint", id="add-hint")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if not value:  # say what is expected; escape is the way out
            hint = self.query_one("#add-hint", Static)
            hint.update(self.EMPTY)
            hint.add_class("-empty")
            return
        if not value.lower().startswith(("http://", "https://")):
            value = os.path.expanduser(value)
        self.dismiss(value)

    @on(Input.Changed)
    def _changed(self) -> None:
        hint = self.query_one("#add-hint", Static)
        if hint.has_class("-empty"):  # typing: the usual hint again
            hint.update(self.HINT)
            hint.remove_class("-empty")

    def action_complete(self) -> None:
        """Accept the suggested completion of the path."""
        field = self.query_one("#add-input", Input)
        field.cursor_position = len(field.value)
        field.action_cursor_right()

    def action_cancel(self) -> None:
        """Close without importing."""
        self.dismiss(None)


class FeedAddDialog(AddDialog):
    """Asks for a feed to follow: its URL, a web page that links to it, or a feed file."""

    BINDING_GROUP_TITLE = "Follow a feed"
    PROMPT = "Follow a feed: its URL, a page linking to it, or a feed file"
    PLACEHOLDER = "https://example.org/blog/ or ~/feeds/news.xml"
    HINT = "enter follows · tab or → completes a path · escape cancels"
    EMPTY = "Type a feed's address, a page that links to one, or a local file (escape cancels)"
