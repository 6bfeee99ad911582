"""Undo/redo sequences and reading position survive quitting and starting the app again."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import shown_notifications
from tests.ui.test_reader_support import import_seed, open_reader, screen_text, settle, view_of
from tui_reader.model import ReadingState
from tui_reader.store import Library
from tui_reader.ui.app import create_app


async def test_undo_redo_then_restart_shows_exactly_the_final_state(
    library: Library, library_path: Path
) -> None:
    aid = import_seed(library)
    app = create_app(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_reader(app, pilot, aid)
        # A sentence in yellow, then blue; a whole paragraph in green with a note and tags.
        await pilot.press("j", "v", ")", "h", "3")
        await pilot.press("j", "h", "2")
        await pilot.press("n", *"why it matters", "ctrl+s")
        await pilot.press("t", *"nis, intel", "enter")
        await pilot.press("T", *"korea", "enter")
        # Undo the article tags, the highlight tags and the note; redo the note only.
        await pilot.press("u", "u", "u", "ctrl+r")
        # Delete the first highlight, undo that, then delete it again.
        await pilot.press("k", "x", "u", "x")
        await settle(app, pilot)
        final = library.highlights(aid)
        final_article = library.get(aid)
        await pilot.press("q")
        await settle(app, pilot)
        position = library.get(aid).position

    assert [(h.anchor.paragraph, h.colour, h.note, h.tags) for h in final] == [
        (2, "green", "why it matters", ())
    ]
    assert final_article.tags == ()
    library.close()

    again = Library.open(library_path, "write")
    try:
        assert again.highlights(aid) == final
        assert again.get(aid).tags == ()
        app = create_app(again)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_reader(app, pilot, aid)
            view = view_of(app)
            assert view.cursor == position == 1
            assert view.placed_highlights() == final
            text = screen_text(app)
            assert "why it matters" in text
            assert "#nis" not in text and "#korea" not in text
            await pilot.press("u")
            await pilot.pause()
            assert any("Nothing to undo" in n.message for n in shown_notifications(app)), (
                "a new session starts with an empty history"
            )
    finally:
        again.close()


async def test_reading_position_and_state_survive_a_restart(
    library: Library, library_path: Path
) -> None:
    aid = import_seed(library)
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, aid)
        await pilot.press("j", "j", "j", "j")
    library.close()
    again = Library.open(library_path, "write")
    try:
        assert again.get(aid).position == 4
        assert again.get(aid).state is ReadingState.READING
        app = create_app(again)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_reader(app, pilot, aid)
            assert view_of(app).cursor == 4
            assert "▌ Notably, while there has been" in screen_text(app)
    finally:
        again.close()
