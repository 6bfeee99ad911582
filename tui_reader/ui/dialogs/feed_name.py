"""The dialog that names a feed: the name is kept when the channel renames itself."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input

from tui_reader.sanitize import clean_line
from tui_reader.ui.dialogs.line_dialog import LineDialog


class FeedNameDialog(LineDialog[str]):
    """Edit a feed's name; dismisses with it ("" gives the feed its channel's title back),
    or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="feed_name.cancel", priority=True),
    ]
    HINT = "enter save · empty: the channel's title · escape cancel"

    def __init__(self, title: str, name: str) -> None:
        super().__init__(title)
        self._name = clean_line(name)

    def make_input(self) -> Input:
        """The feed's name, to edit in place."""
        return Input(
            self._name,
            placeholder="empty: the channel's own title",
            select_on_focus=False,
            id="feed-name-input",
        )

    def value_of(self, text: str) -> str:
        """The name typed, as one clean line."""
        return clean_line(text)
