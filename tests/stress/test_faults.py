"""Disk full and I/O errors injected at write, fsync and replace.

The previous library stays byte-identical, the error reaches the caller as a
one-line message, and a retry after the fault clears succeeds.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import SEED
from tests.conftest import library_files as snapshot
from tui_reader import atomic_files as atomic_module
from tui_reader.cli import cli
from tui_reader.importing import add_document
from tui_reader.model import Document, Paragraph
from tui_reader.store import Library, StoreWriteError

FAULTS = {
    "ENOSPC": (errno.ENOSPC, "no space left on device"),
    "EIO": (errno.EIO, "input/output error"),
}
POINTS = ("write", "fsync", "replace")


def inject(monkeypatch: pytest.MonkeyPatch, point: str, code: int) -> None:
    """Make ``os.<point>`` inside the atomic writer fail with ``code``."""
    message = os.strerror(code)

    def failing(*args: object, **kwargs: object) -> None:
        raise OSError(code, message)

    monkeypatch.setattr(atomic_module.os, point, failing)


def populated(library: Library) -> tuple[str, str]:
    """An article with one highlight; returns (article id, highlight id)."""
    aid = add_document(
        library, Document(title="Faults", paragraphs=[Paragraph("Some words to highlight here.")])
    ).article.id
    return aid, library.create_highlight(aid, 0, 0, 4).id


OPERATIONS: dict[str, Callable[[Library, str, str], object]] = {
    "new highlight": lambda lib, aid, hid: lib.create_highlight(aid, 0, 5, 10, "blue"),
    "highlight note": lambda lib, aid, hid: lib.update_highlight(aid, hid, note="n"),
    "article tags": lambda lib, aid, hid: lib.set_tags(aid, ["t"]),
    "import": lambda lib, aid, hid: add_document(
        lib, Document(title="Other", paragraphs=[Paragraph("Other text.")])
    ),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("point", POINTS)
@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_fault_leaves_library_identical_and_retry_succeeds(
    library: Library,
    library_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fault: str,
    point: str,
    operation: str,
) -> None:
    aid, hid = populated(library)
    before = snapshot(library_path)
    highlights_before = library.highlights(aid)
    code, message = FAULTS[fault]
    with monkeypatch.context() as patch:
        inject(patch, point, code)
        with pytest.raises(StoreWriteError) as info:
            OPERATIONS[operation](library, aid, hid)
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    assert snapshot(library_path) == before
    assert library.highlights(aid) == highlights_before  # memory agrees with disk
    OPERATIONS[operation](library, aid, hid)  # the fault cleared: retry works
    assert snapshot(library_path) != before


@pytest.mark.parametrize("point", POINTS)
def test_cli_add_on_a_full_disk_exits_2_and_changes_nothing(
    library_path: Path, monkeypatch: pytest.MonkeyPatch, point: str
) -> None:
    with Library.open(library_path, "write") as lib:
        populated(lib)
    before = snapshot(library_path)
    with monkeypatch.context() as patch:
        inject(patch, point, errno.ENOSPC)
        result = CliRunner().invoke(cli, ["add", str(SEED)])
    assert result.exit_code == 2
    assert result.stderr.startswith("newsread: error: could not save ")
    assert "no space left on device" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(library_path) == before
    retry = CliRunner().invoke(cli, ["add", str(SEED)])
    assert retry.exit_code == 0 and "1 added" in retry.stdout
