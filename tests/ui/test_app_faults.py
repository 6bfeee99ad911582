"""Disk full and I/O errors while the app saves: said out loud, nothing shown that is not saved.

ENOSPC and EIO are injected at the atomic writer's write, fsync and replace
while the reader makes, deletes or undoes a highlight and while the library
deletes an article. Each time a notification says what could not be saved,
the app keeps running and answering keys, the library folder is
byte-identical to before, the screen shows what is on disk, and doing the
same again once the fault clears succeeds.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.conftest import shown_notifications
from tests.stress.test_faults import FAULTS, POINTS, inject, snapshot
from tests.ui.library_pilot import article, list_rows, put_articles, settle
from tests.ui.test_reader_support import fixed_highlight, import_seed, view_of
from tui_reader.config import Config
from tui_reader.store import Library
from tui_reader.ui.app import NewsreadApp, create_app
from tui_reader.ui.screens.library import LibraryScreen
from tui_reader.ui.screens.reader import ReaderScreen
from tui_reader.ui.widgets.library.article_list import ArticleList
from tui_reader.ui.widgets.reader.reader_status import ReaderStatus
from tui_reader.ui.widgets.save_indicator import SaveIndicator

CASES = [(fault, point) for fault in sorted(FAULTS) for point in POINTS]


def errors(app: NewsreadApp) -> list[str]:
    """The messages of the error notifications shown so far."""
    return [n.message for n in shown_notifications(app) if n.severity == "error"]


def infos(app: NewsreadApp) -> list[str]:
    """The messages of every notification shown so far."""
    return [n.message for n in shown_notifications(app)]


def status_text(app: NewsreadApp) -> str:
    """The reader's status line as plain text."""
    return str(app.screen.query_one(ReaderStatus).render())


async def still_responds(app: NewsreadApp, pilot: Pilot[None]) -> None:
    """The reader moves its cursor down a paragraph: the app is alive and taking keys."""
    view = view_of(app)
    start = view.cursor
    await pilot.press("j")
    assert view.cursor == start + 1


#: Keys that make a highlight: of the selected first word, or of the whole paragraph.
KEYS = {"ENOSPC": ("v", "h"), "EIO": ("h",)}


@pytest.mark.parametrize(("fault", "point"), CASES)
async def test_a_highlight_that_cannot_be_saved_is_not_shown(
    library: Library,
    library_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fault: str,
    point: str,
) -> None:
    keys = KEYS[fault]
    aid = import_seed(library)
    before = snapshot(library_path)
    code, reason = FAULTS[fault]
    app = create_app(library, Config(), open_article=aid)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        view = view_of(app)
        with monkeypatch.context() as patch:
            inject(patch, point, code)
            await pilot.press(*keys)
            await settle(pilot)
            assert snapshot(library_path) == before
        assert any(m.startswith("Could not save highlight") and reason in m for m in errors(app))
        assert app.is_running and isinstance(app.screen, ReaderScreen)
        assert library.highlights(aid) == []
        assert view.placed_highlights() == [], "the screen shows a highlight that is not saved"
        assert "not saved!" in status_text(app)
        await pilot.press("u")
        assert infos(app)[-1] == "Nothing to undo.", "a failed save is not in the undo history"
        await still_responds(app, pilot)

        await pilot.press("k", *keys)  # the fault cleared: the same keys save it
        await settle(pilot)
        saved = library.highlights(aid)
        assert len(saved) == 1 and saved[0].anchor.paragraph == 0
        assert view.placed_highlights() == saved
        assert "saved" in status_text(app) and "not saved" not in status_text(app)
        assert snapshot(library_path) != before


async def test_deleting_or_undoing_on_a_full_disk_keeps_showing_what_is_saved(
    library: Library, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    point = "replace"  # the screen's part does not depend on where the writer fails
    aid = import_seed(library)
    kept = fixed_highlight(library, aid, 0, 0, 10, n=1, colour="green")
    app = create_app(library, Config(), open_article=aid)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        view = view_of(app)
        before = snapshot(library_path)
        with monkeypatch.context() as patch:
            inject(patch, point, FAULTS["ENOSPC"][0])
            await pilot.press("x")  # delete the highlight under the cursor
            await settle(pilot)
        assert snapshot(library_path) == before
        assert any(m.startswith("Could not save delete") for m in errors(app))
        assert view.placed_highlights() == [kept], "a highlight still on disk is still shown"
        assert library.highlights(aid) == [kept]

        await pilot.press("x")  # the fault cleared
        await settle(pilot)
        assert library.highlights(aid) == [] and view.placed_highlights() == []
        deleted = snapshot(library_path)
        with monkeypatch.context() as patch:
            inject(patch, point, FAULTS["EIO"][0])
            await pilot.press("u")  # undo the deletion: cannot be saved
            await settle(pilot)
        assert snapshot(library_path) == deleted
        assert any(m.startswith("Could not save undo delete") for m in errors(app))
        assert view.placed_highlights() == [] and library.highlights(aid) == []
        await still_responds(app, pilot)

        await pilot.press("u")  # the undo is still there to retry
        await settle(pilot)
        assert library.highlights(aid) == [kept] and view.placed_highlights() == [kept]
        with monkeypatch.context() as patch:
            inject(patch, point, FAULTS["ENOSPC"][0])
            await pilot.press("ctrl+r")  # redo the deletion: cannot be saved
            await settle(pilot)
        assert view.placed_highlights() == [kept] and library.highlights(aid) == [kept]
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert library.highlights(aid) == [] and view.placed_highlights() == []


@pytest.mark.parametrize(("fault", "point"), CASES)
async def test_an_article_that_cannot_be_deleted_stays_listed(
    library: Library,
    library_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fault: str,
    point: str,
) -> None:
    put_articles(library, [article(1), article(2)])
    fixed_highlight(library, article(2)[0].id, 0, 0, 9, n=1)
    before = snapshot(library_path)
    code, reason = FAULTS[fault]
    app = create_app(library, Config())
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        titles = list_rows(app)
        assert len(titles) == 2
        with monkeypatch.context() as patch:
            inject(patch, point, code)
            await pilot.press("d", "y")
            await settle(pilot)
            assert snapshot(library_path) == before
        assert any(m.startswith("Could not save deletion") and reason in m for m in errors(app))
        assert app.is_running and isinstance(app.screen, LibraryScreen)
        assert list_rows(app) == titles
        assert app.screen.query_one(SaveIndicator).state == "error"
        assert len(library) == 2
        await pilot.press("j")
        await pilot.pause()
        assert app.screen.query_one(ArticleList).cursor == 1
        await pilot.press("k")

        await pilot.press("d", "y")  # the fault cleared: deleting works
        await settle(pilot)
        assert list_rows(app) == titles[1:]
        assert app.screen.query_one(SaveIndicator).state == "saved"
    assert len(library) == 1
    assert library.highlights(article(2)[0].id) == []
