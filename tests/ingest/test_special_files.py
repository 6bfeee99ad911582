"""Devices, named pipes, damaged UTF-16 and unreadable subfolders: one-line reasons."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import library_files
from tui_reader.importing import import_inputs
from tui_reader.ingest import IngestError, load_path
from tui_reader.ingest.files import read_bytes
from tui_reader.store import Library

Write = Callable[[str, bytes | str], Path]


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return Library.open(tmp_path / "lib")


@pytest.mark.timeout(20)
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_endless_devices_are_refused(tmp_path: Path, device: str) -> None:
    if not Path(device).exists():
        pytest.fail(f"{device} is missing on this machine")
    # named like an importable file, so the suffix does not refuse it first
    link = tmp_path / "endless.txt"
    link.symlink_to(device)
    with pytest.raises(IngestError, match=r"^not a regular file \(a character device\)$"):
        load_path(link)
    with pytest.raises(IngestError, match=r"^not a regular file \(a character device\)$"):
        read_bytes(link)
    with pytest.raises(IngestError, match=r"^not a regular file \(a character device\)$"):
        load_path(Path(device))


@pytest.mark.timeout(20)
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    with pytest.raises(IngestError, match=r"^not a regular file \(a named pipe \(FIFO\)\)$"):
        load_path(fifo)
    with pytest.raises(IngestError, match=r"^not a regular file \(a named pipe \(FIFO\)\)$"):
        read_bytes(fifo)


@pytest.mark.timeout(20)
def test_import_of_a_pipe_with_a_writer_reads_nothing(library: Library, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)

    def writer() -> None:  # a writer that would feed the pipe forever
        try:
            with open(fifo, "wb") as out:
                while True:
                    out.write(b"x" * 65536)
        except OSError:
            return

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    report = import_inputs(library, [str(fifo)])
    assert report.failures == [(str(fifo), "not a regular file (a named pipe (FIFO))")]
    while thread.is_alive():  # a writer still waiting to open: give it a reader that leaves
        os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))
        thread.join(0.05)


def test_the_cap_counts_the_bytes_read_not_the_size_claimed(
    write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write("grows.txt", "Title\n\n" + "words " * 2000)
    real_fstat = os.fstat

    def claims_small(fd: int) -> os.stat_result:
        info = real_fstat(fd)
        fields = list(info)
        fields[6] = 10  # st_size: the file says it is 10 bytes (as /proc files do)
        return os.stat_result(fields)

    monkeypatch.setattr(os, "fstat", claims_small)
    with pytest.raises(IngestError, match=r"^file is over the 1 KB limit$"):
        read_bytes(path, max_size=1024)


@pytest.mark.parametrize("bom", [b"\xff\xfe", b"\xfe\xff"])
def test_utf16_with_an_odd_byte_count_is_one_line(library: Library, write: Write, bom: str) -> None:
    codec = "utf-16-le" if bom == b"\xff\xfe" else "utf-16-be"
    data = bom + "Title\n\nA paragraph of text.\n".encode(codec) + b"\x00"
    path = write("cut.txt", data)
    before = library_files(library.folder)
    report = import_inputs(library, [str(path)])
    assert report.failures == [
        (
            str(path),
            "file starts as UTF-16 text but has an odd number of bytes (cut short or damaged)",
        )
    ]
    assert library_files(library.folder) == before


def test_utf16_with_a_lone_surrogate_is_one_line(write: Write) -> None:
    data = b"\xff\xfe" + "Title\n\nText ".encode("utf-16-le") + b"\x00\xd8" + b"a\x00"
    with pytest.raises(IngestError, match=r"^file starts as UTF-16 text but is not valid UTF-16"):
        load_path(write("bad.txt", data))


@pytest.mark.parametrize("suffix", ["html", "md", "rss"])
def test_damaged_utf16_in_other_formats_is_one_line(
    library: Library, write: Write, suffix: str
) -> None:
    body = {
        "html": "<html><body><article><p>Some text here.</p></article></body></html>",
        "md": "# Title\n\nSome text here.\n",
        "rss": '<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel>'
        "<title>T</title><item><title>A</title><description>B</description></item>"
        "</channel></rss>",
    }[suffix]
    path = write(f"cut.{suffix}", b"\xff\xfe" + body.encode("utf-16-le") + b"\x00")
    report = import_inputs(library, [str(path)])
    [(name, reason)] = report.failures
    assert name == str(path)
    assert "unexpected error" not in reason
    assert "\n" not in reason


def test_an_unreadable_subfolder_is_reported_as_failed(
    library: Library, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = write("folder/a.txt", "First\n\nThe first article.")
    write("folder/locked/b.txt", "Second\n\nThe second article.")
    locked = good.parent / "locked"
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(os.fsdecode(path)) == locked:  # root reads anything: deny it by hand
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    report = import_inputs(library, [str(good.parent)])
    assert [r.article.title for r in report.results] == ["First"]
    assert report.failures == [(str(locked), "cannot read folder: permission denied")]
    assert report.summary() == "1 added, 0 updated, 0 already there, 1 failed"


def test_a_folder_holding_only_an_unreadable_subfolder_names_the_subfolder(
    library: Library, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    inner = write("outer/locked/b.txt", "Second\n\nThe second article.").parent
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(os.fsdecode(path)) == inner:
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    report = import_inputs(library, [str(inner.parent)])
    assert report.failures == [(str(inner), "cannot read folder: permission denied")]
