"""Start-up as a person meets it: the real ``newsread`` command in a terminal.

Each run forks a pseudo-terminal of the given size, starts the command in it
and reads what it writes until a marker shows on screen (the library's rows),
then kills it. The minimal Textual app (Header, Static, Footer) is started the
same way, interleaved run for run, so load on the machine falls on both alike.

    python benchmarks/terminal_start.py --library DIR [--runs 11] [--size 80x24]

Prints one JSON line: the median seconds to the marker for newsread and for the
minimal app, and their ratio. ``benchmarks/run.py`` judges the start-up target by
this figure. newsread opens the library for writing, as it does for a person:
give it a copy of a library that must stay as it is.
"""

from __future__ import annotations

import argparse
import json
import os
import pty
import select
import signal
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MINIMAL_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static

class Minimal(App):
    def compose(self):
        yield Header()
        yield Static("Hello")
        yield Footer()

Minimal().run()
"""


def time_to_marker(
    argv: list[str], env: dict[str, str], marker: bytes, size: tuple[int, int], deadline: float
) -> float:
    """Seconds from fork to ``marker`` appearing in what ``argv`` writes to a new terminal."""
    columns, rows = size
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal of the right size, then the command
        import fcntl
        import struct
        import termios

        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        os.execve(argv[0], argv, env)
    seen = b""
    try:
        while marker not in seen:
            if time.perf_counter() - started > deadline:
                raise TimeoutError(f"{marker!r} not seen within {deadline} s: {seen[-300:]!r}")
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    seen += os.read(fd, 65536)
                except OSError as error:
                    raise RuntimeError(
                        f"the command ended before {marker!r}: {seen[-300:]!r}"
                    ) from error
        return time.perf_counter() - started
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def measure(
    library: Path,
    runs: int = 11,
    size: tuple[int, int] = (80, 24),
    marker: str = "unread",
    deadline: float = 30.0,
) -> dict[str, float]:
    """Start newsread on ``library`` and the minimal app, interleaved, ``runs`` times each
    (after one uncounted pair); their medians in seconds and the ratio."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(TERM="xterm-256color", NEWSREAD_LIBRARY=str(library.resolve()))
    env["NEWSREAD_CONFIG"] = str(library.resolve() / "no-config.toml")
    newsread = str(Path(sys.executable).with_name("newsread"))
    minimal = [sys.executable, "-c", MINIMAL_APP]
    ours: list[float] = []
    theirs: list[float] = []
    for n in range(runs + 1):  # the first pair warms the caches and is not counted
        a = time_to_marker([newsread], env, marker.encode(), size, deadline)
        b = time_to_marker(minimal, env, b"Hello", size, deadline)
        if n:
            ours.append(a)
            theirs.append(b)
    return {
        "newsread_s": statistics.median(ours),
        "minimal_s": statistics.median(theirs),
        "ratio": statistics.median(ours) / statistics.median(theirs),
    }


def main() -> None:
    """Interleave newsread and the minimal app; print the medians and their ratio."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--library", required=True, type=Path)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--size", default="80x24")
    parser.add_argument("--marker", default="unread", help="text on newsread's first frame")
    parser.add_argument("--deadline", type=float, default=30.0)
    args = parser.parse_args()
    columns, rows = (int(part) for part in args.size.split("x"))
    result = measure(args.library, args.runs, (columns, rows), args.marker, args.deadline)
    print(json.dumps({**result, "runs": args.runs, "size": args.size}))


if __name__ == "__main__":
    main()
