"""Changing the feeds from the feeds screen, as ``newsread feeds add/remove/set`` does:
``a`` follows a feed (a file, a feed URL, a web page linking to its feed), ``d`` stops
following one (its articles stay), ``f`` turns full text on and off (the next refresh
fetches new entries' pages), ``t`` sets the tags its new articles get, ``n`` names it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.feeds.feedserver import Answer, FeedServer, rss, running_server
from tests.feeds.test_feed_rules_refresh import PAGE
from tests.feeds.test_fulltext_retry import teaser_feed
from tests.feeds_fixture import COAST, HILLS, follow_feeds
from tests.ui.library_pilot import notices, screen_text, settle
from tui_reader.config import Config
from tui_reader.feeds.subscriptions import Subscription, subscribe, subscriptions
from tui_reader.store import Library
from tui_reader.ui.app import NewsreadApp, create_app
from tui_reader.ui.dialogs.add import FeedAddDialog
from tui_reader.ui.dialogs.confirm import ConfirmScreen
from tui_reader.ui.dialogs.feed_name import FeedNameDialog
from tui_reader.ui.dialogs.tag_editor import TagEditor
from tui_reader.ui.screens.feeds import FIND_HOLD, FeedsScreen
from tui_reader.ui.screens.library import LibraryScreen
from tui_reader.ui.widgets.feeds.feed_list_view import FeedListView

HARBOUR = rss(
    "Harbour Notes",
    [("h-1", "http://example.test/1", "Boats in the bay", "Many boats.\n\nSome sails.")],
)


@pytest.fixture
def server() -> Iterator[FeedServer]:
    """The feed tests' server on 127.0.0.1."""
    with running_server() as running:
        yield running


async def open_feeds(app: NewsreadApp, pilot: Pilot[None]) -> FeedsScreen:
    """From the library to the feeds screen, listed."""
    await settle(pilot)
    await pilot.press("F")
    await settle(pilot)
    assert isinstance(app.screen, FeedsScreen)
    return app.screen


def feed_titles(app: NewsreadApp) -> list[str]:
    """The feeds listed, by title."""
    return [r.sub.name for r in app.screen.query_one(FeedListView).rows]


def current_title(app: NewsreadApp) -> str:
    """The feed under the cursor."""
    row = app.screen.query_one(FeedListView).current
    assert row is not None
    return row.sub.name


async def follow(pilot: Pilot[None], address: str) -> None:
    """``a``, the address typed, ``enter``; then wait for the worker and the saver."""
    await pilot.press("a")
    await settle(pilot)
    assert isinstance(pilot.app.screen, FeedAddDialog)
    await pilot.press(*address, "enter")
    await settle(pilot, rounds=8)


# ---------------------------------------------------------------------- a: follow


async def test_enter_on_an_empty_follow_box_says_what_is_expected(
    library: Library, tmp_path: Path
) -> None:
    # It closed without a word, as if cancelled: the box stays open and says what to type.
    app = create_app(library, Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_feeds(app, pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("space", "enter")  # blank is empty too
        await settle(pilot)
        assert isinstance(app.screen, FeedAddDialog), "the box stays open"
        text = " ".join(line.strip(" │") for line in screen_text(app).splitlines())
        assert "Type a feed's address, a page that links to one, or a local file" in text
        assert subscriptions(library) == []
        feed = tmp_path / "harbour.xml"
        feed.write_text(HARBOUR, "utf-8")
        await pilot.press("backspace", *str(feed))  # typing brings the usual hint back
        await settle(pilot)
        assert "enter follows" in screen_text(app)
        assert "Type a feed's address" not in screen_text(app)
        await pilot.press("enter")
        await settle(pilot, rounds=8)
        assert isinstance(app.screen, FeedsScreen)
        assert feed_titles(app) == ["Harbour Notes"]


async def test_a_follows_a_feed_file_and_r_brings_its_articles(
    library: Library, tmp_path: Path
) -> None:
    feed = tmp_path / "harbour.xml"
    feed.write_text(HARBOUR, "utf-8")
    app = create_app(library, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await open_feeds(app, pilot)
        assert "Press a to follow one" in screen_text(app)
        await follow(pilot, str(feed))
        [sub] = subscriptions(library)
        assert (sub.url, sub.title) == (str(feed), "Harbour Notes")
        assert isinstance(app.screen, FeedsScreen)
        assert feed_titles(app) == ["Harbour Notes"]
        assert "Following Harbour Notes: press r to fetch its articles now." in notices(app)
        assert "1 feed · 0 unread" in screen_text(app)
        await pilot.press("r")
        await settle(pilot, rounds=8)
        assert [a.title for a in library.articles()] == ["Boats in the bay"]
        assert "1 feed · 1 unread" in screen_text(app)


async def test_a_finds_the_feed_a_web_page_links_to_and_the_cursor_goes_to_it(
    library: Library, server: FeedServer
) -> None:
    follow_feeds(library)
    feed_url = server.feed("/harbour.xml", HARBOUR)
    page = (
        '<html><head><link rel="alternate" type="application/rss+xml" href="/harbour.xml">'
        "</head><body><p>Our blog</p></body></html>"
    )
    server.serve("/blog/", Answer(200, page.encode(), {"Content-Type": "text/html"}))
    app = create_app(library, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await open_feeds(app, pilot)
        await follow(pilot, server.url("/blog/"))
        assert subscriptions(library)[-1].url == feed_url
        assert feed_titles(app)[-1] == "Harbour Notes"
        assert current_title(app) == "Harbour Notes"
        assert "5 feeds" in screen_text(app)


async def test_a_at_an_address_with_no_feed_says_why_and_follows_nothing(
    library: Library, server: FeedServer, tmp_path: Path
) -> None:
    follow_feeds(library)
    before = subscriptions(library)
    server.serve("/plain", Answer(200, b"<html><body>No feed</body></html>"))
    app = create_app(library, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await open_feeds(app, pilot)
        await follow(pilot, server.url("/plain"))
        await follow(pilot, str(tmp_path / "missing.xml"))
        errors = [n for n in notices(app) if n.startswith("Not followed:")]
        assert errors == [
            f"Not followed: {server.url('/plain')}: neither a feed nor a page that links to one",
            f"Not followed: {tmp_path / 'missing.xml'}: no such file",
        ]
        assert isinstance(app.screen, FeedsScreen) and app.is_running
        assert subscriptions(library) == before


async def test_keys_typed_after_the_address_act_on_the_feed_followed(
    library: Library, server: FeedServer
) -> None:
    """``a``, the address, ``enter`` and ``f`` in one burst: full text goes on for the new
    feed (keys wait while it is looked for), not for the one under the cursor before."""
    follow_feeds(library)
    url = server.feed("/harbour.xml", HARBOUR, delay=0.5)
    app = create_app(library, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await open_feeds(app, pilot)
        await pilot.press("a", *url, "enter", "f", "t", *"boats", "enter")
        await settle(pilot, rounds=8)
        subs = {s.url: s for s in subscriptions(library)}
        assert subs[url].full_text is True and subs[url].tags == ("boats",)
        assert subs[COAST].full_text is False and subs[COAST].tags == ("news",)
        assert current_title(app) == "Harbour Notes"


async def test_a_slow_server_holds_the_keys_typed_after_it_only_a_few_seconds(
    library: Library, server: FeedServer
) -> None:
    """Keys wait for the feed looked for, but not for a server that takes its time: after
    FIND_HOLD seconds they act again (q leaves)."""
    follow_feeds(library)
    url = server.feed("/slow.xml", HARBOUR, delay=30)
    app = create_app(library, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await open_feeds(app, pilot)
        await pilot.press("a", *url, "enter", "q")
        await pilot.pause(0.5)
        assert isinstance(app.screen, FeedsScreen), "held at first"
        assert "looking for the feed at" in screen_text(app)
        for _ in range(int((FIND_HOLD + 5) / 0.1)):
            if isinstance(app.screen, LibraryScreen):
                break
            await pilot.pause(0.1)
        assert isinstance(app.screen, LibraryScreen)
        await pilot.pause(0.5)
        assert len(subscriptions(library)) == 4, "nothing followed"


async def test_a_of_a_feed_followed_already_says_so(library: Library, tmp_path: Path) -> None:
    feed = tmp_path / "harbour.xml"
    feed.write_text(HARBOUR, "utf-8")
    subscribe(library, Subscription(str(feed), "Harbour Notes"))
    app = create_app(library, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await open_feeds(app, pilot)
        await follow(pilot, str(feed))
        assert "Already following Harbour Notes." in notices(app)
        assert len(subscriptions(library)) == 1


async def test_escape_in_the_add_dialog_follows_nothing(library: Library) -> None:
    follow_feeds(library)
    before = subscriptions(library)
    app = create_app(library, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await open_feeds(app, pilot)
        await pilot.press("a", *"https://x.example/feed", "escape")
        await settle(pilot)
        assert isinstance(app.screen, FeedsScreen)
        assert subscriptions(library) == before


# ---------------------------------------------------------------------- d: remove


async def test_d_asks_then_stops_following_and_the_articles_stay(library: Library) -> None:
    shelf = follow_feeds(library)
    articles = sorted(a.id for a in library.articles())
    app = create_app(library, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await open_feeds(app, pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep it
        await settle(pilot)
        assert [s.url for s in subscriptions(library)] == [s.url for s in shelf.subs]
        await pilot.press("d", "y")
        await settle(pilot)
        assert COAST not in [s.url for s in subscriptions(library)]
        assert "The Coast Courier" not in feed_titles(app)
        assert current_title(app) == "Hills Weekly"
        assert sorted(a.id for a in library.articles()) == articles, "articles stay"
        assert "No longer following The Coast Courier; its articles stay." in notices(app)
        assert "3 feeds" in screen_text(app)


async def test_d_on_the_last_feed_leaves_the_word_on_how_to_follow_one(
    library: Library, tmp_path: Path
) -> None:
    subscribe(library, Subscription(str(tmp_path / "one.xml"), "Only One"))
    app = create_app(library, Config())
    async with app.run_test(size=(100, 30)) as pilot:
        await open_feeds(app, pilot)
        await pilot.press("d", "y")
        await settle(pilot)
        assert subscriptions(library) == []
        assert "You follow no feeds yet." in screen_text(app)
        await pilot.press("d", "f", "t")  # no feed: each says so, nothing opens
        await settle(pilot)
        assert isinstance(app.screen, FeedsScreen)
        assert notices(app).count("No feed here: press a to follow one.") == 3


# ---------------------------------------------------------------------- f: full text


async def test_f_turns_full_text_on_and_off_and_says_so(library: Library) -> None:
    follow_feeds(library)
    app = create_app(library, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await open_feeds(app, pilot)
        await pilot.press("f")
        await settle(pilot)
        assert subscriptions(library)[0].full_text is True
        assert f"{COAST}  #news  · full text" in screen_text(app)  # the detail line
        assert (
            "Full text on for The Coast Courier: each new entry's web page is fetched at refresh."
            in notices(app)
        )
        await pilot.press("f")
        await settle(pilot)
        assert subscriptions(library)[0].full_text is False
        assert "· full text" not in screen_text(app)
        assert (
            "Full text off for The Coast Courier: new entries keep the text the feed carries."
            in notices(app)
        )


async def test_f_typed_fast_acts_on_each_feed_as_it_will_be(library: Library) -> None:
    follow_feeds(library)
    app = create_app(library, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await open_feeds(app, pilot)
        await pilot.press("f", "f", "f", "j", "f")  # on, off, on; then Hills on
        await settle(pilot)
        subs = {s.url: s for s in subscriptions(library)}
        assert subs[COAST].full_text is True
        assert subs[HILLS].full_text is True
        rows = {r.sub.url: r.sub for r in app.screen.query_one(FeedListView).rows}
        assert rows[COAST].full_text and rows[HILLS].full_text


async def test_full_text_turned_on_in_the_app_fetches_the_page_at_the_next_refresh(
    library: Library, server: FeedServer
) -> None:
    server.serve("/trains", Answer(200, PAGE.encode(), {"Content-Type": "text/html"}))
    url = teaser_feed(server)
    subscribe(library, Subscription(url, "Rail"))
    app = create_app(library, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await open_feeds(app, pilot)
        await pilot.press("f", "r")
        await settle(pilot, rounds=8)
        [article] = library.articles()
        texts = [p.text for p in library.paragraphs(article.id)]
        assert any("Operators say the sleeper cars" in t for t in texts), texts
        assert server.hits_of("/trains"), "the entry's page was fetched"


# ---------------------------------------------------------------------- t: tags


async def test_t_sets_the_tags_of_the_feeds_new_articles(library: Library) -> None:
    follow_feeds(library)
    app = create_app(library, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await open_feeds(app, pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TagEditor)
        await pilot.press(*"coast", "enter")  # after the tag it had: news
        await settle(pilot)
        assert subscriptions(library)[0].tags == ("news", "coast")
        assert "The Coast Courier: new articles get #news #coast." in notices(app)
        assert f"{COAST}  #news #coast" in screen_text(app)
        await pilot.press("t", *["backspace"] * 20, "enter")
        await settle(pilot)
        assert subscriptions(library)[0].tags == ()
        assert "The Coast Courier: no tags." in notices(app)
        await pilot.press("t", *"x", "escape")  # cancelled: nothing changes
        await settle(pilot)
        assert subscriptions(library)[0].tags == ()


async def test_n_names_the_feed_and_an_empty_name_gives_the_channels_back(
    library: Library,
) -> None:
    follow_feeds(library)
    app = create_app(library, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await open_feeds(app, pilot)
        assert current_title(app) == "The Coast Courier"
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, FeedNameDialog)
        await pilot.press(*["backspace"] * 30, *"Coast [b]paper[/b]", "enter")  # with markup
        await settle(pilot)
        coast = subscriptions(library)[0]
        assert (coast.title, coast.named) == ("Coast [b]paper[/b]", True)
        assert current_title(app) == "Coast [b]paper[/b]"
        assert "Coast [b]paper[/b]" in screen_text(app)
        assert "Named Coast [b]paper[/b]: kept when the channel renames itself." in notices(app)
        await pilot.press("n", *["backspace"] * 30, "enter")
        await settle(pilot)
        coast = subscriptions(library)[0]
        assert (coast.title, coast.named) == ("Coast [b]paper[/b]", False)
        assert "the channel's own title from the next refresh" in notices(app)[-1]
        await pilot.press("n", *"x", "escape")  # cancelled: nothing changes
        await settle(pilot)
        assert isinstance(app.screen, FeedsScreen)
        assert subscriptions(library)[0].named is False


# ---------------------------------------------------------------------- palette, read-only


@pytest.mark.parametrize("command", ["Full text on/off", "Stop following"])
async def test_the_palette_offers_the_feed_changes(library: Library, command: str) -> None:
    follow_feeds(library)
    app = create_app(library, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await open_feeds(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*command)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        if command == "Stop following":
            assert isinstance(app.screen, ConfirmScreen)
        else:
            assert subscriptions(library)[0].full_text is True


async def test_a_read_only_library_refuses_the_changes(library_path: Path) -> None:
    writer = Library.open(library_path, "write")
    follow_feeds(writer)
    reader = Library.open(library_path, "read")
    app = create_app(reader, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await open_feeds(app, pilot)
        await pilot.press("a", "d", "f", "t", "n")
        await settle(pilot)
        assert isinstance(app.screen, FeedsScreen), "no dialog opens"
        assert not subscriptions(writer)[0].full_text
        refused = [n for n in notices(app) if n.startswith("Not saved:")]
        assert len(refused) == 5, notices(app)
