"""The reading-queue keys in the library and the reader, pressed with Pilot: screen and store."""

from __future__ import annotations

import webbrowser
from dataclasses import replace

import pytest

from tests.ui.library_pilot import article, list_rows, notices, put_articles, screen_text, settle
from tui_reader.config import Config
from tui_reader.model import Queue, ReadingState
from tui_reader.store import Library
from tui_reader.ui.app import NewsreadApp, create_app
from tui_reader.ui.screens.library import LibraryScreen
from tui_reader.ui.screens.reader import ReaderScreen
from tui_reader.ui.widgets.library.article_list import ArticleList

SIZE = (100, 20)


@pytest.fixture
def queued(library: Library) -> Library:
    """Six articles: 0-3 in the inbox (3 newest), 4 in later, 5 in the archive; 0 has a URL."""
    items = [article(n) for n in range(6)]
    items[0] = (replace(items[0][0], url="https://example.org/story-0"), items[0][1])
    items[4] = (replace(items[4][0], queue=Queue.LATER), items[4][1])
    items[5] = (replace(items[5][0], queue=Queue.ARCHIVE), items[5][1])
    put_articles(library, items)
    return library


def current(app: NewsreadApp):
    return app.screen.query_one(ArticleList).current


def stored(library: Library, n: int):
    return library.get(f"{n:04x}" + "a" * 12)


class FakeBrowser(webbrowser.BaseBrowser):
    """Records what it was asked to open."""

    opened: list[str] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.opened.append(url)
        return True


async def test_the_library_shows_the_inbox_and_v_switches_views(queued: Library) -> None:
    app = create_app(queued, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert sorted(list_rows(app)) == [f"Article number {n}" for n in range(4)]
        assert "Inbox: 4 of 6 articles" in screen_text(app)
        await pilot.press("v")
        await settle(pilot)
        assert list_rows(app) == ["Article number 4"]
        assert "Later: 1 of 6 articles" in screen_text(app)
        await pilot.press("v")
        await settle(pilot)
        assert list_rows(app) == ["Article number 5"]
        assert "Archive: 1 of 6" in screen_text(app)
        await pilot.press("v")
        await settle(pilot)
        assert len(list_rows(app)) == 4


async def test_A_archives_and_u_undoes(queued: Library) -> None:
    app = create_app(queued, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert list_rows(app)[0] == "Article number 3"
        await pilot.press("A")
        await settle(pilot)
        assert stored(queued, 3).queue is Queue.ARCHIVE
        assert "Article number 3" not in list_rows(app)
        assert "Article number 3" not in screen_text(app)
        assert current(app).title == "Article number 2", "the cursor moves on to the next row"
        assert "Moved to Archive: Article number 3" in notices(app)
        await pilot.press("u")
        await settle(pilot)
        assert stored(queued, 3).queue is Queue.INBOX
        assert "Article number 3" in list_rows(app)
        assert "Back in Inbox: Article number 3" in notices(app)
        await pilot.press("u")
        await settle(pilot)
        assert "Nothing to undo." in notices(app)


async def test_L_keeps_for_later_and_I_brings_back_to_the_inbox(queued: Library) -> None:
    app = create_app(queued, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "L")
        await settle(pilot)
        assert stored(queued, 2).queue is Queue.LATER
        assert "Article number 2" not in list_rows(app)
        await pilot.press("v")
        await settle(pilot)
        assert sorted(list_rows(app)) == ["Article number 2", "Article number 4"]
        await pilot.press("I")  # the cursor is on the newest of Later: article 4
        await settle(pilot)
        assert stored(queued, 4).queue is Queue.INBOX
        assert list_rows(app) == ["Article number 2"]
        await pilot.press("I")
        await settle(pilot)
        assert stored(queued, 2).queue is Queue.INBOX
        assert list_rows(app) == []
        assert "Nothing in Later." in screen_text(app)
        await pilot.press("I")
        await settle(pilot)
        assert "No article here." in notices(app)


async def test_an_article_moved_out_of_the_view_in_the_reader_leaves_the_count(
    queued: Library,
) -> None:
    app = create_app(queued, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("v", "v")  # the archive: article 5
        await settle(pilot)
        assert "Archive: 1 of 6" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("I", "q")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert stored(queued, 5).queue is Queue.INBOX
        assert list_rows(app) == []
        assert "Archive: 0 of 6" in screen_text(app)
        assert "Nothing in Archive." in screen_text(app)


async def test_M_toggles_read_and_u_restores_the_state(queued: Library) -> None:
    app = create_app(queued, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = current(app).title
        assert first == "Article number 3"
        await pilot.press("M")
        await settle(pilot)
        assert stored(queued, 3).state is ReadingState.READ
        row = next(line for line in screen_text(app).splitlines() if first in line)
        assert "read" in row and "unread" not in row
        assert current(app).title == first, "a read article stays in the inbox"
        await pilot.press("M")
        await settle(pilot)
        assert stored(queued, 3).state is ReadingState.UNREAD
        assert "Marked unread: Article number 3" in notices(app)
        await pilot.press("u")
        await settle(pilot)
        assert stored(queued, 3).state is ReadingState.READ


async def test_o_opens_the_original_page_or_says_there_is_none(
    queued: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = FakeBrowser()
    browser.opened = []
    monkeypatch.setattr(webbrowser, "get", lambda using=None: browser)
    app = create_app(queued, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")  # article 3: imported without a URL
        await settle(pilot)
        assert browser.opened == []
        assert any("no original address" in n for n in notices(app))
        await pilot.press("end", "o")  # article 0, the oldest, has one
        await settle(pilot)
        assert browser.opened == ["https://example.org/story-0"]
        assert "Opened https://example.org/story-0" in notices(app)


async def test_o_refuses_an_address_that_is_not_a_web_page(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = FakeBrowser()
    browser.opened = []
    monkeypatch.setattr(webbrowser, "get", lambda using=None: browser)
    record, body = article(1)
    put_articles(library, [(replace(record, url="javascript:alert(1)"), body)])
    app = create_app(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert browser.opened == []
        assert "Not a web address, not opened: javascript:alert(1)" in notices(app)


async def test_reader_keys_move_mark_undo_and_open(
    queued: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    browser = FakeBrowser()
    browser.opened = []
    monkeypatch.setattr(webbrowser, "get", lambda using=None: browser)
    app = create_app(queued, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("end", "enter")  # article 0
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("L")
        await settle(pilot)
        assert stored(queued, 0).queue is Queue.LATER
        assert "Moved to Later: Article number 0" in notices(app)
        await pilot.press("A")
        await settle(pilot)
        assert stored(queued, 0).queue is Queue.ARCHIVE
        await pilot.press("U")
        await settle(pilot)
        assert stored(queued, 0).queue is Queue.LATER
        await pilot.press("I")
        await settle(pilot)
        assert stored(queued, 0).queue is Queue.INBOX
        await pilot.press("M")
        await settle(pilot)
        assert stored(queued, 0).state is ReadingState.READ
        await pilot.press("M")
        await settle(pilot)
        assert stored(queued, 0).state is ReadingState.UNREAD
        await pilot.press("o")
        await settle(pilot)
        assert browser.opened == ["https://example.org/story-0"]
        await pilot.press("A", "q")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert stored(queued, 0).queue is Queue.ARCHIVE
        assert "Article number 0" not in list_rows(app), (
            "archived in the reader: gone from the inbox"
        )


async def test_a_search_or_a_tag_filter_looks_in_every_queue(queued: Library) -> None:
    app = create_app(queued, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Article number 5" not in list_rows(app), "archived: not in the inbox"
        await pilot.press("slash", *'"number 5"')
        await settle(pilot)
        assert list_rows(app) == ["Article number 5"]
        assert "Inbox:" not in screen_text(app)
        await pilot.press("enter", "escape")
        await settle(pilot)
        assert len(list_rows(app)) == 4
        assert "Inbox: 4 of 6" in screen_text(app)


async def test_a_burst_of_triage_keys_leaves_one_notice(queued: Library) -> None:
    from textual.widgets._toast import Toast

    app = create_app(queued, Config())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        first, second = list_rows(app)[:2]
        await pilot.press("L", "A", "M", "u")
        await settle(pilot)
        assert len(notices(app)) == 4  # each key said what it did ...
        assert stored(queued, 3).queue is Queue.LATER and stored(queued, 2).queue is Queue.ARCHIVE
        assert stored(queued, 1).state is ReadingState.UNREAD  # M, then u undid it
        toasts = list(app.screen.query(Toast))
        assert len(toasts) == 1  # ... but only the last one stays on screen
        assert notices(app)[-1].startswith("Marked unread again")
        assert "Marked unread again" in screen_text(app) and "Moved to" not in screen_text(app)
        assert first == stored(queued, 3).title and second == stored(queued, 2).title
        await pilot.press("L")
        await settle(pilot)
        assert len(app.screen.query(Toast)) == 1


async def test_a_listing_read_before_a_queue_key_does_not_undo_it_on_screen(
    queued: Library,
) -> None:
    import threading

    from tui_reader.ui.listing import build_listing

    app = create_app(queued, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        stale = build_listing(queued, screen.query_state)  # article 3 unread in it
        gate = threading.Event()
        screen.services.saver.submit("held", lambda library: gate.wait(10))
        await pilot.press("M")  # queued behind the held write: not saved yet
        assert current(app).state is ReadingState.READ
        screen.post_message(LibraryScreen.ListingReady(stale, screen._generation, None))
        await pilot.pause()
        assert current(app).state is ReadingState.READ, "the stale listing undid the M"
        await pilot.press("M")  # acts on the row as it is: marks it unread again
        gate.set()
        await settle(pilot)
        assert stored(queued, 3).state is ReadingState.UNREAD
