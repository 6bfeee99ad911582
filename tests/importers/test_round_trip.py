"""Imported highlights travel like any other: JSON backup and restore, W3C export; one transaction."""

from __future__ import annotations

import errno
import json
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import library_files
from tests.importers.conftest import DATA, bring
from tests.importers.test_archives import zip_folder
from tests.ingest.conftest import Server
from tui_reader import atomic_files
from tui_reader.export import export_articles, load_backup, restore_backup
from tui_reader.importing import import_inputs
from tui_reader.ingest import url
from tui_reader.store import Library, StoreError


def test_backup_and_restore_carry_imported_highlights(library: Library, tmp_path: Path) -> None:
    bring(library, DATA / "clippings_en.txt", DATA / "koreader" / "metadata.epub.lua")
    bring(library, zip_folder(DATA / "omnivore", tmp_path / "omnivore.zip"))
    before = {a.id: library.highlights(a.id) for a in library.articles()}
    assert sum(len(h) for h in before.values()) == 8
    result = export_articles(library, None, "json", tmp_path / "backup.json")
    restored = Library.open(tmp_path / "restored", "write")
    try:
        restore_backup(restored, load_backup(result.files[0].read_bytes()))
        after = {a.id: restored.highlights(a.id) for a in restored.articles()}
        assert after == before
        assert restored.orphans() == library.orphans()
    finally:
        restored.close()


def test_w3c_export_carries_imported_quotes_notes_and_tags(
    library: Library, tmp_path: Path
) -> None:
    bring(library, zip_folder(DATA / "omnivore", tmp_path / "omnivore.zip"))
    export_articles(library, None, "w3c", tmp_path / "notes.jsonld")
    items = json.loads((tmp_path / "notes.jsonld").read_text(encoding="utf-8"))["first"]["items"]
    garden = [i for i in items if i["target"]["source"] == "https://example.org/garden"]
    quotes = {
        s["exact"]
        for i in garden
        for s in i["target"].get("selector", [])
        if s["type"] == "TextQuoteSelector"
    }
    assert "The Garden is the web as topology." in quotes
    bodies = {b["value"] for i in garden for b in i.get("body", [])}
    assert {"The key contrast of the essay.", "definitions", "web"} <= bodies


def test_an_export_that_fails_half_way_writes_nothing(
    library: Library, library_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "pocket"
    for path in (DATA / "pocket").rglob("*"):
        if path.is_file():
            target = folder / path.relative_to(DATA / "pocket")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    # The saves read fine; the second annotations part is broken.
    (folder / "annotations" / "part_000001.json").write_text('[{"url": ', encoding="utf-8")
    before = library_files(library_path)
    report = bring(library, zip_folder(folder, tmp_path / "pocket.zip"))
    ((_, reason),) = report.failures
    assert reason.startswith("part_000001.json: not valid JSON")
    assert library_files(library_path) == before and len(library) == 0


def test_a_failing_write_leaves_the_library_as_it_was(
    library: Library, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bring(library, DATA / "clippings_de.txt")
    before = library_files(library_path)

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(atomic_files.os, "replace", full_disk)
        with pytest.raises(StoreError, match="no space left on device"):
            bring(library, DATA / "clippings_en.txt", DATA / "clippings_fr.txt")
    assert library_files(library_path) == before
    assert [a.title for a in library.articles()] == ["Der Process"]


def test_cancelling_during_the_fetches_writes_nothing_of_the_export(
    library: Library, server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stop = threading.Event()
    folder = tmp_path / "pocket"
    folder.mkdir()
    first = server.page("/one", "<html><body><p>The first page, read in full.</p></body></html>")
    second = server.page("/two", "<html><body><p>The second page.</p></body></html>")
    (folder / "part_000000.csv").write_text(
        f"title,url,time_added,tags,status\nOne,{first},1700000000,,unread\n"
        f"Two,{second},1700000001,,unread\n",
        encoding="utf-8",
    )
    real = url.load_url

    def load_then_cancel(*args: Any, **kwargs: Any) -> Any:
        docs = real(*args, **kwargs)
        stop.set()  # the user quits while the first page is being read
        return docs

    monkeypatch.setattr(url, "load_url", load_then_cancel)
    export = zip_folder(folder, tmp_path / "pocket.zip")
    report = import_inputs(library, [str(export)], fetch=True, cancel=stop)
    assert report.cancelled
    assert server.hits == ["/one"]
    assert len(library) == 0
