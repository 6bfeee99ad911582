"""The newsread Textual app and the factory the CLI and the tests share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.reactive import reactive

from tui_reader.config import Config, load_config
from tui_reader.store import Library, StoreError
from tui_reader.ui.saving import SaveJob, SaveQueue


class NewsreadApp(App[None]):
    """The newsread app: the library screen, and the reader it opens."""

    TITLE = "newsread"

    save_state: reactive[str] = reactive("saved")
    """``saved``, ``saving``, ``error`` or ``read-only``: shown by the save indicator."""

    def __init__(self, library: Library, config: Config | None = None) -> None:
        super().__init__()
        self.library = library
        self.config = config or Config()
        self._saver: SaveQueue | None = None

    def on_mount(self) -> None:
        """Start the saver, show the library, tell the user what opening found."""
        from tui_reader.ui.screens.library import LibraryScreen

        self._saver = SaveQueue(self.call_from_thread, self._on_save_state)
        if self.library.read_only:
            self.save_state = "read-only"
        self.push_screen(LibraryScreen())
        for message in [*self.library.warnings, *self.config.problems]:
            self.notify(message, severity="warning", timeout=8)

    def save(
        self,
        label: str,
        call: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[StoreError], None] | None = None,
    ) -> bool:
        """Run a store change on the saver thread; False (and a notice) when read-only."""
        if self.library.read_only:
            reason = self.library.read_only_reason or "the library is read-only"
            self.notify(f"Not saved: {reason}.", severity="error")
            return False
        assert self._saver is not None, "save() called before the app mounted"
        self._saver.submit(SaveJob(label, call, on_done, on_error))
        return True

    def wait_for_saves(self, timeout: float = 10.0) -> bool:
        """Block until queued saves are on disk (tests, and before quitting)."""
        return self._saver.wait_idle(timeout) if self._saver else True

    def _on_save_state(self, state: str, detail: str) -> None:
        if self.library.read_only:
            state = "read-only"
        self.save_state = state
        if state == "error":
            self.notify(f"Could not save {detail}", severity="error", timeout=10)

    async def action_quit(self) -> None:
        """Quit once pending saves are written."""
        self.wait_for_saves()
        self.exit()

    def on_unmount(self) -> None:
        """Stop the saver thread after it has written everything."""
        if self._saver is not None:
            self._saver.stop()


def create_app(library: Library, config: Config | None = None) -> NewsreadApp:
    """Build the app for ``library``: the one wiring used by the CLI and the tests."""
    return NewsreadApp(library, config if config is not None else load_config())
