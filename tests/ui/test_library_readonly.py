"""Read-only mode: another newsread holds the library, so edits are refused out loud."""

from __future__ import annotations

from pathlib import Path

from tests.ui.library_pilot import article, notices, put_articles, screen_text, settle
from tui_reader.config import Config
from tui_reader.store import Library
from tui_reader.ui.app import create_app
from tui_reader.ui.screens.library import LibraryScreen
from tui_reader.ui.widgets.save_indicator import SaveIndicator


async def test_read_only_refuses_delete_and_add(library: Library, library_path: Path) -> None:
    put_articles(library, [article(1), article(2)])
    second = Library.open(library_path)  # the first one holds the lock
    try:
        assert second.read_only
        app = create_app(second, Config())
        async with app.run_test(size=(100, 20)) as pilot:
            await settle(pilot)
            indicator = app.screen.query_one(SaveIndicator)
            assert indicator.state == "read-only"
            assert "read-only" in screen_text(app)
            assert any("Opened read-only" in m for m in notices(app))
            await pilot.press("d", "y")
            await settle(pilot)
            assert isinstance(app.screen, LibraryScreen), "no question is asked"
            assert any(m.startswith("Not saved: another newsread") for m in notices(app))
            await pilot.press("a")
            await pilot.pause()
            assert isinstance(app.screen, LibraryScreen)
            assert sum(m.startswith("Not saved") for m in notices(app)) == 2
            assert app.services.saver.submit("anything", lambda _: None) is False
    finally:
        second.close()
    assert len(library) == 2
    assert {a.id for a in library.articles()} == {article(1)[0].id, article(2)[0].id}


async def test_save_indicator_follows_saving_and_errors(library: Library) -> None:
    from tui_reader.store import StoreError

    put_articles(library, [article(1)])
    app = create_app(library, Config())
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        indicator = app.screen.query_one(SaveIndicator)
        assert indicator.state == "saved"

        def fail(_: Library) -> None:
            raise StoreError("disk full")

        app.services.saver.submit("note", fail)
        await settle(pilot)
        assert indicator.state == "error"
        assert "✗ not saved" in screen_text(app)
        assert any("disk full" in m for m in notices(app))
        import threading

        gate = threading.Event()
        app.services.saver.submit("note", lambda _: gate.wait())
        await pilot.pause()
        assert indicator.state == "saving"
        assert "… saving" in screen_text(app)
        gate.set()
        await settle(pilot)
        assert indicator.state == "saved"


async def test_read_only_deletions_say_so_and_remove_nothing(
    library: Library, library_path: Path
) -> None:
    # Every key that deletes says why it cannot, as d on an article does. The saved
    # searches list dropped the search (while the notice said "Not saved"): it stays.
    from tui_reader.query.saved import save_search, saved_searches
    from tui_reader.ui.dialogs.saved_searches import SavedSearchesDialog

    put_articles(library, [article(1), article(2)])
    save_search(library, "mine", "tag:news")
    second = Library.open(library_path)  # the first one holds the lock
    try:
        app = create_app(second, Config())
        async with app.run_test(size=(100, 24)) as pilot:
            await settle(pilot)
            await pilot.press("d")  # an article
            await settle(pilot)
            assert isinstance(app.screen, LibraryScreen)
            assert notices(app)[-1].startswith("Not saved: another newsread")
            await pilot.press("l")
            await settle(pilot)
            assert isinstance(app.screen, SavedSearchesDialog)
            await pilot.press("down", "d")  # a saved search
            await settle(pilot)
            assert notices(app)[-1].startswith("Not saved: another newsread")
            assert [s.name for s in app.screen.searches] == ["mine"]
            assert "mine" in screen_text(app)
            assert sum(m.startswith("Not saved") for m in notices(app)) == 2
    finally:
        second.close()
    assert len(library) == 2
    assert [s.name for s in saved_searches(library)] == ["mine"]
