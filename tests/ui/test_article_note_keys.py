"""The article note in the app: N in the reader edits it, the title block and the library row show it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import TextArea

from tests.ui import library_pilot
from tests.ui.test_reader_support import import_seed, open_reader, screen_text, settle
from tui_reader.store import Library
from tui_reader.ui.app import create_app
from tui_reader.ui.dialogs.note_editor import NoteEditor
from tui_reader.ui.screens.reader import ReaderScreen


@pytest.fixture
def seed(library: Library) -> str:
    """The seed article's id, in the test library."""
    return import_seed(library)


async def test_article_note_key_edits_saves_and_undoes(library: Library, seed: str) -> None:
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        await pilot.press("N")
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"Why this matters", "enter", *"[b]not markup[/b]")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ReaderScreen)
        shown = screen_text(app)
        assert "Why this matters" in shown and "[b]not markup[/b]" in shown, "under the title"
        await settle(app, pilot)
        assert library.get(seed).note == "Why this matters\n[b]not markup[/b]"
        await pilot.press("N")
        assert app.screen.query_one(TextArea).text == library.get(seed).note, "edits the note"
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("u")
        assert "Why this matters" not in screen_text(app)
        await settle(app, pilot)
        assert library.get(seed).note == ""


async def test_article_note_is_refused_when_read_only(
    library_path: Path, library: Library, seed: str
) -> None:
    with Library.open(library_path) as reading:  # the fixture's library holds the lock
        assert reading.read_only
        app = create_app(reading)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_reader(app, pilot, seed)
            await pilot.press("N")
            assert isinstance(app.screen, ReaderScreen), "no editor opens"
            assert any("Not saved" in n for n in library_pilot.notices(app))


async def test_library_row_marks_the_note_and_shows_what_fits(library: Library, seed: str) -> None:
    library.set_note(seed, "Read again before the trip\nsecond line")
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await library_pilot.settle(pilot)
        [row] = [line for line in library_pilot.screen_text(app).splitlines() if "✎" in line]
        assert "✎ South Korea Confirms" in row, "the mark, when the title takes the column"
        await pilot.resize_terminal(160, 48)
        await library_pilot.settle(pilot)
        [row] = [line for line in library_pilot.screen_text(app).splitlines() if "✎" in line]
        assert "in Kursk  Read aga" in row, "the start of the note after the title"
