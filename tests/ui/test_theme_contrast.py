"""Issue 11 item 18: every piece of text newsread draws reaches WCAG AA contrast (4.5:1)
in the dark and the light theme, measured on the rendered frame; the theme chosen in
the app is remembered across restarts."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.color import Color as RichColor
from textual.geometry import Region
from textual.pilot import Pilot

from tests.ui.library_pilot import full_frame, settle
from tests.ui.test_reader_support import fixed_highlight
from tui_reader.config import Config, load_config, samples_dir
from tui_reader.importing import import_inputs
from tui_reader.model import ReadingState
from tui_reader.store import Library
from tui_reader.ui.app import NewsreadApp, create_app
from tui_reader.ui.screens.reader import ReaderScreen

THEMES = ["textual-dark", "textual-light"]


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _is_mark(text: str) -> bool:
    """A full block: a colour swatch or mark, which must stand out 3:1 (WCAG 1.4.11)."""
    return "█" in text


def _is_text(text: str) -> bool:
    """Letters, digits, punctuation: not blank, not block or box drawing (marks, borders)."""
    return any(not ch.isspace() and not 0x2500 <= ord(ch) <= 0x259F for ch in text)


def _rgb(colour: RichColor | None) -> tuple[int, int, int]:
    assert colour is not None, "text drawn without an explicit colour"
    triplet = colour.get_truecolor()
    return (triplet.red, triplet.green, triplet.blue)


def low_contrast(app: NewsreadApp, region: Region | None = None) -> list[str]:
    """Every run of text in the frame (Textual's own header line aside), or in ``region``
    of it, below 4.5:1, and every colour swatch below 3:1."""
    found: list[str] = []
    for y, line in enumerate(full_frame(app).strips):
        if y == 0:  # Textual's Header
            continue
        x = 0
        for segment in (s for strip in line for s in strip):
            start, x = x, x + segment.cell_length
            if region is not None and not region.contains(start, y):
                continue
            mark = _is_mark(segment.text)
            if not (mark or _is_text(segment.text)) or segment.style is None:
                continue
            fg, bg = _rgb(segment.style.color), _rgb(segment.style.bgcolor)
            if segment.style.reverse:
                fg, bg = bg, fg
            ratio = _contrast(fg, bg)
            if ratio < (3.0 if mark else 4.5):
                found.append(f"line {y} {segment.text.strip()[:30]!r}: {ratio:.2f} {fg} on {bg}")
    return found


@pytest.fixture
def varied(library: Library) -> tuple[Library, str]:
    """Samples in every reading state, tagged, one with a highlight of every colour."""
    assert not import_inputs(library, [str(samples_dir())]).failures
    articles = library.articles()
    bread = next(a for a in articles if a.title == "The Case for Slow Bread")
    for i, colour in enumerate(["yellow", "green", "blue", "pink"]):
        fixed_highlight(library, bread.id, i, 0, 40, n=i + 1, colour=colour, note=f"a {colour}")
    fixed_highlight(library, bread.id, 3, 45, 70, n=5, colour="purple", tags=("crust",))
    reading, read = articles[1], articles[2]
    reading.state, reading.position = ReadingState.READING, 1
    read.state = ReadingState.READ
    library.put_article(reading, library.paragraphs(reading.id))
    library.put_article(read, library.paragraphs(read.id))
    return library, bread.id


async def _check(app: NewsreadApp, pilot: Pilot[None], where: str) -> None:
    await settle(pilot)
    # A dialog dims the screen under it on purpose: only the dialog is meant to be read.
    dialogs = app.screen.query(".dialog")
    bad = low_contrast(app, dialogs.first().region if dialogs else None)
    assert not bad, f"{app.theme} {where}:\n" + "\n".join(bad)


@pytest.mark.parametrize("theme", THEMES)
async def test_library_text_is_readable(varied: tuple[Library, str], theme: str) -> None:
    library, _ = varied
    app = create_app(library, Config(theme=theme))
    async with app.run_test(size=(160, 30)) as pilot:
        await _check(app, pilot, "library")
        await pilot.press("s", "s", "s", "j")
        await _check(app, pilot, "library sorted by progress")
        await pilot.press("/", *"bread", "enter")
        await _check(app, pilot, "library search with snippets")
        await pilot.press("t")
        await _check(app, pilot, "tag filter")


@pytest.mark.parametrize("theme", THEMES)
async def test_highlights_browser_is_readable(varied: tuple[Library, str], theme: str) -> None:
    library, _ = varied
    app = create_app(library, Config(theme=theme))
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        await pilot.press("H")
        await _check(app, pilot, "highlights browser")
        await pilot.press("j")
        await _check(app, pilot, "highlights browser, second row")


@pytest.mark.parametrize("theme", THEMES)
async def test_reader_text_is_readable(varied: tuple[Library, str], theme: str) -> None:
    library, bread = varied
    app = create_app(library, Config(theme=theme), open_article=bread)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        await _check(app, pilot, "reader")
        # Hits inside highlights of every colour, and the current one.
        await pilot.press("/", *"the", "enter")
        await _check(app, pilot, "reader search")
        await pilot.press("escape", "j", "v", "w", "w")
        await _check(app, pilot, "reader selecting")


async def test_the_chosen_theme_is_remembered(library: Library, tmp_path: Path) -> None:
    config_file = tmp_path / "config.toml"
    app = create_app(library, load_config(config_file))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert app.theme == "textual-light"
    app = create_app(library, load_config(config_file))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-light", "restarted in the theme chosen last"
    # A theme newly written in the config file wins over the one remembered.
    config_file.write_text('theme = "nord"\n', "utf-8")
    app = create_app(library, load_config(config_file))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "nord"


async def test_starting_in_the_remembered_theme_writes_nothing(
    library: Library, tmp_path: Path
) -> None:
    """Only a theme chosen in the app is written down: starting in the default one, or in
    the one remembered from last time, writes no state file (a thread rewrote it at every
    start that restored a chosen theme)."""
    config_file = tmp_path / "config.toml"
    state = tmp_path / "state.json"
    app = create_app(library, load_config(config_file))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.workers.wait_for_complete()
    assert not state.exists()
    app = create_app(library, load_config(config_file))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        await app.workers.wait_for_complete()
    written = state.stat()
    app = create_app(library, load_config(config_file))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.workers.wait_for_complete()
        assert app.theme == "textual-light"
    again = state.stat()
    assert (again.st_ino, again.st_mtime_ns) == (written.st_ino, written.st_mtime_ns)


async def test_the_list_redrawn_after_a_theme_switch_has_the_new_theme_colours(
    varied: tuple[Library, str],
) -> None:
    """The library list keeps its styles between frames (worked out once, not per cell):
    ctrl+t must still redraw every row in the new theme, as a fresh start in it does."""

    def row_styles(app: NewsreadApp) -> list[tuple[str, str]]:
        lines = full_frame(app).strips[3:6]  # the first article rows
        return [
            (str(s.style.color), str(s.style.bgcolor))
            for line in lines
            for strip in line
            for s in strip
            if s.style is not None and s.text.strip()
        ]

    library, _ = varied
    app = create_app(library, Config(theme="textual-dark"))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        dark = row_styles(app)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert app.theme == "textual-light"
        switched = row_styles(app)
        assert low_contrast(app) == []
    app = create_app(library, Config(theme="textual-light"))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        fresh = row_styles(app)
    assert switched == fresh and switched != dark
