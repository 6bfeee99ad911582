"""An article deleted while it is open in the reader (a feed's retention at a refresh
running in the background, or any other deletion written by the app's saver): the reader
says so, keeps the text on screen read-only, and never writes to the deleted article
(no position, highlight, note or queue change brings a record back), nor crashes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import shown_notifications
from tests.feeds.feedserver import rss
from tests.feeds_fixture import feed_article
from tests.ui.library_pilot import list_rows
from tests.ui.test_reader_defects import refreshed_text, replace_text, status, wait_for
from tests.ui.test_reader_support import import_seed, open_reader, settle, view_of
from tui_reader.feeds.subscriptions import Subscription, save_subscriptions
from tui_reader.model import Queue, ReadingState
from tui_reader.store import Library, NotFound
from tui_reader.ui.app import NewsreadApp, create_app
from tui_reader.ui.messages import RefreshRequested
from tui_reader.ui.screens.library import LibraryScreen
from tui_reader.ui.screens.reader import GONE_NOTICE, GONE_REASON, ReaderScreen


def messages(app: NewsreadApp, severity: str) -> list[str]:
    """The notifications of one severity shown so far."""
    return [n.message for n in shown_notifications(app) if n.severity == severity]


def assert_gone(library: Library, article_id: str) -> None:
    """The article is not in the library (nothing brought its record back)."""
    with pytest.raises(NotFound):
        library.get(article_id)
    assert article_id not in [a.id for a in library.articles()]


async def test_an_article_deleted_under_the_reader_stays_shown_and_read_only(
    library: Library,
) -> None:
    seed = import_seed(library)
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reader(app, pilot, seed)
        await pilot.press("j", "j")
        shown = view_of(app).paragraphs
        assert app.services.saver.submit("deletion", lambda lib: lib.delete(seed))
        await settle(app, pilot)
        await wait_for(pilot, lambda: screen.gone)
        assert GONE_NOTICE in messages(app, "warning")
        assert "deleted: read-only" in status(app)
        assert isinstance(app.screen, ReaderScreen) and view_of(app).paragraphs == shown
        # Every key that would write is refused with one line; moving still works.
        await pilot.press("h", "M", "L", "A", "U", "n", "x", "e", "j", "j", "G")
        await settle(app, pilot, delay=screen.position_save_delay + 0.2)
        assert isinstance(app.screen, ReaderScreen), "no editor opened"
        refused = [m for m in messages(app, "error") if m == f"Not saved: {GONE_REASON}."]
        assert len(refused) >= 5, messages(app, "error")
        assert not [m for m in messages(app, "error") if m.startswith("Could not")]
        assert "Nothing exported: this article was deleted." in messages(app, "warning")
        assert_gone(library, seed)
        await pilot.press("q")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen) and app.is_running
        assert_gone(library, seed)
        assert not [m for m in messages(app, "error") if m.startswith("Could not")]


async def test_a_text_replaced_and_then_deleted_never_crashes_the_reload(
    library: Library,
) -> None:
    """The reload worker finds the article gone (deleted between the two writes)."""
    seed = import_seed(library)
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reader(app, pilot, seed)
        replace_text(app, seed, refreshed_text(library, seed))
        assert app.services.saver.submit("deletion", lambda lib: lib.delete(seed))
        await settle(app, pilot)
        await wait_for(pilot, lambda: screen.gone)
        assert app.is_running and isinstance(app.screen, ReaderScreen)
        assert messages(app, "warning").count(GONE_NOTICE) == 1


async def test_retention_at_a_background_refresh_deletes_the_open_article(
    library: Library, tmp_path: Path
) -> None:
    """The realistic case: a refresh started in the library runs on while an old archived
    article of the feed is read; the feed's retention (remove after 1 day) deletes it."""
    feed = tmp_path / "coast.xml"
    feed.write_text(rss("Coast", [("c-9", "", "Fresh news", "Something new.")]), "utf-8")
    url = str(feed)
    save_subscriptions(library, [Subscription(url, "Coast", remove_after=1)])
    record, body = feed_article(
        url, 1, "Old archived story", state=ReadingState.READ, queue=Queue.ARCHIVE
    )
    library.put_article(record, body)
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("v", "v")  # the archive
        await settle(app, pilot)
        assert list_rows(app) == ["Old archived story"]
        screen = await open_reader(app, pilot, record.id)
        app.post_message(RefreshRequested())
        await settle(app, pilot)
        await wait_for(pilot, lambda: screen.gone)
        assert GONE_NOTICE in messages(app, "warning")
        await pilot.press("j", "q")
        await settle(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert_gone(library, record.id)
        assert [a.title for a in library.articles()] == ["Fresh news"]
        assert not [m for m in messages(app, "error") if m.startswith("Could not")]
