"""Fetching a URL and importing what it holds: a page, a feed or plain text.

httpx fetches with timeouts, a size cap (the body is streamed and the
download stopped once over it) and redirects followed by hand, up to a limit,
so a loop is reported as a loop. The content type decides page or feed (the
body is sniffed too: feeds are often served as ``text/xml`` or ``text/html``),
and the charset comes from the header. Every failure is one line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from tui_reader import __version__
from tui_reader.ingest.errors import IngestError
from tui_reader.ingest.files import DEFAULT_MAX_SIZE, decode, human_size, looks_binary
from tui_reader.model import Document

if TYPE_CHECKING:
    import httpx

#: Seconds to wait for a connection, and then for each read.
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 10.0
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


def load_url(url: str, max_size: int = DEFAULT_MAX_SIZE) -> list[Document]:
    """The documents at ``url``; raises :class:`IngestError` with a one-line reason."""
    return documents_from(fetch(url, max_size))


def fetch(
    url: str,
    max_size: int = DEFAULT_MAX_SIZE,
    *,
    connect_timeout: float = CONNECT_TIMEOUT,
    read_timeout: float = READ_TIMEOUT,
    max_redirects: int = MAX_REDIRECTS,
) -> Fetched:
    """Download ``url`` (following redirects), refusing errors, non-text and oversize bodies."""
    import httpx

    timeout = httpx.Timeout(read_timeout, connect=connect_timeout)
    headers = {"User-Agent": USER_AGENT, "Accept": _ACCEPT}
    seen = {url}
    current = url
    with httpx.Client(timeout=timeout, headers=headers, follow_redirects=False) as client:
        for _ in range(max_redirects + 1):
            try:
                with client.stream("GET", current) as response:
                    if response.is_redirect:
                        current = _next_hop(response, current, seen)
                        continue
                    if response.status_code >= 400:
                        phrase = response.reason_phrase or ""
                        raise IngestError(f"HTTP {response.status_code} {phrase}".strip())
                    mime, charset = _content_type(response.headers.get("content-type", ""))
                    if not _is_text_type(mime):
                        raise IngestError(f"not a text page (content type {mime})")
                    data = _read_capped(response, max_size)
                    return Fetched(str(response.url), mime, charset, data)
            except httpx.TimeoutException:
                raise IngestError(f"timed out fetching {_host(current)}") from None
            except httpx.ConnectError as error:
                raise IngestError(f"cannot reach {_host(current)}: {_reason(error)}") from None
            except (httpx.UnsupportedProtocol, httpx.InvalidURL):
                raise IngestError(f"not a valid web address: {current}") from None
            except httpx.HTTPError as error:
                raise IngestError(f"download failed: {_reason(error)}") from None
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


def _read_capped(response: httpx.Response, max_size: int) -> bytes:
    """The body, streamed, stopping as soon as it is over ``max_size``."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_size:
        raise IngestError(
            f"download is {human_size(int(declared))}, over the {human_size(max_size)} limit"
        )
    chunks: list[bytes] = []
    total = 0
    for chunk in response.iter_bytes():
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


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or url
    except ValueError:
        return url


def _reason(error: BaseException) -> str:
    """The most specific one-line reason in an exception chain."""
    cause: BaseException | None = error
    while cause is not None:
        strerror = getattr(cause, "strerror", None)
        if strerror:
            return str(strerror).lower()
        cause = cause.__cause__ or cause.__context__
    text = " ".join(str(error).split())
    return text or type(error).__name__
