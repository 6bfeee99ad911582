"""The library screen: every article in one list, with search, tag filter, sort, add and delete.

The screen never reads the store on the UI thread: listing, search and
highlight counts run in thread workers and come back as messages. It never
writes either: deletions go to the saver, and opening an article, importing
and exporting are messages the app handles. A slow disk or a first full-text
search therefore never freezes the keyboard.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Input, Static
from textual.worker import Worker, get_current_worker

from tui_reader.model import Article, Queue
from tui_reader.query.saved import EVERY_ARTICLE, SavedSearch
from tui_reader.store import Library, NotFound
from tui_reader.triage import QUEUE_NAMES, Triage, next_queue
from tui_reader.ui.commands import PaletteCommand, palette
from tui_reader.ui.labels import label
from tui_reader.ui.listing import Listing, ListingQuery, build_listing, first_page
from tui_reader.ui.messages import (
    CheckLibraryWarnings,
    ExportFinished,
    ExportProgress,
    ExportRequested,
    ImportAdvanced,
    ImportFinished,
    ImportRequested,
    ImportStarted,
    LibraryListed,
    OpenArticle,
    OpenFeeds,
    OpenHighlights,
    OpenReview,
    OpenStats,
    RefreshFinished,
    RefreshProgress,
    RefreshRequested,
)
from tui_reader.ui.saving import SaveDone, SaveFailed
from tui_reader.ui.services import Services
from tui_reader.ui.triage_keys import TRIAGE_ACTIONS, TriageKeys, triage_bindings
from tui_reader.ui.widgets.key_bar import KeyBar
from tui_reader.ui.widgets.library.article_list import ArticleList
from tui_reader.ui.widgets.library.list_columns import Widest, widest_of
from tui_reader.ui.widgets.save_indicator import SaveIndicator
from tui_reader.ui.worker_failures import ReportsFailedWorkers

if TYPE_CHECKING:  # loaded with the first search, not at start-up
    from textual.widgets import ProgressBar

    from tui_reader.index.snippet import Snippet

#: Import failures shown one by one before the rest are counted.
SHOWN_FAILURES = 3

#: What the search box shows while empty.
SEARCH_PLACEHOLDER = (
    'words, "a phrase", tag:x, -is:read, sort:title … · enter: to the list · escape: clear'
)

#: The library's commands in the palette (ctrl+p).
LIBRARY_PALETTE = (
    PaletteCommand("Open article", "Read the article under the cursor", "open"),
    PaletteCommand("Search", "Search titles, sources, tags and full text", "search"),
    PaletteCommand("Filter by tag", "Show only the articles with a tag", "filter_tag"),
    PaletteCommand("Saved searches", "Switch to a saved search (a list)", "saved_searches"),
    PaletteCommand("Save search", "Save the current search under a name", "save_search"),
    PaletteCommand("Add articles", "Import a file, a folder or a URL", "add"),
    PaletteCommand(
        "Export listed articles",
        "Export the highlights and notes of every article listed (search and tag filter apply)",
        "export",
    ),
    PaletteCommand("Delete article", "Delete the article under the cursor", "delete"),
    PaletteCommand("Change sort", "Sort by added, published, title or progress", "cycle_sort"),
    PaletteCommand("Show next queue", "Switch between inbox, later and archive", "cycle_queue"),
    PaletteCommand("Open original page", "Open the article's web page in the browser", "open_url"),
    PaletteCommand("Feeds", "The feeds you follow: unread, errors; enter lists one", "feeds"),
    PaletteCommand("Daily review", "Review today's highlights (spaced repetition)", "review"),
    PaletteCommand("Refresh feeds", "Fetch what is new in every feed you follow", "refresh"),
    PaletteCommand("Stats", "Articles read and highlights made per week, top tags", "stats"),
)


@dataclass(frozen=True, slots=True)
class _Deletion:
    """The context of a deletion sent to the saver."""

    article: Article


@dataclass(frozen=True, slots=True)
class _SearchChange:
    """The context of a saved search saved or removed through the saver."""

    notice: str


class LibraryScreen(ReportsFailedWorkers, Screen[None]):
    """Lists the articles; ``enter`` opens one in the reader."""

    SUB_TITLE = "Library"
    BINDING_GROUP_TITLE = "Library"
    HELP_MODES = {"Reading queue": TRIAGE_ACTIONS}
    AUTO_FOCUS = "#articles"
    """Back from a dialog with nothing focused (an empty filter hid the list), keys go to
    the list, never to the hidden search box."""
    COMMANDS = {palette("LibraryCommands", *LIBRARY_PALETTE)}
    #: Keys the key bar adds where the width leaves room (see KeyBar), most used first.
    KEY_BAR_EXTRAS: ClassVar[tuple[str, ...]] = (
        "library.queue_view",
        "library.refresh",
        "library.later",
        "library.archive",
        "library.toggle_read",
        "library.feeds",
        "library.highlights",
        "library.open_url",
        "library.review",
    )

    BINDINGS = [
        Binding(
            "enter", "open", "Open", tooltip="Open the article in the reader", id="library.open"
        ),
        Binding(
            "slash",
            "search",
            "Search",
            tooltip="Search as you type: words, tag:x, is:unread, sort:title … (docs/query.md)",
            id="library.search",
        ),
        Binding(
            "t",
            "filter_tag",
            "Tag",
            tooltip="Show only articles with a tag",
            id="library.filter_tag",
        ),
        Binding(
            "l",
            "saved_searches",
            "Lists",
            show=False,
            tooltip="Switch to a saved search, or back to every article",
            id="library.saved_searches",
        ),
        Binding(
            "S",
            "save_search",
            "Save search",
            show=False,
            tooltip="Save the current search (and tag filter) under a name",
            id="library.save_search",
        ),
        Binding(
            "s",
            "cycle_sort",
            "Sort",
            tooltip="Sort by added, published, title or progress",
            id="library.sort",
        ),
        Binding("a", "add", "Add", tooltip="Import a file, a folder or a URL", id="library.add"),
        Binding(
            "d", "delete", "Delete", tooltip="Delete the article (asks first)", id="library.delete"
        ),
        Binding(
            "e",
            "export",
            "Export",
            tooltip="Export the articles listed that have highlights or notes (search and tag filter apply)",
            id="library.export",
        ),
        Binding(
            "escape",
            "clear",
            "Clear",
            show=False,
            tooltip="Clear the search, or else the tag filter, or else the feed",
            id="library.clear",
        ),
        Binding(
            "H",
            "highlights",
            "Highlights",
            show=False,
            tooltip="Every highlight in the library: filter, sort, open, annotate",
            id="library.highlights",
        ),
        Binding(
            "F",
            "feeds",
            "Feeds",
            show=False,
            tooltip="The feeds you follow: unread counts, errors; enter lists one feed's articles",
            id="library.feeds",
        ),
        Binding(
            "R",
            "review",
            "Review",
            show=False,
            tooltip="Review today's highlights, one at a time (spaced repetition)",
            id="library.review",
        ),
        Binding(
            "r",
            "refresh",
            "Refresh",
            show=False,
            tooltip="Refresh every feed you follow; new articles join the list",
            id="library.refresh",
        ),
        Binding(
            "percent_sign",
            "stats",
            "Stats",
            show=False,
            key_display="%",
            tooltip="Reading stats: read and highlighted per week, top tags",
            id="library.stats",
        ),
        Binding(
            "v",
            "cycle_queue",
            "View",
            show=False,
            tooltip="Show the inbox, later or the archive",
            id="library.queue_view",
        ),
        *triage_bindings("library", undo_key="u"),
        Binding("q", "app.quit", "Quit", tooltip="Quit newsread", id="library.quit"),
    ]

    @dataclass(eq=False, repr=False)
    class IndexProgress(Message):
        """The search index is being built: ``done`` of ``total`` articles (0 of 0: over)."""

        done: int
        total: int

        def can_replace(self, message: Message) -> bool:
            """Only the latest figure needs showing."""
            return isinstance(message, LibraryScreen.IndexProgress)

    @dataclass(eq=False, repr=False)
    class ListingReady(Message):
        """A listing computed by the worker, for the request numbered ``generation``."""

        listing: Listing
        generation: int
        keep: str | None
        widest: Widest | None = None
        """The rows' widest cells, measured by the worker (not on the UI thread)."""
        keep_at: int | None = None
        """Where ``keep`` is among the rows, found by the worker (not on the UI thread)."""

    @dataclass(eq=False, repr=False)
    class CountsReady(Message):
        """Highlight counts fetched by the worker."""

        counts: dict[str, int]

    @dataclass(eq=False, repr=False)
    class SnippetsReady(Message):
        """Snippets of the search's words fetched by the worker."""

        words: str
        snippets: dict[str, Snippet]

    @dataclass(eq=False, repr=False)
    class ArticleRefreshed(Message):
        """An article re-read after the reader closed (None: it is gone)."""

        article_id: str
        article: Article | None
        highlights: int

    def __init__(self, services: Services, recent: list[Article] | None = None) -> None:
        super().__init__()
        self.services = services
        self.query_state = ListingQuery()
        self._recent = (
            None if recent is None else [a for a in recent if a.queue is self.query_state.queue]
        )
        """The newest articles of the first view, read before the app ran: shown in the
        first frame (None: the listing worker reads them)."""
        self.listing: Listing | None = None
        """The last listing shown (None until the first one arrives)."""
        self._generation = 0
        self._answered = 0
        self._leaving_search = False
        """Enter was pressed in the search box before its listing came: the list takes the
        keys once it has (it may be hidden meanwhile, behind "No articles match.")."""
        """The newest generation whose whole listing is on screen (or whose reading failed,
        said in a notification): keys for the list wait for the current one."""
        self._opened: str | None = None
        self._importing = False
        self._first_paint = threading.Event()
        self._search_warmed = False
        self._index_building = False
        """True while the search index is being built (its progress is shown)."""
        """Whether the search index was asked to get ready (once, after the first listing)."""
        self._saved = EVERY_ARTICLE
        """The saved search last switched to."""
        self._feed_name = ""
        """The title of the feed listed (``query_state.feed``), for the status line."""
        self.triage = TriageKeys(self, services.saver, self._triaged, self._triage_sent)
        """The reading-queue keys (later, archive, inbox, read/unread, undo, open page)."""
        self._listing_worker: Worker[None] | None = None
        self._listing_query = self.query_state
        """The query the listing worker was started for."""
        self._search: Input | None = None
        """The search box, once first needed (see :meth:`compose`)."""
        self._search_mounting = False
        """True while the search box is being mounted (keys typed meanwhile wait for it)."""
        self._empty: Static | None = None
        """The message shown in place of an empty list, once first needed."""
        self._progress_bar: tuple[Horizontal, Static, ProgressBar] | None = None
        """The progress bar above the footer (its row, label and bar), once first needed."""

    @property
    def ready_for_keys(self) -> bool:
        """Whether keys typed ahead may come now (the app holds them meanwhile): typing in
        the search box never waits, but a key for the list waits for the listing of the
        current search, filter and sort, so enter opens a row the user has seen."""
        if self._search_mounting:
            return False
        if self._leaving_search and self._answered != self._generation:
            return False
        if isinstance(self.focused, Input) or self._listing_worker is None:
            return True
        # A search waits for the search index being built (minutes at 100,000 articles):
        # keys meanwhile act on the rows shown (escape clears the search, q quits).
        if self._index_building:
            return True
        # The worker done is not enough: its listing may still wait in this screen's
        # queue while the key goes to the list's (enter opened a row of the list before).
        return self._listing_worker.is_finished and self._answered == self._generation

    @property
    def library(self) -> Library:
        """The open library (read in workers; written only through the saver)."""
        return self.services.library

    @property
    def article_list(self) -> ArticleList:
        """The list widget."""
        return self.query_one(ArticleList)

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        """Header, status line, the list, footer. The search box (above the list), the
        message of an empty list (in its place) and the progress bar (above the footer)
        are mounted when first shown: building them cost the first frame a sixth of what
        the screen adds to a minimal Textual app's."""
        yield Header()
        yield Static(Content("Loading…"), id="status")
        yield ArticleList(id="articles")
        # One dock holds the bars (two docked bars would draw on one line).
        with Vertical(id="bottom"), Horizontal(id="bottom-bar"):
            yield KeyBar()
            yield SaveIndicator(id="save-indicator")

    async def _search_box(self) -> Input:
        """The search box, mounted (hidden) above the list the first time it is needed."""
        if self._search is None:
            self._search = Input(placeholder=SEARCH_PLACEHOLDER, compact=True, id="search")
            self._search.display = False
            self._search_mounting = True
            try:
                await self.mount(self._search, before=self.article_list)
            finally:
                self._search_mounting = False
        return self._search

    def _show_empty(self, text: Content) -> None:
        """Show ``text`` in place of the list (mounted the first time)."""
        if self._empty is None:
            self._empty = Static(text, id="empty")
            self.mount(self._empty, after=self.article_list)
        else:
            self._empty.update(text)
            self._empty.display = True

    def _hide_empty(self) -> None:
        if self._empty is not None:
            self._empty.display = False

    def _progress(self) -> tuple[Static, ProgressBar]:
        """The progress bar above the footer and its label, mounted (hidden) the first
        time they are needed.

        While the screen is being taken down (quitting as the index is built) its
        bottom container is detached or gone already: the bar is then made but
        neither mounted nor kept, and a late progress message changes nothing."""
        if self._progress_bar is None:
            from textual.widgets import ProgressBar  # (not loaded before the first frame)

            label = Static(id="import-label")
            progress = ProgressBar(show_eta=False, id="import-progress")
            bar = Horizontal(label, progress, id="import-bar")
            bar.display = False
            bottom = self.query("#bottom")
            if not bottom or not bottom.first().is_attached:
                return label, progress
            bottom.first().mount(bar, before="#bottom-bar")
            self._progress_bar = (bar, label, progress)
        return self._progress_bar[1:]

    def _progress_shown(self, shown: bool) -> None:
        """Show or hide the progress bar (mounting it only to show it)."""
        if shown:
            self._progress()
        if self._progress_bar is not None:
            self._progress_bar[0].display = shown

    def on_mount(self) -> None:
        """Load the list (in a worker) and take the keyboard; the newest articles, if
        given, are shown at once (the first frame has its rows)."""
        self.article_list.focus()
        self.library.index_progress = self._index_progress
        self.reload()
        if self._recent:
            provisional = Listing(self.query_state, self._recent, len(self._recent), partial=True)
            self._show_listing(self.ListingReady(provisional, self._generation, None))

    def _index_progress(self, done: int, total: int) -> None:
        # Called by whichever thread builds the index.
        self.post_message(self.IndexProgress(done, total))

    @on(IndexProgress)
    def _show_index_progress(self, message: IndexProgress) -> None:
        was_building = self._index_building
        self._index_building = message.total > 0 and message.done < message.total
        if self._index_building:
            self.show_progress("Building the search index", message.done, message.total)
        elif was_building:  # (the bar may be showing an export's progress instead)
            self.hide_progress()

    # ------------------------------------------------------------------ loading

    def reload(self, keep: str | None = None) -> None:
        """Recompute the listing for the current query, off the UI thread."""
        self._generation += 1
        self._listing_query = self.query_state
        self._listing_worker = self._load(self.query_state, self._generation, keep)

    @work(thread=True, exclusive=True, group="listing", exit_on_error=False)
    def _load(self, query: ListingQuery, generation: int, keep: str | None) -> None:
        if generation == 1 and query == ListingQuery():
            # First start: show the newest articles from the small cache at once (shown
            # already if read before the app ran), while the whole catalog loads.
            recent = self._recent
            if recent is None:
                recent = [a for a in self.library.recent() if a.queue is query.queue]
                if recent:
                    provisional = Listing(query, recent, len(recent), partial=True)
                    self.post_message(self.ListingReady(provisional, generation, keep))
            if recent:
                # Parse the catalog once that first screen is drawn, not against it.
                self._first_paint.wait(1.0)
        elif keep is None:
            # Typed fast, each key's search is overtaken at once: none of them lists.
            if get_current_worker().is_cancelled:
                return
            self._post_first_page(query, generation)
        if get_current_worker().is_cancelled:
            return
        try:
            listing = build_listing(self.library, query)
        except Exception as error:  # shown to the user; the list keeps what it had
            self.app.call_from_thread(
                self.notify, f"Could not read the library: {error}", severity="error"
            )
            self._answered = max(self._answered, generation)
            return
        widest = widest_of(listing.rows)
        keep_at = None
        if keep is not None:
            keep_at = next((i for i, a in enumerate(listing.rows) if a.id == keep), None)
        if not get_current_worker().is_cancelled:
            self.post_message(self.ListingReady(listing, generation, keep, widest, keep_at))

    def _post_first_page(self, query: ListingQuery, generation: int) -> None:
        """A search with many matches: its best ones at once, while the whole listing is
        built (in the listing's worker)."""
        try:
            page = first_page(self.library, query)
        except Exception:  # the whole listing says what is wrong
            return
        if page is not None and not get_current_worker().is_cancelled:
            self.post_message(self.ListingReady(page, generation, None, widest_of(page.rows)))

    @work(thread=True, group="warm-search", exit_on_error=False)
    def _warm_search(self) -> None:
        """Get the search index ready (built if missing, caught up if stale) in a worker of
        its own: keys typed meanwhile are not held for it (a build takes minutes at 100,000
        articles); a search asked for meanwhile waits for the build, its progress shown."""
        try:
            self.library.warm_search()
        except Exception as error:  # searches fall back to reading the texts
            self.library.warnings.append(f"Could not prepare the search index: {error}")
        self.post_message(self.IndexProgress(0, 0))
        self.post_message(CheckLibraryWarnings())  # the app shows them

    @on(ListingReady)
    def _show_listing(self, message: ListingReady) -> None:
        if not message.listing.partial and not self._search_warmed:
            self._search_warmed = True
            self._warm_search()
            self.post_message(LibraryListed())
        if message.generation != self._generation:
            return  # a newer request is on its way
        if not message.listing.partial:
            self._answered = message.generation
        if message.listing.error:  # a malformed search: say where, keep the list shown
            self._show_mistake(message.listing.error)
            return
        self.listing = message.listing
        if message.listing.partial:
            self.call_after_refresh(self._first_paint.set)
        self.post_message(CheckLibraryWarnings())
        articles = self.article_list
        articles.sort = message.listing.query.sort
        articles.sort_marked = not message.listing.sort_label
        articles.set_rows(
            message.listing.rows,
            keep=message.keep,
            keep_at=message.keep_at,
            snippets=message.listing.snippets,
            snippet_words=message.listing.snippet_words,
            widest=message.widest,
        )
        for article in self.triage.in_flight():  # read before a queue key's change
            self._follow_triage(article)
        self._update_status()
        self._update_empty()
        if self._leaving_search and not message.listing.partial:
            self._leaving_search = False
            if articles.display:
                self.set_focus(articles)

    def _show_mistake(self, error: str) -> None:
        """A malformed search: the mistake in the status line, wrapped over a few lines
        (``column N`` first, so where it is stays in sight). The list stays as it was; an
        empty one loses its "No articles match." (it spoke of the search before)."""
        status = self.query_one("#status", Static)
        status.update(Content.assemble(("Query: ", "bold"), label(error, 300)))
        status.add_class("-error")
        if self._empty is not None:
            self._empty.update(Content(""))

    def _update_status(self) -> None:
        listing = self.listing
        self.query_one("#status", Static).remove_class("-error")
        if listing is None:
            return
        if listing.partial and not listing.query.search.strip():
            self.query_one("#status", Static).update(Content("Loading the library…"))
            return
        query = self.query_state
        shown = len(listing.rows)
        count = f"{shown:,} article" + ("" if shown == 1 else "s")
        if listing.partial:  # a search's best matches, the whole listing on its way
            count = f"the {shown:,} best matches (finding the others…)"
        elif shown != listing.total:
            count = f"{shown:,} of {listing.total:,} articles"
        sort = listing.sort_label or query.sort.label
        parts: list[str | tuple[str, str]] = [count]
        if query.shown_queue is not None:
            parts[:0] = [(QUEUE_NAMES[query.shown_queue], "bold"), ": "]
        if query.tag:
            parts += [" · tag: ", (label(query.tag), "bold")]
        if query.feed:
            parts += [" · feed: ", (label(self._feed_name or query.feed, 200), "bold")]
        if query.search.strip() and self._saved.query == query.search:
            parts += [" · list: ", (label(self._saved.name), "bold")]  # a saved search
        elif query.search.strip():
            parts += [" · search: “", (label(query.search), "bold"), "”"]
        if self.query_state == listing.query:
            pass
        elif self._index_building and not self._searching_for(self.query_state):
            parts.append(" · enter: search")  # answered once the index is built
        else:
            parts.append(" · searching…")
        # the order last: what narrows the list, and what it waits for, stay in sight at
        # 80 columns when the line is cut
        parts.append(f" · sorted by {sort}")
        self.query_one("#status", Static).update(Content.assemble(*parts))

    def _update_empty(self) -> None:
        listing = self.listing
        articles = self.article_list
        if listing is None or listing.rows or listing.partial:
            self._hide_empty()
            articles.display = True
            if self.focused is None:
                articles.focus()
            return
        if listing.total == 0:
            add = self.key_for("library.add", "a")
            text = Content.assemble(
                ("Your library is empty.", "bold"),
                "\n\n",
                f"Press {add} to add a file, a folder or a web page,\n",
                "or from a shell run:  newsread add PATH",
            )
        else:
            parts: list[str | tuple[str, str]] = [("No articles match.", "bold"), "\n\n"]
            if self.query_state.shown_queue is not None:
                view = self.key_for("library.queue_view", "v")
                where = QUEUE_NAMES[self.query_state.shown_queue]
                parts[0] = (f"Nothing in {where}.", "bold")
                parts.append(f"Press {view} to show the next of inbox, later and archive.\n")
            if self.query_state.search.strip():
                clear = self.key_for("library.clear", "escape")
                parts.append(f"Press {clear} to clear the search.\n")
            if self.query_state.tag:
                tag = self.key_for("library.filter_tag", "t")
                parts.append(f"Press {tag}, then enter on an empty line, to show every tag.")
            if self.query_state.feed and not (
                self.query_state.search.strip() or self.query_state.tag
            ):
                clear = self.key_for("library.clear", "escape")
                parts.append(f"Press {clear} to show the articles of every feed.")
            text = Content.assemble(*parts)
        self._show_empty(text)
        articles.display = False

    def key_for(self, binding_id: str, default: str) -> str:
        """The key currently bound to ``binding_id`` (the keymap may have moved it)."""
        for active in self.active_bindings.values():
            if active.binding.id == binding_id:
                return self.app.get_key_display(active.binding)
        return default

    # ------------------------------------------------------------------ counts

    @on(ArticleList.CountsWanted)
    def _counts_wanted(self, message: ArticleList.CountsWanted) -> None:
        self._fetch_counts(message.article_ids)

    @work(thread=True, group="counts", exit_on_error=False)
    def _fetch_counts(self, article_ids: list[str]) -> None:
        counts: dict[str, int] = {}
        for article_id in article_ids:
            try:
                counts[article_id] = self.library.highlight_count(article_id, orphans=False)
            except Exception:  # a damaged shard: the row shows 0 rather than nothing
                counts[article_id] = 0
        self.post_message(self.CountsReady(counts))

    @on(ArticleList.SnippetsWanted)
    def _snippets_wanted(self, message: ArticleList.SnippetsWanted) -> None:
        self._fetch_snippets(message.words, message.article_ids)

    @work(thread=True, group="snippets", exit_on_error=False)
    def _fetch_snippets(self, words: str, article_ids: list[str]) -> None:
        from tui_reader.store.searching import snippets_for

        self.post_message(self.SnippetsReady(words, snippets_for(self.library, article_ids, words)))

    @on(SnippetsReady)
    def _show_snippets(self, message: SnippetsReady) -> None:
        self.article_list.set_snippets(message.words, message.snippets)

    @on(CountsReady)
    def _show_counts(self, message: CountsReady) -> None:
        self.article_list.set_counts(message.counts)

    # ------------------------------------------------------------------ reader

    def action_open(self) -> None:
        """Open the article under the cursor in the reader."""
        article = self.article_list.current
        if article is None or not self.article_list.display:
            return
        self._open(article.id)

    @on(ArticleList.Opened)
    def _clicked_open(self, message: ArticleList.Opened) -> None:
        self._open(message.article.id)

    def _open(self, article_id: str) -> None:
        self._opened = article_id
        self.post_message(OpenArticle(article_id))

    def on_screen_resume(self) -> None:
        """Back from the reader: its position, state and highlights may have changed."""
        if self._opened is not None:
            article_id, self._opened = self._opened, None
            self._refresh_article(article_id)

    @work(thread=True, group="refresh", exit_on_error=False)
    def _refresh_article(self, article_id: str) -> None:
        self.services.saver.wait_idle()  # this worker's thread waits, not the UI
        try:
            article: Article | None = self.library.get(article_id)
            count = self.library.highlight_count(article_id, orphans=False)
        except NotFound:
            article, count = None, 0
        except Exception:  # the row keeps its old figures
            return
        self.post_message(self.ArticleRefreshed(article_id, article, count))

    @on(ArticleRefreshed)
    def _show_refreshed(self, message: ArticleRefreshed) -> None:
        if message.article is None:
            self.reload()
        elif self.query_state.shown_queue not in (None, message.article.queue):
            self.article_list.remove_article(message.article_id)  # moved in the reader
            current = self.article_list.current
            self.reload(keep=current.id if current else None)  # the status line follows
        else:
            self.article_list.update_article(message.article, message.highlights)

    # ------------------------------------------------------------------ search

    async def action_search(self) -> None:
        """Show the search box: the list follows as you type."""
        search = await self._search_box()
        search.display = True
        self.set_focus(search)  # at once: keys typed right after / land here

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        if event.value != self.query_state.search:
            self.query_state = replace(self.query_state, search=event.value)
            if not self._index_building:  # else each key's search would wait in a thread
                self.reload()
            self._update_status()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            event.input.display = False
        if self._index_building and not self._searching_for(self.query_state):
            self.reload()  # answered once the index is built
            self._update_status()
        self.set_focus(self.article_list)
        # Typed fast, enter can come while the list is hidden behind the empty listing of
        # a word half typed: it could not take the focus, and the keys after enter would
        # have gone to the search box.
        self._leaving_search = self._answered != self._generation and not self._index_building

    def _searching_for(self, query: ListingQuery) -> bool:
        """Whether ``query`` is listed, or being listed, already."""
        if self.listing is not None and self.listing.query == query:
            return True
        return self._listing_query == query and not self._listing_worker_done

    @property
    def _listing_worker_done(self) -> bool:
        return self._listing_worker is None or self._listing_worker.is_finished

    def action_clear(self) -> None:
        """Clear the search; with no search, the tag filter; with neither, the feed."""
        search = self._search
        if (search is not None and search.display) or self.query_state.search:
            if search is not None:
                search.value = ""
                search.display = False
            self.query_state = replace(self.query_state, search="")
        elif self.query_state.tag:
            self.query_state = replace(self.query_state, tag="")
        elif self.query_state.feed:
            self.show_feed("", "")
            return
        else:
            return
        self.set_focus(self.article_list)
        self.reload()

    # ------------------------------------------------------------------ tag filter, sort

    def action_filter_tag(self) -> None:
        """Ask for a tag; only articles carrying it are listed (empty shows all)."""
        from tui_reader.ui.dialogs.tag_filter import FilterDialog

        counts = self.listing.tag_counts if self.listing else Counter()
        self.app.push_screen(FilterDialog(counts, self.query_state.tag), self._tag_chosen)

    def _tag_chosen(self, tag: str | None) -> None:
        if tag is None:
            return
        if self.listing is not None:
            # Use the library's spelling of a tag typed in another case.
            spelled = {t.casefold(): t for t in self.listing.tag_counts}
            tag = spelled.get(tag.casefold(), tag)
        self.query_state = replace(self.query_state, tag=tag)
        self.reload()

    # ------------------------------------------------------------------ saved searches

    @work(thread=True, exclusive=True, group="saved", exit_on_error=False)
    def action_saved_searches(self) -> None:
        """Offer the saved searches (read off the UI thread); enter switches to one."""
        from tui_reader.query.saved import saved_searches

        found = saved_searches(self.library)
        self.app.call_from_thread(self._offer_saved, found)

    def _offer_saved(self, found: list[SavedSearch]) -> None:
        from tui_reader.query.saved import remove_search
        from tui_reader.ui.dialogs.saved_searches import SavedSearchesDialog

        def remove(search: SavedSearch) -> bool:
            return self.services.saver.submit(
                "saved search",
                lambda library: remove_search(library, search.name),
                requester=self,
                context=_SearchChange(f"Removed saved search “{label(search.name)}”."),
            )

        dialog = SavedSearchesDialog(found, remove, self.query_state.search)
        self.app.push_screen(dialog, self._switch_to_saved)

    async def _switch_to_saved(self, chosen: SavedSearch | None) -> None:
        if chosen is None:
            return
        self._saved = chosen
        search = await self._search_box() if chosen.query else self._search
        if search is not None:
            search.value = chosen.query
            search.display = bool(chosen.query)
        self.query_state = replace(self.query_state, search=chosen.query, tag="", feed="")
        self.sub_title = self.SUB_TITLE
        if chosen == EVERY_ARTICLE:
            self.query_state = replace(self.query_state, queue=None)  # every queue too
        self.set_focus(self.article_list)
        self.reload()

    def action_save_search(self) -> None:
        """Name the current search (with its tag filter) so it can be switched to later."""
        from tui_reader.query import QueryError, parse_query, quote
        from tui_reader.ui.dialogs.saved_searches import SaveSearchDialog

        text = self.query_state.search.strip()
        if self.query_state.tag:
            text = f"{text} tag:{quote(self.query_state.tag)}".strip()
        if self.query_state.feed:
            text = f"{text} feed:{quote(self.query_state.feed)}".strip()
        if not text:
            self.notify("Nothing to save: search with / or filter by tag first.")
            return
        try:
            parse_query(text)
        except QueryError as error:
            self.notify(f"Not saved: the query has a mistake ({error}).", severity="error")
            return
        if self.services.saver.check_writable():
            self.app.push_screen(SaveSearchDialog(text), partial(self._save_named, text))

    def _save_named(self, text: str, name: str | None) -> None:
        from tui_reader.query.saved import save_search

        if not name:
            return
        self._saved = SavedSearch(name, text)
        self.services.saver.submit(
            "saved search",
            lambda library: save_search(library, name, text),
            requester=self,
            context=_SearchChange(f"Saved search “{label(name)}”: l switches to it."),
        )

    @on(SaveDone)
    def _search_change_saved(self, message: SaveDone) -> None:
        if isinstance(message.request.context, _SearchChange):
            self.notify(message.request.context.notice)
            self._update_status()

    def action_cycle_sort(self) -> None:
        """Sort by the next of: added, published, title, progress."""
        self.query_state = replace(self.query_state, sort=self.query_state.sort.next())
        current = self.article_list.current
        self.reload(keep=current.id if current else None)

    # ------------------------------------------------------------------ add

    def action_add(self) -> None:
        """Ask for a file, folder or URL and import it."""
        from tui_reader.ui.dialogs.add import AddDialog

        if self._importing:
            self.notify("An import is already running.", severity="warning")
            return
        if not self.services.saver.check_writable():
            return
        self.app.push_screen(AddDialog(), self._add_chosen)

    def _add_chosen(self, source: str | None) -> None:
        if not source:
            return
        self._importing = True
        label, progress = self._progress()
        label.update(Content("Importing…"))
        progress.update(total=None, progress=0)
        self._progress_shown(True)
        self.post_message(ImportRequested(source, self))

    @on(ImportStarted)
    def _import_started(self, message: ImportStarted) -> None:
        _, progress = self._progress()
        progress.update(total=max(1, message.total), progress=0)

    def on_import_advanced(self, message: ImportAdvanced) -> None:
        """One more input read: the bar moves on."""
        label, progress = self._progress()
        progress.update(progress=message.done)
        label.update(Content(f"Importing {message.name}"))

    @on(ImportFinished)
    def _import_finished(self, message: ImportFinished) -> None:
        self._importing = False
        self._progress_shown(False)
        report = message.report
        if report is None:
            self.notify(f"Import failed: {message.error}", severity="error", timeout=10)
            return
        severity = "information" if report.succeeded else "error"
        self.notify(report.summary(), title="Import", severity=severity, timeout=8)
        for name, reason in report.failures[:SHOWN_FAILURES]:
            self.notify(f"{name}: {reason}", severity="error", timeout=10)
        if len(report.failures) > SHOWN_FAILURES:
            more = len(report.failures) - SHOWN_FAILURES
            self.notify(f"… and {more} more could not be imported.", severity="error")
        for name, warning in report.warnings[:SHOWN_FAILURES]:
            self.notify(f"{name}: {warning}", severity="warning", timeout=8)
        from tui_reader.importing import AddStatus

        changed = [r.article.id for r in report.results if r.status is not AddStatus.UNCHANGED]
        ids = changed or [r.article.id for r in report.results]
        first = ids[0] if ids else None
        for article_id in changed:
            self.article_list.forget_count(article_id)
        self.reload(keep=first)

    # ------------------------------------------------------------------ delete, export

    def action_delete(self) -> None:
        """Delete the article under the cursor, after a y/n confirmation."""
        from tui_reader.ui.dialogs.confirm import ConfirmScreen

        article = self.article_list.current
        if article is None or not self.article_list.display:
            self.notify("No article to delete.", severity="warning")
            return
        if not self.services.saver.check_writable():
            return
        count = self.article_list.count_for(article.id)
        hl = "" if not count else f" and its {count} highlight" + ("s" if count > 1 else "")
        title = label(article.title) or "Untitled"  # as the list shows it
        question = Content.assemble(
            "Delete “", (title, "bold"), f"”{hl}?\n", "This cannot be undone."
        )
        self.app.push_screen(
            ConfirmScreen(question, yes="Delete", no="Keep"), partial(self._delete, article)
        )

    def _delete(self, article: Article, confirmed: bool | None) -> None:
        if confirmed:
            from tui_reader.feeds.removed import delete_article  # (no feed adds it again)

            self.services.saver.submit(
                "deletion",
                lambda library: delete_article(library, article.id),
                requester=self,
                context=_Deletion(article),
            )

    @on(SaveDone)
    def _saved(self, message: SaveDone) -> None:
        context = message.request.context
        if isinstance(context, _Deletion):
            self.article_list.remove_article(context.article.id)
            self.reload()
            self.notify(f"Deleted “{label(context.article.title) or 'Untitled'}”.")

    def action_export(self) -> None:
        """Export the highlights and notes of the articles listed (the current filter) that
        have any."""
        rows = self.article_list.rows if self.article_list.display else []
        self.post_message(ExportRequested([a.id for a in rows], self, annotated_only=True))

    def action_highlights(self) -> None:
        """Open the highlights browser."""
        self.post_message(OpenHighlights())

    def action_feeds(self) -> None:
        """Open the feeds screen."""
        self.post_message(OpenFeeds())

    def show_feed(self, url: str, name: str) -> None:
        """List only the articles from the feed at ``url`` (``feed:`` in the query language,
        within the current search and queue view); an empty ``url`` lists every feed's."""
        self._feed_name = name
        self.sub_title = f"{self.SUB_TITLE} · {label(name, 120)}" if url else self.SUB_TITLE
        self.query_state = replace(self.query_state, feed=url)
        self.article_list.cursor = 0  # another list: start at its top
        self.set_focus(self.article_list)
        self.reload()

    def action_review(self) -> None:
        """Start today's review of highlights."""
        self.post_message(OpenReview())

    def action_refresh(self) -> None:
        """Refresh every feed (in a worker of the app; progress under the list)."""
        self.post_message(RefreshRequested())

    @on(RefreshProgress)
    def _refresh_progress(self, message: RefreshProgress) -> None:
        self.show_progress("Refreshing feeds", message.done, message.total)

    @on(RefreshFinished)
    def _refresh_finished(self, message: RefreshFinished) -> None:
        self.hide_progress()
        if message.report is not None and not message.report.changed_articles:
            return  # every feed unchanged (304): the list shown is the library's
        feeds = message.report.feeds if message.report else ()
        changed = (r.article.id for f in feeds for r in f.results)
        # No redraw now: the listing asked for next brings the rows (drawing the list
        # twice was half of the app's work at the end of a 10,000-entry refresh).
        self.article_list.forget_counts_of(changed, redraw=False)
        current = self.article_list.current
        self.reload(keep=current.id if current else None)  # new articles join the list

    def action_stats(self) -> None:
        """Open the stats screen."""
        self.post_message(OpenStats())

    @on(ExportProgress)
    def _export_progress(self, message: ExportProgress) -> None:
        self.show_progress("Exporting", message.done, message.total)

    @on(ExportFinished)
    def _export_finished(self) -> None:
        self.hide_progress()

    def show_progress(self, label: str, done: int, total: int) -> None:
        """Show long work (an export) in the progress bar under the list."""
        text, progress = self._progress()
        # Its size is the bar's (one line, the width left): no layout of the whole screen
        # (and no full redraw of it) for each step.
        text.update(Content(f"{label} {done:,}/{total:,}"), layout=False)
        progress.update(total=max(1, total), progress=done)
        self._progress_shown(True)

    def hide_progress(self) -> None:
        """Hide the progress bar (unless an import is still using it)."""
        if not self._importing:
            self._progress_shown(False)

    # ------------------------------------------------------------------ reading queue

    def action_cycle_queue(self) -> None:
        """Show the next part of the reading queue: inbox, later, archive."""
        current = self.query_state.queue or Queue.ARCHIVE
        self.query_state = replace(self.query_state, queue=next_queue(current))
        self.article_list.cursor = 0  # another list: start at its top
        self.reload()

    def action_queue(self, place: str) -> None:
        """Move the article under the cursor to ``place`` (inbox, later or archive)."""
        self.triage.move(self._listed_current(), Queue(place))

    def action_toggle_read(self) -> None:
        """Mark the article under the cursor read, or unread when it is read."""
        self.triage.toggle_read(self._listed_current())

    def action_undo_triage(self) -> None:
        """Undo the last move or read/unread change made here."""
        self.triage.undo()

    def action_open_url(self) -> None:
        """Open the original page of the article under the cursor in the browser."""
        self.triage.open_url(self._listed_current())

    def _listed_current(self) -> Article | None:
        return self.article_list.current if self.article_list.display else None

    def _triage_sent(self, change: Triage, article: Article | None, undone: bool) -> None:
        """A queue change is on its way to disk: the row follows it at once, so the next
        key of a burst acts on the article now under the cursor."""
        if article is not None:
            self._follow_triage(article)

    def _follow_triage(self, article: Article) -> bool:
        """Update or drop ``article``'s row for its queue and state; True when it stays shown."""
        view = self.query_state.shown_queue
        shown = view is None or article.queue is view
        listed = any(row.id == article.id for row in self.article_list.rows)
        if shown and listed:
            self.article_list.update_article(article, self.article_list.count_for(article.id))
        elif listed:
            self.article_list.remove_article(article.id)
        return shown

    def _triaged(self, change: Triage, article: Article, undone: bool) -> None:
        """A queue change is on disk: the row follows it out of (or back into) the view."""
        shown = self._follow_triage(article)
        if self.triage.pending:
            return  # more changes of a burst are on their way: reload after the last one
        current = self.article_list.current
        keep = article.id if shown and undone else (current.id if current else None)
        self.reload(keep=keep)  # the status line and the counts follow

    @on(SaveDone)
    def _triage_saved(self, message: SaveDone) -> None:
        self.triage.saved(message)

    @on(SaveFailed)
    def _triage_failed(self, message: SaveFailed) -> None:
        self.triage.failed(message)
