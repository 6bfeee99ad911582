"""Orphaned highlights in the reader (issue 15 part 3): ``]``/``[`` step through them
after the placed ones, ``p`` places the chosen one on a selection, ``x`` deletes it;
undo and redo work, and every change reaches the store."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.conftest import shown_notifications
from tests.ui.test_reader_support import (
    fixed_highlight,
    import_seed,
    open_reader,
    screen_text,
    settle,
    view_of,
)
from tui_reader.model import Highlight
from tui_reader.store import Library
from tui_reader.ui.app import create_app
from tui_reader.ui.widgets.reader.reader_status import ReaderStatus

LOST = "words the article no longer has"


@pytest.fixture
def seed(library: Library) -> str:
    """The seed article with one placed highlight and two orphans."""
    article_id = import_seed(library)
    fixed_highlight(library, article_id, 1, 0, 5, n=1, note="placed one")
    for n, quote in ((2, LOST), (3, "another vanished sentence")):
        hl = fixed_highlight(library, article_id, 3, 0, 10, n=n, note=f"orphan note {n}")
        anchor = replace(hl.anchor, quote=replace(hl.anchor.quote, exact=quote))
        library.put_highlight(replace(hl, anchor=anchor, orphan=True, colour="green"))
    return article_id


def _stored(library: Library, article_id: str, n: int) -> Highlight:
    return next(h for h in library.highlights(article_id) if h.id == f"{n:02d}" * 16)


def status(app) -> str:
    return str(app.screen.query_one(ReaderStatus).render())


async def test_brackets_step_from_the_placed_highlights_into_the_orphans(
    library: Library, seed: str
) -> None:
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reader(app, pilot, seed)
        view = view_of(app)
        await pilot.press("]")
        assert view.highlight_under_cursor().note == "placed one"
        await pilot.press("]")
        assert view.chosen_orphan is not None and view.chosen_orphan.note == "orphan note 2"
        assert "Orphaned highlights (2)" in screen_text(app)
        marked = [line for line in view.screen_lines() if line.startswith("▌")]
        assert any(LOST[:20] in line for line in marked), "the chosen orphan is marked"
        assert "Orphan 1 of 2" in shown_notifications(app)[-1].message
        assert "p places it" in status(app)
        await pilot.press("]")
        assert view.chosen_orphan.note == "orphan note 3"
        await pilot.press("]")
        assert shown_notifications(app)[-1].message == "No next highlight."
        await pilot.press("[", "[")
        assert view.chosen_orphan is None, "back before the first orphan: the text again"
        assert view.highlight_under_cursor().note == "placed one"
        assert screen.view.cursor == 1


async def test_x_deletes_the_chosen_orphan_and_u_brings_it_back(
    library: Library, seed: str
) -> None:
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        await pilot.press("]", "]", "x")
        await settle(app, pilot)
        assert [h.note for h in library.highlights(seed) if h.orphan] == ["orphan note 3"]
        assert "Orphaned highlights (1)" in screen_text(app)
        await pilot.press("u")
        await settle(app, pilot)
        assert _stored(library, seed, 2).orphan
        assert "Orphaned highlights (2)" in screen_text(app)


async def test_p_places_the_orphan_on_the_selection_with_undo_and_redo(
    library: Library, seed: str
) -> None:
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        view = view_of(app)
        await pilot.press("]", "]", "p")
        assert "select the text" in shown_notifications(app)[-1].message
        await pilot.press("g", "j", "j", "v", "w", "p")
        await settle(app, pilot)
        placed = _stored(library, seed, 2)
        assert not placed.orphan
        assert (placed.anchor.paragraph, placed.anchor.start) == (2, 0)
        assert placed.anchor.quote.exact == "The National"
        assert (placed.note, placed.colour) == ("orphan note 2", "green")
        assert view.selection is None
        assert view.highlight_under_cursor().id == placed.id
        assert [h.id for h in view.orphans] == ["03" * 16]
        assert "“The National”" in screen_text(app), "its margin entry beside the paragraph"
        assert "p places it" not in status(app)
        await pilot.press("u")
        await settle(app, pilot)
        back = _stored(library, seed, 2)
        assert back.orphan and back.anchor.quote.exact == LOST
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert not _stored(library, seed, 2).orphan


async def test_p_without_a_chosen_orphan_says_how(library: Library, seed: str) -> None:
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        await pilot.press("p")
        assert shown_notifications(app)[-1].message.startswith("Choose an orphan first")
        await settle(app, pilot)
        assert sum(h.orphan for h in library.highlights(seed)) == 2


async def test_the_browser_opens_the_reader_on_an_orphan(library: Library, seed: str) -> None:
    from tui_reader.ui.screens.reader import ReaderScreen

    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.push_screen(ReaderScreen(app.services, seed, highlight_id="03" * 16))
        await pilot.pause()
        await pilot.pause()
        assert view_of(app).chosen_orphan is not None
        assert view_of(app).chosen_orphan.note == "orphan note 3"
        await pilot.press("x")
        await settle(app, pilot)
        assert [h.note for h in library.highlights(seed) if h.orphan] == ["orphan note 2"]
