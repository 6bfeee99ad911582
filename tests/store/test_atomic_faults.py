"""A failed atomic write leaves the folder exactly as it was, whichever step failed."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from tui_reader import atomic_files as atomic
from tui_reader.atomic_files import atomic_write


def files(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder`` with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("point", ["write", "fsync", "replace", "link"])
@pytest.mark.parametrize("earlier", [0, 1, 3], ids=["new", "one-generation", "all-generations"])
def test_a_failed_write_changes_nothing_in_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, point: str, earlier: int
) -> None:
    path = tmp_path / "data.json"
    for n in range(earlier + 1):
        atomic_write(path, f"version {n}".encode(), generations=3)
    before = files(tmp_path)

    def failing(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(atomic.os, point, failing)
        if point == "link":  # without hard links the writer copies the bytes instead
            patch.setattr(Path, "write_bytes", failing)
        with pytest.raises(OSError):
            atomic_write(path, b"new version", generations=3)
    assert files(tmp_path) == before
    atomic_write(path, b"new version", generations=3)
    assert path.read_bytes() == b"new version"


def test_fsync_all_flushes_every_file_with_threads_started_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    paths = [tmp_path / f"f{n}" for n in range(40)]
    for path in paths:
        path.write_bytes(b"x")
    flushed: list[Path] = []
    workers: set[threading.Thread] = set()  # the objects, kept: an ident can be reused
    real = atomic.fsync_file

    def counting(path: Path) -> None:
        flushed.append(path)
        workers.add(threading.current_thread())
        real(path)

    monkeypatch.setattr(atomic, "fsync_file", counting)
    for _ in range(5):
        atomic.fsync_all(paths)
    assert sorted(flushed) == sorted(paths * 5)
    assert 1 <= len(workers) <= atomic.SYNC_THREADS  # not a new set of threads per call


def test_fsync_all_raises_the_first_error(tmp_path: Path) -> None:
    paths = [tmp_path / f"f{n}" for n in range(5)]
    for path in paths[:4]:
        path.write_bytes(b"x")
    with pytest.raises(FileNotFoundError):
        atomic.fsync_all(paths)


def test_fsync_all_works_in_a_forked_child(tmp_path: Path) -> None:
    """The parent's threads do not exist in a child: it starts its own (else it would hang)."""
    import multiprocessing

    paths = [tmp_path / f"f{n}" for n in range(5)]
    for path in paths:
        path.write_bytes(b"x")
    atomic.fsync_all(paths)  # the parent's threads exist now
    child = multiprocessing.get_context("fork").Process(target=atomic.fsync_all, args=(paths,))
    child.start()
    child.join(timeout=30)
    hung = child.is_alive()
    if hung:
        child.kill()
    assert not hung and child.exitcode == 0
