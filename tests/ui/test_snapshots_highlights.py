"""Snapshots of the highlights browser (80x24, 160x48) and of an article note in the reader."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.highlights_fixture import seed_highlights
from tests.ui.library_pilot import settle
from tui_reader.config import Config
from tui_reader.store import Library
from tui_reader.ui.app import create_app


@pytest.fixture(autouse=True)
def _colour(monkeypatch: pytest.MonkeyPatch) -> None:
    """Snapshots in colour: the theme is part of what they check."""
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def shelf(library: Library) -> Library:
    """The four known highlights; one note holds markup, which must stay literal."""
    made = seed_highlights(library)
    gravity = made["gravity"]
    library.put_highlight(gravity.evolve(note="[bold]not bold[/bold] and [link=x]no link"))
    library.set_note(gravity.article_id, "Why I saved this: [red]literal[/red]\nsecond line")
    return library


async def _open_browser(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("H")
    await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_highlights_browser(snap_compare, shelf: Library, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(create_app(shelf, Config()), terminal_size=size, run_before=_open_browser)


def test_highlights_browser_filtered_by_colour_order(snap_compare, shelf: Library) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        await _open_browser(pilot)
        await pilot.press("slash", *"zebra", "enter", "s", "s", "j")
        await settle(pilot)

    assert snap_compare(create_app(shelf, Config()), terminal_size=(80, 24), run_before=run_before)


def test_reader_shows_the_article_note_under_the_title(snap_compare, shelf: Library) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        await _open_browser(pilot)
        await pilot.press("j", "j", "enter")  # "Gravity", in the article with a note
        await settle(pilot)

    assert snap_compare(create_app(shelf, Config()), terminal_size=(80, 24), run_before=run_before)


def test_highlights_browser_when_nothing_matches(snap_compare, shelf: Library) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        await _open_browser(pilot)
        await pilot.press("slash", *"note:nothing", "enter")
        await settle(pilot)

    assert snap_compare(create_app(shelf, Config()), terminal_size=(80, 24), run_before=run_before)
