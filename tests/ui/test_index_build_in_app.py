"""Building the search index (missing, from an older version, damaged) takes minutes at
100,000 articles: the app goes on taking keys meanwhile and shows the build's progress;
a search asked for during the build answers once it is done."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.ui.library_pilot import add_generated, list_rows, notices, screen_text, settle
from tui_reader.index import IndexState, SearchIndex
from tui_reader.store import Library
from tui_reader.ui.app import NewsreadApp, create_app
from tui_reader.ui.screens.library import LibraryScreen
from tui_reader.ui.widgets.library.article_list import ArticleList


async def _until(pilot: Pilot[None], done: threading.Event | Callable[[], bool], what: str) -> None:
    for _ in range(400):
        if done.is_set() if isinstance(done, threading.Event) else done():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def unindexed(library_path: Path) -> Library:
    """A library of 30 articles whose index file is gone (as after an upgrade)."""
    with Library.open(library_path, "write") as library:
        add_generated(library, 30)
    for path in library_path.glob("index.sqlite*"):
        path.unlink()
    return Library.open(library_path, "write")


async def test_keys_work_and_progress_shows_while_the_index_is_built(
    unindexed: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, go_on = threading.Event(), threading.Event()
    real = SearchIndex._rebuild

    def held_build(self: SearchIndex, progress: object) -> int:
        if callable(progress):
            progress(0, 30)
        started.set()
        go_on.wait(10)
        return real(self, progress)  # type: ignore[arg-type]

    monkeypatch.setattr(SearchIndex, "_rebuild", held_build)
    app = create_app(unindexed)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await _until(pilot, started, "the build to start")
            await pilot.pause(0.05)
            assert "Building the search index 0/30" in screen_text(app)
            articles = app.screen.query_one(ArticleList)
            await pilot.press("j", "j")  # held for the whole build before
            await pilot.pause(0.05)
            assert articles.cursor == 2
            await pilot.press("/", *"generated article 7")
            await pilot.pause(0.05)
            assert "· enter: search" in screen_text(app)
            await pilot.press("enter")
            await pilot.pause(0.05)
            assert "searching…" in screen_text(app)
            go_on.set()
            await settle(pilot)
            assert list_rows(app)[0] == "Generated article 7"
            assert "Building the search index" not in screen_text(app)
            assert "Built the search index (30 articles)." in notices(app)
    finally:
        go_on.set()
        unindexed.close()


async def test_q_quits_during_a_build_even_with_a_search_waiting_for_it(
    unindexed: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A search typed during the build waits for it, but the keys after it do not: escape
    clears the search, q quits, and the build stops (it is done again next time)."""
    started = threading.Event()
    real = SearchIndex._rebuild

    def slow_build(self: SearchIndex, progress: object) -> int:
        if callable(progress):
            progress(0, 30)
        started.set()
        while not self._interrupted.wait(0.01):
            pass  # as slow as 100,000 articles: ends only when interrupted
        return real(self, progress)  # type: ignore[arg-type]

    monkeypatch.setattr(SearchIndex, "_rebuild", slow_build)
    app: NewsreadApp = create_app(unindexed)
    async with app.run_test(size=(100, 30)) as pilot:
        await _until(pilot, started, "the build to start")
        await pilot.press("/", *"generated", "enter")
        await pilot.pause(0.05)
        await pilot.press("escape")
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await _until(
            pilot,
            lambda: screen.ready_for_keys and "search:" not in screen_text(app),
            "the whole list again",
        )
        await pilot.press("q")
        await app.workers.wait_for_complete()  # the build's thread too: it stopped
        assert app._exit and app.return_code == 0
    assert not app.is_running
    monkeypatch.setattr(SearchIndex, "_rebuild", real)
    unindexed.close()
    with Library.open(unindexed.folder, "write") as again:
        assert again.search_index.state is not IndexState.READY  # unfinished, not half-used
        assert [a.title for a in again.search("generated article 12", limit=1)] == [
            "Generated article 12"
        ]


async def test_quitting_during_a_build_leaves_an_index_that_is_rebuilt_next_time(
    unindexed: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = threading.Event()
    real = SearchIndex._rebuild

    def announced(self: SearchIndex, progress: object) -> int:
        started.set()
        return real(self, progress)  # type: ignore[arg-type]

    monkeypatch.setattr(SearchIndex, "_rebuild", announced)
    app: NewsreadApp = create_app(unindexed)
    async with app.run_test(size=(100, 30)) as pilot:
        await _until(pilot, started, "the build to start")
        await pilot.press("q")
        await pilot.pause()
    unindexed.close()
    with Library.open(unindexed.folder, "write") as again:
        assert [a.title for a in again.search("generated article 12", limit=1)] == [
            "Generated article 12"
        ]


async def test_a_progress_message_after_the_bottom_is_gone_is_ignored(library: Library) -> None:
    """Quitting while the index is built: the screen's children are taken down first, and
    a build step reported then must not mount the progress bar into a bottom container
    that is detached or gone (Textual's MountError ended such a run of
    test_quitting_during_a_build_leaves_an_index_that_is_rebuilt_next_time, with two
    test workers on a busy machine)."""
    app = create_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        await screen.query_one("#bottom").remove()
        screen.post_message(LibraryScreen.IndexProgress(0, 30))
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert not screen.query("#import-bar")
