"""Issue 11 item 17: keys go where the user expects after a filter, a notification, a
suggestion."""

from __future__ import annotations

from tests.ui.library_pilot import settle
from tests.ui.test_reader_support import import_seed
from tui_reader.config import Config
from tui_reader.store import Library
from tui_reader.ui.app import create_app
from tui_reader.ui.dialogs.tag_filter import FilterDialog
from tui_reader.ui.screens.library import LibraryScreen
from tui_reader.ui.screens.reader import ReaderScreen
from tui_reader.ui.widgets.library.article_list import ArticleList


async def test_after_clearing_an_empty_tag_filter_keys_reach_the_list(
    sample_library: Library,
) -> None:
    app = create_app(sample_library, Config())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("t", *"zzz", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen) and screen.query_state.tag == "zzz"
        await pilot.press("t", "backspace", "backspace", "backspace", "enter")
        await settle(pilot)
        assert screen.query_state.tag == ""
        await pilot.press("j")
        await settle(pilot)
        assert screen.query_state.search == "", "j went into the hidden search box"
        assert app.focused is screen.query_one(ArticleList)
        assert screen.query_one(ArticleList).cursor == 1
        await pilot.press("q")
        await settle(pilot)
        assert app.return_code == 0 or not app.is_running, "q quits"


async def test_escape_dismisses_a_notification_before_leaving_the_reader(
    library: Library,
) -> None:
    import_seed(library)
    app = create_app(library, Config())
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        app.notify("Something to read", timeout=30)
        await pilot.pause()
        assert app.screen.query("Toast")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen), "escape left the reader"
        assert not app.screen.query("Toast")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen), "with nothing to dismiss, escape goes back"


async def test_tag_filter_enter_applies_the_suggestion_shown(sample_library: Library) -> None:
    tags = sorted({t for a in sample_library.articles() for t in a.tags})
    wanted = tags[0]
    app = create_app(sample_library, Config())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, FilterDialog)
        await pilot.press(*wanted[:2])
        await pilot.pause()
        expected = app.screen.completed(wanted[:2])
        assert expected.startswith(wanted[:2]) and expected in tags
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(screen, LibraryScreen)
        assert screen.query_state.tag == expected, "enter applied what was typed, not the hint"


def test_completion_prefers_an_exact_tag_and_the_most_used() -> None:
    from collections import Counter

    dialog = FilterDialog(Counter({"terminal": 5, "te": 1, "tests": 9}))
    assert dialog.completed("te") == "te"
    assert dialog.completed("TE") == "TE"
    assert dialog.completed("ter") == "terminal"
    assert dialog.completed("tes") == "tests"
    assert dialog.completed("xyz") == "xyz"
    assert dialog.completed("") == ""
