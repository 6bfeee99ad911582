"""Devices and named pipes are refused by every command that reads a file it is given,
not only by `newsread add`: never read until memory runs out, never waited on.

Found in tmux: `newsread restore /dev/zero` was killed by the kernel (it read until
memory ran out; under a memory limit, a MemoryError traceback), as were `feeds add
/dev/zero` and `feeds import /dev/zero`; on a named pipe the three waited forever. A
feed followed from a file refreshed the same way (an OPML file may list
file:///dev/zero, and a feed file can be replaced by a pipe).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui_reader.feeds.subscriptions import Subscription, subscribe
from tui_reader.store import Library

#: Address space for the child: a command that reads /dev/zero whole dies with
#: a MemoryError (a traceback) well before the machine notices.
MEMORY = 1_500 * 1024 * 1024
TIMEOUT = 30


#: The child sets its own memory limit, then runs newsread (no preexec_fn: the test
#: process may have threads).
LIMITED = (
    "import resource, runpy, sys; "
    f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY}, {MEMORY})); "
    "sys.argv[0] = 'newsread'; runpy.run_module('tui_reader', run_name='__main__')"
)


def newsread(library: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", LIMITED, "--library", str(library), *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, "COLUMNS": "200"},
    )


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "feed.xml"
    os.mkfifo(path)
    return path


@pytest.fixture(params=["device", "fifo"])
def special(request: pytest.FixtureRequest, fifo: Path) -> tuple[Path, str]:
    if request.param == "device":
        return Path("/dev/zero"), "a character device"
    return fifo, "a named pipe (FIFO)"


@pytest.mark.parametrize("command", [("restore",), ("feeds", "add"), ("feeds", "import")])
def test_a_command_given_a_device_or_a_pipe_refuses_it_in_one_line(
    tmp_path: Path, special: tuple[Path, str], command: tuple[str, ...]
) -> None:
    path, kind = special
    result = newsread(tmp_path / "library", *command, str(path))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert f"not a regular file ({kind})" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_feed_file_that_became_a_device_or_a_pipe_fails_alone(
    tmp_path: Path, special: tuple[Path, str]
) -> None:
    path, kind = special
    library_path = tmp_path / "library"
    with Library.open(library_path, "write") as library:
        subscribe(library, Subscription(str(path), "Special"))
    result = newsread(library_path, "refresh")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"Special: not a regular file ({kind})" in result.stderr
