"""The key bar: the screen's shown keys, then as many of its other keys as the width allows."""

from __future__ import annotations

import pytest

from tests.ui.library_pilot import article, put_articles, settle
from tui_reader.config import Config
from tui_reader.store import Library
from tui_reader.ui.app import create_app
from tui_reader.ui.widgets.key_bar import KeyBar


def bar_text(app) -> str:
    return str(app.screen.query_one(KeyBar).render())


@pytest.mark.parametrize(
    ("width", "extras"),
    [
        (80, []),
        (100, ["v View", "r Refresh"]),
        (160, ["v View", "r Refresh", "L Later", "A Archive", "M Read/unread", "F Feeds"]),
    ],
)
async def test_wider_bars_show_more_keys_quit_and_help_last(
    library: Library, width: int, extras: list[str]
) -> None:
    put_articles(library, [article(n) for n in range(3)])
    app = create_app(library, Config())
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        text = bar_text(app)
        assert text.startswith(" ⏎ Open / Search t Tag s Sort a Add d Delete e Export")
        assert text.endswith(" q Quit ? Help")
        shown = [e for e in ("v View", "r Refresh", "L Later", "A Archive") if e in text]
        assert shown == [e for e in extras if e in ("v View", "r Refresh", "L Later", "A Archive")]
        for extra in extras:
            assert f" {extra} " in text
        assert len(text) <= width
        await pilot.press("v")  # a key the bar shows does what it says
        await settle(pilot)
        assert "Later:" in str(app.screen.query_one("#status").render())
