"""Crash-safe file writes: temp file, fsync, rename, fsync of the folder.

A file is never truncated or rewritten in place. Before each replace the
current file is kept as generation ``.1`` (older ones shift to ``.2``, ``.3``),
so a file damaged from outside can be restored from its last good copy.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # imported when first needed, not at start-up
    from collections.abc import Callable
    from concurrent.futures import Future, ThreadPoolExecutor

T = TypeVar("T")

#: Suffix of temporary files; anything ending like this after a crash is debris.
TMP_MARK = ".tmp-"
#: Threads that flush a batch of files together (see :func:`fsync_all`).
SYNC_THREADS = 16


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (new names, renames) to disk."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    """Flush a file's bytes to disk (opened again read-only: Linux flushes the inode)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_all(paths: Iterable[Path], *, folders: bool = False) -> None:
    """Flush many files (or folders) at once: one ``fsync`` each, issued from a few threads.

    The file system folds fsyncs that wait together into one journal commit, so
    on a busy disk this is many times faster than one after the other, and unlike
    ``os.sync`` it never waits for other programs' writes. Raises the first
    ``OSError``.
    """
    flush = fsync_dir if folders else fsync_file
    todo = list(paths)
    if len(todo) <= 2:
        for path in todo:
            flush(path)
        return
    for _ in _sync_pool().map(flush, todo):
        pass


def in_background(work: Callable[..., T], *args: object) -> Future[T]:
    """Run ``work(*args)`` in the flush threads (work that lets other threads run, such as
    compressing what a batch writes, while the caller goes on)."""
    return _sync_pool().submit(work, *args)


_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _sync_pool() -> ThreadPoolExecutor:
    """The threads of :func:`fsync_all`, started once (an import flushes a few files
    twice per batch: starting 16 threads each time cost more than the flushes' CPU)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            from concurrent.futures import ThreadPoolExecutor

            _pool = ThreadPoolExecutor(SYNC_THREADS, thread_name_prefix="newsread-fsync")
        return _pool


def _forget_pool() -> None:
    """In a forked child the parent's threads do not exist: start new ones when needed."""
    global _pool, _pool_lock
    _pool = None
    _pool_lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


def generation_path(path: Path, n: int) -> Path:
    """The path of generation ``n`` (1 = newest earlier copy) of ``path``."""
    return path.with_name(f"{path.name}.{n}")


def rotate_generations(path: Path, keep: int) -> None:
    """Hard-link the current file aside, shift ``.1`` to ``.2`` and so on, then make it ``.1``.

    The link comes first: when it fails (a full disk) the generations are left as they were.
    """
    if keep <= 0 or not path.exists():
        return
    link_tmp = path.with_name(f"{path.name}{TMP_MARK}gen")
    with contextlib.suppress(FileNotFoundError):
        link_tmp.unlink()
    try:
        try:
            os.link(path, link_tmp)
        except OSError:  # file systems without hard links: copy the bytes instead
            link_tmp.write_bytes(path.read_bytes())
        for n in range(keep - 1, 0, -1):
            older = generation_path(path, n)
            if older.exists():
                os.replace(older, generation_path(path, n + 1))
        os.replace(link_tmp, generation_path(path, 1))
    except BaseException:
        with contextlib.suppress(OSError):  # a failed save leaves no file behind
            link_tmp.unlink()
        raise


def atomic_write(path: Path, data: bytes, *, generations: int = 0, sync: bool = True) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old or the new file.

    On any error the temporary file is removed, the original is untouched and
    the ``OSError`` propagates. ``sync=False`` skips the fsyncs (still atomic);
    for a batch of files that the caller makes durable at once with
    :func:`sync_all`.
    """
    folder = path.parent
    tmp = folder / f"{path.name}{TMP_MARK}{os.getpid()}-{time.monotonic_ns()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            if sync:
                os.fsync(fd)
        finally:
            os.close(fd)
        rotate_generations(path, generations)
        os.replace(tmp, path)
        if sync:
            fsync_dir(folder)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def sync_all(folder: Path) -> None:
    """Make every write so far durable: one ``sync`` for a whole batch of files."""
    if hasattr(os, "sync"):
        os.sync()
    fsync_dir(folder)


def remove_debris(folder: Path, names: Iterable[str] | None = None) -> list[Path]:
    """Delete temporary files that a crash left in ``folder`` (``names``: its listing, if
    the caller has it already); returns what was removed."""
    removed: list[Path] = []
    if names is None:
        try:
            names = os.listdir(folder)  # names, not a Path each: 12,500 text packs in texts/
        except (FileNotFoundError, NotADirectoryError):
            return removed
    for name in names:
        if TMP_MARK not in name:
            continue
        entry = folder / name
        if entry.is_file():
            with contextlib.suppress(OSError):
                entry.unlink()
                removed.append(entry)
    return removed
