"""Crash safety under SIGKILL: whatever moment a save is killed, nothing saved is lost.

A child process saves highlights (and reading positions) in a loop, printing
each one after the call returned; the parent kills it with SIGKILL at a random
moment, 120 times, and after each kill checks that the library opens, passes
its integrity check, holds every highlight whose save had returned, and that
the next start leaves no temporary file behind.
"""

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
from tui_reader.importing import add_documents
from tui_reader.model import Document, Paragraph
from tui_reader.store import Library, layout

pytestmark = pytest.mark.stress

KILLS = 120

CHILD = textwrap.dedent(
    """
    import random, sys
    sys.path.insert(0, {root!r})
    from tui_reader.store import Library
    lib = Library.open({folder!r}, "write")
    ids = [a.id for a in lib.articles()]
    rng = random.Random({seed})
    print("ready", flush=True)
    while True:
        aid = rng.choice(ids)
        if rng.random() < 0.2:
            lib.set_position(aid, rng.randrange(8))
            continue
        start = rng.randrange(0, 100)
        hl = lib.create_highlight(aid, rng.randrange(8), start, start + 20, "green")
        print("saved", aid, hl.id, flush=True)
    """
)


def build_library(folder: Path, articles: int = 300) -> None:
    """A library of a few MB: ``articles`` articles of eight long paragraphs."""
    rng = random.Random(7)
    words = [
        "tide",
        "lagoon",
        "bread",
        "dough",
        "soldier",
        "reader",
        "terminal",
        "quiet",
        "river",
        "stone",
    ]
    docs = [
        Document(
            title=f"Article {i}",
            paragraphs=[
                Paragraph(" ".join(rng.choice(words) for _ in range(250))) for _ in range(8)
            ],
            url=f"https://example.org/{i}",
        )
        for i in range(articles)
    ]
    with Library.open(folder, "write") as lib:
        add_documents(lib, docs)


def folder_size(folder: Path) -> int:
    """Bytes in the library's current files (not generations; text packs as their JSON,
    before it is compressed)."""
    plain = sum(p.stat().st_size for p in folder.rglob("*.json"))
    packs = folder.rglob(f"*{layout.PACK_SUFFIX}")
    return plain + sum(len(layout.decompress_pack(p.read_bytes())) for p in packs)


def test_sigkill_during_saves_loses_nothing_that_was_saved(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    build_library(folder)
    assert folder_size(folder) > 2_000_000
    rng = random.Random(1234)
    saved: dict[str, str] = {}
    for round_ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD.format(root=str(ROOT), folder=str(folder), seed=round_)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        first = ""
        if round_ % 2:
            # Odd rounds wait for one finished save, so that however slow the machine,
            # kills land between saves too, not only before the first one.
            first = child.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.03))
        os.kill(child.pid, signal.SIGKILL)
        out, _ = child.communicate(timeout=30)
        out = first + out
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[0] == "saved":
                saved[parts[2]] = parts[1]
        with Library.open(folder, "write") as lib:
            assert not [w for w in lib.warnings if "damaged" in w], lib.warnings
            assert lib.check() == []
            present = {h.id for h in lib.all_highlights()}
            lost = set(saved) - present
            assert not lost, f"round {round_}: {len(lost)} saved highlights lost"
        assert not [p for p in folder.rglob(f"*{TMP_MARK}*")], f"debris after round {round_}"
    assert len(saved) >= KILLS // 2  # the child really saved things between kills
