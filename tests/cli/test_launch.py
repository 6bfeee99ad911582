"""The ``newsread`` console script: a bare ``newsread`` goes straight to the app.

The app path (tui_reader.launch) must behave as the command line did for it:
the same first-run samples, the same one-line errors and exit codes, the same
``--library`` choice; every other invocation is the command line's.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_commands import SEED_TITLE, FakeApp, fake_create_app
from tests.conftest import ROOT
from tui_reader import launch
from tui_reader.store import Library


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], (True, None)),
        (["--library", "/x/lib"], (True, "/x/lib")),
        (["--library=/x/lib"], (True, "/x/lib")),
        (["--library"], (False, None)),  # click's error about the missing value
        (["list"], (False, None)),
        (["--library", "/x/lib", "list"], (False, None)),
        (["--version"], (False, None)),
        (["--help"], (False, None)),
        (["read", "abcd"], (False, None)),
    ],
)
def test_only_a_bare_newsread_skips_the_command_line(
    args: list[str], expected: tuple[bool, str | None]
) -> None:
    assert launch.app_library(args) == expected


def test_the_app_path_imports_the_samples_on_first_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tui_reader.ui.app.create_app", fake_create_app)
    folder = tmp_path / "lib"
    FakeApp.built.clear()
    assert launch.open_app(str(folder)) == 0
    assert FakeApp.built == [None]  # the library screen, no article
    with Library.open(folder, "read") as library:
        assert SEED_TITLE in {a.title for a in library.articles()}


def run_entry_point(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``python -m tui_reader ARGS`` (the console script's code) with no terminal."""
    return subprocess.run(
        [sys.executable, "-m", "tui_reader", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **env},
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def test_a_library_that_cannot_be_opened_is_one_line_and_code_2(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    target = blocker / "lib\x1b[2J"
    for args, env in (
        ((), {"NEWSREAD_LIBRARY": str(target)}),
        (("--library", str(target)), {}),
        ((f"--library={target}",), {}),
    ):
        done = run_entry_point(*args, env=env)
        assert done.returncode == 2, done
        assert done.stdout == ""
        assert done.stderr.startswith("newsread: error: cannot create library folder")
        assert done.stderr.count("\n") == 1 and "\x1b" not in done.stderr


def test_the_other_commands_still_go_through_the_command_line(tmp_path: Path) -> None:
    done = run_entry_point("--library", str(tmp_path / "lib"), "locate", env={})
    assert done.returncode == 0 and done.stdout.strip() == str(tmp_path / "lib")
    done = run_entry_point("--library", env={})
    assert done.returncode == 2 and "requires an argument" in done.stderr


def test_starting_on_a_library_with_articles_reads_no_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # settings.json holds every feed followed and the entries each has shown: megabytes
    # at 2,000 feeds, not needed to show the library.
    monkeypatch.setattr("tui_reader.ui.app.create_app", fake_create_app)
    folder = tmp_path / "lib"
    assert launch.open_app(str(folder)) == 0  # the first start: the samples
    read: list[str] = []
    real = Library.settings

    def settings(self: Library) -> dict[str, object]:
        read.append(str(self.folder))
        return real(self)

    monkeypatch.setattr(Library, "settings", settings)
    assert launch.open_app(str(folder)) == 0
    assert read == []
