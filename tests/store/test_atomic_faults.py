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
