"""A restore is one transaction: killed at any moment, the library is the old one or the
new one, never a mix (issue 11, item 3)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tui_reader.atomic_files import TMP_MARK
from tui_reader.export.backup import backup_document, dump_backup
from tui_reader.importing import add_documents
from tui_reader.model import Document, Paragraph
from tui_reader.store import Library

pytestmark = pytest.mark.stress

ARTICLES = 120

CHILD = textwrap.dedent(
    """
    import os, signal, sys
    sys.path.insert(0, {root!r})
    from tui_reader.export import load_backup, restore_backup
    from tui_reader.store import Library
    budget = [{budget}]
    if budget[0] >= 0:
        real_replace = os.replace
        def replace(src, dst):
            budget[0] -= 1
            if budget[0] < 0:
                os.kill(os.getpid(), signal.SIGKILL)
            return real_replace(src, dst)
        os.replace = replace
    backup = load_backup(open({backup!r}, "rb").read())
    with Library.open({folder!r}, "write") as library:
        print("restoring", flush=True)
        restore_backup(library, backup)
    print("finished", flush=True)
    """
)


@pytest.fixture(scope="module")
def backup_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A backup of ``ARTICLES`` articles, each with two highlights, and settings."""
    folder = tmp_path_factory.mktemp("source")
    with Library.open(folder / "library", "write") as library:
        docs = [
            Document(f"Article {n}", [Paragraph(f"Paragraph {n} " * 40)], url=f"https://e.org/{n}")
            for n in range(ARTICLES)
        ]
        for result in add_documents(library, docs):
            library.create_highlight(result.article.id, 0, 0, 9, note="one")
            library.create_highlight(result.article.id, 0, 10, 20, note="two")
        library.set_settings({"theme": "nord"})
        path = folder / "backup.json"
        path.write_bytes(dump_backup(backup_document(library)))
    return path


def run_child(folder: Path, backup: Path, budget: int = -1) -> subprocess.Popen[str]:
    script = CHILD.format(root=str(ROOT), folder=str(folder), backup=str(backup), budget=budget)
    return subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)


def assert_old_or_new(folder: Path) -> str:
    """The library is empty (old) or holds the whole backup (new); which one."""
    with Library.open(folder, "write") as library:
        count = len(library)
        assert count in (0, ARTICLES), f"a mix: {count} articles"
        highlights = list(library.all_highlights())
        assert library.check() == []
        if count == 0:
            assert highlights == [] and library.settings() == {}
            assert not list((folder / "texts").rglob("*.json*"))
            state = "old"
        else:
            assert len(highlights) == 2 * ARTICLES
            assert library.settings() == {"theme": "nord"}
            state = "new"
    assert not list(folder.rglob(f"*{TMP_MARK}*"))
    assert not (folder / "journal.json").exists()
    return state


def test_restore_killed_before_each_rename_is_old_or_new(tmp_path: Path, backup_file: Path) -> None:
    """Deterministic: SIGKILL just before the 1st, 2nd, ... file rename of the restore."""
    seen: set[str] = set()
    budget = 0
    while True:
        folder = tmp_path / f"budget-{budget}"
        child = run_child(folder, backup_file, budget)
        out, _ = child.communicate(timeout=120)
        seen.add(assert_old_or_new(folder))
        if "finished" in out:
            break
        assert child.returncode == -signal.SIGKILL
        # past the first renames (the journal written), check every 40th point onwards
        budget += 1 if budget < 6 else 40
    assert seen == {"old", "new"}


def test_restore_killed_at_random_moments_is_old_or_new(tmp_path: Path, backup_file: Path) -> None:
    start = time.monotonic()
    child = run_child(tmp_path / "timed", backup_file)
    child.communicate(timeout=120)
    duration = time.monotonic() - start
    rng = random.Random(11)
    for round_ in range(20):
        folder = tmp_path / f"round-{round_}"
        child = run_child(folder, backup_file)
        time.sleep(rng.uniform(0.0, duration))
        os.kill(child.pid, signal.SIGKILL)
        child.communicate(timeout=60)
        assert_old_or_new(folder)
