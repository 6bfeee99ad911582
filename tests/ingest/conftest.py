"""Fixtures for the importer tests: test pages and a web server on 127.0.0.1."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"
SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@dataclass
class Route:
    """What the test server answers for one path."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Server:
    """A running test server: set ``routes`` and fetch ``url(path)``."""

    base: str
    routes: dict[str, Route]
    hits: list[str]

    def url(self, path: str) -> str:
        """The full URL of ``path`` on this server."""
        return self.base + path

    def page(self, path: str, body: bytes | str, content_type: str = "text/html") -> str:
        """Serve ``body`` at ``path`` with a content type; returns its URL."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(200, data, {"Content-Type": content_type})
        return self.url(path)

    def redirect(self, path: str, to: str, status: int = 302) -> str:
        """Redirect ``path`` to ``to``; returns the URL of ``path``."""
        self.routes[path] = Route(status, b"", {"Location": to})
        return self.url(path)


def _handler(routes: dict[str, Route], hits: list[str]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            route = routes.get(self.path)
            if route is None:
                self.send_response(404, "Not Found")
                self.send_header("Content-Type", "text/html")
                body = b"<html><body><h1>Not found</h1></body></html>"
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            self.send_response(route.status)
            for key, value in route.headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def server() -> Iterator[Server]:
    """A web server on 127.0.0.1 in a thread, answering from a dict of routes."""
    routes: dict[str, Route] = {}
    hits: list[str] = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(routes, hits))
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    host, port = httpd.server_address[:2]
    try:
        yield Server(f"http://{host}:{port}", routes, hits)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, bytes | str], Path]:
    """Write a file under the test's input folder; returns its path."""
    folder = tmp_path / "inputs"

    def _write(name: str, content: bytes | str) -> Path:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    return _write
