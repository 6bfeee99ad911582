"""Labels and notifications: untrusted text made safe to draw (and labels bounded in length)."""

from __future__ import annotations

from tests.conftest import shown_notifications
from tui_reader.config import Config
from tui_reader.store import Library
from tui_reader.ui.app import create_app
from tui_reader.ui.labels import LABEL_LIMIT, label


def test_a_label_is_one_safe_line() -> None:
    assert label("  A \x1b[31mred\x1b[0m\ntitle\u202e \x9b ") == "A red title"
    assert label("[b]markup[/b] stays text") == "[b]markup[/b] stays text"
    assert label("") == ""


def test_a_long_label_is_cut_with_an_ellipsis() -> None:
    assert label("x" * LABEL_LIMIT) == "x" * LABEL_LIMIT
    cut = label("word " * 1_000_000)
    assert len(cut) <= LABEL_LIMIT and cut.endswith("…")
    assert label("abcdef", 4) == "abc…"
    assert label("\x00" * (LABEL_LIMIT * 5)) == "…", "what was cut off is marked"


async def test_notifications_drop_control_characters(library: Library) -> None:
    app = create_app(library, Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.notify("file \x1b]0;pwned\x07name\x9b2J: [b]not markup", title="\x1b[31mT")
        await pilot.pause()
        last = shown_notifications(app)[-1]
        assert last.message == "file name: [b]not markup"
        assert last.title == "T"
        assert not last.markup
