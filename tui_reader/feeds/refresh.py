"""Refreshing subscriptions: fetch every feed at once, store what is new, say what happened.

:func:`refresh_feeds` is the one refresh the CLI (``newsread refresh``) and the
app (``r``) run. The feeds are downloaded concurrently (:mod:`.fetching`);
each answer is parsed while the others are still arriving: for many feeds in
a worker process (:mod:`.parsing`: off this process's GIL, which the
downloads and the writes need), else on the caller's thread. Parsed answers are held and stored together, in one library
transaction with those feeds' new refresh state (ETag, Last-Modified, last
refresh, last error), once :data:`WRITE_ENTRIES` entries are held, the
first has waited :data:`WRITE_EVERY` seconds, no answer came for
:data:`WRITE_IDLE` seconds, or the writer is free and :data:`WRITE_SOON` entries
are held (each transaction rewrites every catalog shard it
touches: fewer, larger ones write fewer files; but what is held when the last
parse ends is written after it, so the writes keep pace with the parses, also
after the last answer arrived). The write runs on a helper
thread (through ``writer``) while the caller's thread parses what comes next;
one write at a time. So a refresh stopped anywhere (a
kill, a quit) leaves every feed either stored with its new state or not
stored with its old one: the next refresh fetches it again and completes it.

Entries are matched to articles by guid (within their feed), then by link,
then by content (the article id comes from the guid with the link, or the link,
or the guid, or the text; an entry with a guid matches an article stored under its
link's id only when that article has no other guid; a guid is the same whichever
parser read the feed, and one stored as the feed wrote it, ``/posts/1``, before the
parsers agreed, matches its resolved form: :mod:`tui_reader.ingest.guids`). A changed entry updates its article and places its highlights again
(:mod:`tui_reader.merging`: stayed / moved / orphaned); an entry that left the
feed stays in the library. New articles arrive in the inbox, unread, with the
feed's tags. An entry whose article was removed from the library (deleted, or by
retention) is not added again while the feed lists it (:mod:`.seen`). A feed that fails keeps its articles and gets ``last_error``;
it never stops the others. ``410 Gone`` disables a feed; a long ``Retry-After``
leaves it alone until then.

The feed rules (ignore rules, full text, retention) run through
:mod:`tui_reader.feeds.hooks`.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Container, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_futures
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from tui_reader.feeds.collector import collector_held
from tui_reader.feeds.fetching import (
    FeedFetch,
    FetchLimits,
    FetchStatus,
    fetch_feeds,
    is_web_address,
)
from tui_reader.feeds.fulltext_retry import marked_stored
from tui_reader.feeds.hooks import RefreshHooks, default_hooks
from tui_reader.feeds.options import keep_options
from tui_reader.feeds.parsing import FeedReader, Unreadable, parse_answer
from tui_reader.feeds.removed import removed_keys
from tui_reader.feeds.seen import entry_keys, remember, seen_keys, spelled_keys
from tui_reader.feeds.subscriptions import (
    Subscription,
    find_subscription,
    from_settings,
    same_feed,
    subscriptions,
    to_settings,
)
from tui_reader.ingest.errors import Cancelled, IngestError
from tui_reader.ingest.guids import guid_forms, is_relative, resolve_guid
from tui_reader.merging import AddResult, AddStatus, Current, merge_document
from tui_reader.model import (
    Article,
    Document,
    Highlight,
    Paragraph,
    canonical_url,
    content_hash,
    link_id,
)
from tui_reader.sanitize import clean_line, clean_tags
from tui_reader.store import Library

if TYPE_CHECKING:
    from tui_reader.ingest.loaded import Loaded

T = TypeVar("T")

#: The longest a server's ``Retry-After`` keeps a feed waiting (a day).
MAX_RETRY_AFTER = timedelta(days=1)
#: Entries held before they are stored together (each store change rewrites every
#: catalog shard it touches: fewer, larger changes write fewer files).
WRITE_ENTRIES = 5000
#: Seconds the first answer held may wait for others before they are stored.
WRITE_EVERY = 2.0
#: Seconds without a new answer after which what is held is stored.
WRITE_IDLE = 0.3
#: Entries held that are stored as soon as the writer is free: the writes keep pace
#: with the parses, and what is left to write after the last one is small (a refresh
#: of 10,000 entries left about 7,000 of them, 1.4 s of writing, after its last parse).
WRITE_SOON = 1000
#: Seconds between looks at the parses under way while no answer arrives.
TICK = 0.05
#: The start of most guids: not relative (told before the pattern of is_relative).
_WEB = ("https://", "http://")


class Writer(Protocol):
    """Runs a store write: here and now (the CLI), or on the app's saver thread."""

    def __call__(self, write: Callable[[], T], /) -> T: ...


def write_here(write: Callable[[], T]) -> T:
    """Run a store write on the calling thread (the CLI's way; the app passes its saver)."""
    return write()


class FeedStatus(StrEnum):
    """What refreshing one feed came to."""

    REFRESHED = "refreshed"
    """The feed answered with entries; they were stored."""
    NOT_MODIFIED = "not modified"
    FAILED = "failed"
    GONE = "gone"
    """410 Gone: the feed is disabled from now on."""
    RATE_LIMITED = "rate limited"
    SKIPPED = "skipped"
    """Not fetched: disabled, or the server asked to wait."""


#: The statuses that count as a failure (exit code 1 on the CLI).
FAILURES = frozenset({FeedStatus.FAILED, FeedStatus.GONE, FeedStatus.RATE_LIMITED})


@dataclass(slots=True)
class FeedResult:
    """What a refresh did to one feed."""

    sub: Subscription
    """The subscription as saved by this refresh (its new state, its new address)."""
    status: FeedStatus
    error: str = ""
    """Why it failed or was skipped (one line), or ""."""
    results: list[AddResult] = field(default_factory=list)
    """One per entry stored or found unchanged."""
    ignored: int = 0
    """Entries dropped by the ignore rules."""
    warnings: list[str] = field(default_factory=list)
    moved_from: str = ""
    """The feed's old address when a permanent redirect moved it, or ""."""
    archived: int = 0
    """Read articles the feed's retention moved to the archive after the refresh."""
    removed: int = 0
    """Unannotated archived articles the feed's retention deleted after the refresh."""
    kept_out: int = 0
    """Entries still in the feed whose article was removed from the library (deleted by
    the user or by retention): not added again (:mod:`tui_reader.feeds.seen`)."""

    def count(self, status: AddStatus) -> int:
        """How many entries ended with ``status``."""
        return sum(1 for r in self.results if r.status is status)

    @property
    def new(self) -> int:
        """Entries stored as new articles."""
        return self.count(AddStatus.ADDED)

    @property
    def updated(self) -> int:
        """Entries whose article changed."""
        return self.count(AddStatus.UPDATED)

    @property
    def failed(self) -> bool:
        """True when this feed did not refresh (an error, gone, or rate limited)."""
        return self.status in FAILURES

    def highlights(self) -> tuple[int, int, int]:
        """Highlights of updated articles: (stayed, moved, orphaned)."""
        return (
            sum(r.stayed for r in self.results),
            sum(r.moved for r in self.results),
            sum(r.orphaned for r in self.results),
        )

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready summary."""
        stayed, moved, orphaned = self.highlights()
        return {
            "url": self.sub.url,
            "title": self.sub.title,
            "status": str(self.status),
            "error": self.error,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.count(AddStatus.UNCHANGED),
            "ignored": self.ignored,
            "archived": self.archived,
            "removed": self.removed,
            "removed_earlier": self.kept_out,
            "highlights": {"stayed": stayed, "moved": moved, "orphaned": orphaned},
            "moved_from": self.moved_from,
            "warnings": list(self.warnings),
            "articles": [
                {"id": r.article.id, "title": r.article.title, "status": str(r.status)}
                for r in self.results
                if r.status is not AddStatus.UNCHANGED
            ],
        }


@dataclass(frozen=True, slots=True)
class RefreshEvent:
    """Progress: one feed is done (stored, failed or skipped)."""

    done: int
    total: int
    feed: str
    """The feed's name (title, or address), as stored: sanitise before printing."""
    url: str
    status: FeedStatus
    new: int = 0
    updated: int = 0
    error: str = ""


@dataclass(slots=True)
class RefreshReport:
    """What a refresh did, feed by feed."""

    total: int = 0
    """How many feeds were to be refreshed."""
    feeds: list[FeedResult] = field(default_factory=list)
    cancelled: bool = False
    """True when the refresh stopped early (its ``cancel`` event was set)."""

    @property
    def failed(self) -> list[FeedResult]:
        """The feeds that did not refresh."""
        return [f for f in self.feeds if f.failed]

    @property
    def skipped(self) -> list[FeedResult]:
        """The feeds not fetched this time (disabled, or asked to wait), each with why."""
        return [f for f in self.feeds if f.status is FeedStatus.SKIPPED]

    @property
    def new(self) -> int:
        """New articles, all feeds together."""
        return sum(f.new for f in self.feeds)

    @property
    def changed_articles(self) -> bool:
        """Whether any article was added, changed, archived, removed or moved to a feed's
        new address (a refresh where every feed answered 304 changed none: the lists
        shown need not be read again)."""
        return any(
            f.archived
            or f.removed
            or f.moved_from
            or any(r.status is not AddStatus.UNCHANGED for r in f.results)
            for f in self.feeds
        )

    @property
    def updated(self) -> int:
        """Updated articles, all feeds together."""
        return sum(f.updated for f in self.feeds)

    def summary(self) -> str:
        """One line: feeds refreshed / unchanged / failed, articles new / updated, highlights."""
        count = {s: sum(1 for f in self.feeds if f.status is s) for s in FeedStatus}
        parts = [
            f"{len(self.feeds) - len(self.failed) - count[FeedStatus.SKIPPED]} of "
            f"{self.total} feed{'' if self.total == 1 else 's'} refreshed "
            f"({count[FeedStatus.NOT_MODIFIED]} not modified)",
            f"{len(self.failed)} failed",
        ]
        if count[FeedStatus.SKIPPED]:
            parts.append(f"{count[FeedStatus.SKIPPED]} skipped")
        parts.append(
            f"{self.new} new article{'' if self.new == 1 else 's'}, {self.updated} updated"
        )
        ignored = sum(f.ignored for f in self.feeds)
        if ignored:
            parts.append(f"{ignored} ignored")
        archived, removed = (
            sum(f.archived for f in self.feeds),
            sum(f.removed for f in self.feeds),
        )
        if archived or removed:
            parts.append(f"retention: {archived} archived, {removed} removed")
        marks = [f.highlights() for f in self.feeds]
        stayed, moved, orphaned = (sum(m[i] for m in marks) for i in range(3))
        if stayed or moved or orphaned:
            parts.append(f"highlights: {stayed} stayed, {moved} moved, {orphaned} orphaned")
        if self.cancelled:
            left = self.total - len(self.feeds)
            parts.append(f"stopped early ({left} feed{'' if left == 1 else 's'} not refreshed)")
        return ", ".join(parts)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready report."""
        return {
            "total": self.total,
            "failed": len(self.failed),
            "new": self.new,
            "updated": self.updated,
            "cancelled": self.cancelled,
            "feeds": [f.to_json() for f in self.feeds],
        }


def select_feeds(subs: Sequence[Subscription], keys: Iterable[str] | None) -> list[Subscription]:
    """The subscriptions named by ``keys`` (address, title or number), or all of them.

    Raises :class:`~tui_reader.feeds.subscriptions.SubscriptionError` for a key
    that names no feed (before anything is fetched).
    """
    if keys is None:
        return list(subs)
    chosen: list[Subscription] = []
    for key in keys:
        sub = find_subscription(list(subs), key)
        if sub not in chosen:
            chosen.append(sub)
    return chosen


def refresh_feeds(
    library: Library,
    keys: Iterable[str] | None = None,
    *,
    writer: Writer | None = None,
    progress: Callable[[RefreshEvent], None] | None = None,
    cancel: threading.Event | None = None,
    limits: FetchLimits | None = None,
    hooks: RefreshHooks | None = None,
) -> RefreshReport:
    """Refresh the feeds named by ``keys`` (all when None); returns what happened to each.

    ``writer`` runs each store write (by default on this thread; the app hands
    them to its saver). ``progress`` is called on this thread after each feed
    is stored, failed or skipped. Setting ``cancel`` from any thread stops the
    refresh within about a second: downloads are abandoned, what was stored
    stays stored, and ``report.cancelled`` is True. ``hooks`` defaults to
    :func:`~tui_reader.feeds.hooks.default_hooks`. Raises ``SubscriptionError``
    for an unknown feed and ``StoreError`` when the library cannot be written;
    failures of feeds are in the report. Run it in a thread with no running
    event loop (a worker thread in the app, the main thread in the CLI). Full runs of
    Python's cycle collector are held back meanwhile (:mod:`.collector`: they stalled
    the app's UI thread for up to 0.4 s each).
    """
    with collector_held():
        return _refresh(library, keys, writer, progress, cancel, limits, hooks)


def _refresh(
    library: Library,
    keys: Iterable[str] | None,
    writer: Writer | None,
    progress: Callable[[RefreshEvent], None] | None,
    cancel: threading.Event | None,
    limits: FetchLimits | None,
    hooks: RefreshHooks | None,
) -> RefreshReport:
    write = writer or write_here
    hooks = hooks if hooks is not None else default_hooks(library)
    chosen = select_feeds(subscriptions(library), keys)
    report = RefreshReport(total=len(chosen))

    def finished(result: FeedResult) -> None:
        report.feeds.append(result)
        if progress is not None:
            progress(
                RefreshEvent(
                    done=len(report.feeds),
                    total=report.total,
                    feed=result.sub.name,
                    url=result.sub.url,
                    status=result.status,
                    new=result.new,
                    updated=result.updated,
                    error=result.error,
                )
            )

    fetchable: list[Subscription] = []
    now = datetime.now(UTC)
    for sub in chosen:
        reason = skip_reason(sub, now)
        if reason:
            finished(FeedResult(sub, FeedStatus.SKIPPED, error=reason))
        else:
            fetchable.append(sub)
    if not fetchable:
        return report
    known = KnownEntries(library, [s.url for s in fetchable])
    bulk = BulkStore(library)
    held: list[Prepared] = []
    since = 0.0  # when the oldest answer held arrived
    # One write at a time runs on this thread's helper, while this thread parses what
    # arrives next (a write mostly waits on the disk).
    writing: Future[list[FeedResult]] | None = None
    helper = ThreadPoolExecutor(1, thread_name_prefix="newsread-refresh-write")

    def written() -> None:
        nonlocal writing
        if writing is not None:
            stored, writing = writing.result(), None
            for result in stored:
                finished(result)

    def write_held() -> None:
        nonlocal writing
        written()
        if any(item.entries for item in held):
            job = partial(bulk.store, list(held), known, hooks)
        else:
            job = partial(store, library, list(held), known, hooks)
        writing = helper.submit(write, job)
        held.clear()

    def fold_early() -> None:
        """While the writer is idle and slow feeds are still on their way: put the new
        records into their shards now, not all after the last answer (the fold writes
        thousands of files, mostly waiting on the disk)."""
        nonlocal writing
        written()
        writing = helper.submit(write, bulk.fold)

    # Bodies are parsed in a worker process while this thread downloads and stores
    # (:mod:`.parsing`); they are taken back in the order they arrived.
    reader = FeedReader(sum(1 for s in fetchable if is_web_address(s.url)))
    parsing: deque[tuple[FeedFetch, Future[Loaded] | None]] = deque()
    quiet_since = time.monotonic()  # when the last answer arrived

    def take() -> None:
        """Prepare the answers parsed so far, in the order they arrived."""
        nonlocal since
        while parsing:
            fetched, parsed = parsing[0]
            if parsed is not None and not parsed.done():
                return
            parsing.popleft()
            if not held:
                since = time.monotonic()
            held.append(prepare(library, fetched, hooks, cancel, parsed))

    def maybe_write(now: float, idle: bool) -> None:
        """Store what is held when it is time to (see the module's doc)."""
        if writing is not None and writing.done():
            written()  # its feeds are reported as soon as they are stored
        free = writing is None
        entries = sum(len(item.entries) for item in held)
        if held and (
            idle  # nothing arrived for a while: store what is here
            or entries >= WRITE_ENTRIES
            or now - since >= WRITE_EVERY
            or (free and entries >= WRITE_SOON)
        ):
            write_held()
        elif idle and not held and bulk.open and free:
            fold_early()

    try:
        for batch in fetch_feeds(fetchable, limits, cancel, idle=TICK):
            now = time.monotonic()
            if batch:
                quiet_since = now
            for fetched in batch:
                origin = fetched.moved_to or fetched.sub.url
                ok = fetched.status is FetchStatus.OK
                parsing.append((fetched, reader.submit(fetched, origin) if ok else None))
            take()
            maybe_write(now, idle=not parsing and now - quiet_since >= WRITE_IDLE)
        while parsing:  # every answer is in: the last parses, stored as they come
            head = parsing[0][1]
            if head is not None:
                wait_futures([head], timeout=TICK)
            take()
            maybe_write(time.monotonic(), idle=False)
        if held:
            write_held()
        written()
    except Cancelled:
        report.cancelled = True
        written()  # a write under way completes: it is whole or absent, never half
    finally:
        reader.close()
        try:
            if bulk.open:  # the new records go into their shards (each written once)
                helper.submit(write, bulk.close).result()
        finally:
            helper.shutdown(wait=True)
    return report


def skip_reason(sub: Subscription, now: datetime) -> str:
    """Why ``sub`` is not fetched this time ("" when it is)."""
    if sub.disabled:
        return "disabled (the server said 410 Gone; `newsread feeds set FEED --enable` enables it)"
    if sub.retry_after:
        try:
            until = datetime.fromisoformat(sub.retry_after)
        except ValueError:
            return ""
        if until.tzinfo is None:
            until = until.replace(tzinfo=UTC)
        if until > now:
            return f"the server asked to wait until {sub.retry_after}"
    return ""


# ------------------------------------------------------------------ preparing


@dataclass(slots=True)
class Prepared:
    """One feed's answer made ready to store (off the writer)."""

    fetched: FeedFetch
    result: FeedResult
    entries: list[tuple[Document, bool]] = field(default_factory=list)
    """The entries to store, each with whether it is only a summary."""
    title: str = ""
    """The feed's title as it names itself."""


_STATUS = {
    FetchStatus.OK: FeedStatus.REFRESHED,
    FetchStatus.NOT_MODIFIED: FeedStatus.NOT_MODIFIED,
    FetchStatus.FAILED: FeedStatus.FAILED,
    FetchStatus.GONE: FeedStatus.GONE,
    FetchStatus.RATE_LIMITED: FeedStatus.RATE_LIMITED,
}


def prepare(
    library: Library,
    fetched: FeedFetch,
    hooks: RefreshHooks,
    cancel: threading.Event | None,
    parsed: Future[Loaded] | None = None,
) -> Prepared:
    """Parse a feed's answer (or take ``parsed``, its parse in the worker process) and run
    the per-entry filter and per-feed step on it."""
    sub = fetched.sub
    done = Prepared(fetched, FeedResult(sub, _STATUS[fetched.status], error=fetched.error))
    if fetched.status is FetchStatus.NOT_MODIFIED and hooks.prepare_feed is not None:
        # no new entry, but the rules may have work of their own (pages to fetch again)
        done.entries = [(doc, False) for doc in hooks.prepare_feed(library, sub, [], cancel)]
    if fetched.status is not FetchStatus.OK:
        return done
    origin = fetched.moved_to or sub.url
    try:
        loaded = _read(fetched, origin, parsed)
    except IngestError as error:
        done.result.status, done.result.error = FeedStatus.FAILED, clean_line(str(error))
        return done
    except Unreadable as error:  # the worker's parser's surprise
        message = clean_line(str(error))[:200]
        done.result.status = FeedStatus.FAILED
        done.result.error = f"unreadable feed ({error.kind}: {message})"
        return done
    except Exception as error:  # a parser's surprise: this feed fails, the others go on
        message = clean_line(str(error))[:200]
        done.result.status = FeedStatus.FAILED
        done.result.error = f"unreadable feed ({type(error).__name__}: {message})"
        return done
    done.result.warnings.extend(getattr(loaded, "warnings", ()))
    summaries: set[str] = getattr(loaded, "summaries", set())
    done.title = clean_line(loaded[0].source) if loaded else ""
    docs: list[Document] = []
    summary_docs: set[int] = set()
    for doc in loaded:
        if summaries and doc.article_id() in summaries:
            summary_docs.add(id(doc))
        if hooks.keep_entry is not None and not hooks.keep_entry(sub, doc):
            done.result.ignored += 1
            continue
        docs.append(doc)
    if hooks.prepare_feed is not None and docs:
        docs = hooks.prepare_feed(library, sub, docs, cancel)
    done.entries = [(doc, id(doc) in summary_docs) for doc in docs]
    return done


def _read(fetched: FeedFetch, origin: str, parsed: Future[Loaded] | None) -> list[Document]:
    """The entries of an answer: from the worker's parse, or parsed here (also when the
    worker broke down)."""
    if parsed is not None:
        try:
            return parsed.result()
        except (IngestError, Unreadable):
            raise
        except Exception:  # the worker process died (or was never able to run): parse here
            pass
    return parse_answer(fetched, origin)


# ------------------------------------------------------------------ storing


class KnownEntries:
    """The articles of the refreshed feeds by guid, read once per refresh (lazily)."""

    def __init__(self, library: Library, feeds: Iterable[str]) -> None:
        self._library = library
        self._feeds = {canonical_url(url) for url in feeds}
        self._by_feed: dict[str, dict[str, Article]] | None = None
        self._relative: dict[str, dict[str, Article]] = {}
        self._by_link: dict[str, Article] = {}
        self._addresses: dict[str, str] = {}  # origin -> canonical_url(origin)

    def _address(self, origin: str) -> str:
        """``canonical_url(origin)``, once per feed (asked for every entry)."""
        address = self._addresses.get(origin)
        if address is None:
            address = self._addresses[origin] = canonical_url(origin)
        return address

    def by_guid(self, origin: str) -> dict[str, Article]:
        """The feed's articles that carry a guid, by guid."""
        if self._by_feed is None:
            self._by_feed = {key: {} for key in self._feeds}
            # In no particular order (sorting 100,000 articles costs half a second):
            # where two share a guid or a link, the newest added is kept.
            for article in self._library.articles(newest_first=False):
                if article.guid:
                    if article.origin:
                        feed = canonical_url(article.origin)
                        found = self._by_feed.get(feed)
                        if found is not None:
                            guid = article.guid
                            _keep_newest(found, guid, article)
                            if not guid.startswith(_WEB) and is_relative(guid):
                                # stored as the feed wrote it: looked up by guid_forms
                                _keep_newest(self._relative.setdefault(feed, {}), guid, article)
                    if article.url:
                        _keep_newest(self._by_link, canonical_url(article.url), article)
        return self._by_feed.get(self._address(origin), {})

    def by_link(self, url: str) -> Article | None:
        """An article with a guid and the link ``url`` (its id made of both), as the library
        held it when the refresh began."""
        self.by_guid("")
        return self._by_link.get(canonical_url(url))

    def find(self, guid: str, origin: str, base: str = "") -> Article | None:
        """The feed's article with the guid ``guid``, also when it was stored as the feed
        wrote it (relative to ``base``, the address the feed was read from: feedparser-rs
        kept guids as written before it agreed with feedparser, :mod:`~tui_reader.ingest.guids`)."""
        found = self.by_guid(origin).get(guid)
        if (
            found is None
            and self._relative
            and (relative := self._relative.get(self._address(origin)))
        ):
            for form in guid_forms(guid, base or origin):
                if (found := relative.get(form)) is not None:
                    break
        return found

    def find_moved(self, guid: str, former: str, base: str) -> Article | None:
        """The article the feed stored at its former address ``former`` for the entry whose
        guid, read at ``base`` (where the feed moved), is ``guid``: a guid the feed writes
        relative (``1234``, ``/posts/1``) resolves elsewhere once the feed has moved, so
        each spelling of it relative to ``base`` is resolved against ``former`` too."""
        if not guid or not former:
            return None
        for form in guid_forms(guid, base):
            found = self.find(resolve_guid(form, former), former, former)
            if found is not None:
                return found
        return None

    def adopt(self, doc: Document, origin: str, base: str = "") -> None:
        """Give an entry the id of the article its feed already holds under its guid (its
        link changed, it was stored under its link's id before guids told entries apart, or
        under its guid as written); ``base`` is the address the feed was read from."""
        if not doc.guid:
            return
        known = self.find(doc.guid, origin, base)
        if known is not None and known.id != doc.article_id():
            doc.id = known.id


def _keep_newest(found: dict[str, Article], key: str, article: Article) -> None:
    """``found[key]`` is ``article`` unless it holds one added after it (ties: the
    greater id), as a newest-first pass with ``setdefault`` would keep."""
    held = found.get(key)
    if held is None or (article.added, article.id) > (held.added, held.id):
        found[key] = article


Record = tuple[Article, Sequence[Paragraph] | None, Sequence[Highlight]]


class BulkStore:
    """The refresh's writes of new entries, as one bulk import (:meth:`Library.bulk`).

    Each write puts the texts of its new articles and their records in new text
    packs (listed by ``bulk.json``) instead of rewriting the catalog shard of
    every new article; the search index takes them in behind the write. The
    records go into their shards when the refresh ends (:meth:`close`), each
    shard written once: a refresh of 10,000 new entries into 100,000 articles
    wrote about 3,600 shards per write, three times. When the writer would
    otherwise wait for slow feeds, the records stored so far are filed then
    (:meth:`fold`), not all after the last answer. A kill in between leaves
    them listed by ``bulk.json``: the next writer to open the library files them.
    Both run on the writer.
    """

    def __init__(self, library: Library) -> None:
        self._library = library
        self._bulk: AbstractContextManager[None] | None = None

    @property
    def open(self) -> bool:
        """True once a write ran (the library is in bulk mode until :meth:`close`)."""
        return self._bulk is not None

    def store(
        self, feeds: Sequence[Prepared], known: KnownEntries, hooks: RefreshHooks
    ) -> list[FeedResult]:
        """:func:`store`, in bulk mode."""
        if self._bulk is None:
            bulk = self._library.bulk()
            bulk.__enter__()
            self._bulk = bulk
        return store(self._library, feeds, known, hooks)

    def close(self) -> None:
        """Leave bulk mode: the new records go into their shards."""
        bulk, self._bulk = self._bulk, None
        if bulk is not None:
            bulk.__exit__(None, None, None)

    def fold(self) -> list[FeedResult]:
        """:meth:`close` as a write of the refresh (no feed is stored by it): the records
        stored so far go into their shards; a later write enters bulk mode again."""
        self.close()
        return []


def store(
    library: Library, feeds: Sequence[Prepared], known: KnownEntries, hooks: RefreshHooks
) -> list[FeedResult]:
    """Merge the feeds' entries and write them with the feeds' new state: one transaction.

    Runs on the writer (the app's saver thread, or here in the CLI).
    """
    settings = library.settings()
    subs = {canonical_url(s.url): s for s in from_settings(settings)}  # in their order
    removed = removed_keys(settings)  # deleted by the user: no feed adds them again
    records: list[Record] = []
    in_batch: set[str] = set()
    moved: dict[str, str] = {}
    results: list[FeedResult] = []
    now = datetime.now(UTC)
    for item in feeds:
        result = item.result
        sub = item.fetched.sub
        origin = item.fetched.moved_to or sub.url
        seen = seen_keys(sub.seen)
        present: list[str] = []
        for doc, summary_only in item.entries:
            keys = entry_keys(doc)
            merged = merge_entry(
                library,
                sub,
                origin,
                doc,
                summary_only,
                known,
                in_batch,
                seen,
                removed,
                keys,
                base=item.fetched.url,
                former=sub.url if item.fetched.moved_to else "",
            )
            if doc.id:  # matched to an article stored under another id: its keys
                keys = entry_keys(doc)
            present.extend(keys)
            if merged[0] is None:
                result.kept_out += 1
            else:
                result.results.append(merged[0])
            if merged[1] is not None:
                records.append(merged[1])
            elif merged[0] is not None and (adopted := _adopted(merged[0], doc, subs)):
                in_batch.add(adopted.id)
                records.append((adopted, None, ()))
        new_sub = next_state(sub, item, now)
        if (stored := subs.get(canonical_url(sub.url))) is not None:
            new_sub = keep_options(new_sub, stored)  # changed in the app meanwhile
            if stored.full_text and not sub.full_text and result.results:
                # Turned on while the feed was fetched: its entries came as summaries.
                stored_now = [added.article for added in result.results]
                marks = marked_stored(new_sub.full_text_retry, stored_now, now)
                new_sub = replace(new_sub, full_text_retry=marks)
        if hooks.feed_state is not None:
            new_sub = hooks.feed_state(sub, new_sub)
        if result.status is FeedStatus.REFRESHED:
            new_sub = replace(new_sub, seen=remember(sub.seen, present, now.date()))
        result.sub = new_sub
        if new_sub.url != sub.url:
            result.moved_from = sub.url
            moved[canonical_url(sub.url)] = new_sub.url
        if (address := canonical_url(sub.url)) in subs:
            subs[address] = new_sub
        results.append(result)
    if moved:
        records.extend(_moved_articles(library, moved, in_batch))
    library.put_many(records, settings=to_settings(settings, subs.values()))
    for result in results:
        answered = result.status in (FeedStatus.REFRESHED, FeedStatus.NOT_MODIFIED)
        if hooks.after_feed is not None and answered:  # retention runs on unchanged feeds too
            try:
                hooks.after_feed(library, result.sub, result)
            except Exception as error:  # a rule must never undo what was stored
                result.warnings.append(f"after refresh: {type(error).__name__}: {error}")
    return results


def merge_entry(
    library: Library,
    sub: Subscription,
    origin: str,
    doc: Document,
    summary_only: bool,
    known: KnownEntries,
    in_batch: set[str],
    seen: frozenset[str] = frozenset(),
    removed: Container[str] = frozenset(),
    keys: tuple[str, ...] | None = None,
    *,
    base: str = "",
    former: str = "",
) -> tuple[AddResult | None, Record | None]:
    """What storing one entry means: a new article, an update, or nothing.

    The result is None for an entry whose article is no longer in the library and that
    the feed showed before (a key in ``seen``) or whose article the user deleted (its key
    in ``removed``, :mod:`.removed`): it was removed, and stays removed. ``keys`` are
    the entry's :func:`~.seen.entry_keys` when the caller has them already. ``base`` is
    the address the feed was read from (``origin`` when not given): an entry whose guid
    was stored, or remembered, as the feed wrote it is matched under that spelling too
    (:func:`~tui_reader.ingest.guids.guid_forms`). ``former`` is the feed's address before
    a permanent redirect moved it in this refresh: an entry whose relative guid resolved
    against it is matched under that guid, and its article takes the new one.
    """
    doc.origin = origin
    base = base or origin
    known.adopt(doc, origin, base)
    regained = None
    if former and not doc.id and (regained := known.find_moved(doc.guid, former, base)):
        doc.id = regained.id
    aid = doc.article_id()
    existing = library.get_many((aid,)).get(aid)  # the catalog as the last write left it
    shadowed = False
    if existing is None and aid not in in_batch and not doc.id and doc.guid and doc.url:
        # then by link: the article stored under the link's id (from another feed before
        # guids told entries apart, or added from its page) unless it has another guid
        found = library.get_many((link := link_id(doc.url),)).get(link)
        if found is not None and found.guid in ("", doc.guid):
            doc.id, aid, existing = link, link, found
        # An entry that shared its link with another entry (another guid) was taken for
        # it before guids told entries apart, and never stored: seen, but not removed.
        shadowed = found is not None and found.guid not in ("", doc.guid)
    elif existing is None and aid not in in_batch and not doc.id and not doc.guid and doc.url:
        # an entry without a guid, by link: the article of an entry with a guid and this link
        found = known.by_link(doc.url)
        if found is not None and (stored := library.get_many((found.id,)).get(found.id)):
            doc.id, aid, existing = found.id, found.id, stored
    if keys is None or doc.id:  # (the id matched is not the one the keys were made of)
        keys = entry_keys(doc)
    if shadowed and keys[0] not in seen:
        seen = frozenset()
    if existing is None and aid not in in_batch and _removed_before(doc, keys, seen, removed, base):
        return None, None
    if existing is None and aid not in in_batch and former and doc.guid and not doc.id:
        for form in guid_forms(doc.guid, base):  # removed before the feed moved
            spelled = _spelled(doc, resolve_guid(form, former))
            if _removed_before(spelled, entry_keys(spelled), seen, removed, ""):
                return None, None
    if aid in in_batch and existing is None:
        # the same article twice in one write (two feeds share an entry): the first one wins
        return AddResult(AddStatus.UNCHANGED, _placeholder(doc)), None
    hashed = ""
    if existing is not None:
        if aid in in_batch:
            return AddResult(AddStatus.UNCHANGED, existing), None
        hashed = content_hash(doc.title, doc.paragraphs)
        if hashed == existing.content_hash:
            if regained is not None and existing.guid != doc.guid:  # the guid of its new home
                in_batch.add(aid)
                kept = replace(existing, guid=doc.guid, origin=origin)
                return AddResult(AddStatus.UNCHANGED, kept), (kept, None, ())
            return AddResult(AddStatus.UNCHANGED, existing), None
        if summary_only and (
            sub.full_text or sub.had_full_text or not same_feed(existing.origin, origin)
        ):
            # a summary never replaces a whole article (fetched in full, even by a feed
            # whose full text was turned off since, or added by hand)
            return AddResult(AddStatus.UNCHANGED, existing), None
        doc.tags = ()  # the feed's tags go to new articles; the user's stay as they are
        try:
            paragraphs = library.paragraphs(aid)
        except Exception:  # a lost text file: the entry's text replaces it
            paragraphs = []
        current = Current(existing, paragraphs, library.highlights(aid))
    else:
        doc.tags = clean_tags([*doc.tags, *sub.tags])
        current = None
    merged = merge_document(doc, current, hashed, aid)
    in_batch.add(aid)
    if not merged.changed:
        return merged.result, None
    return merged.result, (merged.result.article, merged.paragraphs, merged.highlights)


def _removed_before(
    doc: Document,
    keys: tuple[str, ...],
    seen: frozenset[str],
    removed: Container[str],
    base: str,
) -> bool:
    """True when the entry (with no article) was shown by its feed before (a key in
    ``seen``) or its article was deleted (its id's key in ``removed``): under its guid, or
    under its guid as the feed wrote it (the keys of libraries written before feedparser-rs
    agreed with feedparser on guids)."""
    if not seen.isdisjoint(keys) or keys[0] in removed:
        return True
    if not doc.guid or doc.id or not (seen or removed):
        return False  # (an id matched is not made of the guid)
    for form in guid_forms(doc.guid, base):
        former = spelled_keys(doc.url, form)
        if not seen.isdisjoint(former) or former[0] in removed:
            return True
    return False


def _spelled(doc: Document, guid: str) -> Document:
    """``doc`` with the guid ``guid`` (for the keys it was remembered under)."""
    return replace(doc, guid=guid, id="")


def _adopted(result: AddResult, doc: Document, followed: Container[str]) -> Article | None:
    """An article the entry already had in the library, taken into the entry's feed when
    it belongs to no followed feed (added from the feed's file, or its page by URL, before
    the feed was followed); None when it stays as it is."""
    article = result.article
    if result.status is not AddStatus.UNCHANGED or article.origin == doc.origin:
        return None
    if article.origin and canonical_url(article.origin) in followed:
        return None
    guid = article.guid or (doc.guid if article.url else "")
    return replace(article, origin=doc.origin, guid=guid)


def _placeholder(doc: Document) -> Article:
    from tui_reader.merging import new_article

    return new_article(doc)


def _moved_articles(library: Library, moved: dict[str, str], in_batch: set[str]) -> list[Record]:
    """The articles of feeds that moved, with their origin set to the new address."""
    records: list[Record] = []
    for article in library.articles():
        new = moved.get(canonical_url(article.origin)) if article.origin else None
        if new is not None and article.id not in in_batch:
            records.append((replace(article, origin=new), None, ()))
    return records


def refreshed_title(sub: Subscription, channel: str) -> tuple[str, bool]:
    """The feed's title and whether it is the person's own, once a refresh read the
    channel's title ``channel`` ("" when it has none): a named feed keeps its title; a
    feed never read before whose title is not the channel's was named elsewhere (an OPML
    file from another reader) and is named from now on; any other follows the channel."""
    if sub.named or not channel:
        return sub.title, sub.named
    if sub.title and not sub.last_refresh and sub.title != channel:
        return sub.title, True
    return channel, False


def next_state(sub: Subscription, item: Prepared, now: datetime) -> Subscription:
    """The subscription's refresh state after this answer."""
    stamp = now.isoformat(timespec="seconds")
    fetched = item.fetched
    status = item.result.status
    if status is FeedStatus.REFRESHED:
        title, named = refreshed_title(sub, item.title)
        return replace(
            sub,
            url=fetched.moved_to or sub.url,
            title=title,
            named=named,
            etag=fetched.etag,
            last_modified=fetched.last_modified,
            last_refresh=stamp,
            last_error="",
            retry_after="",
        )
    if status is FeedStatus.NOT_MODIFIED:
        return replace(
            sub, url=fetched.moved_to or sub.url, last_refresh=stamp, last_error="", retry_after=""
        )
    if status is FeedStatus.GONE:
        return replace(sub, disabled=True, last_error=item.result.error)
    if status is FeedStatus.RATE_LIMITED:
        wait = fetched.retry_after
        until = ""
        if wait is not None:
            until = (now + min(timedelta(seconds=wait), MAX_RETRY_AFTER)).isoformat(
                timespec="seconds"
            )
        return replace(sub, last_error=item.result.error, retry_after=until)
    if status is FeedStatus.FAILED:
        # a body that did not parse: the validators are not kept, so the next try fetches it all
        return replace(sub, last_error=item.result.error)
    return sub
