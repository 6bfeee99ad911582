"""The reading-queue keys shared by the library and the reader: later, archive, inbox,
read/unread, undo, and ``o`` to open the article's original page.

A screen lists :func:`triage_bindings` in its ``BINDINGS`` and hands its
actions to a :class:`TriageKeys`, which sends each change to the saver and
remembers it for undo once it is on disk. The screen hears of every saved
change through ``on_saved`` (to move the row, update the status).
"""

from __future__ import annotations

import webbrowser
from collections.abc import Callable
from dataclasses import dataclass

from textual.binding import Binding
from textual.screen import Screen

from tui_reader.model import Article, Queue
from tui_reader.triage import Triage, TriageHistory, move, toggle_read
from tui_reader.ui.labels import label
from tui_reader.ui.saving import SaveDone, SaveFailed, Saver

#: The actions of :func:`triage_bindings`: the help screen lists them in a section of their own.
TRIAGE_ACTIONS = frozenset({"queue", "toggle_read", "undo_triage", "open_url"})

#: Addresses the browser is asked to open (never javascript:, file: ...).
WEB_SCHEMES = ("http://", "https://")


def triage_bindings(scope: str, undo_key: str) -> list[Binding]:
    """The queue keys of a screen, with binding ids ``<scope>.later`` and so on."""
    return [
        Binding(
            "L",
            "queue('later')",
            "Later",
            show=False,
            tooltip="Keep for later",
            id=f"{scope}.later",
        ),
        Binding(
            "A",
            "queue('archive')",
            "Archive",
            show=False,
            tooltip="Put in the archive",
            id=f"{scope}.archive",
        ),
        Binding(
            "I",
            "queue('inbox')",
            "Inbox",
            show=False,
            tooltip="Back to the inbox",
            id=f"{scope}.inbox",
        ),
        Binding(
            "M",
            "toggle_read",
            "Read/unread",
            show=False,
            tooltip="Mark read, or unread when it is read",
            id=f"{scope}.toggle_read",
        ),
        Binding(
            undo_key,
            "undo_triage",
            "Undo move",
            show=False,
            tooltip="Undo the last move or read/unread change",
            id=f"{scope}.undo_triage",
        ),
        Binding(
            "o",
            "open_url",
            "Open page",
            show=False,
            tooltip="Open the article's original page in the web browser",
            id=f"{scope}.open_url",
        ),
    ]


@dataclass(frozen=True, slots=True)
class TriageSave:
    """The context of a triage change sent to the saver."""

    change: Triage
    undo: bool


#: What a screen is told once a change is on disk: the change, the stored article,
#: and whether it was an undo.
SavedCallback = Callable[[Triage, Article, bool], None]


class TriageKeys:
    """Runs a screen's queue keys: saves through ``saver``, keeps the undo history."""

    def __init__(self, screen: Screen[object], saver: Saver, on_saved: SavedCallback) -> None:
        self._screen = screen
        self._saver = saver
        self._on_saved = on_saved
        self.history = TriageHistory()

    def move(self, article: Article | None, queue: Queue) -> None:
        """Move ``article`` to ``queue`` (a notice when it is already there)."""
        if article is None:
            self._screen.notify("No article here.", severity="warning")
            return
        change = move(article, queue)
        if change is None:
            self._notify(f"Already in {queue.value}.")
            return
        self._submit(change, undo=False)

    def toggle_read(self, article: Article | None) -> None:
        """Mark ``article`` read, or unread when it is read."""
        if article is None:
            self._screen.notify("No article here.", severity="warning")
            return
        self._submit(toggle_read(article), undo=False)

    def undo(self) -> None:
        """Put back the last change saved from this screen."""
        change = self.history.take_last()
        if change is None:
            self._notify("Nothing to undo.")
            return
        self._submit(change, undo=True)

    def _notify(self, message: str) -> None:
        """One triage notice at a time: each replaces the one before (a burst of keys
        would stack a notice per key over the list)."""
        replacing = getattr(self._screen.app, "notify_replacing", None)
        if replacing is None:
            self._screen.notify(message)
        else:
            replacing("triage", message)

    def _submit(self, change: Triage, *, undo: bool) -> None:
        write = change.revert if undo else change.apply
        context = TriageSave(change, undo)
        sent = self._saver.submit("reading queue", write, requester=self._screen, context=context)
        if not sent and undo:
            self.history.record(change)  # refused: it can still be undone later

    def saved(self, message: SaveDone) -> bool:
        """Handle the saver's answer when it is one of ours (True then)."""
        context = message.request.context
        if not isinstance(context, TriageSave):
            return False
        if not context.undo:
            self.history.record(context.change)
        self._notify(f"{context.change.describe(context.undo)}: {label(context.change.title)}")
        self._on_saved(context.change, message.result, context.undo)
        return True

    def failed(self, message: SaveFailed) -> bool:
        """A change that could not be saved: say so; an undo stays undoable."""
        context = message.request.context
        if not isinstance(context, TriageSave):
            return False
        if context.undo:
            self.history.record(context.change)
        self._screen.notify(f"Not saved: {message.error}", severity="error")
        return True

    def open_url(self, article: Article | None) -> None:
        """Open the article's original page in the user's browser, off the UI thread."""
        if article is None:
            self._screen.notify("No article here.", severity="warning")
            return
        url = article.url.strip()
        if not url:
            self._screen.notify(
                "This article has no original address (it was not imported from the web).",
                severity="warning",
            )
            return
        if not url.lower().startswith(WEB_SCHEMES):
            self._screen.notify(
                f"Not a web address, not opened: {label(url, 80)}", severity="warning"
            )
            return
        self._screen.run_worker(
            lambda: self._open_in_browser(url), thread=True, group="open-url", exit_on_error=False
        )

    def _open_in_browser(self, url: str) -> None:
        app = self._screen.app
        try:
            browser = webbrowser.get()
        except webbrowser.Error:
            app.call_from_thread(
                self._screen.notify,
                f"No web browser found; the address is {label(url, 200)}",
                severity="warning",
                timeout=15,
            )
            return
        if _runs_in_terminal(browser):
            app.call_from_thread(self._open_in_terminal, browser, url)
            return
        opened = browser.open(url)
        notice = f"Opened {label(url, 80)}" if opened else f"The browser refused {label(url, 80)}"
        app.call_from_thread(
            self._screen.notify, notice, severity="information" if opened else "warning"
        )

    def _open_in_terminal(self, browser: webbrowser.BaseBrowser, url: str) -> None:
        """A text-mode browser (lynx, w3m) needs the terminal: hand it over, then take it back."""
        with self._screen.app.suspend():
            browser.open(url)


def _runs_in_terminal(browser: webbrowser.BaseBrowser) -> bool:
    """True for browsers that take over the terminal (GenericBrowser waits for them)."""
    return type(browser) is webbrowser.GenericBrowser
