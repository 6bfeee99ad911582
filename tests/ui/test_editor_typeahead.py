"""Keys typed ahead through the note editor keep their order: the letters typed before
ctrl+s are in the saved note, and the keys after ctrl+s or escape reach the reader.

``post_message`` queues every key before the app handles the first, as a fast
typist or a paste through a real terminal does (Pilot's ``press`` waits between keys).
"""

from __future__ import annotations

from textual import events
from textual.pilot import Pilot

from tests.ui.test_reader_support import import_seed, open_reader, settle
from tui_reader.config import Config
from tui_reader.store import Library
from tui_reader.ui.app import NewsreadApp, create_app
from tui_reader.ui.dialogs.note_editor import NoteEditor
from tui_reader.ui.dialogs.tag_editor import TagEditor
from tui_reader.ui.screens.reader import ReaderScreen


async def burst(app: NewsreadApp, pilot: Pilot[None], *keys: str) -> None:
    """Queue ``keys`` all at once, then let the app work through them."""
    for key in keys:
        app.post_message(events.Key(key, key if len(key) == 1 else None))
    for _ in range(5):
        await pilot.pause(0.05)


async def test_letters_typed_just_before_ctrl_s_are_saved(library: Library) -> None:
    aid = import_seed(library)
    app = create_app(library, Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, aid)
        await pilot.press("h")
        await settle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        await burst(app, pilot, "o", "k", "ctrl+s", "t")
        assert isinstance(app.screen, TagEditor), "the t after ctrl+s reached the reader"
        await settle(app, pilot)
        assert [h.note for h in library.highlights(aid)] == ["ok"]


async def test_keys_after_escape_reach_the_reader(library: Library) -> None:
    aid = import_seed(library)
    app = create_app(library, Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, aid)
        await pilot.press("h")
        await settle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        await burst(app, pilot, "n", "o", "escape", "n")
        assert isinstance(app.screen, NoteEditor), "the n after escape opened the editor again"
        assert app.screen.query_one("TextArea").text == ""  # type: ignore[attr-defined]
        await burst(app, pilot, "escape")
        assert isinstance(app.screen, ReaderScreen)
        await settle(app, pilot)
        assert [h.note for h in library.highlights(aid)] == [""]
