"""Schema 5: the settings live in ``settings.json``, apart from ``meta.json`` (the schema
and the shard registry, read to open a library). A library written by schema 4
(tests/store/fixtures/v4_library, made by newsread at main b21b699: a feed followed with
the entries it has shown, a deleted entry, an ignore rule, a saved search) moves them on
first open for writing with everything kept; read-only it is read as it is; a kill at
any point of the move loses nothing. Opening a library does not read its settings."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import orjson
import pytest

from tests.store.kill_budgets import kill_at_each_step, open_killer
from tui_reader.export.backup import backup_document
from tui_reader.store import Library, layout, schema

FIXTURE = Path(__file__).parent / "fixtures" / "v4_library"
EXPECTED = Path(__file__).parent / "fixtures" / "v4_library.backup.json"


@pytest.fixture
def v4_library(tmp_path: Path) -> Path:
    """A copy of the schema 4 fixture."""
    target = tmp_path / "v4"
    shutil.copytree(FIXTURE, target)
    return target


def meta_row(folder: Path) -> dict[str, object]:
    return orjson.loads((folder / layout.META).read_bytes())["meta"]["1"]


def files(folder: Path) -> dict[str, bytes]:
    """The library's files and their bytes (the lock and the search index aside)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and not p.name.startswith(("newsread.lock", "index.sqlite"))
    }


def assert_everything_kept(library: Library) -> None:
    """Every record, text, highlight and setting is as the old newsread backed it up."""
    document = backup_document(library)
    expected = orjson.loads(EXPECTED.read_bytes())
    assert expected["schema_version"] == 4
    assert {**document, "schema_version": 4, "generator": ""} == {**expected, "generator": ""}
    assert set(library.settings()) == {
        "feeds",
        "removed_entries",
        "feed_ignore",
        "saved_searches",
        "samples_imported",
    }
    assert library.check() == []


def test_a_v4_library_moves_its_settings_out_of_meta_with_everything_kept(
    v4_library: Path,
) -> None:
    assert "settings" in meta_row(v4_library)
    with Library.open(v4_library, "write") as library:
        assert library.schema_version == schema.SCHEMA_VERSION == 5
        assert_everything_kept(library)
    assert "settings" not in meta_row(v4_library)
    moved = orjson.loads((v4_library / layout.SETTINGS).read_bytes())
    assert moved == {"settings": {"1": orjson.loads(EXPECTED.read_bytes())["settings"]}}
    with Library.open(v4_library, "write") as again:  # moved once
        assert_everything_kept(again)


def test_a_v4_library_opened_read_only_is_read_as_it_is(v4_library: Path) -> None:
    before = files(v4_library)
    with Library.open(v4_library, "read") as library:
        assert library.schema_version == 4
        assert_everything_kept(library)
    assert files(v4_library) == before


def test_settings_and_registry_are_written_apart(library: Library) -> None:
    folder = library.folder
    library.set_settings({"saved_searches": [{"name": "a", "query": "b"}]})
    meta = (folder / layout.META).read_bytes()
    assert "settings" not in meta_row(folder)
    library.set_settings({"saved_searches": [{"name": "a", "query": "c"}]})
    assert (folder / layout.META).read_bytes() == meta  # a setting leaves meta.json alone
    reopened = Library.open(folder, "read")
    assert reopened.settings() == {"saved_searches": [{"name": "a", "query": "c"}]}
    reopened.close()


def test_opening_a_library_does_not_read_its_settings(library_path: Path) -> None:
    with Library.open(library_path, "write") as library:
        library.set_settings({"feeds": [], "note": "earlier"})
        library.set_settings({"feeds": [], "note": "last"})
    (library_path / layout.SETTINGS).write_bytes(b'{"settings": {"1": ')  # damaged
    with Library.open(library_path, "write") as library:
        assert library.warnings == []  # not read to open
        assert library.settings()["note"] == "earlier"  # read now: its earlier copy
        assert any(layout.SETTINGS in w for w in library.warnings)


def test_a_missing_settings_file_comes_back_from_its_earlier_copy(library_path: Path) -> None:
    with Library.open(library_path, "write") as library:
        library.set_settings({"n": 1})
        library.set_settings({"n": 2})
    (library_path / layout.SETTINGS).unlink()
    with Library.open(library_path, "write") as library:
        assert library.settings() == {"n": 1}
        assert any(f"{layout.SETTINGS} was missing" in w for w in library.warnings)


KILLER = open_killer()


def test_a_move_killed_at_any_point_finishes_at_the_next_open(tmp_path: Path) -> None:
    """SIGKILL at each rename, link or removal of the move in turn; each time the next
    open finishes it with every setting there."""

    def check(folder: Path) -> None:
        with Library.open(folder, "write") as library:
            assert library.schema_version == 5
            assert_everything_kept(library)
        assert "settings" not in meta_row(folder)
        shutil.rmtree(folder)

    budget = kill_at_each_step(FIXTURE, tmp_path, KILLER, check)
    assert budget >= 3  # killed before, between and after the two writes


def test_settings_are_read_while_a_write_holds_the_library(library: Library) -> None:
    """The UI thread reads them (the saved searches, the feeds) while a refresh writes."""
    library.set_settings({"n": 1})
    holding, release = threading.Event(), threading.Event()

    def write() -> None:
        with library.mutex:
            holding.set()
            release.wait(5)

    writer = threading.Thread(target=write)
    writer.start()
    holding.wait(5)
    try:
        result: list[dict[str, object]] = []
        reader = threading.Thread(target=lambda: result.append(library.settings()))
        reader.start()
        reader.join(1)
        assert result == [{"n": 1}]
    finally:
        release.set()
        writer.join()
