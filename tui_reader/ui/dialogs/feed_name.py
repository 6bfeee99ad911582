"""The dialog that names a feed: the name is kept when the channel renames itself."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui_reader.sanitize import clean_line
from tui_reader.ui.widgets.key_bar import KeyBar
from tui_reader.ui.widgets.reader.article_rows import safe_text


class FeedNameDialog(ModalScreen[str | None]):
    """Edit a feed's name; dismisses with it ("" gives the feed its channel's title back),
    or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="feed_name.cancel", priority=True),
    ]

    def __init__(self, title: str, name: str) -> None:
        super().__init__()
        self._title = safe_text(title)
        self._name = clean_line(name)

    def compose(self) -> ComposeResult:
        """What is being named, the input, the keys."""
        with Vertical(classes="dialog"):
            yield Static(Text(self._title), classes="dialog-title")
            yield Input(
                self._name,
                placeholder="empty: the channel's own title",
                select_on_focus=False,
                id="feed-name-input",
            )
            yield Static(
                Text("enter save · empty: the channel's title · escape cancel"),
                classes="dialog-hint",
            )
        yield KeyBar(id="editor-keys")

    def on_mount(self) -> None:
        """Focus the input."""
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter saves."""
        event.stop()
        self.dismiss(clean_line(event.value))

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)
