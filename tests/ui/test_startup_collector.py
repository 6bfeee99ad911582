"""Collections (full and young) are held back while the app starts, and come back once it
has listed the library (or it ends); the theme is chosen before the stylesheet is first
parsed."""

from __future__ import annotations

import asyncio
import gc
import sys
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from textual.css.stylesheet import Stylesheet

from tests.ui.library_pilot import article, list_rows, put_articles, settle
from tui_reader import launch
from tui_reader.config import Config
from tui_reader.store import Library
from tui_reader.ui import listing, startup_collector
from tui_reader.ui.app import create_app
from tui_reader.ui.screens import library as library_screen
from tui_reader.ui.screens.library import LibraryScreen
from tui_reader.ui.startup_collector import START_THRESHOLDS, StartupCollector


@pytest.fixture
def thresholds() -> Iterator[tuple[int, ...]]:
    """The collector's thresholds as the test found them (and put back after it)."""
    saved = gc.get_threshold()
    yield saved
    gc.set_threshold(*saved)
    gc.unfreeze()


def make_cycles(count: int) -> None:
    """``count`` lists that hold themselves: garbage only a collection frees."""
    for _ in range(count):
        cycle: list[object] = []
        cycle.append(cycle)


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """The generation of every collection that runs while the test does."""
    seen: list[int] = []

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(callback)
    yield seen
    gc.callbacks.remove(callback)


def test_hold_freezes_the_heap_and_holds_every_collection(
    thresholds: tuple[int, ...], collections: list[int]
) -> None:
    collector = StartupCollector()
    gc.unfreeze()
    collector.hold()
    assert collector.held
    assert gc.get_threshold() == START_THRESHOLDS  # the young generations too
    assert gc.get_freeze_count() > 0
    collections.clear()  # (one may have run as hold began: the young count was due)
    make_cycles(50_000)
    assert collections == []
    collector.release()
    assert not collector.held
    assert gc.get_threshold() == thresholds
    make_cycles(50_000)
    assert 0 in collections  # young collections run again


def test_release_is_final(thresholds: tuple[int, ...]) -> None:
    collector = StartupCollector()
    collector.release()  # never held: nothing to undo
    assert gc.get_threshold() == thresholds
    collector.hold()  # too late: start-up is over
    assert not collector.held
    assert gc.get_threshold() == thresholds


async def test_the_app_holds_collections_until_the_library_is_listed(
    library: Library, thresholds: tuple[int, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    put_articles(library, [article(n) for n in range(3)])
    listed = threading.Event()
    build = listing.build_listing

    def slow_listing(*args: Any, **kwargs: Any) -> Any:
        listed.wait(10)
        return build(*args, **kwargs)

    monkeypatch.setattr(library_screen, "build_listing", slow_listing)
    app = create_app(library, Config())
    seen: dict[str, Any] = {}

    async def auto_pilot(pilot: Any) -> None:
        await pilot.pause()
        seen["starting"] = gc.get_threshold()
        listed.set()
        for _ in range(100):
            await settle(pilot)
            if list_rows(app) and gc.get_threshold() == thresholds:
                break
            await asyncio.sleep(0.02)
        seen["listed"] = gc.get_threshold()
        seen["rows"] = list_rows(app)
        app.exit()

    await app.run_async(headless=True, size=(100, 20), auto_pilot=auto_pilot)
    assert seen["starting"] == START_THRESHOLDS
    assert seen["listed"] == thresholds
    assert len(seen["rows"]) == 3
    # Ended, it gives what it froze back: an app run in a process that goes on (tests,
    # snapshots) must not keep its widgets for good.
    assert gc.get_freeze_count() == 0


async def test_collections_come_back_when_the_app_ends_before_listing(
    library: Library, thresholds: tuple[int, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    never = threading.Event()
    build = listing.build_listing

    def stuck_listing(*args: Any, **kwargs: Any) -> Any:
        never.wait(5)
        return build(*args, **kwargs)

    monkeypatch.setattr(library_screen, "build_listing", stuck_listing)
    app = create_app(library, Config())
    seen: dict[str, Any] = {}

    async def auto_pilot(pilot: Any) -> None:
        await pilot.pause()
        seen["starting"] = gc.get_threshold()
        app.exit()

    await app.run_async(headless=True, size=(100, 20), auto_pilot=auto_pilot)
    never.set()
    assert seen["starting"] == START_THRESHOLDS
    assert gc.get_threshold() == thresholds


async def test_the_remembered_theme_is_in_place_before_the_stylesheet_is_parsed(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(library, Config(chosen_theme="textual-light"))
    assert app.theme == "textual-light"  # before it runs
    reparsed_with_a_screen: list[str] = []
    reparse = Stylesheet.reparse

    def counting_reparse(self: Stylesheet) -> None:
        if any(isinstance(screen, LibraryScreen) for screen in app.screen_stack):
            reparsed_with_a_screen.append(app.theme)
        reparse(self)

    monkeypatch.setattr(Stylesheet, "reparse", counting_reparse)
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert app.theme == "textual-light"
        assert not app.current_theme.dark
        # Parsed once with the light colours: not again once the library screen was up.
        assert reparsed_with_a_screen == []


@pytest.fixture
def launched(thresholds: tuple[int, ...]) -> Iterator[None]:
    """The collector as the bare ``newsread`` command leaves it before the app runs."""
    startup_collector.hold_from_launch()
    yield
    gc.enable()
    startup_collector._held_since_launch = False


def test_the_launch_hold_gives_way_to_the_apps_and_ends_with_it(
    launched: None, thresholds: tuple[int, ...], collections: list[int]
) -> None:
    assert not gc.isenabled()  # Textual's import and the library's opening: no collection
    make_cycles(50_000)
    assert collections == []
    collector = StartupCollector()
    collector.hold()
    assert gc.isenabled()  # the app's thresholds hold collections back from here
    assert gc.get_threshold() == START_THRESHOLDS
    make_cycles(50_000)
    assert collections == []
    collector.release()
    assert gc.isenabled()
    assert gc.get_threshold() == thresholds
    make_cycles(50_000)
    assert 0 in collections


def test_the_launch_hold_ends_when_the_app_ends_before_holding(
    launched: None, thresholds: tuple[int, ...]
) -> None:
    StartupCollector().release()
    assert gc.isenabled()
    assert gc.get_threshold() == thresholds


def test_the_bare_command_holds_collections_before_it_imports_textual(
    monkeypatch: pytest.MonkeyPatch, thresholds: tuple[int, ...]
) -> None:
    seen: list[bool] = []

    def open_app(override: str | None) -> int:
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setattr(launch, "open_app", open_app)
    monkeypatch.setattr(sys, "argv", ["newsread", "--library", "/nowhere"])
    try:
        with pytest.raises(SystemExit):
            launch.main()
    finally:
        gc.enable()
        startup_collector._held_since_launch = False
    assert seen == [False]
