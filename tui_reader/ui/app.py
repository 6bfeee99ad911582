"""The newsread Textual app and the factory the CLI and the tests share."""

from __future__ import annotations

import contextlib
import dataclasses
import threading
from collections import deque
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.notifications import Notification, Notify, SeverityLevel
from textual.reactive import reactive
from textual.screen import Screen
from textual.theme import Theme

from tui_reader.config import Config, load_config, remember_theme
from tui_reader.model import Article
from tui_reader.review.request import ReviewRequest
from tui_reader.sanitize import strip_unsafe
from tui_reader.store import Library, StoreError
from tui_reader.ui.commands import PaletteCommand, palette
from tui_reader.ui.messages import (
    CheckLibraryWarnings,
    CloseReader,
    ExportRequested,
    ImportRequested,
    LibraryListed,
    OpenArticle,
    OpenFeeds,
    OpenHighlights,
    OpenReview,
    OpenStats,
    RefreshFinished,
    RefreshProgress,
    RefreshRequested,
    ShowFeed,
)
from tui_reader.ui.saving import Saver, SaverState
from tui_reader.ui.services import Services
from tui_reader.ui.startup_collector import HOLD_LIMIT, StartupCollector
from tui_reader.ui.typeahead import KeySettled, TypeAhead
from tui_reader.ui.worker_failures import ReportsFailedWorkers

#: The theme used when toggling from a dark theme, and the one used from a light theme.
DEFAULT_LIGHT = "textual-light"
DEFAULT_DARK = "textual-dark"


#: Seconds quitting waits for the saver to write what is queued.
QUIT_WAIT = 10.0

#: Commands offered in the palette on every screen.
APP_PALETTE = (
    PaletteCommand("Help", "Show the keys of this screen", "app.help"),
    PaletteCommand(
        "Toggle light/dark theme", "Switch between a light and a dark theme", "app.toggle_theme"
    ),
    PaletteCommand("Quit", "Quit newsread (changes are already saved)", "app.quit"),
)


def screen_classes() -> list[type[Screen[Any]]]:
    """Every screen and dialog the app can show (the keymap check reads their bindings).

    Imported here, when asked: start-up builds only the first screen.
    """
    from tui_reader.ui.dialogs.add import AddDialog
    from tui_reader.ui.dialogs.confirm import ConfirmScreen
    from tui_reader.ui.dialogs.help import HelpScreen
    from tui_reader.ui.dialogs.note_editor import NoteEditor
    from tui_reader.ui.dialogs.saved_searches import SavedSearchesDialog, SaveSearchDialog
    from tui_reader.ui.dialogs.tag_editor import TagEditor
    from tui_reader.ui.dialogs.tag_filter import FilterDialog
    from tui_reader.ui.screens.feeds import FeedsScreen
    from tui_reader.ui.screens.highlights import HighlightsScreen
    from tui_reader.ui.screens.library import LibraryScreen
    from tui_reader.ui.screens.reader import ReaderScreen
    from tui_reader.ui.screens.review import ReviewScreen
    from tui_reader.ui.screens.stats import StatsScreen

    return [
        LibraryScreen,
        ReaderScreen,
        HelpScreen,
        ConfirmScreen,
        AddDialog,
        FilterDialog,
        SavedSearchesDialog,
        SaveSearchDialog,
        NoteEditor,
        TagEditor,
        HighlightsScreen,
        FeedsScreen,
        ReviewScreen,
        StatsScreen,
    ]


def binding_scopes(app: type[App[Any]]) -> list[list[type[DOMNode]]]:
    """Groups of classes whose bindings are active together: one key may have one action
    in each (the keymap check reports remaps that break this)."""
    from tui_reader.ui.screens.feeds import FeedsScreen
    from tui_reader.ui.screens.library import LibraryScreen
    from tui_reader.ui.widgets.feeds.feed_list_view import FeedListView
    from tui_reader.ui.widgets.library.article_list import ArticleList

    scopes: list[list[type[DOMNode]]] = [[app, LibraryScreen, ArticleList]]
    scopes += [[app, screen] for screen in screen_classes() if screen is not LibraryScreen]
    scopes.append([app, FeedsScreen, FeedListView])
    return scopes


class NewsreadApp(ReportsFailedWorkers, App[None]):
    """The newsread app: owns navigation (screens post messages, the app moves between
    them) and writing (its :class:`Saver` is the only writer of the library)."""

    TITLE = "newsread"
    CSS_PATH = "newsread.tcss"
    COMMANDS = App.COMMANDS | {palette("AppCommands", *APP_PALETTE)}
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
        self,
        library: Library,
        config: Config | None = None,
        open_article: str | None = None,
        open_review: ReviewRequest | None = None,
        recent: list[Article] | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        self.config = config or Config()
        self.open_article = open_article
        """An article to open in the reader at start (``newsread read ID``)."""
        self.open_review = open_review
        """A review to start at once, over the library (``newsread review``)."""
        self._recent = recent
        """The newest articles, read before the app ran, for the first library screen's
        first frame (None: not read; that screen's worker reads them)."""
        self._services: Services | None = None
        self._stop_imports = threading.Event()
        """Set when quitting: running imports abandon their downloads and stop."""
        self._other_theme = ""
        self._started_theme = ""
        """The theme the app started in, until another is chosen (not written down)."""
        self._type_ahead = TypeAhead(self, super().on_event)
        self._replacing: deque[tuple[str, str]] = deque()
        """Notices sent by :meth:`notify_replacing` and not shown yet: (message, kind)."""
        self._shown_kinds: dict[str, Notification] = {}
        """The last notice shown of each kind."""
        self._start_collector = StartupCollector()
        """Holds Python's full collections back while the app starts (see its module)."""
        self._applied_keymap: dict[str, str] = {}
        """The config's keymap as applied (checked): binding id -> keys."""
        self._theme_problems = self._start_theme()
        self._started_theme = self.theme

    async def run_async(self, **options: Any) -> Any:
        """Run the app (``App.run`` comes here too) with full collections held back until
        the library is listed: start-up's objects all live on, and walking them cost a
        quarter of the first frame's own work."""
        self._start_collector.hold()
        try:
            return await super().run_async(**options)
        finally:
            self._start_collector.close()

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables plus newsread's readable text colours (``$newsread-*``)."""
        from tui_reader.ui.theme_colours import newsread_variables

        variables = super().get_css_variables()
        return {**variables, **newsread_variables(variables)}

    @property
    def services(self) -> Services:
        """What the screens are given: the library, the saver, the config."""
        assert self._services is not None, "the app has not started yet"
        return self._services

    def _start_services(self) -> Services:
        """Start the saver and make the services the screens are given (once)."""
        if self._services is None:
            self._services = Services(self.library, Saver(self.library, self), self.config)
            if self.library.read_only:
                self.save_state = "read-only"
        return self._services

    def get_default_screen(self) -> Screen[Any]:
        """The first screen: the library itself, not pushed over an empty default screen
        (composing, styling and drawing that one cost the start-up about 7 ms), unless
        the app opens straight on an article."""
        if self.open_article:
            return super().get_default_screen()
        self._start_services()
        return self._library_screen()

    def on_mount(self) -> None:
        """Start the saver, apply the config, open the article or the review asked for,
        report what opening found (the library screen is the first screen)."""
        if self._start_collector.held:
            self.set_timer(HOLD_LIMIT, self._start_collector.release)
        self._start_services()
        problems = [*self.config.problems, *self._apply_config()]
        if self.open_article:
            # Straight to the article; the library screen is built when the reader closes.
            from tui_reader.ui.screens.reader import ReaderScreen

            self.push_screen(ReaderScreen(self.services, self.open_article))
        elif self.open_review is not None:
            self.post_message(OpenReview(self.open_review, quits_after=True))
        for message in problems:
            self.notify(message, severity="warning", timeout=8)
        self.report_library_warnings()

    def _library_screen(self) -> Screen[None]:
        from tui_reader.ui.screens.library import LibraryScreen

        recent, self._recent = self._recent, None  # the first library screen's only
        return LibraryScreen(self.services, recent)

    def report_library_warnings(self) -> None:
        """Show what the library had to say since last asked (files are read lazily, so a
        damaged file found and restored mid-session is reported when it happens)."""
        for message in self.library.take_warnings():
            self.notify(message, severity="warning", timeout=12)

    @on(LibraryListed)
    def _library_listed(self) -> None:
        self._start_collector.release()

    @on(CheckLibraryWarnings)
    def _check_library_warnings(self) -> None:
        self.report_library_warnings()

    def _start_theme(self) -> list[str]:
        """Take the theme chosen last time, or the config file's; messages for what was refused.

        Called before the app runs, so the stylesheet is parsed once, with this theme's
        colours (set once mounted, the theme had every stylesheet parsed again)."""
        theme = self.config.theme
        if self.config.chosen_theme in self.available_themes:
            self.theme = self.config.chosen_theme
        elif theme and theme in self.available_themes:
            self.theme = theme
        elif theme:
            return [f"config: unknown theme {theme!r}; try {DEFAULT_DARK} or {DEFAULT_LIGHT}"]
        return []

    def _apply_config(self) -> list[str]:
        """Apply the keymap from the config file; messages for what was refused (the
        theme's too, chosen before the app ran)."""
        problems = self._theme_problems
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.config.keymap:
            from tui_reader.ui.keymap import check_conflicts, check_keymap, known_binding_ids

            known = known_binding_ids([type(self), *screen_classes()])
            keymap, bad = check_keymap(self.config.keymap, known)
            keymap, clashes = check_conflicts(keymap, binding_scopes(type(self)))
            problems.extend([*bad, *clashes])
            self.set_keymap(keymap)
            self._applied_keymap = keymap
        return problems

    def _theme_changed(self, theme: Theme) -> None:
        # The theme applied at start (default or remembered) was not chosen now.
        if theme.name == self._started_theme:
            return
        self._started_theme = ""
        if self.config.state_file is not None:
            self._remember_theme(self.config.state_file, theme.name, self.config.theme)

    @work(thread=True, exclusive=True, group="theme", exit_on_error=False)
    def _remember_theme(self, state_file: Path, theme: str, config_theme: str) -> None:
        # Off the UI thread; a theme that cannot be remembered is not worth an error.
        with contextlib.suppress(OSError):
            remember_theme(state_file, theme, config_theme)

    # ------------------------------------------------------------------ keys

    async def on_event(self, event: events.Event) -> None:
        """Keys from the terminal go through :class:`TypeAhead`: one at a time, in order,
        to the screen that is current once it is ready."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self._type_ahead.key(event)
        else:
            await super().on_event(event)

    @on(KeySettled)
    async def _key_settled(self, message: KeySettled) -> None:
        await self._type_ahead.settled(message)

    # ------------------------------------------------------------------ navigation

    @on(OpenArticle)
    def _open_article(self, message: OpenArticle) -> None:
        # Keys typed meanwhile wait for the reader (or go back to this screen if it fails).
        worker = self._load_article(message.article_id, self.screen, message.highlight_id)
        self._type_ahead.wait_for(worker)

    @on(OpenHighlights)
    def _open_highlights(self) -> None:
        from tui_reader.ui.screens.highlights import HighlightsScreen

        self.push_screen(HighlightsScreen(self.services))

    @on(OpenFeeds)
    def _open_feeds(self) -> None:
        from tui_reader.ui.screens.feeds import FeedsScreen

        self.push_screen(FeedsScreen(self.services))

    @on(ShowFeed)
    def _show_feed(self, message: ShowFeed) -> None:
        from tui_reader.ui.screens.feeds import FeedsScreen
        from tui_reader.ui.screens.library import LibraryScreen

        if isinstance(self.screen, FeedsScreen):
            self.pop_screen()
        if isinstance(self.screen, LibraryScreen):
            self.screen.show_feed(message.url, message.name)

    @on(OpenReview)
    def _open_review(self, message: OpenReview) -> None:
        from tui_reader.ui.review_action import start_review

        # Keys typed meanwhile wait for the review screen. Started by `newsread review`,
        # leaving it quits: the user came from the shell and goes back there.
        on_leave = (lambda _: self.action_quit()) if message.quits_after else None
        worker = start_review(self, self.services, message.request, self.screen, on_leave)
        self._type_ahead.wait_for(worker)

    @on(OpenStats)
    def _open_stats(self) -> None:
        from tui_reader.ui.screens.stats import StatsScreen

        self.push_screen(StatsScreen(self.services))

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def _load_article(self, article_id: str, origin: Screen[Any], highlight_id: str = "") -> None:
        # The article is read here, off the UI thread: its text (a book is megabytes), and
        # its record too (memory once the library is listed, but behind the library's lock,
        # which the saver holds for a whole write: 0.25 s for 100 texts imported into a
        # 100,000-article library, a frozen screen when read on the UI thread).
        from tui_reader.ui.screens.reader import load_article

        try:
            article = self.library.get(article_id)
            loaded = load_article(self.library, article_id)
        except StoreError as error:
            self.call_from_thread(
                self.notify, f"Could not open the article: {error}", severity="error"
            )
            return
        self.call_from_thread(self._push_reader, article, loaded, origin, highlight_id)

    def _push_reader(
        self, article: Article, loaded: Any, origin: Screen[Any], highlight_id: str = ""
    ) -> None:
        from tui_reader.ui.screens.reader import ReaderScreen

        if self.screen is origin:  # still there: the user did not go elsewhere meanwhile
            reader = ReaderScreen(
                self.services, article.id, loaded, highlight_id=highlight_id, article=article
            )
            self.push_screen(reader)

    @on(CloseReader)
    def _close_reader(self) -> None:
        from tui_reader.ui.screens.highlights import HighlightsScreen
        from tui_reader.ui.screens.library import LibraryScreen
        from tui_reader.ui.screens.review import ReviewScreen

        stack = self.screen_stack
        back_to = LibraryScreen | HighlightsScreen | ReviewScreen
        if len(stack) >= 2 and isinstance(stack[-2], back_to):
            self.pop_screen()
        else:  # opened straight on an article (newsread read ID): the library comes now
            self.switch_screen(self._library_screen())

    # ------------------------------------------------------------------ long work

    @on(ExportRequested)
    def _export(self, message: ExportRequested) -> None:
        from tui_reader.ui.export_action import run_export

        run_export(self, self.services, message)

    @on(ImportRequested)
    def _import(self, message: ImportRequested) -> None:
        from tui_reader.ui.import_action import run_import

        run_import(self, self.services, message, self._stop_imports)

    @on(RefreshRequested)
    def _refresh(self, message: RefreshRequested) -> None:
        from tui_reader.ui.refresh_action import run_refresh

        run_refresh(self, self.services, message, self._stop_imports)

    @on(RefreshProgress)
    @on(RefreshFinished)
    def _refresh_news(self, message: RefreshProgress | RefreshFinished) -> None:
        from tui_reader.ui.refresh_action import NO_FEEDS, pass_on

        report = message.report if isinstance(message, RefreshFinished) else None
        # The hint reads every screen's keys (importing them all): only when it is said.
        no_feeds = self._no_feeds_hint() if report is not None and report.total == 0 else NO_FEEDS
        pass_on(self, message, no_feeds)

    def _no_feeds_hint(self) -> str:
        """What a refresh with no feed followed says: the keys that follow one, as bound."""
        from tui_reader.ui.screens.feeds import FeedsScreen

        add = self.key_display("feeds.add", "a")
        if isinstance(self.screen, FeedsScreen):
            return f"No feeds followed yet: {add} follows one."
        feeds = self.key_display("library.feeds", "F")
        return f"No feeds followed yet: {feeds} opens the feeds screen, {add} there follows one."

    def key_display(self, binding_id: str, default: str) -> str:
        """The key bound to ``binding_id`` on any screen, as the footer shows it (the keymap
        may have moved it); ``default`` when no screen declares that binding."""
        for cls in [type(self), *screen_classes()]:
            for binding in cls.__dict__.get("BINDINGS", ()):
                if isinstance(binding, Binding) and binding.id == binding_id:
                    keys = self._applied_keymap.get(binding_id)
                    if keys is not None:  # remapped: its own key_display spoke of the old key
                        binding = dataclasses.replace(binding, key=keys, key_display=None)
                    first = binding.key.split(",")[0].strip()
                    return self.get_key_display(dataclasses.replace(binding, key=first))
        return default

    # ------------------------------------------------------------------ saving

    @on(SaverState)
    def _saver_state(self, message: SaverState) -> None:
        if message.state == "refused":
            self.notify(f"Not saved: {message.detail}.", severity="error")
            return
        self.report_library_warnings()
        state = "read-only" if self.library.read_only else message.state
        self.save_state = state
        if state == "error":
            self.notify(f"Could not save {message.detail}", severity="error", timeout=10)

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

    def notify_replacing(
        self, kind: str, message: str, *, severity: SeverityLevel = "information"
    ) -> None:
        """Notify, taking the place of the previous notice of ``kind`` if it is still shown:
        a burst of triage keys leaves one notice, not a stack over the list."""
        self._replacing.append((strip_unsafe(message), kind))
        self.notify(message, severity=severity)

    def on_notify(self, event: Notify) -> None:
        """A notice sent by :meth:`notify_replacing` withdraws the one of its kind before it."""
        if not self._replacing or self._replacing[0][0] != event.notification.message:
            return
        _, kind = self._replacing.popleft()
        previous = self._shown_kinds.get(kind)
        # Textual has no public call to withdraw one notice; its own toasts use _unnotify.
        if previous is not None and previous in self._notifications:
            self._unnotify(previous)
        self._shown_kinds[kind] = event.notification

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

    def action_quit(self) -> None:
        """Quit: stop imports and a search index build, then wait for pending saves (the
        screen answers meanwhile)."""
        self._stop_imports.set()
        self.library.interrupt_index_build()
        self._quit_when_saved()

    @work(exclusive=True, group="quit")
    async def _quit_when_saved(self) -> None:
        # A worker, not the action itself: awaiting in a handler would hold up the
        # app's message queue (keys included) until the saver is done.
        if self._services is not None:
            await self._services.saver.idle(QUIT_WAIT)
        self.exit()

    async def on_unmount(self) -> None:
        """Write what the closing screens saved last (the reading position), then stop."""
        self._stop_imports.set()  # however the app ends
        self.library.interrupt_index_build()
        if self._services is not None:
            await self._services.saver.close(QUIT_WAIT)


def create_app(
    library: Library,
    config: Config | None = None,
    open_article: str | None = None,
    open_review: ReviewRequest | None = None,
) -> NewsreadApp:
    """Build the app for ``library``: the one wiring used by the CLI and the tests.

    ``open_article`` (an article id) opens the reader on it straight away;
    ``open_review`` starts that review over the library. The newest articles (a
    small cache file) are read here, before the app runs, so that the library
    screen's first frame shows them rather than an empty list drawn again later.
    """
    config = config if config is not None else load_config()
    recent = library.recent() if open_article is None else None
    return NewsreadApp(library, config, open_article, open_review, recent)
