"""The feeds screen (F in the library): a row per feed with unread count, last refresh,
errors and disabled feeds; enter lists the feed's articles in the library (``feed:``,
composing with the search and the queue views); escape/q back."""

from __future__ import annotations

import pytest

from tests.feeds_fixture import COAST, HILLS, follow_feeds
from tests.ui.library_pilot import list_rows, screen_text, settle
from tui_reader.config import Config
from tui_reader.store import Library
from tui_reader.ui.app import create_app
from tui_reader.ui.screens.feeds import FeedsScreen
from tui_reader.ui.screens.library import LibraryScreen
from tui_reader.ui.widgets.feeds.feed_list_view import FeedListView


async def test_f_lists_every_feed_with_counts_refresh_times_and_errors(library: Library) -> None:
    follow_feeds(library)
    app = create_app(library, Config())
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        assert isinstance(app.screen, FeedsScreen)
        view = app.screen.query_one(FeedListView)
        assert [(r.sub.title, r.unread) for r in view.rows] == [
            ("The Coast Courier", 3),  # two unread in the inbox, one unread in the archive
            ("Hills Weekly", 1),
            ("Gone Gazette", 0),
            ("[bold]Not bold[/bold] [link=x]redevil", 1),  # stored clean
        ]
        text = screen_text(app)
        lines = text.splitlines()
        coast = next(line for line in lines if "The Coast Courier" in line)
        assert "3" in coast and "2 h ago" in coast and "ok" in coast and COAST in coast
        hills = next(line for line in lines if "Hills Weekly" in line)
        assert "30 h ago" in hills and "✗ failed" in hills and "HTTP 500" in hills
        gone = next(line for line in lines if "Gone Gazette" in line)
        assert "disabled" in gone and "never" in gone
        assert "4 feeds · 5 unread · 1 failing · 1 disabled" in text
        # The detail line under the list: the current feed's address and tags.
        assert f"{COAST}  #news" in text
        await pilot.press("j")
        await pilot.pause()
        text = screen_text(app)
        assert "Last refresh failed: HTTP 500 Internal Server Error from hills.example" in text
        assert "Retention: archive read after 7 days · remove archived after 30 days" in text


async def test_hostile_feed_titles_are_shown_literally(library: Library) -> None:
    follow_feeds(library)
    app = create_app(library, Config())
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        text = screen_text(app)
        assert "[bold]Not bold[/bold] [link=x]redevil" in text
        for line in app.screen._compositor.render_full_update().strips:
            for segment in (segment for strip in line for segment in strip):
                assert "\x1b" not in segment.text and "\u202e" not in segment.text
                style = segment.style
                assert style is None or (not style.link and not style.meta.get("@click"))


async def test_enter_lists_the_feeds_articles_in_the_library(library: Library) -> None:
    follow_feeds(library)
    app = create_app(library, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert "Added by hand" in list_rows(app)
        await pilot.press("F")
        await settle(pilot)
        await pilot.press("enter")  # The Coast Courier
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert screen.query_state.feed == COAST
        # The inbox view still applies: the archived entry is not listed.
        assert sorted(list_rows(app)) == [
            "Ferry timetable changes",
            "Lighthouse keepers meet",
            "Tides turn at the harbour",
        ]
        text = screen_text(app)
        assert "Inbox: 3 of 7 articles" in text and "feed: The Coast Courier" in text
        assert "Library · The Coast Courier" in text  # the header says it too
        await pilot.press("v", "v")  # later, then the archive: still only this feed
        await settle(pilot)
        assert list_rows(app) == ["Harbour archive story"]
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("slash", *"ferry", "enter")  # a search within the feed
        await settle(pilot)
        assert list_rows(app) == ["Ferry timetable changes"]
        assert "feed: The Coast Courier" in screen_text(app)
        await pilot.press("escape")  # clears the search: the feed stays
        await settle(pilot)
        assert len(list_rows(app)) == 3 and screen.query_state.feed == COAST
        await pilot.press("escape")  # clears the feed
        await settle(pilot)
        assert screen.query_state.feed == ""
        assert "Added by hand" in list_rows(app)
        text = screen_text(app)
        assert "feed:" not in text and "The Coast Courier" not in text


async def test_a_feed_with_nothing_in_the_view_says_how_to_leave_it(library: Library) -> None:
    follow_feeds(library)
    app = create_app(library, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        await pilot.press("j", "j", "enter")  # Gone Gazette: no articles
        await settle(pilot)
        text = screen_text(app)
        assert "Inbox: 0 of 7 articles" in text and "feed: Gone Gazette" in text
        assert "Nothing in Inbox." in text
        assert "Press esc to show the articles of every feed." in text
        await pilot.press("escape")
        await settle(pilot)
        assert "Added by hand" in list_rows(app)


@pytest.mark.parametrize("key", ["q", "escape"])
async def test_q_and_escape_go_back_to_the_library_as_it_was(library: Library, key: str) -> None:
    follow_feeds(library)
    app = create_app(library, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        before = list_rows(app)
        await pilot.press("F")
        await settle(pilot)
        assert isinstance(app.screen, FeedsScreen)
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.query_state.feed == "" and list_rows(app) == before
        assert app.is_running


async def test_moving_in_the_feeds_list(library: Library) -> None:
    follow_feeds(library)
    app = create_app(library, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        view = app.screen.query_one(FeedListView)
        moves = [("j", 1), ("down", 2), ("k", 1), ("up", 0), ("end", 3), ("home", 0)]
        moves += [("G", 3), ("g", 0), ("pagedown", 3), ("pageup", 0)]
        for key, cursor in moves:
            await pilot.press(key)
            await pilot.pause()
            assert view.cursor == cursor, key
        await pilot.press("j", "enter")
        await settle(pilot)
        assert app.screen.query_state.feed == HILLS  # type: ignore[attr-defined]
        assert list_rows(app) == ["Sheep on the ridge"]


async def test_the_palette_opens_the_feeds_screen(library: Library) -> None:
    follow_feeds(library)
    app = create_app(library, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Feeds")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FeedsScreen)


async def test_no_feeds_says_how_to_follow_one(library: Library) -> None:
    app = create_app(library, Config())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        text = screen_text(app)
        assert "You follow no feeds yet." in text and "Press a to follow one" in text
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FeedsScreen), "nothing to open"


async def test_a_saved_search_keeps_the_feed(library: Library) -> None:
    follow_feeds(library)
    app = create_app(library, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        await pilot.press("enter", "S")
        await settle(pilot)
        await pilot.press(*"coast", "enter")
        await settle(pilot)
    from tui_reader.query.saved import saved_searches

    [saved] = saved_searches(library)
    assert (saved.name, saved.query) == ("coast", f'feed:"{COAST}"')


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_feeds_screen_text_is_readable(library: Library, theme: str) -> None:
    """Every run of text on the feeds screen (errors, muted columns, the cursor row, the
    detail line) reaches 4.5:1 in the dark and the light theme."""
    from tests.ui.test_theme_contrast import low_contrast

    follow_feeds(library)
    app = create_app(library, Config(theme=theme))
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        for where in ("first feed", "failing feed", "disabled feed"):
            bad = low_contrast(app)
            assert not bad, f"{theme} {where}:\n" + "\n".join(bad)
            await pilot.press("j")
            await settle(pilot)


def test_every_feeds_key_is_documented() -> None:
    from pathlib import Path

    from textual.binding import Binding

    doc = (Path(__file__).resolve().parents[2] / "docs" / "keys.md").read_text("utf-8")
    for cls in (FeedsScreen, FeedListView):
        for binding in cls.__dict__["BINDINGS"]:
            assert isinstance(binding, Binding) and f"`{binding.id}`" in doc, binding.id
    assert "`library.feeds`" in doc


@pytest.mark.parametrize("width", [20, 30, 36, 44, 46, 50, 60, 80, 120, 160])
def test_the_columns_never_run_past_the_list(width: int) -> None:
    from tui_reader.ui.widgets.feeds.feed_columns import GAP, LEAD, layout_columns

    columns = layout_columns(width)
    assert LEAD + sum(c.width for c in columns) + GAP * (len(columns) - 1) <= width
    keys = [c.key for c in columns]
    assert keys[0] == "title" and "status" in keys and "unread" in keys
    assert ("detail" in keys) == (width >= 50)  # narrower: the line under the list has it
    assert ("refreshed" in keys) == (width >= 44)


async def test_a_narrow_feeds_screen_shows_whole_columns(library: Library) -> None:
    follow_feeds(library)
    app = create_app(library, Config())
    async with app.run_test(size=(46, 20)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        lines = screen_text(app).splitlines()
        header = next(line for line in lines if "Unread" in line)
        assert header.split() == ["Feed", "Unread", "Refreshed", "Status"]  # no "Erro"
        hills = next(line for line in lines if "Hills Weekly" in line)
        assert hills.rstrip().endswith("✗ failed")
