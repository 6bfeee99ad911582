"""Kill a writer at each of its steps in turn: the loop the store's kill tests share."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.conftest import ROOT


def kill_at_each_step(
    source: Path, into: Path, killer: str, check: Callable[[Path], object]
) -> int:
    """For budgets 0, 1, 2...: run the script ``killer`` (formatted with ``root``,
    ``folder`` and ``budget``; it prints "finished" when its budget outlasted the work,
    else it is SIGKILLed) on a copy of ``source`` in ``into``, then ``check`` the copy;
    until a run finishes. Returns how many runs were killed."""
    budget = 0
    while True:
        folder = into / f"kill-{budget}"
        shutil.copytree(source, folder)
        child = subprocess.run(
            [
                sys.executable,
                "-c",
                killer.format(root=str(ROOT), folder=str(folder), budget=budget),
            ],
            capture_output=True,
            text=True,
        )
        finished = "finished" in child.stdout
        assert finished or child.returncode == -signal.SIGKILL, child.stderr
        check(folder)
        if finished:
            return budget
        budget += 1
