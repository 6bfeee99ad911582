"""A dialog with one line to edit: a title, the input, a hint and the keys."""

from __future__ import annotations

from typing import TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui_reader.ui.widgets.key_bar import KeyBar
from tui_reader.ui.widgets.reader.article_rows import safe_text

ResultT = TypeVar("ResultT")


class LineDialog(ModalScreen[ResultT | None]):
    """Enter dismisses with :meth:`value_of` the line, escape (``action_cancel``, bound by
    each dialog under its own binding id) with None."""

    HINT = ""
    """The line under the input (the keys it takes)."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self._title = safe_text(title)

    def make_input(self) -> Input:
        """The input, with what it starts with."""
        raise NotImplementedError

    def value_of(self, text: str) -> ResultT:
        """What the dialog gives back for the line ``text``."""
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        """What is being edited, the input, the hint, the keys."""
        with Vertical(classes="dialog"):
            yield Static(Text(self._title), classes="dialog-title")
            yield self.make_input()
            yield Static(Text(self.HINT), classes="dialog-hint")
        yield KeyBar(id="editor-keys")

    def on_mount(self) -> None:
        """Focus the input."""
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter saves."""
        event.stop()
        self.dismiss(self.value_of(event.value))

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)
