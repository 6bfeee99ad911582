"""Every reader key, pressed through Pilot: what changes on screen and in the store."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea

from tests.conftest import shown_notifications
from tests.ui.test_reader_support import (
    fixed_highlight,
    import_seed,
    line_with,
    open_reader,
    screen_text,
    settle,
    style_at,
    view_of,
)
from tui_reader.model import ReadingState
from tui_reader.store import Library
from tui_reader.ui.app import create_app
from tui_reader.ui.dialogs.note_editor import NoteEditor
from tui_reader.ui.dialogs.tag_editor import TagEditor
from tui_reader.ui.screens.reader import ReaderScreen
from tui_reader.ui.widgets.reader.article_search import ArticleSearch
from tui_reader.ui.widgets.reader.reader_status import ReaderStatus

P0 = "South Korea confirmed the capture"
P1 = "South Korea’s intelligence agency"
P2 = "The National Intelligence Service of South Korea (NIS)"
P1_FIRST_SENTENCE = (
    "South Korea’s intelligence agency has confirmed the apprehension of a wounded "
    "North Korean soldier in the Kursk region of Russia."
)


@pytest.fixture
def seed(library: Library) -> str:
    """The seed article's id, in the test library."""
    return import_seed(library)


def cursor_line(app) -> str:
    """The first screen line drawn with the cursor bar."""
    return next(line for line in view_of(app).screen_lines() if line.startswith("▌"))


def status(app) -> str:
    """The status line's text."""
    return str(app.screen.query_one(ReaderStatus).render())


# ---------------------------------------------------------------------- moving


@pytest.mark.parametrize("key", ["j", "down"])
async def test_next_paragraph(library: Library, seed: str, key: str) -> None:
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        assert cursor_line(app).startswith("▌ " + P0[:20])
        await pilot.press(key)
        assert view_of(app).cursor == 1
        assert cursor_line(app).startswith("▌ " + P1[:20])
        assert "¶ 2/7" in status(app)
        await settle(app, pilot, 0.2)
        assert library.get(seed).position == 1
        assert library.get(seed).state is ReadingState.READING


@pytest.mark.parametrize("key", ["k", "up"])
async def test_previous_paragraph(library: Library, seed: str, key: str) -> None:
    library.set_position(seed, 3)
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        assert view_of(app).cursor == 3, "the saved position is restored"
        await pilot.press(key)
        assert view_of(app).cursor == 2
        assert cursor_line(app).startswith("▌ " + P2[:20])
        await settle(app, pilot, 0.2)
        assert library.get(seed).position == 2


async def test_page_down_and_up(library: Library, seed: str) -> None:
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        view = view_of(app)
        await pilot.press("space")
        assert view.scroll_y > 0
        assert view.cursor > 0
        first_after_page = view.cursor
        assert cursor_line(app)[2:] in screen_text(app)
        await settle(app, pilot, 0.2)
        assert library.get(seed).position == first_after_page
        await pilot.press("b")
        assert view.cursor < first_after_page
        await pilot.press("b", "b")
        assert view.scroll_y == 0 and view.cursor == 0
        await settle(app, pilot, 0.2)
        assert library.get(seed).position == 0


async def test_bottom_marks_read_and_top_goes_back(library: Library, seed: str) -> None:
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        await pilot.press("G")
        view = view_of(app)
        assert view.cursor == 6
        assert "forward." in screen_text(app), "the article's last words are on screen"
        assert "✓ read" in status(app)
        await settle(app, pilot, 0.2)
        assert library.get(seed).state is ReadingState.READ
        assert library.get(seed).position == 6
        await pilot.press("g")
        assert view.cursor == 0 and view.scroll_y == 0
        assert "South Korea Confirms Capture" in view.screen_lines()[0], "the title shows"
        await settle(app, pilot, 0.2)
        assert library.get(seed).position == 0
        assert library.get(seed).state is ReadingState.READ, "read stays read"


async def test_leaving_an_article_read_to_its_end_on_screen_marks_it_read(
    library: Library, seed: str
) -> None:
    app = create_app(library)
    async with app.run_test(size=(160, 80)) as pilot:  # the whole seed article fits
        await open_reader(app, pilot, seed)
        view = view_of(app)
        assert view.cursor == 0 and view.max_scroll_y == 0
        assert "forward." in screen_text(app), "the article's last words are on screen"
        await pilot.press("q")
        await settle(app, pilot)
        assert library.get(seed).state is ReadingState.READ
        assert library.get(seed).position == 0, "the reader was at the top"


async def test_leaving_a_long_article_before_its_end_keeps_it_unread(
    library: Library, seed: str
) -> None:
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        assert view_of(app).max_scroll_y > 0
        await pilot.press("q")
        await settle(app, pilot)
        assert library.get(seed).state is ReadingState.UNREAD


async def test_home_and_end_keys(library: Library, seed: str) -> None:
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        await pilot.press("end")
        assert view_of(app).cursor == 6
        await pilot.press("home")
        assert view_of(app).cursor == 0


async def test_click_moves_the_cursor(library: Library, seed: str) -> None:
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        y = line_with(app, "South Korea’s intelligence")
        await pilot.click(view_of(app), offset=(10, y))
        assert view_of(app).cursor == 1


# ---------------------------------------------------------------------- selecting


async def test_select_grow_and_shrink(library: Library, seed: str) -> None:
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        await pilot.press("j", "v")
        view = view_of(app)
        text = view.paragraphs[1].text
        assert view.selection == (0, len("South"))
        assert "SELECT" in status(app)
        selected = style_at(app, "South Korea’s")
        assert selected == style_at(app, "South Korea’s") and selected.bold
        assert not style_at(app, "intelligence agency").bold, "only the selection is styled"

        def chosen() -> str:
            assert view.selection is not None
            return text[view.selection[0] : view.selection[1]]

        await pilot.press("w", "w")
        assert chosen() == "South Korea’s intelligence"
        await pilot.press("b")
        assert chosen() == "South Korea’s"
        assert view.cursor == 1, "b shrinks the selection instead of paging"
        await pilot.press(")")
        assert chosen() == P1_FIRST_SENTENCE
        await pilot.press(")")
        assert chosen().endswith("indicating the soldier’s custody.")
        await pilot.press("(")
        assert chosen() == P1_FIRST_SENTENCE
        await pilot.press("W")
        assert chosen() == P1_FIRST_SENTENCE.removeprefix("South ")
        await pilot.press("B")
        assert chosen() == P1_FIRST_SENTENCE
        await pilot.press("right_curly_bracket")
        assert chosen() == "This"
        await pilot.press(")")
        assert chosen().startswith("This development") and chosen().endswith("custody.")
        await pilot.press("left_curly_bracket")
        assert chosen().startswith("South Korea’s") and chosen().endswith("custody.")
        await settle(app, pilot)
        assert library.highlights(seed) == [], "selecting saves nothing"


async def test_escape_cancels_a_selection_then_goes_back(library: Library, seed: str) -> None:
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        await pilot.press("v")
        assert view_of(app).selection is not None
        await pilot.press("escape")
        assert view_of(app).selection is None
        assert isinstance(app.screen, ReaderScreen), "the first escape only cancels"
        await pilot.press("v", "n", "u", "slash")
        assert view_of(app).selection is not None, "editing keys wait for the selection"
        assert isinstance(app.screen, ReaderScreen) and app.focused is view_of(app)
        await pilot.press("escape", "escape")
        assert not isinstance(app.screen, ReaderScreen)


async def test_moving_the_cursor_drops_the_selection(library: Library, seed: str) -> None:
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        await pilot.press("v", "w", "j")
        assert view_of(app).selection is None
        assert view_of(app).cursor == 1


# ---------------------------------------------------------------------- highlighting


async def test_highlight_the_selection(library: Library, seed: str) -> None:
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        await pilot.press("j", "v", ")", "h")
        view = view_of(app)
        assert view.selection is None
        assert "“" + P1_FIRST_SENTENCE[:40] in screen_text(app), "the quote in the margin"
        assert style_at(app, "intelligence agency").bgcolor is not None
        assert style_at(app, "intelligence agency") != style_at(app, "development follows")
        await settle(app, pilot)
        [hl] = library.highlights(seed)
        assert hl.anchor.paragraph == 1
        assert hl.anchor.quote.exact == P1_FIRST_SENTENCE
        assert hl.colour == "yellow"
        assert "1 highlight" in status(app)


@pytest.mark.parametrize(("key", "colour"), [("1", "yellow"), ("2", "green"), ("3", "blue")])
async def test_colour_keys(library: Library, seed: str, key: str, colour: str) -> None:
    fixed_highlight(library, seed, 1, 0, 13, n=1, colour="purple")
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        await pilot.press("j")
        before = style_at(app, "South Korea’s").bgcolor
        await pilot.press(key)
        after = style_at(app, "South Korea’s").bgcolor
        assert after != before
        assert after == view_of(app)._style_map()[f"hl-{colour}"].bgcolor
        await settle(app, pilot)
        [hl] = library.highlights(seed)
        assert hl.colour == colour


@pytest.mark.parametrize(("key", "colour"), [("4", "pink"), ("5", "purple")])
async def test_colour_keys_on_a_selection_highlight_it(
    library: Library, seed: str, key: str, colour: str
) -> None:
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        await pilot.press("v", "w", key)
        expected = view_of(app)._style_map()[f"hl-{colour}"].bgcolor
        assert style_at(app, "South Korea confirmed").bgcolor == expected
        await settle(app, pilot)
        [hl] = library.highlights(seed)
        assert (hl.colour, hl.anchor.quote.exact) == (colour, "South Korea")


async def test_colour_without_a_highlight_says_so(library: Library, seed: str) -> None:
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        await pilot.press("2")
        await pilot.pause()
        assert any("No highlight here" in n.message for n in shown_notifications(app))
        await settle(app, pilot)
        assert library.highlights(seed) == []


async def test_note_editor_saves_and_cancels(library: Library, seed: str) -> None:
    fixed_highlight(library, seed, 0, 0, 11, n=1)
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        await pilot.press("n")
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"first line", "enter", *"second")
        assert app.screen.query_one(TextArea).text == "first line\nsecond"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ReaderScreen)
        assert "first line" in screen_text(app) and "second" in screen_text(app)
        await settle(app, pilot)
        assert library.highlights(seed)[0].note == "first line\nsecond"
        await pilot.press("n", *" changed", "escape")
        assert isinstance(app.screen, ReaderScreen)
        await settle(app, pilot)
        assert library.highlights(seed)[0].note == "first line\nsecond", "escape cancels"


async def test_tag_editor_suggests_existing_tags(library: Library, seed: str) -> None:
    fixed_highlight(library, seed, 0, 0, 11, n=1, tags=["Korea"])
    fixed_highlight(library, seed, 1, 0, 5, n=2)
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        await pilot.press("j", "t")
        assert isinstance(app.screen, TagEditor)
        field = app.screen.query_one(Input)
        await pilot.press("p", "o", "w", "comma", "space", "k", "o")
        await pilot.pause()
        assert field._suggestion == "pow, korea"
        await pilot.press("right", "enter")
        assert isinstance(app.screen, ReaderScreen)
        assert "#pow #Korea" in screen_text(app)
        await settle(app, pilot)
        assert library.highlights(seed)[1].tags == ("pow", "Korea")
        await pilot.press("t", "escape")
        await settle(app, pilot)
        assert library.highlights(seed)[1].tags == ("pow", "Korea"), "escape cancels"


async def test_article_tags(library: Library, seed: str) -> None:
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        await pilot.press("T")
        assert isinstance(app.screen, TagEditor)
        await pilot.press(*"news, korea", "enter")
        assert "#news #korea" in screen_text(app), "shown under the title"
        await settle(app, pilot)
        assert library.get(seed).tags == ("news", "korea")


async def test_tags_typed_into_the_editor_join_the_tags_held(library: Library, seed: str) -> None:
    library.set_tags(seed, ["News"])
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        await pilot.press("T")
        assert isinstance(app.screen, TagEditor)
        assert app.screen.query_one(Input).value == "News, "
        await pilot.press(*"transport", "enter")
        await settle(app, pilot)
        assert library.get(seed).tags == ("News", "transport"), "News was kept"
        await pilot.press("T", "backspace", "backspace", "s", "enter")  # "News, transport, "
        await settle(app, pilot)
        assert library.get(seed).tags == ("News", "transports"), "editable in place"


async def test_delete_highlight(library: Library, seed: str) -> None:
    fixed_highlight(library, seed, 0, 0, 11, n=1, note="remember this")
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        assert "remember this" in screen_text(app)
        await pilot.press("x")
        assert "remember this" not in screen_text(app)
        plain = style_at(app, "Kursk, Russia").bgcolor
        assert style_at(app, "South Korea confirmed").bgcolor == plain
        await settle(app, pilot)
        assert library.highlights(seed) == []


async def test_next_and_previous_highlight(library: Library, seed: str) -> None:
    fixed_highlight(library, seed, 1, 0, 5, n=1, note="first")
    fixed_highlight(library, seed, 1, 20, 30, n=2, note="second")
    fixed_highlight(library, seed, 5, 0, 10, n=3, note="third")
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        view = view_of(app)
        await pilot.press("]")
        assert (view.cursor, view.highlight_under_cursor().note) == (1, "first")
        await pilot.press("]")
        assert (view.cursor, view.highlight_under_cursor().note) == (1, "second")
        await pilot.press("2")  # keys act on the focused highlight
        await pilot.press("]")
        assert (view.cursor, view.highlight_under_cursor().note) == (5, "third")
        assert "third" in screen_text(app)
        await pilot.press("]")
        assert view.cursor == 5, "no highlight after the last"
        await pilot.press("[", "[")
        assert (view.cursor, view.highlight_under_cursor().note) == (1, "first")
        await settle(app, pilot, 0.2)
        colours = {hl.note: hl.colour for hl in library.highlights(seed)}
        assert colours == {"first": "yellow", "second": "green", "third": "yellow"}
        assert library.get(seed).position == 1


# ---------------------------------------------------------------------- undo


async def test_undo_and_redo_keys(library: Library, seed: str) -> None:
    """The wiring of u and ctrl+r; every kind of change and the failure cases are unit tests
    of the annotation session (tests/test_annotating.py)."""
    hl = fixed_highlight(library, seed, 2, 0, 20, n=1, note="keep me")
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        await pilot.press("j", "j", "x", "g")
        await settle(app, pilot)
        assert library.highlights(seed) == [] and "keep me" not in screen_text(app)
        await pilot.press("u")
        assert view_of(app).cursor == 2, "undo shows where it happened"
        assert "keep me" in screen_text(app) and "1 highlight" in status(app)
        await settle(app, pilot)
        assert library.highlights(seed) == [hl]
        await pilot.press("ctrl+r")
        assert "keep me" not in screen_text(app) and "0 highlights" in status(app)
        await settle(app, pilot)
        assert library.highlights(seed) == []
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert any("Nothing to redo" in n.message for n in shown_notifications(app))


# ---------------------------------------------------------------------- search


async def test_search_next_previous_and_close(library: Library, seed: str) -> None:
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        view = view_of(app)
        bar = app.screen.query_one(ArticleSearch)
        await pilot.press("slash")
        assert bar.is_open and isinstance(app.focused, Input)
        await pilot.press(*"nis")
        assert [(m.paragraph, m.start) for m in view.matches] == [(2, 50), (3, 41), (3, 258)]
        assert "3 hits" in str(bar.query_one(".article-search--count").render())
        await pilot.press("enter")
        assert view.current_match == 0 and view.cursor == 2
        assert "1/3" in str(bar.query_one(".article-search--count").render())
        current = style_at(app, "(NIS)")
        await pilot.press("enter")
        assert view.current_match == 1
        await pilot.press("down")
        assert view.current_match == 2 and view.cursor == 3
        await pilot.press("up")
        assert view.current_match == 1
        await pilot.press("shift+enter")
        assert view.current_match == 0
        assert style_at(app, "(NIS)") == current
        await pilot.press("escape")
        assert not bar.is_open and view.matches == []
        assert app.focused is view
        assert isinstance(app.screen, ReaderScreen), "escape closed the search only"
        await settle(app, pilot, 0.2)
        assert library.get(seed).position == 2
        await pilot.press("slash", *"nis", "enter")
        await pilot.click(view, offset=(10, 3))
        assert app.focused is view and bar.is_open
        await pilot.press("escape")
        assert not bar.is_open and isinstance(app.screen, ReaderScreen)


async def test_search_keys_type_into_the_bar(library: Library, seed: str) -> None:
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        await pilot.press("slash", *"qhjk")
        assert app.screen.query_one("#search-input", Input).value == "qhjk"
        assert isinstance(app.screen, ReaderScreen)
        await settle(app, pilot)
        assert library.highlights(seed) == []


# ---------------------------------------------------------------------- the rest


async def test_margin_toggle(library: Library, seed: str) -> None:
    fixed_highlight(library, seed, 0, 0, 11, n=1, note="margin note")
    app = create_app(library)
    async with app.run_test(size=(160, 48)) as pilot:
        await open_reader(app, pilot, seed)
        y = line_with(app, "margin note")
        assert view_of(app).geometry.side
        await pilot.press("m")
        assert "margin note" not in screen_text(app)
        assert not view_of(app).geometry.margin
        await pilot.press("m")
        assert line_with(app, "margin note") == y


async def test_e_exports_this_article(library: Library, seed: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tui_reader.config import Config

    out = tmp_path / "vault"
    library.create_highlight(seed, 0, 0, 11, "green", note="exported note")
    app = create_app(library, Config(export_dir=str(out)))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        await pilot.press("e")
        await settle(app, pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        files = list(out.glob("*.md"))
        assert len(files) == 1
        text = files[0].read_text(encoding="utf-8")
        assert "exported note" in text and "^hl-" in text
        assert any(str(out) in n.message for n in shown_notifications(app))
        assert isinstance(app.screen, ReaderScreen)  # still reading


async def test_question_mark_shows_the_reader_keys(library: Library, seed: str) -> None:
    from tests.ui.library_pilot import screen_text as drawn_text
    from tui_reader.ui.dialogs.help import HelpScreen

    app = create_app(library)
    async with app.run_test(size=(80, 40)) as pilot:
        await open_reader(app, pilot, seed)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = drawn_text(app)
        assert "Highlight" in text and "While selecting (after v)" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)


@pytest.mark.parametrize("key", ["q", "escape"])
async def test_back_saves_the_position(library: Library, seed: str, key: str) -> None:
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reader(app, pilot, seed)
        screen.position_save_delay = 60  # only leaving saves it
        await pilot.press("j", "j", key)
        assert not isinstance(app.screen, ReaderScreen)
        await settle(app, pilot)
        assert library.get(seed).position == 2


async def test_quitting_the_app_saves_the_position(library: Library, seed: str) -> None:
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reader(app, pilot, seed)
        screen.position_save_delay = 60
        await pilot.press("j", "j", "j")
    assert library.get(seed).position == 3


async def test_bindings_can_be_remapped_by_id(library: Library, seed: str) -> None:
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        app.set_keymap({"reader.highlight": "y", "reader.next_paragraph": "ctrl+n"})
        await pilot.press("ctrl+n", "y")
        await settle(app, pilot)
        [hl] = library.highlights(seed)
        assert hl.anchor.paragraph == 1


def test_every_reader_binding_has_an_id() -> None:
    ids = [b.id for b in ReaderScreen.BINDINGS]  # type: ignore[union-attr]
    assert all(ids) and len(set(ids)) == len(ids)
