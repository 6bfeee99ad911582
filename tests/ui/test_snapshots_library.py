"""Snapshots of the library and help screens, from fixed data (ids, dates, states)."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.ui.library_pilot import article, put_articles, settle
from tui_reader.config import Config
from tui_reader.model import ReadingState
from tui_reader.store import Library
from tui_reader.ui.app import create_app


@pytest.fixture(autouse=True)
def _colour(monkeypatch: pytest.MonkeyPatch) -> None:
    """Snapshots in colour: the theme is part of what they check."""
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def shelf(library: Library) -> Library:
    """A dozen articles with fixed ids and dates, some read, tagged and highlighted."""
    titles = [
        "The Case for Slow Bread",
        "Tidal Lagoons Return to the Energy Debate",
        "Why Read in the Terminal? Notes from a Month Without a Browser",
        "South Korea Confirms Capture of Wounded North Korean Soldiers",
        "A Short History of the Semicolon",
        "How Lighthouses Were Automated",
        "Field Notes on Urban Foxes",
        "The Economics of Public Libraries",
        "Learning to Sharpen a Chisel",
        "What the Tide Tables Don't Tell You",
        "A Very Long Title That Keeps Going Well Past the Width of Any Reasonable Column",
        "[bold]Markup[/bold] in a title stays literal",
    ]
    sources = ["example.com", "www.rfa.org", "", "blog.example.org"]
    tags = [("food", "bread"), ("energy",), (), ("reading", "terminal"), ("history",)]
    items = [
        article(
            n,
            title,
            source=sources[n % 4],
            tags=tags[n % 5],
            published=f"2023-{1 + n % 12:02d}-{10 + n:02d}" if n % 3 else "",
            paragraphs=9,
        )
        for n, title in enumerate(titles)
    ]
    put_articles(library, items)
    library.set_position(items[1][0].id, 4)
    library.set_state(items[2][0].id, ReadingState.READ)
    for start in (0, 10, 20):
        library.create_highlight(items[0][0].id, 0, start, start + 5)
    return library


async def _settle(pilot: Pilot[None]) -> None:
    await settle(pilot)


def test_library_screen_100x30(snap_compare, shelf: Library) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(create_app(shelf, Config()), terminal_size=(100, 30), run_before=_settle)


def test_library_screen_80x24_after_moving_and_sorting(snap_compare, shelf: Library) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("s", "s", "j", "j")
        await settle(pilot)

    assert snap_compare(create_app(shelf, Config()), terminal_size=(80, 24), run_before=run_before)


def test_empty_library(snap_compare, library: Library) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(create_app(library, Config()), terminal_size=(80, 24), run_before=_settle)


def test_help_screen(snap_compare, shelf: Library) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(create_app(shelf, Config()), terminal_size=(100, 40), run_before=run_before)
