"""Quitting during an import stops it: the download is abandoned, the app ends, and nothing
is left running that would hold the process open."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from textual.widgets import Input

from tests.ui.library_pilot import settle
from tui_reader import importing
from tui_reader.config import Config
from tui_reader.importing import ImportReport
from tui_reader.store import Library
from tui_reader.ui import import_action
from tui_reader.ui.app import create_app

HEADERS = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n"


def _drip(conn: socket.socket, stop: threading.Event, requests: threading.Event) -> None:
    """Send the reply one byte every 0.1 s: always inside the read timeout, never done."""
    with conn:
        try:
            conn.recv(65536)
            requests.set()
            for byte in HEADERS + b"x" * 100000:
                if stop.wait(0.1):
                    return
                conn.sendall(bytes([byte]))
        except OSError:
            return


@pytest.fixture
def trickle() -> Iterator[tuple[str, threading.Event]]:
    """A URL on 127.0.0.1 whose page never finishes, and an event set once it is asked for."""
    stop, requests = threading.Event(), threading.Event()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.05)

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=_drip, args=(conn, stop, requests), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    host, port = listener.getsockname()
    try:
        yield f"http://{host}:{port}/slow", requests
    finally:
        stop.set()
        thread.join(5)
        listener.close()


async def test_quitting_abandons_a_running_import(
    library: Library, trickle: tuple[str, threading.Event], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, requested = trickle
    ended = threading.Event()
    reports: list[ImportReport] = []

    def watched(*args: Any, **kwargs: Any) -> ImportReport:
        try:
            report = importing.import_inputs(*args, **kwargs)
            reports.append(report)
            return report
        finally:
            ended.set()

    monkeypatch.setattr(import_action, "import_inputs", watched)
    app = create_app(library, Config())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one(Input).value = url
        await pilot.press("enter")
        for _ in range(100):
            if requested.is_set():
                break
            await pilot.pause(0.05)
        assert requested.is_set(), "the download started"
        assert not ended.is_set()
        await pilot.press("ctrl+q")
        for _ in range(100):
            if not app.is_running:
                break
            await pilot.pause(0.05)
        assert not app.is_running
    # The fetch's own deadline is a minute away: only the cancel ends it this soon.
    assert ended.wait(10), "the import worker stopped"
    assert reports and reports[0].cancelled
    assert len(library) == 0
