"""The newsread Textual app and the factory the CLI and the tests share."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import Screen

from tui_reader.config import Config, load_config
from tui_reader.sanitize import strip_unsafe
from tui_reader.store import Library, StoreError
from tui_reader.ui.commands import NewsreadCommands
from tui_reader.ui.saving import SaveJob, SaveQueue

#: The theme used when toggling from a dark theme, and the one used from a light theme.
DEFAULT_LIGHT = "textual-light"
DEFAULT_DARK = "textual-dark"


class NewsreadApp(App[None]):
    """The newsread app: the library screen, and the reader it opens."""

    TITLE = "newsread"
    CSS_PATH = "newsread.tcss"
    COMMANDS = App.COMMANDS | {NewsreadCommands}
    BINDING_GROUP_TITLE = "Everywhere"

    BINDINGS = [
        Binding(
            "question_mark", "help", "Help", tooltip="Show the keys of this screen", id="app.help"
        ),
        Binding(
            "ctrl+t",
            "toggle_theme",
            "Light/dark",
            show=False,
            tooltip="Switch between a light and a dark theme",
            id="app.toggle_theme",
        ),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            show=False,
            priority=True,
            tooltip="Open the command palette",
            id="app.commands",
        ),
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            show=False,
            priority=True,
            tooltip="Quit newsread",
            id="app.quit",
        ),
    ]

    save_state: reactive[str] = reactive("saved")
    """``saved``, ``saving``, ``error`` or ``read-only``: shown by the save indicator."""

    def __init__(
        self, library: Library, config: Config | None = None, open_article: str | None = None
    ) -> None:
        super().__init__()
        self.library = library
        self.config = config or Config()
        self.open_article = open_article
        """An article to open in the reader at start (``newsread read ID``)."""
        self._saver: SaveQueue | None = None
        self._other_theme = ""

    def on_mount(self) -> None:
        """Start the saver, apply the config, show the library, report what opening found."""
        self._saver = SaveQueue(self._post_from_saver, self._on_save_state)
        if self.library.read_only:
            self.save_state = "read-only"
        problems = [*self.config.problems, *self._apply_config()]
        if self.open_article:
            # Straight to the article; the library screen is built when the reader closes.
            from tui_reader.ui.screens.reader import ReaderScreen

            self.push_screen(ReaderScreen(self.library, self.open_article))
        else:
            from tui_reader.ui.screens.library import LibraryScreen

            self.push_screen(LibraryScreen())
        for message in problems:
            self.notify(message, severity="warning", timeout=8)
        self.report_library_warnings()

    def report_library_warnings(self) -> None:
        """Show what the library had to say since last asked (files are read lazily, so a
        damaged file found and restored mid-session is reported when it happens)."""
        for message in self.library.take_warnings():
            self.notify(message, severity="warning", timeout=12)

    def _apply_config(self) -> list[str]:
        """Apply the theme and keymap from the config file; messages for what was refused."""
        from tui_reader.ui.keymap import check_keymap, known_binding_ids

        problems: list[str] = []
        theme = self.config.theme
        if theme and theme in self.available_themes:
            self.theme = theme
        elif theme:
            problems.append(
                f"config: unknown theme {theme!r}; try {DEFAULT_DARK} or {DEFAULT_LIGHT}"
            )
        if self.config.keymap:
            keymap, bad = check_keymap(self.config.keymap, known_binding_ids())
            problems.extend(bad)
            self.set_keymap(keymap)
        return problems

    # ------------------------------------------------------------------ saving

    def check_writable(self) -> bool:
        """True when edits can be saved; otherwise say why (a notification) and return False."""
        if self.library.read_only:
            reason = self.library.read_only_reason or "the library is read-only"
            self.notify(f"Not saved: {reason}.", severity="error")
            return False
        return True

    def save(
        self,
        label: str,
        call: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[StoreError], None] | None = None,
    ) -> bool:
        """Run a store change on the saver thread; False (and a notice) when read-only."""
        if not self.check_writable():
            return False
        assert self._saver is not None, "save() called before the app mounted"
        self._saver.submit(SaveJob(label, call, on_done, on_error))
        return True

    class SaverReport(Message):
        """A saver-thread result to run on the UI thread."""

        def __init__(self, callback: Callable[[], None]) -> None:
            super().__init__()
            self.callback = callback

    def _post_from_saver(self, callback: Callable[[], None]) -> None:
        """Hand a result to the UI thread without waiting (post_message is thread-safe)."""
        self.post_message(self.SaverReport(callback))

    @on(SaverReport)
    def _run_saver_report(self, message: SaverReport) -> None:
        message.callback()

    def wait_for_saves(self, timeout: float = 10.0) -> bool:
        """Block until queued saves are on disk (tests, and before quitting)."""
        return self._saver.wait_idle(timeout) if self._saver else True

    def _on_save_state(self, state: str, detail: str) -> None:
        self.report_library_warnings()
        if self.library.read_only:
            state = "read-only"
        self.save_state = state
        if state == "error":
            self.notify(f"Could not save {detail}", severity="error", timeout=10)

    # ------------------------------------------------------------------ actions

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a notification. Always plain text: messages often quote titles, tags or paths,
        so markup is off and control characters (escape sequences) are dropped."""
        super().notify(
            strip_unsafe(message),
            title=strip_unsafe(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def action_help_quit(self) -> None:
        """ctrl+c does not quit: say which key does."""
        for active in self.active_bindings.values():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(f"Press {self.get_key_display(active.binding)} to quit")
                return

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's theme picker and screenshot; help and quit come from our own provider."""
        for command in super().get_system_commands(screen):
            if command.title in ("Theme", "Screenshot"):
                yield command

    def action_help(self) -> None:
        """Show the keys of the current screen, generated from its bindings."""
        from tui_reader.ui.dialogs.help import HelpScreen, help_sections

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(help_sections(self.screen)))

    def action_toggle_theme(self) -> None:
        """Switch between a light and a dark theme (back to the previous one of each kind)."""
        current = self.theme
        dark = self.current_theme.dark
        candidate = self.get_theme(self._other_theme) if self._other_theme else None
        other = self._other_theme
        if candidate is None or candidate.dark == dark:
            other = DEFAULT_LIGHT if dark else DEFAULT_DARK
        self._other_theme = current
        self.theme = other

    def action_export_article(self, article_id: str) -> None:
        """Export one article's highlights and notes (the reader's ``e``)."""
        self.export_articles([article_id])

    def export_articles(self, article_ids: Sequence[str]) -> None:
        """Export these articles through the one export entry point."""
        from tui_reader.ui.export_action import run_export

        run_export(self, article_ids)

    async def action_quit(self) -> None:
        """Quit once pending saves are written."""
        self.wait_for_saves()
        self.exit()

    def on_unmount(self) -> None:
        """Stop the saver thread after it has written everything."""
        if self._saver is not None:
            self._saver.stop()


def create_app(
    library: Library, config: Config | None = None, open_article: str | None = None
) -> NewsreadApp:
    """Build the app for ``library``: the one wiring used by the CLI and the tests.

    ``open_article`` (an article id) opens the reader on it straight away.
    """
    return NewsreadApp(library, config if config is not None else load_config(), open_article)
