"""Shared fixtures: every test gets its own library folder, never the user's."""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tui_reader.config import samples_dir
from tui_reader.importing import import_inputs
from tui_reader.store import Library

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "000_a89bc3d39a4e4277.txt"

#: Fails the run when a test left a file in the checkout or changed a tracked one.
pytest_plugins = ["tests.worktree_guard", "pytester"]


def library_files(folder: Path) -> dict[str, bytes]:
    """Every file under a library folder and its bytes (the lock file aside): compare two
    of these to prove that an operation changed nothing on disk.

    The search index (``index.sqlite*``) is left out too: it is derived, SQLite's
    write-ahead log changes bytes without changing content, and tests/index checks
    that it agrees with the store."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "newsread.lock" and not p.name.startswith("index.sqlite")
    }


def catalog_file(folder: Path, article_id: str) -> Path:
    """The catalog shard that holds an article's record (its key is 1 to 3 digits of the
    id, see tui_reader/store/catalog_keys.py): the one on disk, or the 3-digit one."""
    for n in (3, 2, 1):
        path = folder / "catalog" / f"{article_id[:n]}.json"
        if path.exists():
            return path
    return folder / "catalog" / f"{article_id[:3]}.json"


def notes_file(folder: Path, article_id: str) -> Path:
    """The notes shard that holds an article's highlights."""
    return folder / "notes" / f"{article_id[:3]}.json"


_XDG_BASE = pytest.StashKey[Path]()


def pytest_configure(config: pytest.Config) -> None:
    """A last line of defence: even with the fixtures undone, no test reaches the real
    user folders, because platformdirs' XDG folders point into a temp folder."""
    base = Path(tempfile.mkdtemp(prefix="newsread-tests-"))
    config.stash[_XDG_BASE] = base
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        os.environ[name] = str(base / name.lower())


def pytest_unconfigure(config: pytest.Config) -> None:
    """Remove the run's XDG folder: a run leaves nothing behind in the temp folder."""
    base = config.stash.get(_XDG_BASE, None)
    if base is not None:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(autouse=True)
def _isolated_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the library and the config file at the test's temp folder, and run there:
    default outputs (``./newsread-export`` of the CLI and of `e` in the app) land in it.

    ``COLUMNS`` and ``LINES`` are cleared: they win over a pseudo-terminal's size, and
    the runner's environment may hold them (pytest-xdist's workers get 80 and 24)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)
    monkeypatch.setenv("NEWSREAD_LIBRARY", str(tmp_path / "library"))
    monkeypatch.setenv("NEWSREAD_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("NO_COLOR", "1")


@dataclass(frozen=True, slots=True)
class Shown:
    """A notification as the app handed it to Textual (after its own sanitising)."""

    message: str
    title: str
    severity: str
    markup: bool


_SHOWN: weakref.WeakKeyDictionary[Any, list[Shown]] = weakref.WeakKeyDictionary()


def shown_notifications(app: Any) -> list[Shown]:
    """Every notification ``app`` has shown so far, oldest first."""
    return list(_SHOWN.get(app, ()))


@pytest.fixture(autouse=True)
def _record_notifications(monkeypatch: pytest.MonkeyPatch) -> None:
    """Record notifications through Textual's public ``App.notify`` (no private state read)."""
    from textual.app import App

    original = App.notify

    def recording(
        self: App[Any],
        message: str,
        *,
        title: str = "",
        severity: Any = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        _SHOWN.setdefault(self, []).append(Shown(message, title, severity, markup))
        original(self, message, title=title, severity=severity, timeout=timeout, markup=markup)

    monkeypatch.setattr(App, "notify", recording)


@pytest.fixture
def library_path(tmp_path: Path) -> Path:
    """The test's library folder (not created yet)."""
    return tmp_path / "library"


@pytest.fixture
def library(library_path: Path) -> Iterator[Library]:
    """An empty library, open for writing."""
    lib = Library.open(library_path, "write")
    yield lib
    lib.close()


@pytest.fixture
def sample_library(library: Library) -> Library:
    """A library holding the bundled samples."""
    report = import_inputs(library, [str(samples_dir())])
    assert not report.failures, report.failures
    return library
