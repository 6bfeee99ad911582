"""Snapshots of the review screen: a card and the end-of-session summary, 80x24 and 160x48."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.review.fixture import NOW, seed_review_library
from tests.ui.library_pilot import settle
from tui_reader.config import Config
from tui_reader.review import clock
from tui_reader.store import Library
from tui_reader.ui.app import create_app


@pytest.fixture(autouse=True)
def _colour_and_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """In colour (the highlight's colour is part of the card), at a fixed moment."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(clock, "now", lambda: NOW)


@pytest.fixture
def shelf(library: Library) -> Library:
    """The review library; the first highlight's note holds markup, which must stay literal."""
    seeded = seed_review_library(library)
    treaty = seeded.hl["treaty"]
    library.put_highlight(treaty.evolve(note="[bold]not bold[/bold] and [link=x]no link"))
    return library


async def _open_review(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("R")
    await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_review_card(snap_compare, shelf: Library, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(create_app(shelf, Config()), terminal_size=size, run_before=_open_review)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_review_summary(snap_compare, shelf: Library, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        await _open_review(pilot)
        await pilot.press("1", "s", "3", "4")
        await settle(pilot)

    assert snap_compare(create_app(shelf, Config()), terminal_size=size, run_before=run_before)
