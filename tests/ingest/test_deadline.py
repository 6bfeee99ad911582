"""Fetches end: an overall deadline against trickling servers, and a cancel event."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.ingest.conftest import SAMPLES, Server
from tui_reader.cli import cli
from tui_reader.importing import import_inputs
from tui_reader.ingest import Cancelled, IngestError
from tui_reader.ingest import url as url_module
from tui_reader.ingest.url import fetch, load_url
from tui_reader.store import Library

HEADERS = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n"


@dataclass
class Trickle:
    """A server on 127.0.0.1 that sends its reply one byte every ``interval`` seconds."""

    base: str
    connections: list[float]

    def url(self, path: str) -> str:
        return self.base + path


def _serve(
    listener: socket.socket, stop: threading.Event, interval: float, log: list[float]
) -> None:
    listener.settimeout(0.05)
    while not stop.is_set():
        try:
            conn, _ = listener.accept()
        except TimeoutError:
            continue
        log.append(time.monotonic())
        threading.Thread(target=_drip, args=(conn, stop, interval), daemon=True).start()


def _drip(conn: socket.socket, stop: threading.Event, interval: float) -> None:
    """Read the request, then send headers and body one byte at a time."""
    with conn:
        conn.settimeout(2)
        try:
            conn.recv(65536)
            for byte in HEADERS + b"x" * 100000:
                if stop.wait(interval):
                    return
                conn.sendall(bytes([byte]))
        except OSError:
            return


@pytest.fixture
def trickle() -> Iterator[Trickle]:
    """A server whose every read arrives well inside any per-read timeout, but never ends."""
    stop = threading.Event()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    log: list[float] = []
    thread = threading.Thread(target=_serve, args=(listener, stop, 0.1, log), daemon=True)
    thread.start()
    host, port = listener.getsockname()
    try:
        yield Trickle(f"http://{host}:{port}", log)
    finally:
        stop.set()
        thread.join(5)
        listener.close()


@pytest.mark.timeout(30)
def test_a_trickling_server_is_given_up_at_the_deadline(trickle: Trickle) -> None:
    # each byte comes 0.1 s after the last, far inside the 10 s read timeout:
    # only an overall deadline ends this fetch (100,000 bytes would take hours)
    with pytest.raises(IngestError, match=r"^gave up on 127\.0\.0\.1 after 0\.5 s"):
        fetch(trickle.url("/slow"), deadline=0.5)


@pytest.mark.timeout(30)
def test_the_default_deadline_is_read_when_the_fetch_starts(
    trickle: Trickle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(url_module, "FETCH_DEADLINE", 0.3)
    with pytest.raises(IngestError, match=r"after 0\.3 s"):
        load_url(trickle.url("/slow"))


@pytest.mark.timeout(30)
def test_cancel_stops_a_running_fetch(trickle: Trickle) -> None:
    stop = threading.Event()
    threading.Timer(0.3, stop.set).start()
    with pytest.raises(Cancelled):
        fetch(trickle.url("/slow"), deadline=60, cancel=stop)
    assert len(trickle.connections) == 1


def test_a_fetch_cancelled_before_it_starts_never_connects(trickle: Trickle) -> None:
    stop = threading.Event()
    stop.set()
    with pytest.raises(Cancelled):
        fetch(trickle.url("/slow"), cancel=stop)
    assert trickle.connections == []


def test_a_fast_server_is_unaffected_by_the_cancel_watch(server: Server) -> None:
    page = (SAMPLES / "harbour-ferry-vote.html").read_bytes()
    url = server.page("/page", page)
    fetched = fetch(url, deadline=30, cancel=threading.Event())
    assert fetched.data == page


@pytest.mark.timeout(30)
def test_import_cancelled_midway_keeps_what_it_read(
    tmp_path: Path, trickle: Trickle, server: Server
) -> None:
    page = server.page("/page", (SAMPLES / "harbour-ferry-vote.html").read_bytes())
    stop = threading.Event()
    started: list[str] = []

    def on_item(name: str) -> None:
        started.append(name)
        if name == page:
            threading.Timer(0.3, stop.set).start()

    library = Library.open(tmp_path / "lib")
    report = import_inputs(
        library,
        [page, trickle.url("/slow"), str(SAMPLES / "coastline-courier.rss")],
        on_item=on_item,
        cancel=stop,
    )
    assert report.cancelled
    assert [r.article.title for r in report.results] == ["Harbour town votes to keep its ferry"]
    assert report.failures == []
    assert report.summary().endswith("cancelled before the end")
    assert [a.title for a in library.articles()] == ["Harbour town votes to keep its ferry"]


@pytest.mark.timeout(30)
def test_cli_add_of_a_trickling_url_ends_with_one_line(
    tmp_path: Path, trickle: Trickle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(url_module, "FETCH_DEADLINE", 0.5)
    result = CliRunner().invoke(cli, ["add", trickle.url("/slow")])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"newsread: error: {trickle.url('/slow')}: gave up on 127.0.0.1 after 0.5 s "
        "(the server is too slow)"
    ]
