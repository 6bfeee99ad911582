"""A library folder this process may not write in: read it, never refuse to open it.

The real cases run ``newsread`` in a subprocess on a folder made read-only
with chmod (when the tests run as root, the subprocess first gives up the
capabilities that let root ignore file permissions); the in-process cases make
``os.open`` fail the way a read-only file system does.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_hostile_output import _run_on_pty
from tests.conftest import ROOT, SEED, library_files
from tui_reader.store import Library, StoreError
from tui_reader.store import lock as lock_module

SEED_TITLE = "South Korea Confirms Capture of Wounded North Korean Soldier in Kursk"
PR_CAPBSET_DROP = 24
CAP_DAC_OVERRIDE = 1
CAP_DAC_READ_SEARCH = 2
Runner = Callable[..., subprocess.CompletedProcess[str]]


def _make_tree_read_only(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        mode = 0o555 if path.is_dir() else 0o444
        path.chmod(mode)


def _make_tree_writable(folder: Path) -> None:
    for path in [folder, *folder.rglob("*")]:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)


@pytest.fixture
def outside() -> Iterator[Path]:
    """A folder outside the test's private temp folder, which user ``nobody`` can enter."""
    base = Path(tempfile.mkdtemp(prefix="newsread-ro-"))
    base.chmod(0o755)
    (base / "out").mkdir(mode=0o777)
    (base / "out").chmod(0o777)
    try:
        yield base
    finally:
        if (base / "library").exists():
            _make_tree_writable(base / "library")
        shutil.rmtree(base, ignore_errors=True)


def _env(base: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "HOME": str(base / "out"),
        "NEWSREAD_LIBRARY": str(base / "library"),
        "NEWSREAD_CONFIG": str(base / "out" / "config.toml"),
        "XDG_DATA_HOME": str(base / "out"),
        "XDG_CONFIG_HOME": str(base / "out"),
        "XDG_CACHE_HOME": str(base / "out"),
        "XDG_STATE_HOME": str(base / "out"),
    }


def _drop_root_file_override() -> None:  # pragma: no cover - runs in the child
    """Give up CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH for the program about to run."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def _as_other_user() -> dict[str, Any]:
    """Popen arguments under which file permissions apply, even to root."""
    return {"preexec_fn": _drop_root_file_override} if os.geteuid() == 0 else {}


@pytest.fixture
def run_as_reader(outside: Path) -> Runner:
    """``newsread ARGS`` in a subprocess that cannot write the library folder."""

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "tui_reader", *args],
            capture_output=True,
            text=True,
            env=_env(outside),
            cwd=outside / "out",
            timeout=120,
            **_as_other_user(),
        )

    return run


def _library_with_a_highlight(folder: Path) -> str:
    from tui_reader.importing import import_inputs

    with Library.open(folder, "write") as lib:
        import_inputs(lib, [str(SEED)])
        [article] = lib.articles()
        lib.create_highlight(article.id, 0, 0, 11, note="kept")
        return article.id


def test_list_export_and_add_in_a_read_only_folder(outside: Path, run_as_reader: Runner) -> None:
    library = outside / "library"
    _library_with_a_highlight(library)
    _make_tree_read_only(library)
    before = library_files(library)

    listed = run_as_reader("list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [row["title"] for row in json.loads(listed.stdout)] == [SEED_TITLE]

    exported = run_as_reader("export", "--out", str(outside / "out" / "notes"))
    assert exported.returncode == 0, exported.stderr
    assert len(list((outside / "out" / "notes").glob("*.md"))) == 1

    added = run_as_reader("add", str(SEED))
    assert added.returncode == 2
    assert added.stderr.startswith("newsread: error: cannot write to the library: ")
    assert "not writable (permission denied)" in added.stderr
    assert len(added.stderr.splitlines()) == 1
    assert library_files(library) == before


def test_a_lock_file_that_cannot_be_written_does_not_block_reading(
    outside: Path, run_as_reader: Runner
) -> None:
    """A writable folder whose 0-byte lock file this process may not write: read-only."""
    library = outside / "library"
    _library_with_a_highlight(library)
    lock = library / "newsread.lock"
    lock.write_bytes(b"")
    lock.chmod(0o444)
    listed = run_as_reader("list", "--json")
    assert listed.returncode == 0 and json.loads(listed.stdout)[0]["title"] == SEED_TITLE
    added = run_as_reader("add", str(SEED))
    assert added.returncode == 2
    assert "its lock file" in added.stderr and "cannot be written" in added.stderr


def test_the_app_opens_a_read_only_folder_and_says_why(outside: Path) -> None:
    library = outside / "library"
    _library_with_a_highlight(library)
    _make_tree_read_only(library)
    env = _env(outside) | {"TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    screen = _run_on_pty([], env, keys=b"q", cwd=outside / "out", **_as_other_user())
    text = re.sub(r"\x1b\[[0-9;?<>$]*[a-zA-Z~]", "", screen.decode("utf-8", "replace"))
    text = " ".join(text.split())
    assert "Opened read-only: the folder" in text
    assert "writable (permission denied)." in text
    assert "cannot lock library" not in text
    assert "read-only" in text  # the save indicator


# ---------------------------------------------------------------- in-process


@pytest.fixture
def refuse_lock_writes(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """Make opening ``newsread.lock`` for writing fail with the given errno."""

    def refuse(code: int) -> None:
        real_open = os.open

        def fake_open(path: object, flags: int, *args: object) -> int:
            if str(path).endswith(lock_module.LOCK_NAME) and flags & (os.O_RDWR | os.O_WRONLY):
                raise OSError(code, os.strerror(code), str(path))
            return real_open(path, flags, *args)  # type: ignore[arg-type]

        monkeypatch.setattr(lock_module.os, "open", fake_open)

    return refuse


@pytest.mark.parametrize(
    ("code", "reason"),
    [(errno.EROFS, "is on a read-only file system"), (errno.EACCES, "cannot be written")],
)
def test_auto_opens_read_only_and_says_why(
    library_path: Path, refuse_lock_writes: Callable[[int], None], code: int, reason: str
) -> None:
    article_id = _library_with_a_highlight(library_path)
    refuse_lock_writes(code)
    with Library.open(library_path, "auto") as lib:
        assert lib.read_only
        assert reason in lib.read_only_reason
        assert any(w.startswith("Opened read-only: ") for w in lib.take_warnings())
        assert lib.get(article_id).title == SEED_TITLE
        assert len(lib.highlights(article_id)) == 1
    with pytest.raises(StoreError, match=f"cannot write to the library: .*{reason}"):
        Library.open(library_path, "write")


def test_other_lock_errors_still_say_cannot_lock(
    library_path: Path, refuse_lock_writes: Callable[[int], None]
) -> None:
    refuse_lock_writes(errno.EIO)
    with pytest.raises(StoreError, match="cannot lock library"):
        Library.open(library_path, "auto")
