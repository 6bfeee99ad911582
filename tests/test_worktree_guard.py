"""The check that the test suite leaves the work tree as it found it."""

from __future__ import annotations

import subprocess

import pytest

from tests.conftest import ROOT

_CONFTEST = 'pytest_plugins = ["tests.worktree_guard"]\n'
_MESSY = """
from pathlib import Path

def test_leaves_a_file_behind():
    (Path(__file__).parent / "newsread-export").mkdir()
    (Path(__file__).parent / "newsread-export" / "left.md").write_text("x")
"""
_TIDY = """
def test_writes_nothing(tmp_path):
    (tmp_path / "fine.md").write_text("x")
"""


@pytest.fixture
def project(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A throwaway project whose conftest loads the guard."""
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makeconftest(_CONFTEST)
    (pytester.path / ".gitignore").write_text("__pycache__/\nrunpytest-*/\n")  # basetemp
    return pytester


def _git_init(pytester: pytest.Pytester) -> None:
    subprocess.run(["git", "init", "-q", str(pytester.path)], check=True, timeout=60)


def test_a_test_that_writes_into_the_checkout_fails_the_run(project: pytest.Pytester) -> None:
    _git_init(project)
    project.makepyfile(test_messy=_MESSY)
    result = project.runpytest_subprocess("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*the tests changed the work tree*", "*newsread-export/left.md*"])
    assert "1 passed" in result.stdout.str()


def test_under_xdist_the_controller_still_fails_the_run(project: pytest.Pytester) -> None:
    """A worker leaves the check to the controller, which looks after the workers finished."""
    _git_init(project)
    project.makepyfile(test_messy=_MESSY, test_tidy=_TIDY)
    result = project.runpytest_subprocess("-p", "no:cacheprovider", "-n", "1")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["*the tests changed the work tree*", "*newsread-export/left.md*"])
    assert "2 passed" in result.stdout.str()
    assert result.stdout.str().count("the tests changed the work tree") == 1


def test_a_tidy_run_passes(project: pytest.Pytester) -> None:
    _git_init(project)
    project.makepyfile(test_tidy=_TIDY)
    result = project.runpytest_subprocess("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.OK
    assert "changed the work tree" not in result.stdout.str()


def test_outside_a_git_checkout_there_is_nothing_to_compare(project: pytest.Pytester) -> None:
    project.makepyfile(test_messy=_MESSY)
    result = project.runpytest_subprocess("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.OK
