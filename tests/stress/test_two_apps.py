"""A second app on a library another process holds: read-only from the first frame.

A child process takes the library's write lock (as a running newsread does).
The app opened on the same folder in auto mode says at once that it is
read-only and why, and its edit keys change nothing on disk. When the holder
was killed instead, its lock is taken over and the app writes normally.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.stress.test_faults import snapshot
from tests.ui.library_pilot import notices, screen_text, settle
from tests.ui.test_reader_support import import_seed, view_of
from tui_reader.config import Config
from tui_reader.store import Library
from tui_reader.store.lock import LOCK_NAME
from tui_reader.ui.app import create_app
from tui_reader.ui.screens.library import LibraryScreen
from tui_reader.ui.screens.reader import ReaderScreen
from tui_reader.ui.widgets.reader.reader_status import ReaderStatus
from tui_reader.ui.widgets.save_indicator import SaveIndicator

pytestmark = pytest.mark.stress

HOLDER = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {root!r})
    from tui_reader.store import Library
    lib = Library.open({folder!r}, "write")
    print("held", flush=True)
    time.sleep(120)
    """
)


def hold(folder: Path) -> subprocess.Popen[str]:
    """A child process that opens ``folder`` for writing and keeps it open."""
    code = HOLDER.format(root=str(ROOT), folder=str(folder))
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "held"
    return child


@pytest.fixture
def seeded(library_path: Path) -> Iterator[tuple[Path, str]]:
    """A library folder holding the seed article (closed again); yields (folder, article id)."""
    with Library.open(library_path, "write") as lib:
        aid = import_seed(lib)
    yield library_path, aid


async def test_second_app_is_read_only_from_the_first_frame_and_changes_nothing(
    seeded: tuple[Path, str],
) -> None:
    folder, _ = seeded
    holder = hold(folder)
    try:
        before = snapshot(folder)
        library = Library.open(folder)  # auto: the lock is taken, so read-only
        assert library.read_only
        app = create_app(library, Config())
        async with app.run_test(size=(100, 24)) as pilot:
            await pilot.pause()  # the first frame
            assert app.screen.query_one(SaveIndicator).state == "read-only"
            assert "read-only" in screen_text(app)
            opened = [m for m in notices(app) if m.startswith("Opened read-only")]
            assert opened == [
                f"Opened read-only: another newsread (pid {holder.pid}) is using this library."
            ]

            await pilot.press("d", "y")  # delete the article: refused, no question asked
            await settle(pilot)
            assert isinstance(app.screen, LibraryScreen)
            refused = f"Not saved: another newsread (pid {holder.pid}) is using this library."
            assert notices(app)[-1] == refused

            await pilot.press("enter")  # the reader opens, read-only too
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen)
            assert "read-only" in str(app.screen.query_one(ReaderStatus).render())
            await pilot.press("v", "h", "h", "j", "j", "G")
            await settle(pilot)
            assert notices(app)[-1] == refused
            assert view_of(app).placed_highlights() == []
            await pilot.press("q")
            await settle(pilot)
            assert isinstance(app.screen, LibraryScreen)
        library.close()
        assert snapshot(folder) == before
        assert holder.poll() is None, "the holder was left alone"
    finally:
        holder.kill()
        holder.wait()


async def test_a_lock_left_by_a_killed_process_is_taken_over(seeded: tuple[Path, str]) -> None:
    folder, aid = seeded
    holder = hold(folder)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    lock = folder / LOCK_NAME
    assert lock.read_text().strip() == str(holder.pid), "the dead holder's lock file is left"

    library = Library.open(folder)
    try:
        assert not library.read_only and not library.warnings
        assert lock.read_text().strip() == str(os.getpid())
        app = create_app(library, Config(), open_article=aid)
        async with app.run_test(size=(100, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen)
            assert "read-only" not in str(app.screen.query_one(ReaderStatus).render())
            assert not [m for m in notices(app) if "read-only" in m]
            await pilot.press("h")
            await settle(pilot)
            assert [h.id for h in view_of(app).placed_highlights()] == [
                h.id for h in library.highlights(aid)
            ]
            assert len(library.highlights(aid)) == 1
    finally:
        library.close()
    with Library.open(folder, "read") as again:
        assert len(again.highlights(aid)) == 1  # on disk, not only in memory
