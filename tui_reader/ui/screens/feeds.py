"""The feeds screen: every subscription with its unread count, last refresh and errors.

Rows are read in a worker from the catalog (article records, never their
texts: one pass whatever the number of feeds). ``enter`` asks the app to show
the library filtered to the feed under the cursor (``feed:`` in the query
language, so it composes with a search and the queue views); ``q``/``escape``
go back.

The feeds are changed here as ``newsread feeds add/remove/set`` changes them, through
the same core functions: ``a`` follows a feed (found in a worker: it may download a
page and its feed), ``d`` stops following one (its articles stay), ``f`` turns full
text on or off, ``t`` sets the tags its new articles get. Every change is written by
the saver; the row shows it at once, so the next key of a burst acts on the feed as
it will be, and the list is read again once the changes in flight are on disk.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static

from tui_reader.feeds.options import describe_retention
from tui_reader.feeds.overview import FeedRow, feed_rows
from tui_reader.feeds.subscriptions import Subscription
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
from tui_reader.ui.saving import SaveDone, SaveFailed
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
    PaletteCommand(
        "Follow a feed", "Add a feed: its URL, a page that links to it, or a file", "add"
    ),
    PaletteCommand(
        "Stop following this feed", "Remove the feed under the cursor (its articles stay)", "remove"
    ),
    PaletteCommand(
        "Full text on/off", "Fetch each new entry's web page for the whole article", "full_text"
    ),
    PaletteCommand("Feed tags", "The tags given to this feed's new articles", "tags"),
    PaletteCommand("Name this feed", "A name kept when the channel renames itself", "name"),
    PaletteCommand("Back to the library", "Leave the feeds screen", "back"),
)


#: Seconds keys typed after a feed's address wait for it to be found (a local file or a
#: server that answers at once: well within); after that they act on the list as it is.
FIND_HOLD = 3.0

#: What to say when there is no feed under the cursor to act on.
NO_FEED = "No feed here: press {add} to follow one."


@dataclass(frozen=True, slots=True)
class _FeedChange:
    """A change to the feeds sent to the saver: what to say once it is on disk."""

    url: str
    """The feed's address (its row)."""
    done: str
    """The notification once written ("" when the write's result decides it)."""


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
    #: Keys the key bar adds where the width leaves room (see KeyBar), most used first.
    KEY_BAR_EXTRAS: ClassVar[tuple[str, ...]] = ("feeds.full_text", "feeds.tags")

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
        Binding(
            "a",
            "add",
            "Add",
            tooltip="Follow a feed: its URL, a web page that links to it, or a feed file",
            id="feeds.add",
        ),
        Binding(
            "d",
            "remove",
            "Remove",
            tooltip="Stop following the feed (asks first; its articles stay)",
            id="feeds.remove",
        ),
        Binding(
            "f",
            "full_text",
            "Full text",
            show=False,
            tooltip="Full text on/off: the next refreshes fetch each new entry's web page",
            id="feeds.full_text",
        ),
        Binding(
            "t",
            "tags",
            "Tags",
            show=False,
            tooltip="The feed's tags, given to its new articles",
            id="feeds.tags",
        ),
        Binding(
            "n",
            "name",
            "Name",
            show=False,
            tooltip="Name the feed (kept when its channel renames itself)",
            id="feeds.name",
        ),
        Binding("q,escape", "back", "Back", key_display="q", id="feeds.back"),
    ]

    @dataclass
    class RowsReady(Message):
        """The feeds as a worker read them (None: the library could not be read)."""

        rows: list[FeedRow] | None
        error: str = ""
        tags: tuple[str, ...] = ()
        """The tags in use in the library, most used first (the tag editor suggests them)."""

    @dataclass
    class FeedFound(Message):
        """The worker found the feed at an address (or why there is none)."""

        address: str
        sub: Subscription | None
        error: str = ""

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.loaded = False
        """True once the rows have been read at least once."""
        self._progress = ""
        """The refresh's progress for the status line ("" when none runs)."""
        self._finding: list[str] = []
        """Addresses whose feed a worker is looking for (the status line names them)."""
        self._finding_since = 0.0
        """When the last of them was asked for (``time.monotonic``)."""
        self._in_flight = 0
        """Changes sent to the saver and not answered yet: the rows read meanwhile could
        be older than the rows shown, so the list is read again once they are answered."""
        self._go_to = ""
        """The address of a feed just followed: the cursor goes to it when listed."""
        self._tags: tuple[str, ...] = ()
        """Tags in use in the library, for the tag editor's suggestions."""
        self._cancel = threading.Event()
        """Set when the screen goes: a feed still being looked for stops downloading."""

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

    def on_unmount(self) -> None:
        """Leaving (or quitting): a feed still being looked for stops downloading."""
        self._cancel.set()

    # ------------------------------------------------------------------ rows

    @property
    def ready_for_keys(self) -> bool:
        """Keys typed ahead wait until the feeds are listed (enter opens a feed seen), and
        while a feed is being followed until the cursor is on it (``a``, its address and
        ``f`` in one burst turn full text on for the new feed, not the one that was under
        the cursor). A slow server holds them :data:`FIND_HOLD` seconds at most: then keys
        act again (quitting included), the status line saying the feed is still looked for."""
        finding = bool(self._finding) and time.monotonic() - self._finding_since < FIND_HOLD
        return self.loaded and not finding and not self._go_to

    def reload(self) -> None:
        """Read the subscriptions and their unread counts again, off the UI thread."""
        self._read_rows()

    @work(thread=True, exclusive=True, group="feed-rows", exit_on_error=False)
    def _read_rows(self) -> None:
        try:
            rows = feed_rows(self.library)
            tags = tuple(tag for tag, _ in self.library.tag_counts().most_common())
        except Exception as error:  # shown; the list keeps what it had
            self.post_message(self.RowsReady(None, str(error)))
            return
        self.post_message(self.RowsReady(rows, tags=tags))

    @on(RowsReady)
    def _rows_ready(self, message: RowsReady) -> None:
        self.post_message(CheckLibraryWarnings())
        if message.rows is not None and self._in_flight:
            return  # maybe read before a change in flight: read again once it is answered
        self.loaded = True
        if message.rows is None:
            self._go_to = ""  # keys typed ahead need not wait for a feed never listed
            self.notify(f"Could not read the feeds: {message.error}", severity="error")
            return
        self._tags = message.tags
        self._show_rows(message.rows)

    def _show_rows(self, rows: list[FeedRow]) -> None:
        """List ``rows`` (the cursor on a feed just followed), or say how to follow one."""
        self.view.set_rows(rows)
        if self._go_to and not self._in_flight:  # the feed followed is stored: go to it
            found = next((i for i, r in enumerate(rows) if r.sub.url == self._go_to), None)
            self._go_to = ""
            if found is not None:
                self.view.cursor = found
        self._show_status()
        self._show_detail()
        empty = self.query_one("#empty", Static)
        empty.display = not rows
        self.view.display = bool(rows)
        if not rows:
            add = self.key_for("feeds.add", "a")
            empty.update(
                Content.assemble(
                    ("You follow no feeds yet.", "bold"),
                    f"\n\nPress {add} to follow one: its URL, a web page that links to it,"
                    " or a feed file.\n",
                    "From a shell:  newsread feeds import subscriptions.opml",
                )
            )

    def key_for(self, binding_id: str, default: str) -> str:
        """The key currently bound to ``binding_id`` (the keymap may have moved it)."""
        for active in self.active_bindings.values():
            if active.binding.id == binding_id:
                return self.app.get_key_display(active.binding)
        return default

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
        if self._finding:
            parts += [" · ", (f"looking for the feed at {label(self._finding[-1], 60)}…", "bold")]
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

    def _current(self) -> FeedRow | None:
        """The feed under the cursor (None, and a notice, when there is none)."""
        row = self.view.current
        if row is None or not self.view.display:
            self.notify(NO_FEED.format(add=self.key_for("feeds.add", "a")), severity="warning")
            return None
        return row

    def action_open(self) -> None:
        """The library, listing only the articles of the feed under the cursor."""
        row = self._current()
        if row is not None:
            self._show(row)

    @on(FeedListView.Opened)
    def _clicked_open(self, message: FeedListView.Opened) -> None:
        self._show(message.row)

    def _show(self, row: FeedRow) -> None:
        self.post_message(ShowFeed(row.sub.url, label(row.sub.name, 200)))

    def action_refresh(self) -> None:
        """Refresh the feed under the cursor (in a worker of the app)."""
        row = self._current()
        if row is not None:
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

    # ------------------------------------------------------------------ changing feeds

    def action_add(self) -> None:
        """Ask for a feed's URL, a page linking to it or a feed file, and follow it."""
        from tui_reader.ui.dialogs.add import FeedAddDialog

        if self.services.saver.check_writable():
            self.app.push_screen(FeedAddDialog(), self._add_chosen)

    def _add_chosen(self, address: str | None) -> None:
        if not address:
            return
        self._finding.append(address)
        self._finding_since = time.monotonic()
        self._show_status()
        self._find_feed(address)

    @work(thread=True, group="feed-find", exit_on_error=False)
    def _find_feed(self, address: str) -> None:
        # Off the UI thread: a URL is downloaded (60 s deadline at most; quitting stops it),
        # and a web page's feed links are followed.
        from tui_reader.feeds.adding import resolve_feed
        from tui_reader.feeds.subscriptions import SubscriptionError
        from tui_reader.ingest.url import fetch

        try:
            sub = resolve_feed(address, fetcher=partial(fetch, cancel=self._cancel))
        except SubscriptionError as error:
            self.post_message(self.FeedFound(address, None, str(error)))
        else:
            self.post_message(self.FeedFound(address, sub))

    @on(FeedFound)
    def _feed_found(self, message: FeedFound) -> None:
        if message.address in self._finding:
            self._finding.remove(message.address)
        self._show_status()
        if message.sub is None:
            self.notify(f"Not followed: {message.error}", severity="error", timeout=10)
            return
        found = message.sub
        if self._change("feed", partial(_follow, found), _FeedChange(found.url, "")):
            self._go_to = found.url

    def action_remove(self) -> None:
        """Stop following the feed under the cursor, after a y/n question; its articles stay."""
        from tui_reader.ui.dialogs.confirm import ConfirmScreen

        row = self._current()
        if row is None or not self.services.saver.check_writable():
            return
        question = Content.assemble(
            "Stop following “",
            (label(row.sub.name, 120), "bold"),
            "”?\nIts articles stay in the library.",
        )
        self.app.push_screen(
            ConfirmScreen(question, yes="Remove", no="Keep"), partial(self._remove, row.sub)
        )

    def _remove(self, sub: Subscription, confirmed: bool | None) -> None:
        if not confirmed:
            return
        from tui_reader.feeds.subscriptions import unsubscribe

        done = f"No longer following {label(sub.name, 120)}; its articles stay."
        if self._change(
            "feed removal", lambda lib: unsubscribe(lib, sub.url), _FeedChange(sub.url, done)
        ):
            self._show_rows([r for r in self.view.rows if r.sub.url != sub.url])

    def action_full_text(self) -> None:
        """Turn full text on or off for the feed under the cursor (its next refreshes)."""
        row = self._current()
        if row is None:
            return
        on_now = not row.sub.full_text
        name = label(row.sub.name, 120)
        if on_now:
            done = f"Full text on for {name}: each new entry's web page is fetched at refresh."
        else:
            done = f"Full text off for {name}: new entries keep the text the feed carries."
        self._set_options(row, done, full_text=on_now)

    def action_tags(self) -> None:
        """Edit the tags the feed under the cursor gives its new articles."""
        from tui_reader.ui.dialogs.tag_editor import TagEditor

        row = self._current()
        if row is None or not self.services.saver.check_writable():
            return
        known = [*self._tags, *(t for r in self.view.rows for t in r.sub.tags)]
        suggestions = list(dict.fromkeys(known))
        title = f"Tags for the new articles of {label(row.sub.name, 60)}"
        self.app.push_screen(
            TagEditor(title, row.sub.tags, suggestions), partial(self._tags_chosen, row.sub.url)
        )

    def _tags_chosen(self, url: str, tags: tuple[str, ...] | None) -> None:
        row = next((r for r in self.view.rows if r.sub.url == url), None)
        if tags is None or row is None or tags == row.sub.tags:
            return
        name = label(row.sub.name, 120)
        shown = " ".join(f"#{label(t, 40)}" for t in tags)
        done = f"{name}: new articles get {shown}." if tags else f"{name}: no tags."
        self._set_options(row, done, tags=tags)

    def action_name(self) -> None:
        """Name the feed under the cursor (kept through refreshes; empty: the channel's)."""
        from tui_reader.ui.dialogs.feed_name import FeedNameDialog

        row = self._current()
        if row is None or not self.services.saver.check_writable():
            return
        title = f"A name for the feed at {label(row.sub.url, 60)}"
        self.app.push_screen(
            FeedNameDialog(title, row.sub.title), partial(self._named, row.sub.url)
        )

    def _named(self, url: str, name: str | None) -> None:
        row = next((r for r in self.view.rows if r.sub.url == url), None)
        if name is None or row is None or name == row.sub.title:
            return  # (the channel's title left as it was: still the channel's)
        if name:
            done = f"Named {label(name, 120)}: kept when the channel renames itself."
        else:
            done = f"{label(row.sub.name, 120)}: the channel's own title from the next refresh."
        self._set_options(row, done, title=name)

    def _set_options(
        self,
        row: FeedRow,
        done: str,
        *,
        full_text: bool | None = None,
        tags: tuple[str, ...] | None = None,
        title: str | None = None,
    ) -> None:
        """Change the feed's options as ``newsread feeds set`` does; the row shows it now."""
        from tui_reader.feeds.options import set_options

        url = row.sub.url
        write = partial(set_options, key=url, full_text=full_text, tags=tags, title=title)
        if not self._change("feed options", write, _FeedChange(url, done)):
            return
        sub = replace(
            row.sub,
            full_text=row.sub.full_text if full_text is None else full_text,
            tags=row.sub.tags if tags is None else tags,
        )
        if title is not None:
            sub = replace(sub, title=title or sub.title, named=bool(title))
        self._show_rows([replace(r, sub=sub) if r is row else r for r in self.view.rows])

    def _change(self, what: str, write: Callable[[Library], Any], context: _FeedChange) -> bool:
        """Send a change of the feeds to the saver; False when it was refused (read-only)."""
        sent = self.services.saver.submit(what, write, requester=self, context=context)
        if sent:
            self._in_flight += 1
        return sent

    @on(SaveDone)
    def _change_saved(self, message: SaveDone) -> None:
        context = message.request.context
        if not isinstance(context, _FeedChange):
            return
        if context.done:
            self.notify(context.done)
        else:  # following a feed: what subscribe found decides what to say
            sub, verb = message.result
            self._go_to = sub.url  # as stored (a feed followed already keeps its address)
            self.notify(
                f"{verb} {label(sub.name, 120)}{FOLLOW_HINT if verb == 'Following' else '.'}"
            )
        self._answered()

    @on(SaveFailed)
    def _change_failed(self, message: SaveFailed) -> None:
        # The app has said why (Could not save ...); the list goes back to what is stored.
        if isinstance(message.request.context, _FeedChange):
            if not message.request.context.done:
                self._go_to = ""  # not followed: the keys typed since need not wait for it
            self._answered()

    def _answered(self) -> None:
        self._in_flight -= 1
        if not self._in_flight:
            self.reload()

    def action_back(self) -> None:
        """Back to the library, as it was."""
        self.dismiss()


#: Said after a new feed is followed.
FOLLOW_HINT = ": press r to fetch its articles now."


def _follow(found: Subscription, library: Library) -> tuple[Subscription, str]:
    """Follow ``found`` as ``newsread feeds add`` does (on the saver's thread); returns the
    subscription and what happened: "Following", "Already following" or "Updated"."""
    from tui_reader.feeds.subscriptions import same_feed, subscribe, subscriptions

    held = [s for s in subscriptions(library) if same_feed(s.url, found.url)]
    sub, new = subscribe(library, found)
    return sub, "Following" if new else "Already following" if held == [sub] else "Updated"
