"""Reading many feeds' answers off the refresh's core: in a process of its own.

A refresh is bound by Python's GIL: the downloads (httpx), the parsing of
each answer and the store's writes all take turns on one core. Parsing is the
largest share (feedparser-rs, then every entry's HTML walked into paragraphs:
about 5 ms a feed of 50 entries, 1.3 s of a 200-feed refresh, during which the
downloads of the feeds still waiting and the writes stood still). A
:class:`FeedReader` hands the bodies to one worker process (started with
``spawn``: never a fork of a process running threads) that parses them while
this process downloads and stores; the documents come back pickled, checked
as any parse is (:func:`parse_answer` runs there, unchanged).

It is only worth its start (a fresh interpreter importing the parsers, about
0.2 s of the other core) for many feeds: below :data:`MIN_FEEDS` answers, and
whenever the worker cannot be started or dies, parsing happens here, as
before, with the same results and errors. The bodies that arrive while it
starts wait for it: parsed here, the first 25 answers of a 200-feed refresh
held the refresh's thread (and the GIL the downloads and the writes need) for
about 1.2 s, while the worker, ready after a few tenths of a second, had
nothing to parse.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
import warnings
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING

from tui_reader.ingest.errors import IngestError

if TYPE_CHECKING:
    from tui_reader.feeds.fetching import FeedFetch
    from tui_reader.ingest.loaded import Loaded
    from tui_reader.model import Document

#: Answers to parse before a worker process is worth its start.
MIN_FEEDS = 24

#: How much the worker gives way to the process that started it when both want a core
#: (``os.nice``): on two cores the worker's parsing, the app's own threads and anything
#: else running took turns, and the app's UI thread waited for a core past a frame.
WORKER_NICENESS = 5


class Unreadable(Exception):
    """A parser's surprise in the worker (not an IngestError): its type and message."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def parse_answer(fetched: FeedFetch, origin: str) -> list[Document]:
    """The entries of a feed's body; a web page or anything else is a one-line IngestError."""
    from tui_reader.ingest.feeds import parse_feed, sniff_feed

    data = fetched.data
    if not data.strip():
        raise IngestError("the feed is empty")
    if sniff_feed(data) is None:
        head = data[:2048].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]:
            from tui_reader.feeds.discover import feed_links

            links = feed_links(data, fetched.url)
            if links:
                raise IngestError(
                    f"not a feed but a web page; it names its feed {links[0]} "
                    f"(follow that one: newsread feeds add {links[0]})"
                )
            raise IngestError("not a feed but a web page (without a feed link)")
        raise IngestError("not an RSS, Atom or JSON feed")
    return parse_feed(data, origin=origin, url=fetched.url, content_type=fetched.content_type)


def parse_body(data: bytes, url: str, content_type: str, origin: str) -> Loaded:
    """The entries of one answer (runs in the worker): ``parse_answer`` on its fields.

    An ``IngestError`` comes back as it is; any other exception as :class:`Unreadable`
    (the parser's own exception types need not be importable, or picklable, here).
    """
    from tui_reader.feeds.fetching import FeedFetch, FetchStatus
    from tui_reader.feeds.subscriptions import Subscription

    fetched = FeedFetch(
        Subscription(origin), FetchStatus.OK, data=data, url=url, content_type=content_type
    )
    try:
        return parse_answer(fetched, origin)
    except IngestError:
        raise
    except Exception as error:
        raise Unreadable(type(error).__name__, str(error)) from None


def _worker_started() -> None:
    """In the worker: print nothing (it shares the app's terminal), end with the process
    that started it, however that one ends (a kill leaves no worker behind), and give way
    to it for the CPU (:data:`WORKER_NICENESS`)."""
    warnings.simplefilter("ignore")
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(WORKER_NICENESS)
    threading.Thread(target=_end_with_parent, name="newsread-parent-watch", daemon=True).start()


def _end_with_parent() -> None:
    import multiprocessing
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is not None and parent.sentinel is not None:
        wait([parent.sentinel])  # readable once the parent is gone
    else:  # pragma: no cover - no sentinel: look every second
        first = os.getppid()
        while os.getppid() == first:
            time.sleep(1.0)
    os._exit(0)


def _ready() -> None:
    """Nothing: its answer says the worker has started."""


class FeedReader:
    """Parses feed answers in a worker process, or here when that is not worth it.

    The worker is started with the first body to parse (a refresh where every feed
    answers 304 starts none); the bodies that arrive while it starts are queued for it.
    """

    def __init__(self, feeds: int) -> None:
        self._wanted = feeds >= MIN_FEEDS
        self._pool: ProcessPoolExecutor | None = None
        self._ready: Future[None] | None = None

    def _start(self) -> None:
        self._wanted = False
        try:
            import multiprocessing

            self._pool = ProcessPoolExecutor(
                1, mp_context=multiprocessing.get_context("spawn"), initializer=_worker_started
            )
            self._ready = self._pool.submit(_ready)  # done once the worker has started
        except Exception:  # no processes here: parse in this one
            self._pool = None

    def submit(self, fetched: FeedFetch, origin: str) -> Future[Loaded] | None:
        """Start parsing ``fetched``'s body in the worker (queued there while it starts);
        None when it is parsed here (too few feeds, or no worker)."""
        if self._wanted:
            self._start()
        if self._pool is None:
            return None
        try:
            return self._pool.submit(
                parse_body, fetched.data, fetched.url, fetched.content_type, origin
            )
        except Exception:  # the worker died: the rest is parsed here
            self.close()
            return None

    def close(self) -> None:
        """Stop the worker (parses not started are dropped)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
