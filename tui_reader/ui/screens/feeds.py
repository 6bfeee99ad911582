"""The feeds screen: every subscription with its unread count, last refresh and errors.

Rows are read in a worker from the catalog (article records, never their
texts: one pass whatever the number of feeds). ``enter`` asks the app to show
the library filtered to the feed under the cursor (``feed:`` in the query
language, so it composes with a search and the queue views); ``q``/``escape``
go back.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static

from tui_reader.feeds.options import describe_retention
from tui_reader.feeds.overview import FeedRow, feed_rows
from tui_reader.store import Library
from tui_reader.ui.commands import PaletteCommand, palette
from tui_reader.ui.labels import label
from tui_reader.ui.messages import (
    CheckLibraryWarnings,
    RefreshFinished,
    RefreshProgress,
    RefreshRequested,
    ShowFeed,
)
from tui_reader.ui.services import Services
from tui_reader.ui.widgets.feeds.feed_list_view import FeedListView
from tui_reader.ui.widgets.key_bar import KeyBar
from tui_reader.ui.worker_failures import ReportsFailedWorkers

#: The feeds screen's commands in the palette (ctrl+p).
FEEDS_PALETTE = (
    PaletteCommand("Show feed's articles", "The library, only this feed's articles", "open"),
    PaletteCommand(
        "Refresh this feed", "Fetch what is new in the feed under the cursor", "refresh"
    ),
    PaletteCommand("Refresh every feed", "Fetch what is new in every feed", "refresh_all"),
    PaletteCommand("Back to the library", "Leave the feeds screen", "back"),
)


class FeedsScreen(ReportsFailedWorkers, Screen[None]):
    """The subscriptions: ``enter`` lists one feed's articles in the library."""

    SUB_TITLE = "Feeds"
    BINDING_GROUP_TITLE = "Feeds"
    AUTO_FOCUS = "#feeds"
    DEFAULT_CSS = """
    FeedsScreen #feed-detail {
        height: auto;
        max-height: 5;
        padding: 0 1;
        background: $panel;
    }
    """
    COMMANDS = {palette("FeedsCommands", *FEEDS_PALETTE)}

    BINDINGS = [
        Binding(
            "enter",
            "open",
            "Articles",
            tooltip="The library, listing only this feed's articles",
            id="feeds.open",
        ),
        Binding("r", "refresh", "Refresh", tooltip="Refresh this feed", id="feeds.refresh"),
        Binding(
            "R",
            "refresh_all",
            "Refresh all",
            tooltip="Refresh every feed you follow",
            id="feeds.refresh_all",
        ),
        Binding("q,escape", "back", "Back", key_display="q", id="feeds.back"),
    ]

    @dataclass
    class RowsReady(Message):
        """The feeds as a worker read them (None: the library could not be read)."""

        rows: list[FeedRow] | None
        error: str = ""

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.loaded = False
        """True once the rows have been read at least once."""
        self._progress = ""
        """The refresh's progress for the status line ("" when none runs)."""

    @property
    def library(self) -> Library:
        """The open library (read in workers; written only through the saver)."""
        return self.services.library

    @property
    def view(self) -> FeedListView:
        """The list widget."""
        return self.query_one(FeedListView)

    def compose(self) -> ComposeResult:
        """Header, status line, the list (or a word on how to add feeds), details, keys."""
        yield Header()
        yield Static(Content("Loading…"), id="status")
        yield FeedListView(id="feeds")
        empty = Static(id="empty")
        empty.display = False
        yield empty
        yield Static(id="feed-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        """Read the feeds (in a worker) and take the keyboard."""
        self.view.focus()
        self.reload()

    def on_screen_resume(self) -> None:
        """Back on this screen: counts may have changed meanwhile."""
        if self.loaded:
            self.reload()

    # ------------------------------------------------------------------ rows

    @property
    def ready_for_keys(self) -> bool:
        """Keys typed ahead wait until the feeds are listed (enter opens a feed seen)."""
        return self.loaded

    def reload(self) -> None:
        """Read the subscriptions and their unread counts again, off the UI thread."""
        self._read_rows()

    @work(thread=True, exclusive=True, group="feed-rows", exit_on_error=False)
    def _read_rows(self) -> None:
        try:
            rows = feed_rows(self.library)
        except Exception as error:  # shown; the list keeps what it had
            self.post_message(self.RowsReady(None, str(error)))
            return
        self.post_message(self.RowsReady(rows))

    @on(RowsReady)
    def _rows_ready(self, message: RowsReady) -> None:
        self.post_message(CheckLibraryWarnings())
        self.loaded = True
        if message.rows is None:
            self.notify(f"Could not read the feeds: {message.error}", severity="error")
            return
        self.view.set_rows(message.rows)
        self._show_status()
        self._show_detail()
        empty = self.query_one("#empty", Static)
        empty.display = not message.rows
        self.view.display = bool(message.rows)
        if not message.rows:
            empty.update(
                Content.assemble(
                    ("You follow no feeds yet.", "bold"),
                    "\n\nFrom a shell run:  newsread feeds add URL|FILE\n",
                    "or:  newsread feeds import subscriptions.opml",
                )
            )

    def _show_status(self) -> None:
        rows = self.view.rows
        feeds = f"{len(rows)} feed" + ("" if len(rows) == 1 else "s")
        unread = sum(r.unread for r in rows)
        parts: list[str | tuple[str, str]] = [feeds, f" · {unread} unread"]
        failing = sum(1 for r in rows if r.failing and not r.sub.disabled)
        if failing:
            parts += [" · ", (f"{failing} failing", "bold $newsread-error")]
        disabled = sum(1 for r in rows if r.sub.disabled)
        if disabled:
            parts.append(f" · {disabled} disabled")
        if self._progress:
            parts += [" · ", (self._progress, "bold")]
        self.query_one("#status", Static).update(Content.assemble(*parts))

    def _show_detail(self) -> None:
        """Under the list: the current feed's address, tags, retention and whole error text."""
        detail = self.query_one("#feed-detail", Static)
        row = self.view.current
        if row is None:
            detail.display = False
            return
        sub = row.sub
        parts: list[str | tuple[str, str]] = [label(sub.url)]
        if sub.tags:
            parts += ["  ", label(" ".join(f"#{t}" for t in sub.tags))]
        if sub.full_text:
            parts.append("  · full text")
        if retention := describe_retention(sub, short=True):
            parts += ["\n", ("Retention: ", "bold"), retention]
        if sub.disabled:
            parts += ["\n", ("Disabled: ", "bold"), "the server said it is gone (410)"]
            if sub.last_error:
                parts += [" · ", label(sub.last_error)]
        elif sub.last_error:
            parts += [
                "\n",
                ("Last refresh failed: ", "bold $newsread-error"),
                label(sub.last_error),
            ]
        detail.update(Content.assemble(*parts))
        detail.display = True

    @on(FeedListView.Changed)
    def _cursor_moved(self) -> None:
        self._show_detail()

    # ------------------------------------------------------------------ actions

    def action_open(self) -> None:
        """The library, listing only the articles of the feed under the cursor."""
        row = self.view.current
        if row is None or not self.view.display:
            self.notify("No feed to show: follow one with newsread feeds add.", severity="warning")
            return
        self._show(row)

    @on(FeedListView.Opened)
    def _clicked_open(self, message: FeedListView.Opened) -> None:
        self._show(message.row)

    def _show(self, row: FeedRow) -> None:
        self.post_message(ShowFeed(row.sub.url, label(row.sub.name, 200)))

    def action_refresh(self) -> None:
        """Refresh the feed under the cursor (in a worker of the app)."""
        row = self.view.current
        if row is None or not self.view.display:
            self.notify(
                "No feed to refresh: follow one with newsread feeds add.", severity="warning"
            )
            return
        self.post_message(RefreshRequested((row.sub.url,)))

    def action_refresh_all(self) -> None:
        """Refresh every feed (in a worker of the app)."""
        self.post_message(RefreshRequested())

    @on(RefreshProgress)
    def _refresh_progress(self, message: RefreshProgress) -> None:
        total = f" {message.done}/{message.total}" if message.total else ""
        self._progress = f"refreshing{total}…"
        self._show_status()

    @on(RefreshFinished)
    def _refresh_finished(self) -> None:
        self._progress = ""
        self.reload()

    def action_back(self) -> None:
        """Back to the library, as it was."""
        self.dismiss()
