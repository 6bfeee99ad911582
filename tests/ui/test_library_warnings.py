"""The library's first listing then prepares the search index; what that has to say
reaches the user."""

from __future__ import annotations

import time

import pytest

from tests.feeds_fixture import follow_feeds
from tui_reader.config import Config
from tui_reader.store import Library
from tui_reader.ui.app import create_app


async def test_a_warning_from_preparing_the_search_index_is_shown(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first listing then prepares the search index; what it has to say reaches the
    user (the worker used to fail on a misspelt attribute, and settle() with it)."""
    from tests.ui.library_pilot import notices

    follow_feeds(library)

    def warm(self: Library) -> None:
        time.sleep(0.3)  # after the listing has been shown (and its warnings taken)
        raise OSError("disk on fire")

    monkeypatch.setattr(Library, "warm_search", warm)
    app = create_app(library, Config())
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(40):
            await pilot.pause(0.05)
        assert "Could not prepare the search index: disk on fire" in notices(app)
