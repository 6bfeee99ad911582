"""A library written by schema 2 (tests/store/fixtures/v2_library, made by newsread at
main d1c7035: one file per article text) migrates to text packs on first open with
everything in it, and a kill at any moment of the migration loses nothing."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import orjson
import pytest

from tests.store.kill_budgets import kill_at_each_step, open_killer
from tui_reader.export.backup import backup_document
from tui_reader.store import Library, layout, schema

FIXTURE = Path(__file__).parent / "fixtures" / "v2_library"
EXPECTED = Path(__file__).parent / "fixtures" / "v2_library.backup.json"


@pytest.fixture
def old_library(tmp_path: Path) -> Path:
    """A copy of the schema 2 fixture."""
    target = tmp_path / "old"
    shutil.copytree(FIXTURE, target)
    return target


def assert_everything_kept(library: Library) -> None:
    """Every record, text, highlight and setting is as the old newsread backed it up."""
    assert library.schema_version == schema.SCHEMA_VERSION == 5
    document = backup_document(library)
    expected = orjson.loads(EXPECTED.read_bytes())
    assert document["schema_version"] == 5
    for item in document["articles"]:  # written before articles kept a read date
        assert item["article"].pop("read_at") == ""
    assert {**document, "schema_version": 2, "generator": ""} == {**expected, "generator": ""}
    assert library.check() == []


def old_text_files(folder: Path) -> list[Path]:
    return sorted((folder / "texts").glob("*/*.json"))


def test_a_v2_library_migrates_to_text_packs_with_everything_in_it(old_library: Path) -> None:
    assert len(old_text_files(old_library)) == 7
    messages: list[str] = []
    with Library.open(old_library, "write", progress=messages.append) as library:
        assert messages == [
            "Upgrading the library: packing 7 article texts into fewer files...",
            "Upgraded the library: 7 article texts packed.",
        ]
        assert_everything_kept(library)
        assert old_text_files(old_library) == []
        assert [p.name for p in (old_library / "texts").iterdir()] == ["p0000001.json.gz"]
        # every catalog record names its pack
        for shard in (old_library / "catalog").glob("*.json"):
            for row in orjson.loads(shard.read_bytes())["articles"].values():
                assert row[layout.TEXT_FIELD] == "p0000001"
        # and it is an ordinary library afterwards: a re-import moves the text to a new pack
        article = library.articles()[0]
        paragraphs = library.paragraphs(article.id)
        longer = [*paragraphs, paragraphs[0]]
        library.put_article(replace(article, paragraph_count=len(longer)), longer)
        assert len(library.paragraphs(article.id)) == len(paragraphs) + 1
        assert library.check() == []
    messages.clear()
    with Library.open(old_library, "write", progress=messages.append) as again:
        assert messages == []  # migrated once
        assert len(again) == 7


def test_a_damaged_old_text_is_left_and_said_the_rest_migrates(old_library: Path) -> None:
    damaged = old_text_files(old_library)[0]
    damaged.write_bytes(b'{"texts": {"1": ')
    with Library.open(old_library, "write") as library:
        assert any(damaged.name in w and "damaged" in w for w in library.warnings)
        assert damaged.exists()  # never deleted: it is the only copy
        assert library.check() == [f"article {damaged.stem} has no text"]
        assert len(library) == 7


KILLER = open_killer(
    "from tui_reader.store import migrate_v2\nmigrate_v2.STEP_BYTES = 3000  # a few steps, each its own change"
)


def test_a_v2_migration_killed_at_any_point_finishes_at_the_next_open(tmp_path: Path) -> None:
    """SIGKILL at each rename, link or removal of the migration in turn; each time the
    next open finishes it with everything there."""

    def check(folder: Path) -> None:
        with Library.open(folder, "write") as library:
            assert_everything_kept(library)
            assert old_text_files(folder) == []
        shutil.rmtree(folder)

    budget = kill_at_each_step(FIXTURE, tmp_path, KILLER, check)
    assert budget > 20  # the kills landed all through the migration
