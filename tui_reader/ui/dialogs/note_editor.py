"""A modal editor for a highlight's note: several lines, ctrl+s saves, escape cancels.

Keys typed ahead keep their order: ctrl+s and escape are priority bindings (the
text area must not take them), so they are handled before the letters typed
just before them have reached the text area. The editor therefore closes only
once the text area has taken those letters, and the keys typed after ctrl+s or
escape are handed on to the screen below once the editor is gone.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from tui_reader.sanitize import clean_multiline
from tui_reader.ui.widgets.key_bar import KeyBar
from tui_reader.ui.widgets.reader.article_rows import safe_text


class NoteEditor(ModalScreen[str | None]):
    """Edit a note; dismisses with the new text, or None when cancelled."""

    DEFAULT_CSS = """
    NoteEditor TextArea { height: 10; }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save note", id="note_editor.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="note_editor.cancel", priority=True),
    ]

    def __init__(self, quote: str, note: str) -> None:
        super().__init__()
        self._quote = safe_text(quote)
        self._note = clean_multiline(note)
        self._leaving = False
        self._typed_after: list[events.Key] = []
        """Keys that arrived after ctrl+s or escape: for the screen below."""

    def compose(self) -> ComposeResult:
        """The quote being annotated, the text area, the keys."""
        with Vertical(classes="dialog -wide"):
            yield Static(
                Text("Note on ") + Text(self._quote, style="italic"),
                classes="dialog-title",
            )
            yield TextArea(self._note, soft_wrap=True, show_line_numbers=False, id="note-text")
            yield Static(Text("ctrl+s save · escape cancel"), classes="dialog-hint")
        yield KeyBar(id="editor-keys")

    def on_mount(self) -> None:
        """Start typing at the end of the note."""
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        """Close with the edited note, once every letter typed before is in it."""
        area = self.query_one(TextArea)
        self._close_after(area, lambda: area.text, "ctrl+s")

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self._close_after(self.query_one(TextArea), lambda: None, "escape")

    def _close_after(self, area: TextArea, result: Callable[[], str | None], key: str) -> None:
        if self._leaving:  # typed ahead for the screen below
            self._typed_after.append(events.Key(key, None))
            return
        self._leaving = True
        self.set_focus(None)  # from now on keys come to this screen, which keeps them
        # Queued behind the keys the text area has yet to handle; closed from this screen.
        area.call_later(lambda: self.call_later(self._close, result()))

    def on_key(self, event: events.Key) -> None:
        """While closing, keep the keys typed ahead for the screen below."""
        if self._leaving:
            event.stop()
            event.prevent_default()
            self._typed_after.append(events.Key(event.key, event.character))

    def _close(self, result: str | None) -> None:
        typed_after, self._typed_after = self._typed_after, []
        self.dismiss(result)
        for key in typed_after:
            self.app.post_message(key)
