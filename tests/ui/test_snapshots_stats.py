"""Snapshots of the stats screen at 80x24 and 160x48, dark and light, on a fixed clock."""

from __future__ import annotations

from datetime import UTC

import pytest
from textual.pilot import Pilot

from tests.stats_fixture import TODAY, add_reviews, fill_stats_library
from tests.ui.library_pilot import settle
from tui_reader.config import Config
from tui_reader.store import Library
from tui_reader.ui.app import create_app
from tui_reader.ui.screens import stats as stats_screen


@pytest.fixture(autouse=True)
def _colour_and_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Snapshots in colour (the theme is part of what they check), today fixed."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setattr(stats_screen, "clock", lambda: (TODAY, UTC))


async def _open_stats(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("percent_sign")
    await settle(pilot)


@pytest.mark.parametrize(
    ("size", "theme"), [((80, 24), ""), ((160, 48), ""), ((80, 24), "textual-light")]
)
def test_stats_screen(snap_compare, library: Library, size: tuple[int, int], theme: str) -> None:  # type: ignore[no-untyped-def]
    fill_stats_library(library)
    app = create_app(library, Config(theme=theme))
    assert snap_compare(app, terminal_size=size, run_before=_open_stats)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_stats_screen_with_reviews(snap_compare, library: Library, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """Once there are reviews: their count, the review streak and the reviews per week."""
    fill_stats_library(library)
    add_reviews(library)
    app = create_app(library, Config())
    assert snap_compare(app, terminal_size=size, run_before=_open_stats)
