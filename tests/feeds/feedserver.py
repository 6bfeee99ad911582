"""A feed server on 127.0.0.1 for the refresh tests and benchmarks (threaded http.server).

Each path answers from a :class:`Answer`, or from a list of them used one
after the other (the last one stays): conditional GET (ETag and Last-Modified
answered with 304), redirects, error statuses with headers (``Retry-After``),
a delay before answering (slow servers), an endless body, gzip.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Answer:
    """What the server answers on one path."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = ""
    """Sent as ETag; a request with this If-None-Match gets 304."""
    last_modified: str = ""
    """Sent as Last-Modified; a request with this If-Modified-Since gets 304."""
    delay: float = 0.0
    """Seconds to wait before answering."""
    endless: bool = False
    """Send the body again and again, forever (until the client hangs up)."""
    gzip: bool = False
    """Send the body gzip-compressed (when the client accepts it)."""


@dataclass
class Hit:
    """One request the server received."""

    path: str
    headers: dict[str, str]


@dataclass
class FeedServer:
    """A running server: set answers with the helpers, read ``hits``."""

    base: str
    answers: dict[str, list[Answer]] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    in_flight: int = 0
    """Requests being answered right now."""
    most_in_flight: int = 0
    """The most requests answered at once so far."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        """The full URL of ``path``."""
        return self.base + path

    def serve(self, path: str, *answers: Answer) -> str:
        """Answer ``path`` with ``answers`` in turn (the last one stays); returns its URL."""
        self.answers[path] = list(answers)
        return self.url(path)

    def feed(self, path: str, xml: str | bytes, **options: object) -> str:
        """Serve a feed at ``path`` (``options`` are :class:`Answer` fields); returns its URL."""
        body = xml.encode("utf-8") if isinstance(xml, str) else xml
        headers = {"Content-Type": "application/rss+xml; charset=utf-8"}
        return self.serve(path, Answer(200, body, headers, **options))  # type: ignore[arg-type]

    def status(self, path: str, status: int, **headers: str) -> str:
        """Answer ``path`` with ``status`` (and headers, ``_`` for ``-``); returns its URL."""
        sent = {k.replace("_", "-"): v for k, v in headers.items()}
        return self.serve(path, Answer(status, b"<html><body>no</body></html>", sent))

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        """Redirect ``path`` to ``to``; returns the URL of ``path``."""
        return self.serve(path, Answer(status, b"", {"Location": to}))

    def hits_of(self, path: str) -> list[Hit]:
        """The requests made for ``path``."""
        return [h for h in self.hits if h.path == path]


def rss(title: str, entries: Iterable[tuple[str, str, str, str]]) -> str:
    """An RSS 2.0 feed: entries are (guid, link, title, text); text paragraphs split on blank lines."""
    items = []
    for guid, link, entry_title, text in entries:
        html = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n"))
        guid_tag = f"<guid isPermaLink='false'>{escape(guid)}</guid>" if guid else ""
        link_tag = f"<link>{escape(link)}</link>" if link else ""
        items.append(
            f"<item>{guid_tag}{link_tag}<title>{escape(entry_title)}</title>"
            f"<content:encoded>{escape(html)}</content:encoded></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{escape(title)}</title><link>http://example.test/</link>"
        + "".join(items)
        + "</channel></rss>"
    )


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            with server.lock:
                server.in_flight += 1
                server.most_in_flight = max(server.most_in_flight, server.in_flight)
            try:
                self._answer()
            except (BrokenPipeError, ConnectionResetError):  # the client gave up: fine
                self.close_connection = True
            finally:
                with server.lock:
                    server.in_flight -= 1

        def _answer(self) -> None:
            server.hits.append(Hit(self.path, {k.lower(): v for k, v in self.headers.items()}))
            queue = server.answers.get(self.path)
            if not queue:
                self._send(404, b"<html><body>Not found</body></html>", {})
                return
            answer = queue.pop(0) if len(queue) > 1 else queue[0]
            if answer.delay:
                time.sleep(answer.delay)
            if answer.status == 200 and self._not_modified(answer):
                self.send_response(304)
                self.send_header("Content-Length", "0")
                if answer.etag:
                    self.send_header("ETag", answer.etag)
                self.end_headers()
                return
            headers = dict(answer.headers)
            if answer.etag:
                headers["ETag"] = answer.etag
            if answer.last_modified:
                headers["Last-Modified"] = answer.last_modified
            if answer.endless:
                self._endless(answer, headers)
                return
            body = answer.body
            if answer.gzip and "gzip" in self.headers.get("Accept-Encoding", ""):
                body = gzip.compress(body)
                headers["Content-Encoding"] = "gzip"
            self._send(answer.status, body, headers)

        def _not_modified(self, answer: Answer) -> bool:
            tag = self.headers.get("If-None-Match")
            if answer.etag and tag is not None:
                return tag == answer.etag
            since = self.headers.get("If-Modified-Since")
            return bool(answer.last_modified) and since == answer.last_modified

        def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _endless(self, answer: Answer, headers: dict[str, str]) -> None:
            self.send_response(answer.status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = answer.body or b"<!-- more -->" * 1000
            try:
                while True:
                    self.wfile.write(chunk)
            except OSError:  # the client hung up, as it should
                self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hung up is no news here (and a traceback on stderr would be
        captured by the CLI tests as if the command had printed it)."""


@contextmanager
def running_server() -> Iterator[FeedServer]:
    """A :class:`FeedServer` on 127.0.0.1 (a free port) in a thread, shut down on exit."""
    server = FeedServer("")
    httpd = _QuietServer(("127.0.0.1", 0), _handler(server))
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    host, port = httpd.server_address[:2]
    server.base = f"http://{host}:{port}"
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
