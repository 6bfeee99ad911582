"""The reading-queue keys shared by the library and the reader: later, archive, inbox,
read/unread, undo, and ``o`` to open the article's original page.

A screen lists :func:`triage_bindings` in its ``BINDINGS`` and hands its
actions to a :class:`TriageKeys`, which sends each change to the saver and
remembers it for undo at once. The screen hears of each change twice: through
``on_sent`` the moment it is sent, with the article as it will be stored (so the
next key of a burst acts on the row now under the cursor, not on one that has
not moved yet), and through ``on_saved`` once it is on disk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.screen import Screen

from tui_reader.model import Article, Queue
from tui_reader.triage import Triage, TriageHistory, move, toggle_read
from tui_reader.ui.labels import label
from tui_reader.ui.saving import SaveDone, SaveFailed, Saver

if TYPE_CHECKING:
    import webbrowser

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
#: What a screen is told when a change is sent: the change, the article as it will be
#: stored (None when the screen's copy is not known here) and whether it is an undo.
SentCallback = Callable[[Triage, Article | None, bool], None]


class TriageKeys:
    """Runs a screen's queue keys: saves through ``saver``, keeps the undo history."""

    def __init__(
        self,
        screen: Screen[object],
        saver: Saver,
        on_saved: SavedCallback,
        on_sent: SentCallback | None = None,
    ) -> None:
        self._screen = screen
        self._saver = saver
        self._on_saved = on_saved
        self._on_sent = on_sent
        self.history = TriageHistory()
        self.pending = 0
        """Changes sent and not answered yet (a screen reloads after the last one)."""
        self._seen: dict[str, Article] = {}  # the newest known copy of each changed article

    def in_flight(self) -> list[Article]:
        """The articles as changes sent and not saved yet will leave them (a listing read
        before those changes must show them so, or the next key acts on a stale row)."""
        return list(self._seen.values()) if self.pending else []

    def move(self, article: Article | None, queue: Queue) -> None:
        """Move ``article`` to ``queue`` (a notice when it is already there)."""
        if article is None:
            self._screen.notify("No article here.", severity="warning")
            return
        change = move(article, queue)
        if change is None:
            self._notify(f"Already in {queue.value}.")
            return
        self._submit(change, undo=False, article=article)

    def toggle_read(self, article: Article | None) -> None:
        """Mark ``article`` read, or unread when it is read."""
        if article is None:
            self._screen.notify("No article here.", severity="warning")
            return
        self._submit(toggle_read(article), undo=False, article=article)

    def undo(self) -> None:
        """Put back the last change made from this screen (saved or on its way)."""
        change = self.history.take_last()
        if change is None:
            self._notify("Nothing to undo.")
            return
        self._submit(change, undo=True, article=self._seen.get(change.article_id))

    def _notify(self, message: str) -> None:
        """One triage notice at a time: each replaces the one before (a burst of keys
        would stack a notice per key over the list)."""
        replacing = getattr(self._screen.app, "notify_replacing", None)
        if replacing is None:
            self._screen.notify(message)
        else:
            replacing("triage", message)

    def _submit(self, change: Triage, *, undo: bool, article: Article | None) -> None:
        write = change.revert if undo else change.apply
        context = TriageSave(change, undo)
        sent = self._saver.submit("reading queue", write, requester=self._screen, context=context)
        if not sent:
            if undo:
                self.history.record(change)  # refused: it can still be undone later
            return
        self.pending += 1
        if not undo:
            self.history.record(change)  # undoable at once: the saver keeps the order
        expected = change.applied_to(article, undo) if article is not None else None
        if expected is not None:
            self._seen[expected.id] = expected
        if self._on_sent is not None:
            self._on_sent(change, expected, undo)

    def saved(self, message: SaveDone) -> bool:
        """Handle the saver's answer when it is one of ours (True then)."""
        context = message.request.context
        if not isinstance(context, TriageSave):
            return False
        self.pending = max(0, self.pending - 1)
        article: Article = message.result
        if not self.pending:
            self._seen.clear()
        self._notify(f"{context.change.describe(context.undo)}: {label(context.change.title)}")
        self._on_saved(context.change, article, context.undo)
        return True

    def failed(self, message: SaveFailed) -> bool:
        """A change that could not be saved: say so; an undo stays undoable."""
        context = message.request.context
        if not isinstance(context, TriageSave):
            return False
        self.pending = max(0, self.pending - 1)
        if context.undo:
            self.history.record(context.change)
        else:
            self.history.forget(context.change)
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
        import webbrowser  # (slow to import: only when a page is opened)

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
    import webbrowser

    return type(browser) is webbrowser.GenericBrowser
