"""Files are read and parsed ahead of an import's writes, in a thread, and come back in order."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tui_reader.importing import AddStatus, import_inputs
from tui_reader.ingest import IngestError
from tui_reader.ingest.ahead import ReadFile, read_ahead
from tui_reader.store import Library


def test_files_are_read_in_a_thread_ahead_and_given_back_in_order(tmp_path: Path) -> None:
    paths = [tmp_path / f"{n}.txt" for n in range(10)]
    threads: set[str] = set()
    started = threading.Event()
    release = threading.Event()

    def read(path: Path) -> ReadFile:
        threads.add(threading.current_thread().name)
        if path.name == "0.txt":
            started.set()
            assert release.wait(5)
        if path.name == "3.txt":
            raise IngestError("broken")
        return ReadFile(docs=[])

    items = [(path, None) for path in paths] + [("https://example.org/a", None)]
    ahead = read_ahead(items, read, window=4)
    first = next(ahead)
    assert started.wait(5)  # being read while the caller holds the first
    release.set()
    got = [first, *ahead]
    assert [item for item, _, _ in got] == [*paths, "https://example.org/a"]
    assert got[-1][2] is None  # a URL is the caller's to fetch
    futures = [future for _, _, future in got[:-1]]
    assert all(f is not None for f in futures)
    with pytest.raises(IngestError, match="broken"):
        futures[3].result()  # type: ignore[union-attr]
    assert futures[4].result().docs == []  # type: ignore[union-attr]
    assert threads and threading.current_thread().name not in threads


def test_closing_early_leaves_the_files_not_read_yet(tmp_path: Path) -> None:
    read: list[str] = []

    def reader(path: Path) -> ReadFile:
        read.append(path.name)
        return ReadFile(docs=[])

    ahead = read_ahead([(tmp_path / f"{n}.txt", None) for n in range(100)], reader, window=3)
    next(ahead)
    ahead.close()
    assert len(read) <= 4  # the window, and none after closing
    assert not any(t.name.startswith("newsread-read-ahead") for t in threading.enumerate())


def test_an_import_cancelled_midway_reads_no_file_past_its_window(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui_reader.ingest.ahead as ahead_module

    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(300):
        (folder / f"a{n:03}.txt").write_text(f"Title {n}\nText number {n}.\n")
    stop = threading.Event()
    seen: list[str] = []
    monkeypatch.setattr(ahead_module, "WINDOW", 8)

    def on_item(name: str) -> None:
        seen.append(name)
        if len(seen) == 20:
            stop.set()

    report = import_inputs(library, [str(folder)], on_item=on_item, cancel=stop)
    assert report.cancelled
    assert report.count(AddStatus.ADDED) == 20 == len(library)
