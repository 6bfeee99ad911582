"""The library's search box speaks the query language; a malformed query is shown, not raised."""

from __future__ import annotations

import pytest

from tests.query.known import fill_known
from tests.ui.library_pilot import list_rows, notices, screen_text, settle
from tui_reader.config import Config
from tui_reader.store import Library
from tui_reader.ui.app import create_app

SIZE = (100, 20)


@pytest.fixture
def known(library: Library) -> Library:
    return fill_known(library)


async def type_search(pilot: object, text: str) -> None:
    await pilot.press("slash")  # type: ignore[attr-defined]
    await pilot.press(*text)  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]


async def test_slash_takes_a_query(known: Library) -> None:
    app = create_app(known, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_search(pilot, "tag:korea has:note -colour:yellow")
        assert list_rows(app) == ["Korea trade deal"]
        assert "1 of 4 articles" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await type_search(pilot, "colour:yellow sort:title")
        assert list_rows(app) == ["Japan election", "Korea trade deal"]
        assert "sorted by title, A to Z" in screen_text(app)
        await pilot.press(*["backspace"] * 5, *"-added")
        await settle(pilot)
        assert list_rows(app) == ["Japan election", "Korea trade deal"]
        assert "sorted by added, newest first" in screen_text(app)
        await pilot.press(*["backspace"] * 6, *"published")
        await settle(pilot)
        assert list_rows(app) == ["Korea trade deal", "Japan election"]
        assert "sorted by published, oldest first" in screen_text(app)


async def test_a_malformed_query_is_shown_inline_and_the_list_stays(known: Library) -> None:
    app = create_app(known, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_search(pilot, "is:read")
        assert sorted(list_rows(app)) == ["Archived drought piece", "Korea trade deal"]
        await pilot.press(*" (")
        await settle(pilot)
        text = screen_text(app)
        assert "Query: column 9: this '(' needs a search term and a ')'" in text
        assert sorted(list_rows(app)) == ["Archived drought piece", "Korea trade deal"]
        await pilot.press(*"colour:red)")
        await settle(pilot)
        assert "Query: column 17: unknown colour 'red'" in screen_text(app)
        await pilot.press(*["backspace"] * 4, *"green)")
        await settle(pilot)
        assert list_rows(app) == ["Korea trade deal"]
        assert "Query:" not in screen_text(app)


async def test_a_malformed_query_after_no_match_shows_only_the_mistake(known: Library) -> None:
    app = create_app(known, Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_search(pilot, "zzz")
        assert "No articles match." in screen_text(app)
        await pilot.press(*" colour:")
        await settle(pilot)
        text = screen_text(app)
        assert "Query: column 5: colour: needs a value right after the colon" in text
        assert "No articles match." not in text  # it spoke of "zzz", not of this query
        await pilot.press(*"green")
        await settle(pilot)
        assert "No articles match." in screen_text(app)  # a real answer again


async def test_a_long_mistake_wraps_whole_at_80_columns(known: Library) -> None:
    app = create_app(known, Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_search(pilot, "foo:bar")
        lines = screen_text(app).splitlines()
        start = next(i for i, line in enumerate(lines) if "Query: column 1:" in line)
        shown = " ".join(line.strip() for line in lines[start : start + 4])
        assert "unknown field 'foo:'" in shown
        assert 'to search for the text, put it in quotes: "..."' in shown  # the end too
        assert lines[start + 3].strip() == "foo:bar"  # the search box under it
        await pilot.press(*["backspace"] * 4)
        await settle(pilot)
        assert "Query:" not in screen_text(app)
        assert app.screen.query_one("#status").size.height == 1


async def test_the_tag_filter_joins_the_query(known: Library) -> None:
    app = create_app(known, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t", *"korea", "enter")
        await settle(pilot)
        # b carries no tag itself: its highlight is tagged korea.
        assert sorted(list_rows(app)) == [
            "Archived drought piece",
            "Japan election",
            "Korea trade deal",
        ]
        await type_search(pilot, "is:unread")
        assert list_rows(app) == ["Japan election"]


def saved(library: Library) -> list[tuple[str, str]]:
    from tui_reader.query.saved import saved_searches

    return [(s.name, s.query) for s in saved_searches(library)]


async def test_capital_s_saves_the_search_and_l_switches_to_it(known: Library) -> None:
    from tui_reader.ui.dialogs.saved_searches import SavedSearchesDialog, SaveSearchDialog

    app = create_app(known, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert "Nothing to save" in " ".join(notices(app))
        assert saved(known) == []
        await type_search(pilot, "colour:yellow")
        await pilot.press("enter", "t", *"japan", "enter")
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, SaveSearchDialog)
        assert "colour:yellow tag:Japan" in screen_text(app)
        await pilot.press(*"Yellow in Japan", "enter")
        await settle(pilot)
        assert saved(known) == [("Yellow in Japan", "colour:yellow tag:Japan")]
        # Back to the inbox (Japan and Korea), then to the saved search with l.
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert sorted(list_rows(app)) == ["Japan election", "Korea trade deal"]
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, SavedSearchesDialog)
        assert "All articles" in screen_text(app) and "Yellow in Japan" in screen_text(app)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert list_rows(app) == ["Japan election"]
        assert "list: Yellow in Japan" in screen_text(app)
        # l, then enter on "All articles": the whole library again.
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("up", "enter")
        await settle(pilot)
        assert len(list_rows(app)) == 4
        assert "list:" not in screen_text(app)


async def test_saved_searches_survive_a_restart(known: Library, library_path: object) -> None:
    from tui_reader.query.saved import save_search

    save_search(known, "Read", "is:read sort:title")
    app = create_app(known, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert list_rows(app) == ["Archived drought piece", "Korea trade deal"]


async def test_d_in_the_saved_searches_removes_one(known: Library) -> None:
    from tui_reader.query.saved import save_search

    save_search(known, "One", "is:read")
    save_search(known, "Two", "is:unread")
    app = create_app(known, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = list_rows(app)
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("d")  # on "All articles": nothing to remove, and it says so
        await settle(pilot)
        assert saved(known) == [("One", "is:read"), ("Two", "is:unread")]
        assert any("not a saved search" in n for n in notices(app))
        await pilot.press("down", "d")
        await settle(pilot)
        assert saved(known) == [("Two", "is:unread")]
        assert "One" not in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert list_rows(app) == before, "escape leaves the list as it was"


async def test_escape_in_the_name_dialog_saves_nothing(known: Library) -> None:
    app = create_app(known, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_search(pilot, "is:read")
        await pilot.press("enter", "S")
        await settle(pilot)
        await pilot.press(*"abc", "escape")
        await settle(pilot)
        assert saved(known) == []
        assert sorted(list_rows(app)) == ["Archived drought piece", "Korea trade deal"]


async def test_palette_offers_saved_searches(known: Library) -> None:
    from tui_reader.ui.dialogs.saved_searches import SavedSearchesDialog

    app = create_app(known, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"saved searches")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SavedSearchesDialog)


def test_saved_search_keys_are_documented() -> None:
    from pathlib import Path

    from textual.binding import Binding

    from tui_reader.ui.app import NewsreadApp, screen_classes
    from tui_reader.ui.dialogs.saved_searches import SavedSearchesDialog, SaveSearchDialog
    from tui_reader.ui.keymap import known_binding_ids

    doc = (Path(__file__).resolve().parents[2] / "docs" / "keys.md").read_text("utf-8")
    known = known_binding_ids([NewsreadApp, *screen_classes()])
    for cls in (SavedSearchesDialog, SaveSearchDialog):
        assert cls in screen_classes()
        for binding in cls.__dict__["BINDINGS"]:
            assert isinstance(binding, Binding) and binding.id in known
            assert f"`{binding.id}`" in doc
    for binding_id in ("library.saved_searches", "library.save_search"):
        assert f"`{binding_id}`" in doc


async def test_words_rank_the_best_match_first(library: Library) -> None:
    """Words without sort: list the best match first (bm25, a word in the title counting
    most) and say so; another sort chosen with s, or sort: in the query, wins."""
    from tui_reader.model import Article, Paragraph

    def article(n: int, title: str, text: str) -> tuple[Article, list[Paragraph]]:
        record = Article(
            id=f"{n:016x}", title=title, added=f"2026-01-{n:02}T09:00:00+00:00", paragraph_count=1
        )
        return record, [Paragraph(text)]

    library.put_many(
        [
            (*article(1, "Lagoon birds", "Lagoon lagoon: the lagoon at dawn."), []),
            (*article(2, "Harbour walls", "A walk from the lagoon to the harbour."), []),
            (*article(3, "Winter river", "Nothing to see here."), []),
        ]
    )
    app = create_app(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert list_rows(app) == ["Winter river", "Harbour walls", "Lagoon birds"]
        assert "Added ▼" in screen_text(app)
        await type_search(pilot, "lagoon")
        assert list_rows(app) == ["Lagoon birds", "Harbour walls"]
        assert "sorted by relevance, best match first" in screen_text(app)
        # no column claims the order while relevance decides it
        assert "▼" not in screen_text(app) and "▲" not in screen_text(app)
        await pilot.press("enter", "s")  # published: no dates, so newest added first
        await settle(pilot)
        assert list_rows(app) == ["Harbour walls", "Lagoon birds"]
        assert "sorted by published, newest first" in screen_text(app)
        assert "▼" in screen_text(app)


async def test_a_long_status_line_ends_in_an_ellipsis_at_80_columns(known: Library) -> None:
    # Queue, count, tag, search and sort do not fit in 80 columns: the line is cut with
    # "…" at its end (it was cut at the edge, mid-word, with nothing to say so), on one line.
    app = create_app(known, Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_search(pilot, "is:read OR is:unread OR has:note")
        lines = screen_text(app).splitlines()
        status = next(line for line in lines if "articles" in line and "search:" in line)
        assert status.rstrip().endswith("…"), status
        assert len(status) == 80
        assert app.screen.query_one("#status").size.height == 1
        # a short line is left whole
        await pilot.press("escape")
        await settle(pilot)
        line = next(line for line in screen_text(app).splitlines() if "sorted by" in line)
        assert "…" not in line and line.rstrip().endswith("newest first")


async def test_d_typed_with_l_before_the_list_is_drawn_is_kept(known: Library) -> None:
    """``l`` then ``d`` in one burst: the dialog took ``d`` before its list was mounted and
    crashed (NoMatches); the key now waits for the list."""
    from tui_reader.query.saved import save_search, saved_searches
    from tui_reader.ui.dialogs.saved_searches import SavedSearchesDialog

    save_search(known, "One", "is:read")
    app = create_app(known, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dialog = SavedSearchesDialog(saved_searches(known), on_remove=lambda search: True)
        app.push_screen(dialog)
        dialog.action_remove()  # before its first compose
        await settle(pilot)
        assert app.screen is dialog
        assert any("not a saved search" in n for n in notices(app))
