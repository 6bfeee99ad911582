"""Fetching a URL and importing what it holds: a page, a feed or plain text.

httpx fetches with timeouts, a size cap (the body is streamed and the
download stopped once over it) and redirects followed by hand, up to a limit,
so a loop is reported as a loop. The content type decides page or feed (the
body is sniffed too: feeds are often served as ``text/xml`` or ``text/html``),
and the charset comes from the header. Every failure is one line.

Deadline and cancelling
-----------------------
Per-read timeouts do not bound a fetch: a server sending one byte every few
seconds beats every one of them. So each fetch also has an overall deadline
(``deadline`` seconds, :data:`FETCH_DEADLINE` by default, read when the fetch
starts) covering connecting, redirects, headers and body; past it the fetch
fails with ``IngestError("... gave up after N s ...")``.

A caller that must be able to stop a fetch early (the app, on quit) passes a
:class:`threading.Event` as ``cancel``, to :func:`fetch`, :func:`load_url`,
``importing.load_input`` or ``importing.import_inputs``, and sets it from any
thread; the fetch then stops within about :data:`CANCEL_POLL` seconds and
raises :class:`~tui_reader.ingest.errors.Cancelled` (an ``IngestError``).
``import_inputs`` checks the same event between inputs, keeps what was
imported before it was set and marks its report ``cancelled``. Example::

    stop = threading.Event()
    worker: import_inputs(library, inputs, cancel=stop)   # in a worker thread
    on quit: stop.set(); then wait for the worker (it returns within a second)

The download runs on a private asyncio event loop (httpx's async client), so
a deadline or a cancel interrupts it wherever it waits, even in the middle of
a read; the loop is not shut down waiting for a stuck name lookup. So call
these from a thread that runs no event loop of its own (a worker thread in
the app, the main thread in the CLI).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from tui_reader import __version__
from tui_reader.ingest.errors import Cancelled, IngestError
from tui_reader.ingest.files import DEFAULT_MAX_SIZE, decode, human_size, looks_binary
from tui_reader.model import Document

if TYPE_CHECKING:
    import ssl
    import threading
    from collections.abc import Coroutine
    from typing import Any

    import httpx

#: Seconds to wait for a connection, and then for each read.
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 10.0
#: Seconds a whole fetch (redirects, headers and body) may take.
FETCH_DEADLINE = 60.0
#: How often, in seconds, a running fetch looks at its cancel event.
CANCEL_POLL = 0.05
#: Seconds given to closing the connection after a deadline or a cancel.
_CLOSE_GRACE = 1.0
#: Redirects followed before giving up.
MAX_REDIRECTS = 5
USER_AGENT = f"newsread/{__version__} (terminal article reader)"
_ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/feed+json,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"
)
_PAGE_TYPES = {"text/html", "application/xhtml+xml"}
_FEED_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
    "application/xml",
    "text/xml",
    "application/json",
}
_TEXT_TYPES = {"text/plain", ""}
_MARKDOWN_TYPES = {"text/markdown", "text/x-markdown"}


@dataclass(frozen=True, slots=True)
class Fetched:
    """A downloaded body and what the server said about it."""

    url: str
    """The final URL, after redirects."""
    content_type: str
    """The MIME type, lower case, without parameters ("" when none was sent)."""
    charset: str
    """The charset parameter of the content type, or ""."""
    data: bytes


def load_url(
    url: str,
    max_size: int = DEFAULT_MAX_SIZE,
    *,
    deadline: float | None = None,
    cancel: threading.Event | None = None,
) -> list[Document]:
    """The documents at ``url``; raises :class:`IngestError` with a one-line reason.

    ``deadline`` and ``cancel`` are those of :func:`fetch`.
    """
    return documents_from(fetch(url, max_size, deadline=deadline, cancel=cancel))


def fetch(
    url: str,
    max_size: int = DEFAULT_MAX_SIZE,
    *,
    deadline: float | None = None,
    cancel: threading.Event | None = None,
    connect_timeout: float = CONNECT_TIMEOUT,
    read_timeout: float = READ_TIMEOUT,
    max_redirects: int = MAX_REDIRECTS,
) -> Fetched:
    """Download ``url`` (following redirects), refusing errors, non-text and oversize bodies.

    The whole fetch ends within ``deadline`` seconds (:data:`FETCH_DEADLINE`
    when None) and as soon as ``cancel`` is set (raising :class:`Cancelled`).
    """
    import asyncio

    limit = FETCH_DEADLINE if deadline is None else deadline
    if cancel is not None and cancel.is_set():
        raise Cancelled("cancelled")
    work = _fetch(url, max_size, connect_timeout, read_timeout, max_redirects)
    # A loop of our own, closed without waiting for the default executor: a
    # name lookup stuck in a thread must not hold the caller past the deadline.
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(_bounded(work, url, limit, cancel))
    finally:
        try:
            loop.run_until_complete(loop.shutdown_asyncgens())
        finally:
            loop.close()


async def _bounded(
    work: Coroutine[Any, Any, Fetched], url: str, limit: float, cancel: threading.Event | None
) -> Fetched:
    """Run ``work`` until it ends, ``limit`` seconds pass or ``cancel`` is set."""
    import asyncio

    async def watch() -> None:
        assert cancel is not None
        while not cancel.is_set():
            await asyncio.sleep(CANCEL_POLL)

    task = asyncio.ensure_future(work)
    waiting: set[asyncio.Future[Any]] = {task}
    if cancel is not None:
        waiting.add(asyncio.ensure_future(watch()))
    done, pending = await asyncio.wait(
        waiting, timeout=max(limit, 0.0), return_when=asyncio.FIRST_COMPLETED
    )
    for future in pending:
        future.cancel()
    if pending:  # let httpx close the connection, but not for long
        await asyncio.wait(pending, timeout=_CLOSE_GRACE)
    if task in done:
        return task.result()
    if cancel is not None and cancel.is_set():
        raise Cancelled("cancelled")
    raise IngestError(f"gave up on {_host(url)} after {limit:g} s (the server is too slow)")


async def _fetch(
    url: str, max_size: int, connect_timeout: float, read_timeout: float, max_redirects: int
) -> Fetched:
    """The download itself, with per-read timeouts; :func:`_bounded` adds the deadline."""
    import httpx

    timeout = httpx.Timeout(read_timeout, connect=connect_timeout)
    headers = {"User-Agent": USER_AGENT, "Accept": _ACCEPT}
    seen = {url}
    current = url
    async with httpx.AsyncClient(
        timeout=timeout, headers=headers, follow_redirects=False
    ) as client:
        for _ in range(max_redirects + 1):
            try:
                check_port(current)
                async with client.stream("GET", current) as response:
                    if response.is_redirect:
                        current = _next_hop(response, current, seen)
                        continue
                    if response.status_code >= 400:
                        phrase = response.reason_phrase or ""
                        raise IngestError(f"HTTP {response.status_code} {phrase}".strip())
                    mime, charset = _content_type(response.headers.get("content-type", ""))
                    if not _is_text_type(mime):
                        raise IngestError(f"not a text page (content type {mime})")
                    data = await _read_capped(response, max_size)
                    return Fetched(str(response.url), mime, charset, data)
            except (httpx.HTTPError, httpx.InvalidURL) as error:
                raise IngestError(http_failure(error, current)) from None
    raise IngestError(f"too many redirects (more than {max_redirects})")


def _next_hop(response: httpx.Response, current: str, seen: set[str]) -> str:
    """The absolute URL a redirect points to, refusing loops and non-web targets."""
    location = response.headers.get("location", "").strip()
    if not location:
        raise IngestError(f"HTTP {response.status_code} redirect without a location")
    target = str(response.url.join(location))
    if not target.lower().startswith(("http://", "https://")):
        raise IngestError(f"redirect to a non-web address: {target}")
    if target in seen:
        raise IngestError(f"redirect loop: {current} -> {target}")
    seen.add(target)
    return target


async def _read_capped(response: httpx.Response, max_size: int) -> bytes:
    """The body, streamed, stopping as soon as it is over ``max_size``."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_size:
        raise IngestError(
            f"download is {human_size(int(declared))}, over the {human_size(max_size)} limit"
        )
    chunks: list[bytes] = []
    total = 0
    async for chunk in response.aiter_bytes():
        total += len(chunk)
        if total > max_size:
            raise IngestError(f"download is over the {human_size(max_size)} limit")
        chunks.append(chunk)
    return b"".join(chunks)


def documents_from(fetched: Fetched) -> list[Document]:
    """Documents from a downloaded body: a feed, a page, Markdown or plain text."""
    from tui_reader.ingest.feeds import parse_feed, sniff_feed

    data, mime = fetched.data, fetched.content_type
    if not data.strip():
        raise IngestError("page is empty")
    if looks_binary(data):
        raise IngestError("not a text page (the body is binary)")
    origin = fetched.url
    header_type = f"{mime}; charset={fetched.charset}" if fetched.charset else mime
    if sniff_feed(data):
        return parse_feed(data, origin=origin, url=fetched.url, content_type=header_type)
    if mime in _FEED_TYPES and not _looks_like_html(data):
        raise IngestError(f"not a feed or a page (content type {mime})")
    if mime in _PAGE_TYPES or _looks_like_html(data):
        from tui_reader.ingest.html import decode_html, parse_html

        text = decode_html(data, fetched.charset or None)
        return [parse_html(text, origin=origin, url=fetched.url)]
    text = decode(data, fetched.charset or None)
    if mime in _MARKDOWN_TYPES:
        from tui_reader.ingest.markdown import parse_markdown

        doc = parse_markdown(text, origin=origin)
    else:
        from tui_reader.ingest.plaintext import parse_plain_text

        doc = parse_plain_text(text, origin=origin)
    doc.url = doc.url or fetched.url
    return [doc]


def _content_type(header: str) -> tuple[str, str]:
    """``text/html; charset=UTF-8`` -> ("text/html", "UTF-8")."""
    mime, _, params = header.partition(";")
    charset = ""
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'")
    return mime.strip().lower(), charset


def _is_text_type(mime: str) -> bool:
    return (
        mime in _PAGE_TYPES | _FEED_TYPES | _TEXT_TYPES | _MARKDOWN_TYPES
        or mime.startswith("text/")
        or mime.endswith(("+xml", "+json"))
    )


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:512]


def http_failure(error: Exception, url: str) -> str:
    """Why fetching ``url`` failed, in one line, from httpx's exception."""
    import httpx

    if isinstance(error, httpx.TimeoutException):
        return f"timed out fetching {_host(url)}"
    if (tls := _tls_error(error)) is not None:
        return f"secure connection (TLS) to {_host(url)} failed: {_tls_reason(tls)}"
    if isinstance(error, httpx.ConnectError):
        return f"cannot reach {_host(url)}: {_reason(error)}"
    if isinstance(error, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return f"not a valid web address: {url}"
    return f"download failed: {_reason(error)}"


#: A scheme before ``://`` (two letters at least: never a drive letter), or one of the
#: schemes written without slashes.
_OTHER_SCHEME = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]+://|(?:javascript|data|mailto|about):)")
NOT_FETCHABLE = "not an http(s) address or a local file"


def local_file_path(address: str) -> str | None:
    """The absolute path a ``file:`` URL of this machine names (no host, or
    ``localhost``: ``file:///home/me/my%20feed.xml`` -> ``/home/me/my feed.xml``);
    None for any other address."""
    from urllib.parse import unquote, urlsplit

    if not address.lower().startswith("file:"):
        return None
    try:
        parts = urlsplit(address)
    except ValueError:
        return None
    path = unquote(parts.path)
    if parts.netloc.lower() not in ("", "localhost") or not path.startswith("/"):
        return None
    return "/" + path.lstrip("/")


def other_scheme(address: str) -> bool:
    """True for an address of a scheme newsread does not read (``ftp://``,
    ``javascript:``...; ``file:`` URLs of another machine too)."""
    lowered = address.lower()
    if lowered.startswith(("http://", "https://")):
        return False
    if lowered.startswith("file:"):
        return local_file_path(address) is None
    return _OTHER_SCHEME.match(address) is not None


def check_port(url: str) -> None:
    """Raise httpx.InvalidURL for a port outside 0-65535, which httpx lets through to
    the socket (an OverflowError in a task group, not a one-line reason)."""
    import httpx

    try:
        urlsplit(url).port  # noqa: B018 - read for the ValueError it raises
    except ValueError as error:
        raise httpx.InvalidURL(str(error)) from None


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or url
    except ValueError:
        return url


def _tls_error(error: BaseException) -> ssl.SSLError | None:
    """The TLS error in an exception chain, if any."""
    import ssl

    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, ssl.SSLError):
            return cause
        cause = cause.__cause__ or cause.__context__
    return None


def _tls_reason(error: ssl.SSLError) -> str:
    """OpenSSL's reason in words ("certificate verify failed: self-signed certificate",
    "wrong version number"); its errno is OpenSSL's own code, not an OS error."""
    import ssl

    if isinstance(error, ssl.SSLCertVerificationError) and error.verify_message:
        return f"certificate verify failed: {error.verify_message}"
    reason = getattr(error, "reason", None)
    if reason:
        return str(reason).replace("_", " ").lower()
    return " ".join(str(error).split()) or type(error).__name__


def _reason(error: BaseException) -> str:
    """The most specific one-line reason in an exception chain."""
    cause: BaseException | None = error
    while cause is not None:
        if (tls := _tls_error(cause)) is cause:
            return _tls_reason(tls)
        code = getattr(cause, "errno", None)
        if isinstance(code, int) and code > 0:  # asyncio's strerror names the call, not the cause
            return os.strerror(code).lower()
        strerror = getattr(cause, "strerror", None)
        if strerror:
            return str(strerror).lower()
        cause = cause.__cause__ or cause.__context__
    text = " ".join(str(error).split())
    return text or type(error).__name__
