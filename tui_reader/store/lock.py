"""The single-writer lock of a library folder.

The first process to open a library takes an exclusive ``flock`` on
``newsread.lock`` and keeps it while it runs; the kernel drops it when the
process dies, so a lock left by a killed process is never stale. A second
process learns who holds it (the pid written in the file) and opens read-only.

A folder the process may not write in (read-only permissions, a read-only file
system, a lock file owned by another user) cannot be locked: :class:`LockUnwritable`
says why, and the library opens read-only instead of refusing to open.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = "newsread.lock"

#: ``os.open`` errors that mean "you may not write here", not "something broke".
_NOT_WRITABLE = (errno.EACCES, errno.EPERM, errno.EROFS)


class LockUnwritable(Exception):
    """The lock file cannot be opened for writing; ``str(error)`` says why, for a person."""

    def __init__(self, path: Path, error: OSError) -> None:
        reason = (error.strerror or str(error)).lower()
        folder = path.parent
        if error.errno == errno.EROFS:
            message = f"{folder} is on a read-only file system"
        elif not os.access(folder, os.W_OK):
            message = f"the folder {folder} is not writable ({reason})"
        else:
            message = f"its lock file {path} cannot be written ({reason})"
        super().__init__(message)


class LibraryLock:
    """An exclusive, non-blocking lock on a library folder."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_NAME
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """True while this process holds the lock."""
        return self._fd is not None

    def acquire(self) -> bool:
        """Try to take the lock without waiting: True on success, False while another process
        holds it; raises :class:`LockUnwritable` when this process may not write here."""
        if self._fd is not None:
            return True
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            if error.errno in _NOT_WRITABLE:
                raise LockUnwritable(self.path, error) from error
            raise
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                return False
        with contextlib.suppress(OSError):  # the pid is a courtesy; a full disk must not stop us
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return True

    def holder(self) -> int | None:
        """The pid written by the process that holds the lock, if readable."""
        try:
            text = self.path.read_text(encoding="ascii").strip()
            return int(text) if text else None
        except (OSError, ValueError):
            return None

    def release(self) -> None:
        """Give the lock up (also happens when the process exits)."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            if fcntl is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
        self._fd = None
