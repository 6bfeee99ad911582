"""Run ``newsread`` in a pseudo-terminal (stdlib ``pty``), as a person's terminal does.

Pilot delivers keys one at a time and waits in between, which hides type-ahead
bugs; a real terminal driver receives a burst of bytes at once. This helper
starts the real entry point on a pty of a given size, drains what it draws,
and writes bursts of bytes to it.
"""

from __future__ import annotations

import fcntl
import os
import re
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path
from types import TracebackType

#: Escape sequences in what the app draws (removed before searching for text).
_ESCAPES = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


#: The checkout the tests belong to.
ROOT = Path(__file__).resolve().parents[2]


def newsread_command() -> list[str]:
    """The ``newsread`` entry point, run by this Python."""
    return [sys.executable, "-c", "from tui_reader.launch import main; main()"]


class PtyApp:
    """``newsread ARGS`` on a pty of ``columns`` x ``rows``; use as a context manager."""

    def __init__(
        self, args: list[str], env: dict[str, str], columns: int = 80, rows: int = 24
    ) -> None:
        self._master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        full_env = {**os.environ, **env, "TERM": "xterm-256color", "COLUMNS": str(columns)}
        # The code of the tree under test, whatever the installed script points at.
        full_env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(ROOT), os.environ.get("PYTHONPATH", "")])
        )
        full_env.pop("NO_COLOR", None)
        self.process = subprocess.Popen(
            [*newsread_command(), *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=full_env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self._output = bytearray()
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self._master, 65536)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self._output += chunk

    def text(self) -> str:
        """Everything drawn so far, escape sequences removed."""
        with self._lock:
            raw = bytes(self._output)
        return _ESCAPES.sub(b"", raw).decode("utf-8", "replace")

    def wait_for(self, needle: str, timeout: float = 60.0) -> None:
        """Wait until ``needle`` has been drawn (fails with what was drawn)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if needle in self.text():
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"{needle!r} never drawn; output ends with: {self.text()[-2000:]!r}")

    def write(self, data: bytes) -> None:
        """Send ``data`` to the app in one write, as a fast typist or a paste would."""
        os.write(self._master, data)

    def wait_exit(self, timeout: float = 60.0) -> int:
        """Wait for the app to exit; its return code."""
        return self.process.wait(timeout)

    def __enter__(self) -> PtyApp:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        os.close(self._master)
        self._reader.join(5)
