"""How long quitting takes while an import is stuck on a slow download.

    python benchmarks/quit_during_import.py [--repeat 3]

A server on 127.0.0.1 sends its page one byte every 0.1 s (every read on
time, the whole never: only the fetch's one-minute deadline would end it).
The app (headless, through the same factory as the CLI) starts importing it;
once the request has arrived, ctrl+q is pressed. Printed: the time from the
key to the app having stopped, and to the import's thread having returned
(nothing left that would keep the process from exiting).
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textual.widgets import Input  # noqa: E402

from tui_reader import importing  # noqa: E402
from tui_reader.config import Config  # noqa: E402
from tui_reader.store import Library  # noqa: E402
from tui_reader.ui import import_action  # noqa: E402
from tui_reader.ui.app import create_app  # noqa: E402

HEADERS = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n"


def trickling_server(stop: threading.Event, asked: threading.Event) -> str:
    """Start the slow server; its URL."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)

    def drip(conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(65536)
                asked.set()
                for byte in HEADERS + b"x" * 100000:
                    if stop.wait(0.1):
                        return
                    conn.sendall(bytes([byte]))
            except OSError:
                return

    def serve() -> None:
        with listener:
            while not stop.is_set():
                try:
                    conn, _ = listener.accept()
                except TimeoutError:
                    continue
                threading.Thread(target=drip, args=(conn,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}/slow"


async def one_quit(folder: Path) -> tuple[float, float]:
    """Seconds from ctrl+q to the app stopped, and to the import returned."""
    stop, asked, ended = threading.Event(), threading.Event(), threading.Event()
    url = trickling_server(stop, asked)
    original = importing.import_inputs

    def watched(*args: Any, **kwargs: Any) -> importing.ImportReport:
        try:
            return original(*args, **kwargs)
        finally:
            ended.set()

    import_action.import_inputs = watched  # type: ignore[assignment]
    library = Library.open(folder, "write")
    try:
        app = create_app(library, Config())
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause(0.3)
            await pilot.press("a")
            await pilot.pause()
            app.screen.query_one(Input).value = url
            await pilot.press("enter")
            while not asked.is_set():
                await pilot.pause(0.02)
            start = time.perf_counter()
            await pilot.press("ctrl+q")
            while app.is_running:
                await asyncio.sleep(0.005)
            stopped = time.perf_counter() - start
        ended.wait(70)
        returned = time.perf_counter() - start
    finally:
        import_action.import_inputs = original  # type: ignore[assignment]
        stop.set()
        library.close()
    return stopped, returned


def main() -> None:
    """Print the median figures of ``--repeat`` runs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    stops, returns = [], []
    for n in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            stopped, returned = asyncio.run(one_quit(Path(tmp) / f"library{n}"))
        stops.append(stopped)
        returns.append(returned)
    print(f"quit during a stuck download ({args.repeat} runs, median / max):")
    print(
        f"  ctrl+q to app stopped:    {statistics.median(stops) * 1000:6.0f} ms / {max(stops) * 1000:.0f} ms"
    )
    print(
        f"  ctrl+q to import returned: {statistics.median(returns) * 1000:5.0f} ms / {max(returns) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
