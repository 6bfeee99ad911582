"""A terminal resized very small while a dialog is open: the app keeps running.

Textual's OptionList subtracts its options' padding from its width without a floor,
and rich's wrapping crashes at width 0 (``range() arg 3 must not be zero``): the
dialogs never get that narrow (min-width in newsread.tcss)."""

from __future__ import annotations

import pytest
from textual.screen import ModalScreen

from tests.ui.library_pilot import add_generated, settle
from tui_reader.config import Config
from tui_reader.store import Library
from tui_reader.ui.app import create_app
from tui_reader.ui.dialogs.add import AddDialog
from tui_reader.ui.dialogs.saved_searches import SavedSearchesDialog
from tui_reader.ui.dialogs.tag_filter import FilterDialog
from tui_reader.ui.screens.library import LibraryScreen

#: The tour's sequence, then every width from 1 to 34, then back.
SIZES = [
    (24, 6),
    (12, 4),
    (30, 8),
    (80, 24),
    *((width, 5) for width in range(1, 35)),
    (80, 24),
]


@pytest.mark.parametrize(
    ("key", "dialog"), [("t", FilterDialog), ("l", SavedSearchesDialog), ("a", AddDialog)]
)
async def test_a_dialog_survives_a_tiny_terminal(
    library: Library, key: str, dialog: type[ModalScreen[object]]
) -> None:
    add_generated(library, 12)  # tags tag0..tag4: the tag filter lists them
    app = create_app(library, Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, dialog)
        for width, height in SIZES:
            await pilot.resize_terminal(width, height)
            await pilot.pause()
        assert app.is_running and isinstance(app.screen, dialog)
        assert app.screen.query_one(".dialog").outer_size.width == 70  # as before, at 80 columns
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
