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


#: The script :func:`open_killer` fills in (``{setup}``, then the usual placeholders).
_OPEN_KILLER = """\
import os, signal, sys
sys.path.insert(0, {root!r})
from tui_reader.store import Library
{setup}
budget = [{budget}]
def counted(real):
    def call(*args, **kwargs):
        budget[0] -= 1
        if budget[0] < 0:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return call
os.replace = counted(os.replace)
os.link = counted(os.link)
os.unlink = counted(os.unlink)
Library.open({folder!r}, "write").close()
print("finished", flush=True)
"""


def open_killer(setup: str = "") -> str:
    """A ``killer`` for :func:`kill_at_each_step` that opens the library for writing (its
    migrations run then) and is SIGKILLed at its budget's rename, link or removal, the
    points where the folder changes; ``setup`` (lines of Python) runs first."""
    escaped = setup.replace("{", "{{").replace("}", "}}")
    return _OPEN_KILLER.replace("{setup}", escaped)
