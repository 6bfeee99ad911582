"""r in the app (issue 13 part 2 and 6): a refresh runs in a worker against the local
feed server, writes through the saver, shows its progress, and new articles appear in
the open library; failures are summed up in one notification; quitting stops it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from tests.feeds.feedserver import FeedServer, rss, running_server
from tests.ui.library_pilot import list_rows, notices, screen_text, settle
from tests.ui.test_one_writer import guard_writes
from tui_reader.config import Config
from tui_reader.feeds import refresh as refresh_module
from tui_reader.feeds.refresh import RefreshReport
from tui_reader.feeds.subscriptions import Subscription, save_subscriptions, subscriptions
from tui_reader.store import Library
from tui_reader.ui.app import NewsreadApp, create_app
from tui_reader.ui.messages import RefreshFinished
from tui_reader.ui.saving import THREAD_NAME
from tui_reader.ui.screens.feeds import FeedsScreen
from tui_reader.ui.screens.library import LibraryScreen
from tui_reader.ui.widgets.feeds.feed_list_view import FeedListView


@pytest.fixture
def feeds() -> Iterator[FeedServer]:
    """The refresh tests' feed server on 127.0.0.1."""
    with running_server() as running:
        yield running


def entries(*numbers: int) -> list[tuple[str, str, str, str]]:
    return [
        (f"tide-{n}", f"https://coast.example/{n}", f"Tide report {n}", f"Water rose {n} cm.")
        for n in numbers
    ]


def follow(library: Library, *subs: Subscription) -> None:
    save_subscriptions(library, subs)


async def refreshed(pilot: Pilot[None]) -> None:
    """Wait for the refresh worker, its writes and the screens' answers."""
    app = pilot.app
    assert isinstance(app, NewsreadApp)
    for _ in range(200):
        await pilot.pause(0.05)
        if not any(w.group == "refresh" and not w.is_finished for w in app.workers):
            break
    await settle(pilot)


async def test_r_refreshes_every_feed_and_new_articles_appear(
    library: Library, feeds: FeedServer
) -> None:
    coast = feeds.feed("/coast.xml", rss("The Coast Courier", entries(1, 2)))
    broken = feeds.status("/broken.xml", 500)
    follow(library, Subscription(coast, "The Coast Courier"), Subscription(broken, "Hills"))
    app = create_app(library, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert list_rows(app) == []
        await pilot.press("r")
        await refreshed(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert sorted(list_rows(app)) == ["Tide report 1", "Tide report 2"]
        assert "Inbox: 2 articles" in screen_text(app)
        said = notices(app)
        assert "2 new articles, 1 of 2 feeds refreshed" in said
        [failure] = [n for n in said if "failed" in n]
        assert failure.startswith("1 feed failed: Hills (") and "500" in failure
        # In the store: the articles, from the feed, and each feed's state.
        assert sorted(a.origin for a in library.articles()) == [coast, coast]
        state = {s.url: s for s in subscriptions(library)}
        assert state[coast].last_refresh and not state[coast].last_error
        assert "500" in state[broken].last_error
        # The feed gets a third entry: refresh it from the feeds screen.
        feeds.feed("/coast.xml", rss("The Coast Courier", entries(1, 2, 3)))
        await pilot.press("F")
        await settle(pilot)
        view = app.screen.query_one(FeedListView)
        assert [(r.sub.title, r.unread, r.failing) for r in view.rows] == [
            ("The Coast Courier", 2, False),
            ("Hills", 0, True),
        ]
        await pilot.press("r")  # the feed under the cursor
        await refreshed(pilot)
        assert [r.unread for r in view.rows] == [3, 0]
        assert "1 new article, 1 of 1 feed refreshed" in notices(app)
        assert len(feeds.hits_of("/broken.xml")) == 1, "r refreshed only the current feed"
        await pilot.press("q")
        await settle(pilot)
        assert sorted(list_rows(app)) == ["Tide report 1", "Tide report 2", "Tide report 3"]
    assert len(library) == 3


async def test_capital_r_on_the_feeds_screen_refreshes_every_feed(
    library: Library, feeds: FeedServer
) -> None:
    one = feeds.feed("/one.xml", rss("One", entries(1)))
    two = feeds.feed("/two.xml", rss("Two", entries(2)))
    follow(library, Subscription(one, "One"), Subscription(two, "Two"))
    app = create_app(library, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        await pilot.press("j", "R")
        await refreshed(pilot)
        assert isinstance(app.screen, FeedsScreen)
        assert [r.unread for r in app.screen.query_one(FeedListView).rows] == [1, 1]
        assert len(feeds.hits_of("/one.xml")) == len(feeds.hits_of("/two.xml")) == 1
        assert "2 new articles, 2 of 2 feeds refreshed" in notices(app)
        assert "2 unread" in screen_text(app) and "refreshing" not in screen_text(app)
    assert len(library) == 2


async def test_progress_shows_while_a_slow_feed_is_fetched(
    library: Library, feeds: FeedServer
) -> None:
    quick = feeds.feed("/quick.xml", rss("Quick", entries(1)))
    slow = feeds.feed("/slow.xml", rss("Slow", entries(2)), delay=1.5)
    follow(library, Subscription(quick, "Quick"), Subscription(slow, "Slow"))
    app = create_app(library, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        seen = ""
        for _ in range(100):
            await pilot.pause(0.02)
            bars = app.screen.query("#import-bar")  # mounted when first shown
            if not bars:
                continue
            label = str(app.screen.query_one("#import-label", Static).render())
            if bars.first().display and "1/2" in label:
                seen = label
                break
        assert seen == "Refreshing feeds 1/2", "the quick feed is done, the slow one is not"
        assert list_rows(app) == [], "not listed before the refresh ends"
        await refreshed(pilot)
        assert not app.screen.query_one("#import-bar").display
        assert sorted(list_rows(app)) == ["Tide report 1", "Tide report 2"]


async def test_every_refresh_write_is_on_the_saver_thread(
    library: Library, feeds: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = feeds.feed("/coast.xml", rss("The Coast Courier", entries(1, 2, 3)))
    follow(library, Subscription(url, "The Coast Courier"))
    app = create_app(library, Config())
    calls = guard_writes(monkeypatch)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await refreshed(pilot)
    assert calls, "the refresh wrote"
    assert [(name, thread) for name, thread, _ in calls if thread != THREAD_NAME] == []
    assert len(library) == 3


async def test_quitting_stops_a_running_refresh(
    library: Library, feeds: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The feed answers after 30 s: only the cancel ends the refresh this soon."""
    url = feeds.feed("/stuck.xml", rss("Stuck", entries(1)), delay=30)
    follow(library, Subscription(url, "Stuck"))
    ended = threading.Event()
    reports: list[RefreshReport] = []
    original = refresh_module.refresh_feeds

    def watched(*args: Any, **kwargs: Any) -> RefreshReport:
        try:
            report = original(*args, **kwargs)
            reports.append(report)
            return report
        finally:
            ended.set()

    monkeypatch.setattr(refresh_module, "refresh_feeds", watched)
    app = create_app(library, Config())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        for _ in range(100):
            if feeds.hits_of("/stuck.xml"):
                break
            await pilot.pause(0.05)
        assert feeds.hits_of("/stuck.xml"), "the download started"
        assert not ended.is_set()
        await pilot.press("ctrl+q")
        for _ in range(100):
            if not app.is_running:
                break
            await pilot.pause(0.05)
        assert not app.is_running
    assert ended.wait(10), "the refresh worker stopped"
    assert reports and reports[0].cancelled
    assert len(library) == 0
    [sub] = subscriptions(library)
    assert sub.last_refresh == "", "nothing stored for the feed: the next refresh completes it"


async def test_r_with_no_feeds_says_how_to_follow_one(library: Library) -> None:
    # It named the shell command (newsread feeds add URL|FILE): the app's own keys now.
    app = create_app(library, Config())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await refreshed(pilot)
        hint = "No feeds followed yet: F opens the feeds screen, a there follows one."
        assert hint in notices(app)
        await pilot.press("F")  # there: R refreshes every feed
        await settle(pilot)
        await pilot.press("R")
        await refreshed(pilot)
        assert notices(app)[-1] == "No feeds followed yet: a follows one."
        await pilot.press("r")  # r there refreshes the feed under the cursor: none
        await settle(pilot)
        assert notices(app)[-1] == "No feed here: press a to follow one."
        assert len(library) == 0 and subscriptions(library) == []


async def test_the_no_feeds_hint_names_remapped_keys(library: Library) -> None:
    # as the footer shows them: f5, e
    app = create_app(library, Config(keymap={"library.feeds": "f5", "feeds.add": "e"}))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await refreshed(pilot)
        hint = "No feeds followed yet: f5 opens the feeds screen, e there follows one."
        assert hint in notices(app)
        await pilot.press("f5")
        await settle(pilot)
        assert "Press e to follow one" in screen_text(app)
        await pilot.press("r")
        await settle(pilot)
        assert notices(app)[-1] == "No feed here: press e to follow one."


async def test_a_second_r_while_refreshing_is_refused(library: Library, feeds: FeedServer) -> None:
    url = feeds.feed("/slow.xml", rss("Slow", entries(1)), delay=1)
    follow(library, Subscription(url, "Slow"))
    app = create_app(library, Config())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await pilot.pause(0.1)
        await pilot.press("r")
        await pilot.pause(0.1)
        assert "A refresh is already running." in notices(app)
        await refreshed(pilot)
        assert len(feeds.hits_of("/slow.xml")) == 1
        assert list_rows(app) == ["Tide report 1"]


async def test_the_palette_refreshes(library: Library, feeds: FeedServer) -> None:
    url = feeds.feed("/coast.xml", rss("Coast", entries(1)))
    follow(library, Subscription(url, "Coast"))
    app = create_app(library, Config())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Refresh feeds")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await refreshed(pilot)
        assert list_rows(app) == ["Tide report 1"]


async def test_the_end_of_a_big_refresh_redraws_the_list_once_not_once_per_article(
    library: Library, feeds: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list forgot each stored article's highlight count with a redraw of its own:
    10,000 of them cost the UI thread 0.1 to 0.16 s when the refresh ended; then one
    redraw for all, right before the new listing's own (85-121 ms frame gaps at 100,000
    articles, benchmarks/refresh.py --app)."""
    coast = feeds.feed("/coast.xml", rss("The Coast Courier", entries(*range(60))))
    follow(library, Subscription(coast, "The Coast Courier"))
    app = create_app(library, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        redraws: list[int] = []
        real = type(screen.article_list).refresh

        def counting(self, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
            redraws.append(1)
            return real(self, *args, **kwargs)

        report = refresh_module.refresh_feeds(library)
        assert report.new == 60
        monkeypatch.setattr(type(screen.article_list), "refresh", counting)
        screen._refresh_finished(RefreshFinished(report))
        # none at all: the listing asked for brings the rows and draws them once
        assert redraws == []
        monkeypatch.undo()
        await refreshed(pilot)
        assert len(list_rows(app)) == 60


async def test_a_refresh_that_changed_nothing_leaves_the_list_as_it_is(
    library: Library, feeds: FeedServer
) -> None:
    """Every feed answering 304: no article changed, so the list is not read again (at
    100,000 articles that reading is the refresh's longest work on the app's side)."""
    coast = feeds.feed("/coast.xml", rss("The Coast Courier", entries(1, 2)), etag='"v1"')
    follow(library, Subscription(coast, "The Coast Courier"))
    app = create_app(library, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await refreshed(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen) and screen.listing is not None
        shown = screen.listing
        await pilot.press("r")
        await refreshed(pilot)
        assert subscriptions(library)[0].last_error == ""
        assert screen.listing is shown  # not listed again
        assert sorted(list_rows(app)) == ["Tide report 1", "Tide report 2"]
        assert not screen.query("#import-bar") or not screen.query_one("#import-bar").display


async def test_refresh_news_reads_the_keys_only_for_the_no_feeds_hint(
    library: Library, feeds: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hint reads every screen's bindings (importing every screen: 0.4 s on the UI
    thread at the first progress step, measured at 100,000 articles): only when said."""
    built: list[str] = []
    hint = NewsreadApp._no_feeds_hint

    def counted(self: NewsreadApp) -> str:
        built.append("hint")
        return hint(self)

    monkeypatch.setattr(NewsreadApp, "_no_feeds_hint", counted)
    coast = feeds.feed("/coast.xml", rss("The Coast Courier", entries(1)))
    follow(library, Subscription(coast, "The Coast Courier"))
    app = create_app(library, Config())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await refreshed(pilot)
        assert list_rows(app) == ["Tide report 1"] and built == []
        save_subscriptions(library, [])
        await pilot.press("r")
        await refreshed(pilot)
        assert built == ["hint"]
