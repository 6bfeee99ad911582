"""The review screen: every key pressed with Pilot, the screen and the store checked."""

from __future__ import annotations

from datetime import datetime

import pytest
from textual.pilot import Pilot

from tests.review.fixture import Seeded, seed_review_library
from tests.ui.library_pilot import notices, screen_text, settle
from tui_reader.config import Config
from tui_reader.review.request import ReviewRequest
from tui_reader.store import Library
from tui_reader.ui.app import NewsreadApp, create_app
from tui_reader.ui.screens.library import LibraryScreen
from tui_reader.ui.screens.reader import ReaderScreen
from tui_reader.ui.screens.review import ReviewScreen

SIZE = (100, 32)


async def open_review(pilot: Pilot[None]) -> ReviewScreen:
    await settle(pilot)
    await pilot.press("R")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


def card(library: Library, seeded: Seeded, name: str) -> dict[str, object] | None:
    hl = seeded.hl[name]
    return library.review_record(hl.article_id, hl.id)


def current_name(screen: ReviewScreen, seeded: Seeded) -> str | None:
    item = screen.session.current
    by_id = {hl.id: name for name, hl in seeded.hl.items()}
    return None if item is None else by_id[item.id]


async def test_r_opens_todays_review_on_the_first_highlight(library: Library) -> None:
    seed_review_library(library)
    app = create_app(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        text = screen_text(app)
        assert "Review · 1 of 4 · new · 0 due, 4 new today" in text
        assert "Westphalia  #history" in text
        assert "The treaty was signed in 1648 after thirty years of war." in text
        assert "Note: peace of 1648" in text
        assert "Diary" not in text  # review:off


@pytest.mark.parametrize(
    ("keys", "ratings"),
    [(("1", "2", "3", "4"), [1, 2, 3, 4]), (("space",), [3])],
)
async def test_answer_keys_schedule_each_highlight_and_move_on(
    library: Library, keys: tuple[str, ...], ratings: list[int]
) -> None:
    seeded = seed_review_library(library)
    app = create_app(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        before = datetime.now().astimezone()
        await pilot.press(*keys)
        await settle(pilot)
        names = ["treaty", "borders", "ferns", "mosses"][: len(keys)]
        for name, rating in zip(names, ratings, strict=True):
            record = card(library, seeded, name)
            assert record is not None and [e[1] for e in record["log"]] == [rating]
            assert datetime.fromisoformat(str(record["due"])) > before
        if len(keys) == 4:
            text = screen_text(app)
            assert "Review done" in text
            assert "Reviewed 4 highlights: again 1 · hard 1 · good 1 · easy 1" in text
            assert "Tomorrow: 2 reviews due." in text  # again and hard: a day
            assert "q leaves the review" in text  # back to the library, or to the shell
        else:
            assert current_name(screen, seeded) == "borders"
            assert "Review · 2 of 4" in screen_text(app)


async def test_s_skips_without_saving(library: Library) -> None:
    seeded = seed_review_library(library)
    app = create_app(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert current_name(screen, seeded) == "borders"
        assert "Its terms shaped borders for a century." in screen_text(app)
        assert list(library.review_records()) == []


async def test_x_retires_and_u_brings_it_back(library: Library) -> None:
    seeded = seed_review_library(library)
    app = create_app(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert card(library, seeded, "treaty")["retired"] is True  # type: ignore[index]
        assert current_name(screen, seeded) == "borders"
        assert "Retired from review: u to undo." in notices(app)
        await pilot.press("u")
        await settle(pilot)
        assert card(library, seeded, "treaty")["retired"] is False  # type: ignore[index]
        assert current_name(screen, seeded) == "treaty"
        assert "Review · 1 of 4" in screen_text(app)


async def test_u_takes_back_a_rating(library: Library) -> None:
    seeded = seed_review_library(library)
    app = create_app(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("4", "u")
        await settle(pilot)
        record = card(library, seeded, "treaty")
        assert record is not None and record["due"] == "" and record["log"] == []
        assert current_name(screen, seeded) == "treaty"
        assert "Undone: easy." in notices(app)
        await pilot.press("u")
        assert "Nothing to undo." in notices(app)


async def test_n_edits_the_note_with_the_editor(library: Library) -> None:
    seeded = seed_review_library(library)
    app = create_app(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"[b]more[/b] ", "ctrl+s")
        await settle(pilot)
        hl = seeded.hl["treaty"]
        saved = library.get_highlight(hl.article_id, hl.id).note
        assert saved == "peace of 1648[b]more[/b]"
        assert isinstance(app.screen, ReviewScreen)
        assert f"Note: {saved}" in screen_text(app)  # markup shown as typed


async def test_enter_opens_the_reader_at_the_highlight_and_q_comes_back(
    library: Library,
) -> None:
    seeded = seed_review_library(library)
    app = create_app(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("s", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article_id == seeded.history
        await pilot.press("q")
        await settle(pilot)
        assert app.screen is screen
        assert current_name(screen, seeded) == "borders"


async def test_q_leaves_the_review_for_the_library(library: Library) -> None:
    seed_review_library(library)
    app = create_app(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)


async def test_the_palette_starts_the_review(library: Library) -> None:
    seed_review_library(library)
    app = create_app(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"daily review")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)


async def test_nothing_due_says_so(library: Library) -> None:
    seeded = seed_review_library(library)
    for name in ("treaty", "borders", "ferns", "mosses"):
        library.delete_highlight(seeded.hl[name].article_id, seeded.hl[name].id)
    app = create_app(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        text = screen_text(app)
        assert "Nothing to review today." in text
        assert "Highlight passages in the reader (h)" in text
        assert "q leaves the review" in text
        await pilot.press("3")
        assert "No highlight to review." in notices(app)


async def test_newsread_review_opens_on_a_query_and_q_goes_back_to_the_shell(
    library: Library,
) -> None:
    seed_review_library(library)
    app = create_app(library, Config(), open_review=ReviewRequest("tag:botany OR colour:pink"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert "Review · tag:botany OR colour:pink · 1 of 2" in screen_text(app)
        await pilot.press("q")
        await app.workers.wait_for_complete()
        assert app._exit and app.return_code == 0  # the app quits: no library in between
    assert not app.is_running


@pytest.mark.parametrize("keys", [("escape",), ("3", "3", "q")])
async def test_newsread_review_quits_after_escape_or_the_summary(
    library: Library, keys: tuple[str, ...]
) -> None:
    seeded = seed_review_library(library)
    app = create_app(library, Config(), open_review=ReviewRequest("tag:botany OR colour:pink"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press(*keys)
        await app.workers.wait_for_complete()
        assert app._exit and app.return_code == 0
    assert not app.is_running
    rated = [card(library, seeded, name) for name in ("ferns", "mosses")]
    assert all(rated) == (keys != ("escape",))  # the answers were saved before quitting


async def test_the_reader_opened_from_newsread_review_comes_back_to_the_review(
    library: Library,
) -> None:
    seed_review_library(library)
    app = create_app(library, Config(), open_review=ReviewRequest())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("q")
        await settle(pilot)
        assert app.screen is screen and app.is_running and not app._exit


async def test_a_malformed_query_is_one_notification(library: Library) -> None:
    seed_review_library(library)
    app = create_app(library, Config(), open_review=ReviewRequest("colour:red"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert any(n.startswith("Review query: column 8: unknown colour") for n in notices(app))


async def test_a_read_only_library_refuses_answers(library: Library, library_path: object) -> None:
    seed_review_library(library)
    library.close()
    other = Library.open(library.folder, "read")
    try:
        app = create_app(other, Config())
        assert isinstance(app, NewsreadApp)
        async with app.run_test(size=SIZE) as pilot:
            screen = await open_review(pilot)
            await pilot.press("3")
            await settle(pilot)
            assert screen.session.position == 0
            assert list(other.review_records()) == []
            assert any(n.startswith("Not saved") for n in notices(app))
    finally:
        other.close()


async def test_o_also_opens_the_reader_and_escape_leaves(library: Library) -> None:
    seeded = seed_review_library(library)
    app = create_app(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article_id == seeded.history
        await pilot.press("q")
        await settle(pilot)
        assert app.screen is screen and current_name(screen, seeded) == "treaty"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)


async def test_answers_survive_leaving_and_coming_back(library: Library) -> None:
    seeded = seed_review_library(library)
    app = create_app(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await pilot.press("3", "q")
        await settle(pilot)
        screen = await open_review(pilot)
        # the treaty is scheduled (2 days): today it is borders' turn, and one new is begun
        assert current_name(screen, seeded) == "borders"
        assert "Review · 1 of 3" in screen_text(app)
