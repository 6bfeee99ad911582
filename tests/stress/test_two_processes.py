"""Two newsread processes on one library: one writes, the other is told at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.stress


def newsread(*args: str, library: Path) -> subprocess.Popen[str]:
    """Start ``newsread ARGS`` on ``library`` in a fresh process."""
    env = {**os.environ, "NEWSREAD_LIBRARY": str(library), "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "tui_reader", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_racing_writers_lose_no_update(tmp_path: Path) -> None:
    library = tmp_path / "library"
    accepted: set[str] = set()
    for round_ in range(10):
        files = []
        for side in ("a", "b"):
            path = tmp_path / f"{side}{round_}.txt"
            path.write_text(f"Title {side}{round_}\nBody of {side} in round {round_}.\n")
            files.append(path)
        procs = [newsread("add", str(f), library=library) for f in files]
        for path, proc in zip(files, procs, strict=True):
            out, err = proc.communicate(timeout=60)
            if proc.returncode == 0:
                assert "1 added" in out
                accepted.add(path.read_text().splitlines()[0])
            else:
                assert proc.returncode == 2
                assert err.startswith("newsread: error: the library ")
                assert "in use by another newsread" in err
                assert "Traceback" not in err
    listing = newsread("list", "--json", library=library)
    out, _ = listing.communicate(timeout=60)
    titles = {row["title"] for row in json.loads(out)}
    assert titles == accepted  # every accepted add is there; nothing half-written
    assert accepted


def test_second_writer_is_refused_quickly_while_first_holds_the_lock(tmp_path: Path) -> None:
    library = tmp_path / "library"
    code = (
        f"import sys, time; sys.path.insert(0, {str(ROOT)!r});"
        "from tui_reader.store import Library;"
        f"lib = Library.open({str(library)!r}, 'write'); print('held', flush=True); time.sleep(30)"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        seed = ROOT / "samples" / "000_a89bc3d39a4e4277.txt"
        second = newsread("add", str(seed), library=library)
        _, err = second.communicate(timeout=20)  # non-blocking lock: refused at once
        assert second.returncode == 2
        assert f"(pid {holder.pid})" in err
        reader = newsread("list", "--json", library=library)
        out, _ = reader.communicate(timeout=20)
        assert reader.returncode == 0 and json.loads(out) == []
    finally:
        holder.kill()
        holder.wait()
    retry = newsread("add", str(ROOT / "samples" / "000_a89bc3d39a4e4277.txt"), library=library)
    out, _ = retry.communicate(timeout=60)
    assert retry.returncode == 0 and "1 added" in out  # the dead holder's lock is taken over
