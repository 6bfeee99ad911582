"""A modal editor for a highlight's note: several lines, ctrl+s saves, escape cancels."""

from __future__ import annotations

from rich.text import Text
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
        """Close with the edited note."""
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)
