"""A library written by the schema 1 layout (tests/store/fixtures/v1_library, made by
newsread before the flat-cost layout) migrates on first open with everything in it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import orjson
import pytest

from tests.conftest import ROOT
from tests.store.kill_budgets import kill_at_each_step
from tui_reader.export.backup import backup_document
from tui_reader.model import Queue
from tui_reader.store import Library, schema

FIXTURE = Path(__file__).parent / "fixtures" / "v1_library"
EXPECTED = Path(__file__).parent / "fixtures" / "v1_library.backup.json"


@pytest.fixture
def old_library(tmp_path: Path) -> Path:
    """A copy of the schema 1 fixture."""
    target = tmp_path / "old"
    shutil.copytree(FIXTURE, target)
    return target


def expected() -> dict:
    """The fixture's content as backed up by the newsread that wrote it."""
    return orjson.loads(EXPECTED.read_bytes())


def without_queue(document: dict) -> dict:
    """A backup of the migrated library in the old shape: no queue nor read_at, schema 1."""
    for item in document["articles"]:
        assert item["article"].pop("queue") == "inbox"
        assert item["article"].pop("read_at") == ""
    assert document["schema_version"] == schema.SCHEMA_VERSION
    return {**document, "schema_version": 1}


def assert_everything_kept(library: Library) -> None:
    assert library.schema_version == schema.SCHEMA_VERSION == 5
    assert without_queue(backup_document(library)) == expected()
    assert library.check() == []
    assert {a.queue for a in library.articles()} == {Queue.INBOX}


def test_a_v1_library_migrates_with_everything_in_it(old_library: Path) -> None:
    messages: list[str] = []
    with Library.open(old_library, "write", progress=messages.append) as library:
        assert messages[0].startswith("Upgrading the library to the new layout: 4 articles")
        assert "Upgraded the library: 4 articles." in messages
        assert messages[-1] == "Upgraded the library: 4 article texts packed."
        assert_everything_kept(library)
        assert not (old_library / "library.json").exists()
        assert not list((old_library / "texts").glob("??.json*"))
        assert not list((old_library / "notes").glob("??.json*"))
        # and it is an ordinary library afterwards
        aid = library.articles()[0].id
        library.set_queue(aid, "later")
        assert library.get(aid).queue is Queue.LATER
    messages.clear()
    with Library.open(old_library, "write", progress=messages.append) as again:
        assert messages == []  # migrated once
        assert len(again) == 4


def test_read_only_commands_migrate_too_when_the_library_is_free(old_library: Path) -> None:
    with Library.open(old_library, "read") as library:
        assert library.read_only
        assert_everything_kept(library)


def test_the_cli_says_it_is_upgrading(old_library: Path) -> None:
    env = {**os.environ, "NEWSREAD_LIBRARY": str(old_library), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "tui_reader", "list"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert "newsread: Upgrading the library to the new layout: 4 articles" in done.stderr
    assert "Tidal lagoons" in done.stdout


KILLER = textwrap.dedent(
    """
    import os, signal, sys
    sys.path.insert(0, {root!r})
    from tui_reader import atomic_files
    from tui_reader.store import Library, journal, migrate_v1, storage
    budget = [{budget}]
    def counted(real):
        def write(*args, **kwargs):
            budget[0] -= 1
            if budget[0] < 0:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)
        return write
    for module in (migrate_v1, storage, journal):
        module.atomic_write = counted(module.atomic_write)
    Library.open({folder!r}, "write")
    print("finished", flush=True)
    """
)


def test_a_migration_killed_at_any_write_starts_again_and_loses_nothing(tmp_path: Path) -> None:
    """SIGKILL before each file write of the migration in turn; each time the next open
    finishes it with everything there."""

    def check(folder: Path) -> None:
        with Library.open(folder, "write") as library:
            assert_everything_kept(library)

    budget = kill_at_each_step(FIXTURE, tmp_path, KILLER, check)
    assert budget > 10  # the kills landed all through the migration
