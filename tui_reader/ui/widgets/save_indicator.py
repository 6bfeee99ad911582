"""A small status cell showing whether changes are on disk: saved, saving, read-only, error."""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.widget import Widget

#: What the indicator says for each value of ``NewsreadApp.save_state``.
LABELS = {
    "saved": "✓ saved",
    "saving": "… saving",
    "read-only": "read-only",
    "error": "✗ not saved",
}

#: The states a session goes back and forth between (each write of a refresh or an
#: import): drawn at one width (``min-width``), so that a change of one to the other
#: redraws the cell alone, not the whole screen laid out again (a layout per write cost
#: the UI thread a full redraw while a refresh's workers held the GIL).
STEADY = ("saved", "saving")


class SaveIndicator(Widget):
    """Follows ``app.save_state``; the CSS class ``-<state>`` colours it."""

    DEFAULT_CSS = """
    SaveIndicator {
        width: auto;
        min-width: 10;  /* "… saving" and its padding: the width of every STEADY state */
        height: 1;
        padding: 0 1;
        color: $newsread-success;
        background: $panel;
        &.-saving { color: $newsread-warning; }
        &.-read-only { color: $newsread-warning; text-style: bold; }
        &.-error { color: $newsread-error; text-style: bold; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.state = "saved"

    def on_mount(self) -> None:
        """Start following the app's save state."""
        self.watch(self.app, "save_state", self._show, init=True)

    def _show(self, state: str) -> None:
        resized = not (state in STEADY and self.state in STEADY)
        self.remove_class(*(f"-{name}" for name in LABELS))
        self.state = state
        self.add_class(f"-{state}")
        self.refresh(layout=resized)

    def render(self) -> RenderResult:
        """The label for the current state."""
        return Content(LABELS.get(self.state, self.state))
