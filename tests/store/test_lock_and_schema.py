"""The single-writer lock and the schema version with its migrations."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import orjson
import pytest

from tests.conftest import catalog_file
from tui_reader.importing import add_document
from tui_reader.model import Document, Paragraph
from tui_reader.store import Library, LibraryLocked, ReadOnlyError, schema
from tui_reader.store import library as library_module

ROOT = Path(__file__).resolve().parents[2]


def test_second_open_in_auto_mode_is_read_only(library: Library, library_path: Path) -> None:
    second = Library.open(library_path)
    assert second.read_only
    assert "another newsread" in second.read_only_reason
    assert any("read-only" in w for w in second.warnings)
    with pytest.raises(ReadOnlyError):
        add_document(second, Document(title="x", paragraphs=[Paragraph("y")]))


def test_second_open_for_writing_is_refused(library: Library, library_path: Path) -> None:
    with pytest.raises(LibraryLocked, match="in use by another newsread"):
        Library.open(library_path, "write")


def test_lock_is_released_on_close(library: Library, library_path: Path) -> None:
    library.close()
    with Library.open(library_path, "write") as again:
        assert not again.read_only


def test_lock_held_by_another_process_and_freed_when_it_dies(library_path: Path) -> None:
    code = textwrap.dedent(
        f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from tui_reader.store import Library
        lib = Library.open({str(library_path)!r}, "write")
        print("locked", flush=True)
        time.sleep(60)
        """
    )
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "locked"
        with pytest.raises(LibraryLocked, match=f"pid {child.pid}"):
            Library.open(library_path, "write")
    finally:
        child.kill()
        child.wait()
    with Library.open(library_path, "write") as taken_over:  # stale lock taken over
        assert not taken_over.read_only


def test_new_library_records_schema_version(library: Library, library_path: Path) -> None:
    raw = orjson.loads((library_path / "meta.json").read_bytes())
    assert raw["meta"]["1"]["schema_version"] == schema.SCHEMA_VERSION
    assert library.schema_version == schema.SCHEMA_VERSION


def test_migration_hook_runs_in_order(
    library: Library, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    aid = add_document(library, Document(title="Old", paragraphs=[Paragraph("text")])).article.id
    library.close()
    calls: list[int] = []
    current = schema.SCHEMA_VERSION

    def upper_titles(folder: Path, progress: schema.Progress, warn: schema.Progress) -> None:
        calls.append(current)
        progress("upper-casing titles")
        shard = catalog_file(folder, aid)
        tables = orjson.loads(shard.read_bytes())
        for row in tables["articles"].values():
            row["title"] = row["title"].upper()
        shard.write_bytes(orjson.dumps(tables))

    monkeypatch.setattr(schema, "MIGRATIONS", {current: upper_titles})
    monkeypatch.setattr(library_module, "SCHEMA_VERSION", current + 1)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", current + 1)
    messages: list[str] = []
    with Library.open(library_path, "write", progress=messages.append) as migrated:
        assert calls == [current] and messages == ["upper-casing titles"]
        assert migrated.schema_version == current + 1
        assert [a.title for a in migrated.articles()] == ["OLD"]
    with Library.open(library_path, "write"):
        assert calls == [current]  # not migrated twice


def test_library_from_a_newer_newsread_opens_read_only(
    library: Library, library_path: Path
) -> None:
    add_document(library, Document(title="Future", paragraphs=[Paragraph("text")]))
    library.close()
    meta = library_path / "meta.json"
    raw = orjson.loads(meta.read_bytes())
    raw["meta"]["1"]["schema_version"] = schema.SCHEMA_VERSION + 1
    meta.write_bytes(orjson.dumps(raw))
    catalog = next((library_path / "catalog").glob("*.json"))
    before = catalog.read_bytes(), meta.read_bytes()
    with Library.open(library_path, "write") as future:
        assert future.read_only
        assert "newer newsread" in future.read_only_reason
        with pytest.raises(ReadOnlyError):
            future.set_tags(future.articles()[0].id, ["x"])
    assert (catalog.read_bytes(), meta.read_bytes()) == before


def test_a_library_opened_by_a_relative_path_is_searchable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The search index opens its file by URI, which a relative path cannot be.
    monkeypatch.chdir(tmp_path)
    with Library.open("relative", "write") as library:
        assert library.folder == tmp_path / "relative"
        doc = Document(title="Harbour", paragraphs=[Paragraph("The pier was mended.")])
        add_document(library, doc)
        assert [a.title for a in library.search("pier")] == ["Harbour"]
