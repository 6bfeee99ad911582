"""Fetching many feeds at once: one httpx client, bounded, conditional, with deadlines.

:func:`fetch_feeds` downloads the subscriptions' feeds concurrently on a
private asyncio loop in a thread of its own, and hands each answer back to the
calling thread as soon as it arrives (in batches of what is ready), so the
caller parses and stores one feed while the others are still on the wire.

Per feed:

- a conditional GET (``If-None-Match`` / ``If-Modified-Since`` from the stored
  ETag and Last-Modified): ``304`` means nothing new;
- gzip and deflate bodies decoded by httpx; the size cap applies to the decoded
  body, so a small compressed bomb stops at the cap too;
- redirects followed by hand: an unbroken chain of permanent ones (``301``,
  ``308``) gives the feed a new address, a loop or too many hops is an error;
- ``410 Gone`` means the feed is gone (refresh disables it);
- ``429`` / ``503`` with ``Retry-After``: a short wait is waited once, a long
  one is recorded and the feed skipped this round;
- connect and read timeouts, and an overall deadline per response (a server
  trickling one byte every few seconds gives up at the deadline).

Connections are bounded overall and per host (``host:port``). Local feed
files (a subscription to a path) are read from disk. Nothing here imports
Textual; httpx is imported on the fetching thread.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from tui_reader.feeds.subscriptions import Subscription
from tui_reader.ingest.errors import Cancelled, IngestError
from tui_reader.ingest.files import human_size, read_regular_file
from tui_reader.ingest.url import USER_AGENT, check_port, http_failure
from tui_reader.sanitize import clean_line

if TYPE_CHECKING:
    import asyncio

    import httpx

#: How often, in seconds, the caller's thread looks at its cancel event while waiting.
CANCEL_POLL = 0.05
#: Most feeds handed back in one batch.
BATCH_FEEDS = 25

_ACCEPT = (
    "application/atom+xml,application/rss+xml,application/feed+json,application/rdf+xml,"
    "application/xml;q=0.9,text/xml;q=0.9,application/json;q=0.8,*/*;q=0.1"
)
_PERMANENT = {301, 308}
_REDIRECTS = {301, 302, 303, 307, 308}


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """How hard a refresh may pull, and how long it waits."""

    connections: int = 32
    """Requests in flight at once, over all hosts."""
    per_host: int = 6
    """Requests in flight at once to one host (``host:port``)."""
    connect_timeout: float = 10.0
    read_timeout: float = 10.0
    """Seconds to wait for a connection, and then for each read."""
    deadline: float = 30.0
    """Seconds one response may take in all (redirects, headers, body)."""
    max_size: int = 10 * 1024 * 1024
    """Largest feed body accepted (decoded)."""
    max_redirects: int = 5
    max_retry_wait: float = 5.0
    """A ``Retry-After`` up to this many seconds is waited for once; a longer one skips the
    feed this round."""


class FetchStatus(StrEnum):
    """What fetching one feed came to."""

    OK = "ok"
    NOT_MODIFIED = "not modified"
    FAILED = "failed"
    GONE = "gone"
    RATE_LIMITED = "rate limited"


@dataclass(slots=True)
class FeedFetch:
    """One feed's answer."""

    sub: Subscription
    status: FetchStatus
    data: bytes = b""
    url: str = ""
    """The address the body came from (after redirects)."""
    moved_to: str = ""
    """The feed's new address after permanent redirects, or ""."""
    content_type: str = ""
    """The Content-Type header as sent (for the parser's charset)."""
    etag: str = ""
    last_modified: str = ""
    error: str = ""
    """One line saying why the fetch failed ("" when it did not)."""
    retry_after: float | None = None
    """Seconds the server asked us to wait (429/503), when it said."""


class _Failure(Exception):
    """A fetch that ends in a one-line reason (and maybe a status other than FAILED)."""

    def __init__(
        self, message: str, status: FetchStatus = FetchStatus.FAILED, retry: float | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.retry = retry


def is_web_address(url: str) -> bool:
    """True for http(s) URLs (anything else is a local file)."""
    return url.strip().lower().startswith(("http://", "https://"))


def fetch_feeds(
    subs: Sequence[Subscription],
    limits: FetchLimits | None = None,
    cancel: threading.Event | None = None,
    idle: float | None = None,
) -> Iterator[list[FeedFetch]]:
    """Fetch every feed of ``subs`` concurrently; yield the answers in batches as they come.

    Each batch holds what had arrived when the caller asked (at least one
    answer, at most :data:`BATCH_FEEDS`); with ``idle`` (seconds), an empty
    batch is yielded when no answer came for that long (the caller may store
    what it holds while slow feeds are still on their way). Setting ``cancel`` stops the
    downloads within about :data:`CANCEL_POLL` seconds and raises
    :class:`~tui_reader.ingest.errors.Cancelled`; so does closing the iterator
    early (without raising). Call from a thread without a running event loop
    of its own only if you like: the downloads run on a private loop anyway.
    """
    limits = limits or FetchLimits()
    answers: queue.Queue[FeedFetch] = queue.Queue()
    stop = threading.Event()
    thread = threading.Thread(
        target=_run, args=(list(subs), limits, answers, stop), name="feed-fetch", daemon=True
    )
    thread.start()
    left = len(subs)
    quiet_since = time.monotonic()
    try:
        while left:
            try:
                first = answers.get(timeout=CANCEL_POLL)
            except queue.Empty:
                if cancel is not None and cancel.is_set():
                    raise Cancelled("cancelled") from None
                if not thread.is_alive() and answers.empty():
                    raise RuntimeError("the feed fetching thread stopped") from None
                if idle is not None and time.monotonic() - quiet_since >= idle:
                    quiet_since = time.monotonic()
                    yield []
                continue
            batch = [first]
            while len(batch) < BATCH_FEEDS:
                try:
                    batch.append(answers.get_nowait())
                except queue.Empty:
                    break
            left -= len(batch)
            yield batch
            quiet_since = time.monotonic()
            if cancel is not None and cancel.is_set() and left:
                raise Cancelled("cancelled")
    finally:
        stop.set()
        thread.join(timeout=2.0)


def _run(
    subs: list[Subscription],
    limits: FetchLimits,
    answers: queue.Queue[FeedFetch],
    stop: threading.Event,
) -> None:
    """The fetching thread: its own loop, closed without waiting for stuck name lookups."""
    import asyncio

    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(_fetch_all(subs, limits, answers, stop))
    finally:
        try:
            loop.run_until_complete(loop.shutdown_asyncgens())
        finally:
            loop.close()


async def _fetch_all(
    subs: list[Subscription],
    limits: FetchLimits,
    answers: queue.Queue[FeedFetch],
    stop: threading.Event,
) -> None:
    import asyncio

    import httpx

    client = httpx.AsyncClient(
        timeout=httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout, pool=None),
        limits=httpx.Limits(
            max_connections=limits.connections,
            max_keepalive_connections=limits.connections,
        ),
        headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT},
        follow_redirects=False,
    )
    gate = _Gate(limits)

    async def one(sub: Subscription) -> None:
        answers.put(await fetch_one(client, sub, limits, gate))

    tasks = [asyncio.ensure_future(one(sub)) for sub in subs]
    try:
        waiting: set[asyncio.Future[Any]] = set(tasks)
        while waiting and not stop.is_set():
            _, waiting = await asyncio.wait(waiting, timeout=CANCEL_POLL)
    finally:
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=1.0)
        with contextlib.suppress(Exception):  # closing must never hold the refresh
            await asyncio.wait_for(client.aclose(), timeout=1.0)


class _Gate:
    """Slots for requests: so many overall, so many per host."""

    def __init__(self, limits: FetchLimits) -> None:
        import asyncio

        self._limits = limits
        self._all = asyncio.Semaphore(limits.connections)
        self._hosts: dict[str, asyncio.Semaphore] = {}

    def host(self, url: str) -> asyncio.Semaphore:
        import asyncio

        key = _netloc(url)
        sem = self._hosts.get(key)
        if sem is None:
            sem = self._hosts[key] = asyncio.Semaphore(self._limits.per_host)
        return sem

    @property
    def overall(self) -> asyncio.Semaphore:
        return self._all


async def fetch_one(
    client: httpx.AsyncClient, sub: Subscription, limits: FetchLimits, gate: _Gate
) -> FeedFetch:
    """One feed's answer; never raises (but for cancelling): failures are in the result."""
    import asyncio

    if not is_web_address(sub.url):
        return await asyncio.to_thread(_read_file, sub, limits.max_size)
    try:
        try:
            return await _attempt(client, sub, limits, gate)
        except _Failure as failure:
            wait = failure.retry
            if failure.status is not FetchStatus.RATE_LIMITED or wait is None:
                raise
            if wait > limits.max_retry_wait:
                raise
            await asyncio.sleep(max(wait, 0.0))
            return await _attempt(client, sub, limits, gate)
    except _Failure as failure:
        return FeedFetch(
            sub,
            failure.status,
            url=sub.url,
            error=clean_line(str(failure)),
            retry_after=failure.retry,
        )
    except Exception as error:  # a library's surprise must not stop the other feeds
        message = clean_line(" ".join(str(error).split()))[:200]
        return FeedFetch(
            sub,
            FetchStatus.FAILED,
            url=sub.url,
            error=f"unexpected error: {type(error).__name__}: {message}",
        )


async def _attempt(
    client: httpx.AsyncClient, sub: Subscription, limits: FetchLimits, gate: _Gate
) -> FeedFetch:
    """One try: the redirects, then the answer, within the deadline once a slot is had."""
    import asyncio

    import httpx

    conditional: dict[str, str] = {}
    if sub.etag:
        conditional["If-None-Match"] = sub.etag
    if sub.last_modified:
        conditional["If-Modified-Since"] = sub.last_modified
    current = sub.url
    seen = {current}
    moved_to = ""
    permanent = True
    loop = asyncio.get_running_loop()
    started: float | None = None
    for _ in range(limits.max_redirects + 1):
        # the host's slot first: a request waiting for its host holds none of the
        # overall slots (with them, 32 feeds of one busy host stalled every other host)
        async with gate.host(current), gate.overall:
            if started is None:
                started = loop.time()
            try:
                async with asyncio.timeout_at(started + limits.deadline):
                    check_port(current)
                    async with client.stream("GET", current, headers=conditional) as response:
                        status = response.status_code
                        if status in _REDIRECTS and response.headers.get("location"):
                            target = _next_hop(response, current, seen)
                            if status in _PERMANENT and permanent:
                                moved_to = target
                            else:
                                permanent = False
                            current = target
                            continue
                        if status == 304:
                            return FeedFetch(
                                sub, FetchStatus.NOT_MODIFIED, url=current, moved_to=moved_to
                            )
                        _refuse(response)
                        data = await _read_capped(response, limits.max_size)
                        return FeedFetch(
                            sub,
                            FetchStatus.OK,
                            data=data,
                            url=str(response.url),
                            moved_to=moved_to,
                            content_type=clean_line(response.headers.get("content-type", "")),
                            etag=clean_line(response.headers.get("etag", "")),
                            last_modified=clean_line(response.headers.get("last-modified", "")),
                        )
            except TimeoutError:
                raise _Failure(
                    f"gave up after {limits.deadline:g} s (the server is too slow)"
                ) from None
            except (httpx.HTTPError, httpx.InvalidURL) as error:
                raise _Failure(http_failure(error, current)) from None
    raise _Failure(f"too many redirects (more than {limits.max_redirects})")


def _refuse(response: httpx.Response) -> None:
    """Raise the failure an error status means (410 gone, 429/503 rate limited, ...)."""
    status = response.status_code
    if status < 400 and status >= 200:
        return
    phrase = clean_line(response.reason_phrase or "")
    line = f"HTTP {status} {phrase}".strip()
    if status == 410:
        raise _Failure(f"{line}: the feed was removed", FetchStatus.GONE)
    if status in (429, 503):
        wait = retry_after_seconds(response.headers.get("retry-after", ""))
        if wait is not None:
            raise _Failure(
                f"{line}: the server asks to wait {wait:.0f} s", FetchStatus.RATE_LIMITED, wait
            )
        raise _Failure(line, FetchStatus.RATE_LIMITED)
    raise _Failure(line)


def retry_after_seconds(value: str, now: datetime | None = None) -> float | None:
    """A ``Retry-After`` header (seconds, or an HTTP date) as seconds from now; None if unreadable."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _next_hop(response: httpx.Response, current: str, seen: set[str]) -> str:
    """The absolute URL a redirect points to, refusing loops and non-web targets."""
    location = response.headers.get("location", "").strip()
    try:
        target = str(response.url.join(location))
    except Exception:
        raise _Failure(f"redirect to a bad address: {clean_line(location)[:200]}") from None
    if not is_web_address(target):
        raise _Failure(f"redirect to a non-web address: {clean_line(target)[:200]}")
    if target in seen:
        raise _Failure(f"redirect loop: {current} -> {target}")
    seen.add(target)
    return target


async def _read_capped(response: httpx.Response, max_size: int) -> bytes:
    """The decoded body, streamed, stopping as soon as it is over ``max_size``."""
    chunks: list[bytes] = []
    total = 0
    async for chunk in response.aiter_bytes():
        total += len(chunk)
        if total > max_size:
            raise _Failure(f"the feed is over the {human_size(max_size)} limit")
        chunks.append(chunk)
    return b"".join(chunks)


def _read_file(sub: Subscription, max_size: int) -> FeedFetch:
    """A subscription to a local file: its bytes, or 'not modified' when its time is the same."""
    path = Path(sub.url)
    try:
        info = path.stat()
        stamp = str(info.st_mtime_ns)
        if stamp == sub.last_modified:
            return FeedFetch(sub, FetchStatus.NOT_MODIFIED, url=sub.url)
        if info.st_size > max_size:
            error = f"the feed is over the {human_size(max_size)} limit"
            return FeedFetch(sub, FetchStatus.FAILED, url=sub.url, error=error)
        data = read_regular_file(path, max_size)  # (never a device, nor a pipe waited on)
        if len(data) > max_size:
            error = f"the feed is over the {human_size(max_size)} limit"
            return FeedFetch(sub, FetchStatus.FAILED, url=sub.url, error=error)
    except OSError as error:
        return FeedFetch(
            sub, FetchStatus.FAILED, url=sub.url, error=clean_line(str(error.strerror or error))
        )
    except IngestError as error:
        return FeedFetch(sub, FetchStatus.FAILED, url=sub.url, error=clean_line(str(error)))
    return FeedFetch(sub, FetchStatus.OK, data=data, url=sub.url, last_modified=stamp)


def _netloc(url: str) -> str:
    try:
        parts = urlsplit(url)
        return f"{(parts.hostname or '').lower()}:{parts.port or ''}"
    except ValueError:
        return url
