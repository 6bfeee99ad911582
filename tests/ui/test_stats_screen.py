"""The stats screen: `%` and the palette open it, `w` switches weeks, `q`/escape go back."""

from __future__ import annotations

from datetime import UTC

import pytest
from textual.widgets import Sparkline

from tests.stats_fixture import TODAY, add_reviews, fill_stats_library
from tests.ui.library_pilot import screen_text, settle
from tui_reader.config import Config
from tui_reader.store import Library
from tui_reader.ui.app import create_app
from tui_reader.ui.screens import stats as stats_screen
from tui_reader.ui.screens.library import LibraryScreen
from tui_reader.ui.screens.stats import StatsScreen


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stats_screen, "clock", lambda: (TODAY, UTC))


@pytest.fixture
def counted(library: Library) -> Library:
    fill_stats_library(library)
    return library


async def test_percent_opens_the_stats_and_q_goes_back(counted: Library) -> None:
    app = create_app(counted, Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("percent_sign")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StatsScreen) and screen.stats is not None
        text = screen_text(app)
        assert "6 articles · 4 read (1 undated) · 6 highlights · 3 notes" in text
        assert "4 days in a row of reading or highlighting (longest 4)" in text
        assert "Articles read per week  3 since 22 Sep · best week 2 · this week 2" in text
        assert "Highlights made per week  5 since 22 Sep · best week 2 · this week 2" in text
        assert "korea" in text and "rfa.org" in text and "The Coastline Courier" in text
        line = screen.query_one("#chart-read Sparkline", Sparkline)
        assert line.data is not None and len(line.data) % 26 == 0
        cells = len(line.data) // 26
        assert list(line.data[-3 * cells :]) == [0] * cells + [1] * cells + [2] * cells
        assert not screen.query_one("#chart-reviews").display  # no review log yet
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("percent_sign")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)


async def test_reviews_show_their_count_streak_and_weeks(counted: Library) -> None:
    add_reviews(counted)
    app = create_app(counted, Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("percent_sign")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StatsScreen) and screen.stats is not None
        text = screen_text(app)
        assert "6 articles · 4 read (1 undated) · 6 highlights · 3 notes · 5 reviews" in text
        assert "3 days in a row of reviewing (longest 3)" in text
        assert "Reviews per week  5 since 22 Sep · best week 4 · this week 4" in text
        assert screen.query_one("#chart-reviews").display


async def test_w_switches_between_26_and_12_weeks(counted: Library) -> None:
    app = create_app(counted, Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("percent_sign")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StatsScreen) and screen.stats is not None
        await pilot.press("w")
        await settle(pilot)
        assert screen.stats is not None and len(screen.stats.read_weekly.counts) == 12
        assert "3 since 29 Dec · best week 2" in screen_text(app)
        await pilot.press("w")
        await settle(pilot)
        assert len(screen.stats.read_weekly.counts) == 26
        assert "3 since 22 Sep" in screen_text(app)


async def test_the_palette_opens_the_stats(counted: Library) -> None:
    app = create_app(counted, Config())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"stats")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)


async def test_an_empty_library_says_so(library: Library) -> None:
    app = create_app(library, Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("percent_sign")
        await settle(pilot)
        text = screen_text(app)
        assert "Nothing to count yet." in text and "No articles yet" in text
        assert not app.screen.query_one("#stats-body").display


async def test_figures_are_counted_in_a_worker_with_a_loading_state(
    counted: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    release = threading.Event()
    threads: list[str] = []
    real = stats_screen.compute_stats

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(stats_screen, "compute_stats", slow)
    app = create_app(counted, Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("percent_sign")
        await pilot.pause(0.1)
        assert isinstance(app.screen, StatsScreen) and app.screen.stats is None
        assert "Counting…" in screen_text(app)
        release.set()
        await settle(pilot)
        assert app.screen.stats is not None
        assert threads and threads[0] != threading.main_thread().name


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_text_and_bars_are_readable(counted: Library, theme: str) -> None:
    from tests.ui.library_pilot import full_frame
    from tests.ui.test_theme_contrast import _contrast, _rgb, low_contrast

    app = create_app(counted, Config(theme=theme))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("percent_sign")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)
        assert low_contrast(app) == []
        # Bars (sparklines, top lists) are graphics: WCAG asks 3:1 against the background.
        bars = 0
        for line in full_frame(app).strips:
            for segment in (s for strip in line for s in strip):
                style = segment.style
                text = segment.text
                if style and style.color and text.strip() and set(text) <= set("▁▂▃▄▅▆▇█"):
                    fg, bg = _rgb(style.color), _rgb(style.bgcolor)
                    assert _contrast(fg, bg) >= 3, (text, fg, bg)
                    bars += 1
        assert bars > 10
