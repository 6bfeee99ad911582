"""The highlights browser, key by key through Pilot: what the list shows and what the store holds."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from tests.highlights_fixture import seed_highlights
from tests.ui.library_pilot import notices, screen_text, settle
from tui_reader.config import Config
from tui_reader.model import Highlight
from tui_reader.store import Library
from tui_reader.ui.app import NewsreadApp, create_app
from tui_reader.ui.dialogs.note_editor import NoteEditor
from tui_reader.ui.dialogs.tag_editor import TagEditor
from tui_reader.ui.screens.highlights import HighlightsScreen
from tui_reader.ui.screens.library import LibraryScreen
from tui_reader.ui.screens.reader import ReaderScreen
from tui_reader.ui.widgets.highlights.highlight_list_view import HighlightListView
from tui_reader.ui.widgets.reader.article_view import ArticleView


@pytest.fixture
def made(library: Library) -> dict[str, Highlight]:
    """Four highlights in two articles (see tests/highlights_fixture.py)."""
    return seed_highlights(library)


def quotes(app: NewsreadApp) -> list[str]:
    """The quotes listed, in order."""
    view = app.screen.query_one(HighlightListView)
    return [r.highlight.anchor.quote.exact for r in view.rows]


async def open_browser(app: NewsreadApp, pilot) -> None:
    await settle(pilot)
    await pilot.press("H")
    await settle(pilot)
    assert isinstance(app.screen, HighlightsScreen)


async def test_h_opens_the_browser_with_every_highlight(library: Library, made) -> None:
    app = create_app(library)
    async with app.run_test(size=(100, 24)) as pilot:
        await open_browser(app, pilot)
        assert quotes(app) == ["Apples", "Zebras run", "Gravity", "the flies"]
        text = screen_text(app)
        assert "4 highlights · sorted by date, newest first" in text
        assert "on fruit" in text and "apple essay" in text and "2026-01-04" in text
        await pilot.press("q")
        assert isinstance(app.screen, LibraryScreen)


async def test_filter_narrows_as_you_type_and_sort_cycles(library: Library, made) -> None:
    app = create_app(library)
    async with app.run_test(size=(100, 24)) as pilot:
        await open_browser(app, pilot)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"zebra")
        await settle(pilot)
        assert quotes(app) == ["Zebras run", "the flies"]
        assert "2 of 4 highlights" in screen_text(app)
        await pilot.press("enter", "s")
        await settle(pilot)
        assert quotes(app) == ["Zebras run", "the flies"], "article order: reading order"
        await pilot.press("s")
        await settle(pilot)
        assert quotes(app) == ["the flies", "Zebras run"], "colour order: yellow before blue"
        assert "sorted by colour" in screen_text(app)
        await pilot.press("s")
        await settle(pilot)
        assert "sorted by date" in screen_text(app)


async def test_a_malformed_query_is_told_inline_and_the_list_stays(library: Library, made) -> None:
    app = create_app(library)
    async with app.run_test(size=(100, 24)) as pilot:
        await open_browser(app, pilot)
        await pilot.press("slash")
        app.screen.query_one("#filter", Input).value = "colour:red"  # pasted in one go
        await settle(pilot)
        assert "Query: column 8: unknown colour" in screen_text(app)
        assert len(quotes(app)) == 4, "nothing lost while the query is wrong"
        await pilot.press("backspace", "backspace", "backspace", *"yellow")
        await settle(pilot)
        assert quotes(app) == ["Gravity", "the flies"]
        assert "2 of 4 highlights" in screen_text(app)


async def test_enter_opens_the_reader_at_the_highlight_and_back_returns(
    library: Library, made
) -> None:
    app = create_app(library)
    async with app.run_test(size=(100, 24)) as pilot:
        await open_browser(app, pilot)
        await pilot.press("j", "j", "j")  # "the flies", paragraph 1 of the zebra article
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        view = app.screen.query_one(ArticleView)
        assert view.cursor == 1
        assert app.screen.view.highlight_under_cursor().id == made["flies"].id
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, HighlightsScreen), "back to the browser, not the library"


async def test_note_tags_and_colour_from_the_list(library: Library, made) -> None:
    app = create_app(library)
    async with app.run_test(size=(100, 24)) as pilot:
        await open_browser(app, pilot)  # cursor on "Apples" (pink, note "on fruit")
        await pilot.press("n")
        assert isinstance(app.screen, NoteEditor)
        app.screen.query_one(TextArea).text = "ripe"
        await pilot.press("ctrl+s")
        await pilot.press("t")
        assert isinstance(app.screen, TagEditor)
        await pilot.press(*"fruit", "enter")
        await pilot.press("3")
        await settle(pilot)
        stored = library.get_highlight(made["apples"].article_id, made["apples"].id)
        assert (stored.note, stored.tags, stored.colour) == ("ripe", ("fruit",), "blue")
        assert "ripe" in screen_text(app) and "#fruit" in screen_text(app)
        await pilot.press("u")
        await settle(pilot)
        assert library.get_highlight(stored.article_id, stored.id).colour == "pink"


async def test_undo_and_colours_keep_the_colour_order(library: Library, made) -> None:
    app = create_app(library)
    async with app.run_test(size=(100, 24)) as pilot:
        await open_browser(app, pilot)
        await pilot.press("s", "s")
        await settle(pilot)
        assert "sorted by colour" in screen_text(app)
        assert quotes(app) == ["Gravity", "the flies", "Zebras run", "Apples"]
        view = app.screen.query_one(HighlightListView)
        await pilot.press("g", "x", "j", "j")  # delete Gravity, move away, undo there
        await settle(pilot)
        assert quotes(app) == ["the flies", "Zebras run", "Apples"] and view.cursor == 2
        await pilot.press("u")
        await settle(pilot)
        assert quotes(app) == ["Gravity", "the flies", "Zebras run", "Apples"]  # yellow first
        assert view.current is not None and view.current.id == made["gravity"].id
        await pilot.press("G", "1")  # Apples (pink) turns yellow: the newest yellow
        await settle(pilot)
        assert quotes(app) == ["Apples", "Gravity", "the flies", "Zebras run"]
        assert view.current is not None and view.current.id == made["apples"].id
        assert library.get_highlight(made["apples"].article_id, made["apples"].id).colour == (
            "yellow"
        )
        await pilot.press("u")
        await settle(pilot)
        assert quotes(app) == ["Gravity", "the flies", "Zebras run", "Apples"]
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert quotes(app) == ["Apples", "Gravity", "the flies", "Zebras run"]


async def test_delete_and_undo(library: Library, made) -> None:
    app = create_app(library)
    async with app.run_test(size=(100, 24)) as pilot:
        await open_browser(app, pilot)
        await pilot.press("x")
        await settle(pilot)
        assert quotes(app) == ["Zebras run", "Gravity", "the flies"]
        assert len(list(library.all_highlights())) == 3
        assert "Highlight deleted: u to undo." in notices(app)
        await pilot.press("u")
        await settle(pilot)
        assert quotes(app) == ["Apples", "Zebras run", "Gravity", "the flies"]
        assert (
            library.get_highlight(made["apples"].article_id, made["apples"].id).note == "on fruit"
        )
        await pilot.press("u")
        assert "Nothing to undo." in notices(app)


async def test_e_without_a_filter_exports_the_articles_whole(
    library: Library, made, tmp_path: Path
) -> None:
    out = tmp_path / "vault"
    app = create_app(library, Config(export_dir=str(out)))
    async with app.run_test(size=(100, 24)) as pilot:
        await open_browser(app, pilot)
        await pilot.press("e")
        await settle(pilot)
        assert sorted(p.name for p in out.glob("*.md")) == ["Zebra notes.md", "apple essay.md"]
        assert not (out / "Highlights").exists()
        assert any(str(out) in n for n in notices(app))
    apple = (out / "apple essay.md").read_text()
    assert "Apples" in apple and "Gravity" in apple


async def test_e_with_a_filter_writes_one_file_and_leaves_the_articles_files(
    library: Library, made, tmp_path: Path
) -> None:
    from tui_reader.export import export_articles

    out = tmp_path / "vault"
    export_articles(library, None, "md", out)  # the vault as a full export wrote it
    before = {p.name: p.read_bytes() for p in out.glob("*.md")}
    app = create_app(library, Config(export_dir=str(out)))
    async with app.run_test(size=(100, 24)) as pilot:
        await open_browser(app, pilot)
        await pilot.press("slash", *"colour:yellow", "enter")
        await settle(pilot)
        assert quotes(app) == ["Gravity", "the flies"]
        await pilot.press("e")
        await settle(pilot)
        selection = out / "Highlights" / "colour yellow.md"
        assert any(str(selection) in n and "only the highlights listed" in n for n in notices(app))
    assert {p.name: p.read_bytes() for p in out.glob("*.md")} == before, "articles untouched"
    assert "Apples" in (out / "apple essay.md").read_text()  # the pink one stays there
    text = selection.read_text()
    assert "Gravity" in text and "the flies" in text
    assert "Apples" not in text and "Zebras run" not in text, "only the yellow ones"
    assert len(list(library.all_highlights())) == 4, "exporting changes nothing"


async def test_ctrl_r_redoes_what_u_undid(library: Library, made) -> None:
    app = create_app(library)
    async with app.run_test(size=(100, 24)) as pilot:
        await open_browser(app, pilot)
        await pilot.press("ctrl+r")
        assert "Nothing to redo." in notices(app)
        await pilot.press("3", "x")  # Apples: blue, then deleted
        await settle(pilot)
        await pilot.press("u", "u")
        await settle(pilot)
        assert quotes(app) == ["Apples", "Zebras run", "Gravity", "the flies"]
        aid, hid = made["apples"].article_id, made["apples"].id
        assert library.get_highlight(aid, hid).colour == "pink"
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert library.get_highlight(aid, hid).colour == "blue"
        assert "Redone: " in notices(app)[-1]
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert quotes(app) == ["Zebras run", "Gravity", "the flies"]
        assert len(list(library.all_highlights())) == 3
        await pilot.press("ctrl+r")
        assert notices(app)[-1] == "Nothing to redo."
        await pilot.press("u")
        await settle(pilot)
        assert len(list(library.all_highlights())) == 4


async def test_sort_in_the_query_orders_the_list_and_s_rewrites_it(library: Library, made) -> None:
    app = create_app(library)
    async with app.run_test(size=(100, 24)) as pilot:
        await open_browser(app, pilot)
        await pilot.press("slash", *"sort:highlighted")
        await settle(pilot)
        assert quotes(app) == ["the flies", "Gravity", "Zebras run", "Apples"], "oldest first"
        assert "sorted by date, oldest first" in screen_text(app)
        box = app.screen.query_one("#filter", Input)
        box.value = "-colour:green sort:colour"
        await settle(pilot)
        await pilot.press("enter")
        assert quotes(app) == ["Gravity", "the flies", "Zebras run", "Apples"]
        assert "sorted by colour" in screen_text(app)
        await pilot.press("s")  # colour -> date: the query says so too
        await settle(pilot)
        assert box.value == "-colour:green sort:-highlighted"
        assert quotes(app) == ["Apples", "Zebras run", "Gravity", "the flies"]
        await pilot.press("s")
        await settle(pilot)
        assert box.value == "-colour:green sort:article"
        assert quotes(app) == ["Apples", "Gravity", "Zebras run", "the flies"]
        box.value = "sort:-colour"
        await settle(pilot)
        assert quotes(app) == ["Apples", "Zebras run", "the flies", "Gravity"], "reversed"


async def test_the_count_and_an_empty_list_say_what_is_shown(library: Library, made) -> None:
    app = create_app(library)
    async with app.run_test(size=(100, 24)) as pilot:
        await open_browser(app, pilot)
        await pilot.press("slash", *"note:nothing")
        await settle(pilot)
        text = screen_text(app)
        assert quotes(app) == [] and "0 of 4 highlights match note:nothing" in text
        assert "No highlight matches this filter" in text


async def test_a_library_without_highlights_says_how_to_make_one(library: Library) -> None:
    app = create_app(library)
    async with app.run_test(size=(100, 24)) as pilot:
        await open_browser(app, pilot)
        text = screen_text(app)
        assert "0 highlights" in text and "No highlights yet" in text
        await pilot.press("enter", "x", "n")
        assert notices(app)[-1] == "No highlight listed."


async def test_keys_typed_in_a_burst_all_land_and_the_last_query_wins(
    library: Library, made
) -> None:
    app = create_app(library)
    async with app.run_test(size=(100, 24)) as pilot:
        await open_browser(app, pilot)
        await pilot.press("slash", *"zebra -has:note", "enter", "j")  # no pause between keys
        await settle(pilot)
        assert app.screen.query_one("#filter", Input).value == "zebra -has:note"
        assert quotes(app) == ["the flies"]
        assert "1 of 4 highlights match zebra -has:note" in screen_text(app)


async def test_read_only_refuses_edits(library_path: Path, library: Library, made) -> None:
    with Library.open(library_path) as reading:
        assert reading.read_only
        app = create_app(reading)
        async with app.run_test(size=(100, 24)) as pilot:
            await open_browser(app, pilot)
            await pilot.press("x", "n")
            await settle(pilot)
            assert isinstance(app.screen, HighlightsScreen) and len(quotes(app)) == 4
    assert len(list(library.all_highlights())) == 4


async def test_moving_keys_move_the_cursor_and_write_nothing(library: Library, made) -> None:
    app = create_app(library)
    async with app.run_test(size=(100, 24)) as pilot:
        await open_browser(app, pilot)
        view = app.screen.query_one(HighlightListView)
        before = {h.id: h for h in library.all_highlights()}
        steps = [
            ("j", 1),
            ("down", 2),
            ("k", 1),
            ("up", 0),
            ("pagedown", 3),
            ("pageup", 0),
            ("G", 3),
            ("g", 0),
            ("end", 3),
            ("home", 0),
        ]
        for key, expected in steps:
            await pilot.press(key)
            assert view.cursor == expected, key
        await pilot.press("G")
        assert view.current is not None and view.current.highlight.anchor.quote.exact == "the flies"
        assert {h.id: h for h in library.all_highlights()} == before


async def test_number_keys_set_each_colour(library: Library, made) -> None:
    app = create_app(library)
    async with app.run_test(size=(100, 24)) as pilot:
        await open_browser(app, pilot)  # cursor on "Apples"
        aid, hid = made["apples"].article_id, made["apples"].id
        for key, colour in zip("12345", ("yellow", "green", "blue", "pink", "purple"), strict=True):
            await pilot.press(key)
            await settle(pilot)
            assert library.get_highlight(aid, hid).colour == colour, key
            assert app.screen.query_one(HighlightListView).current.highlight.colour == colour
        others = [h for h in library.all_highlights() if h.id != hid]
        assert sorted(h.colour for h in others) == ["blue", "yellow", "yellow"]


async def test_escape_leaves_the_filter_box_then_the_browser(library: Library, made) -> None:
    app = create_app(library)
    async with app.run_test(size=(100, 24)) as pilot:
        await open_browser(app, pilot)
        await pilot.press("slash", *"tag:korea")
        await settle(pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, HighlightsScreen)
        assert isinstance(app.focused, HighlightListView)
        assert quotes(app) == ["the flies"], "the filter stays"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)


async def test_an_orphaned_highlight_is_marked_as_such(library: Library, made) -> None:
    """One a re-import could not place reads "[orphaned]" before its quote; the others not."""
    from dataclasses import replace

    library.put_highlight(replace(made["gravity"], orphan=True))
    app = create_app(library)
    async with app.run_test(size=(120, 24)) as pilot:
        await open_browser(app, pilot)
        lines = screen_text(app).splitlines()
        assert [line for line in lines if "[orphaned]" in line] == [
            line for line in lines if "Gravity" in line
        ]
        assert any("Apples" in line for line in lines)
