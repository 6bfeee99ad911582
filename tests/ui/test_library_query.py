"""The library's search box speaks the query language; a malformed query is shown, not raised."""

from __future__ import annotations

import pytest

from tests.query.known import fill_known
from tests.ui.library_pilot import list_rows, screen_text, settle
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
