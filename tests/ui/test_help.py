"""The help screen is generated from the active bindings, so it cannot drift from them."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.binding import Binding

from tests.ui.library_pilot import article, put_articles, screen_text, settle
from tui_reader.config import Config
from tui_reader.store import Library
from tui_reader.ui.app import NewsreadApp, create_app
from tui_reader.ui.dialogs.help import HelpScreen, help_sections
from tui_reader.ui.screens.library import LibraryScreen
from tui_reader.ui.widgets.library.article_list import ArticleList


def _descriptions(cls: type) -> set[str]:
    return {
        b.tooltip or b.description
        for b in cls.__dict__["BINDINGS"]
        if isinstance(b, Binding) and not b.system
    }


async def test_help_lists_every_binding_of_the_screen_grouped(library: Library) -> None:
    put_articles(library, [article(1)])
    app = create_app(library, Config())
    async with app.run_test(size=(100, 60)) as pilot:
        await settle(pilot)
        sections = help_sections(app.screen)
        titles = [s.title for s in sections]
        assert titles == ["Library", "Reading queue", "Moving", "Everywhere"]
        listed = {e.description for s in sections for e in s.entries}
        for cls in (LibraryScreen, ArticleList, NewsreadApp):
            assert _descriptions(cls) <= listed, cls.__name__
        assert "Focus Next" not in listed, "Textual's own keys are left out"
        keys = {e.description: e.keys for s in sections for e in s.entries}
        assert keys["Next article"] == ["j", "↓"]
        assert keys["Delete the article (asks first)"] == ["d"]
        assert keys["Keep for later"] == ["L"] and keys["Put in the archive"] == ["A"]
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Library" in text and "Moving" in text and "Everywhere" in text
        assert "Switch between a light and a dark theme" in text


@pytest.mark.parametrize("key", ["escape", "q", "question_mark"])
async def test_help_closes(library: Library, key: str) -> None:
    app = create_app(library, Config())
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert not app._exit, "q in the help closes the help, not the app"


async def test_help_shows_remapped_keys(library: Library, tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('[keymap]\n"library.delete" = "X,ctrl+d"\n', "utf-8")
    app = create_app(library)
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        keys = {e.description: e.keys for s in help_sections(app.screen) for e in s.entries}
        assert keys["Delete the article (asks first)"] == ["X", "^d"]
        await pilot.press("question_mark")
        await pilot.pause()
        assert "X, ^d" in screen_text(app)


async def test_reader_help_lists_the_selection_keys_in_their_own_section(
    sample_library: Library,
) -> None:
    from tui_reader.ui.screens.reader import ReaderScreen

    aid = sample_library.articles()[0].id
    app = create_app(sample_library, Config(), open_article=aid)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        sections = {s.title: s for s in help_sections(app.screen)}
        assert list(sections)[:2] == ["Reader", "While selecting (after v)"]
        reader = {d for e in sections["Reader"].entries for d in [e.description]}
        assert {"Select", "Highlight", "Next ¶", "Page down", "Back"} <= reader
        selecting = {e.description: e.keys for e in sections["While selecting (after v)"].entries}
        assert selecting["+word"] == ["w"] and selecting["Start -sentence"] == ["{"]
        assert "+word" not in reader  # not offered where it does nothing
        await pilot.press("question_mark")
        await pilot.pause()
        assert "While selecting (after v)" in screen_text(app)
