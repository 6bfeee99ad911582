"""Snapshots of the feeds screen (80x24, 160x48, and the light theme) and of the library
listing one feed."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.feeds_fixture import follow_feeds
from tests.ui.library_pilot import settle
from tui_reader.config import Config
from tui_reader.store import Library
from tui_reader.ui.app import create_app


@pytest.fixture(autouse=True)
def _colour(monkeypatch: pytest.MonkeyPatch) -> None:
    """Snapshots in colour: the theme is part of what they check."""
    monkeypatch.delenv("NO_COLOR", raising=False)


async def _open_feeds(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("F")
    await settle(pilot)
    await pilot.press("j")  # the failing feed: its whole error under the list
    await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_feeds_screen(snap_compare, library: Library, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    follow_feeds(library)
    assert snap_compare(create_app(library, Config()), terminal_size=size, run_before=_open_feeds)


def test_feeds_screen_light(snap_compare, library: Library) -> None:  # type: ignore[no-untyped-def]
    follow_feeds(library)
    app = create_app(library, Config(theme="textual-light"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=_open_feeds)


def test_library_listing_one_feed(snap_compare, library: Library) -> None:  # type: ignore[no-untyped-def]
    follow_feeds(library)

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(
        create_app(library, Config()), terminal_size=(80, 24), run_before=run_before
    )
