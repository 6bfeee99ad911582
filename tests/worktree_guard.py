"""A pytest plugin that fails the run when the tests changed the git work tree.

Tests write only into their temporary folders; a test that leaves a file in
the checkout (an export folder, a library, a report) or changes a tracked file
turns the whole run red with the list of what changed. Outside a git checkout
(an unpacked sdist, no git installed) there is nothing to compare and the
check does nothing. Under pytest-xdist only the controller checks: it looks
before the workers start and after they have all finished.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

_BEFORE = pytest.StashKey[frozenset[str] | None]()


def work_tree_status(folder: Path) -> frozenset[str] | None:
    """``git status --porcelain`` lines of the checkout holding ``folder``; None if not one."""
    try:
        done = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=all"],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=120,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return frozenset(line for line in done.stdout.splitlines() if line)


def _is_xdist_worker(config: pytest.Config) -> bool:
    """True in a pytest-xdist worker process (its controller does the comparing)."""
    return hasattr(config, "workerinput")


def pytest_sessionstart(session: pytest.Session) -> None:
    """Remember the state of the work tree before any test runs."""
    if _is_xdist_worker(session.config):
        return
    session.config.stash[_BEFORE] = work_tree_status(session.config.rootpath)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Compare with the state after the run; any difference fails the run."""
    before = session.config.stash.get(_BEFORE, None)
    if before is None:
        return
    after = work_tree_status(session.config.rootpath)
    if after is None or after == before:
        return
    changed = sorted((after - before) | (before - after))
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_sep("=", "the tests changed the work tree", red=True)
        for line in changed:
            reporter.write_line(f"  {line}")
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
