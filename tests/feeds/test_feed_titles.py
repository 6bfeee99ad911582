"""A feed's title follows its channel's when the channel renames itself, unless the
person named the feed (``feeds set --title``, or an OPML file's own name for it)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tests.feeds.feedserver import FeedServer, rss
from tui_reader.cli import cli
from tui_reader.feeds.opml import read_opml, write_opml
from tui_reader.feeds.options import keep_options, set_options
from tui_reader.feeds.refresh import refresh_feeds, refreshed_title
from tui_reader.feeds.subscriptions import Subscription, subscribe, subscriptions
from tui_reader.store import Library

ENTRY = [("g1", "http://example.test/a", "A story", "The harbour council met on Tuesday.")]


def title_after_refresh(library: Library) -> tuple[str, bool]:
    refresh_feeds(library)
    sub = subscriptions(library)[0]
    return sub.title, sub.named


def test_a_renamed_channel_renames_the_feed(library: Library, feed_server: FeedServer) -> None:
    url = feed_server.feed("/news.xml", rss("Harbour News", ENTRY))
    subscribe(library, Subscription(url))
    assert title_after_refresh(library) == ("Harbour News", False)
    feed_server.feed("/news.xml", rss("Harbour & Coast News", ENTRY))
    assert title_after_refresh(library) == ("Harbour & Coast News", False)


def test_a_feed_named_by_the_person_keeps_its_name(
    library: Library, feed_server: FeedServer
) -> None:
    url = feed_server.feed("/news.xml", rss("Harbour News", ENTRY))
    subscribe(library, Subscription(url))
    refresh_feeds(library)
    named = set_options(library, url, title="  Local paper ")
    assert (named.title, named.named) == ("Local paper", True)
    feed_server.feed("/news.xml", rss("Harbour & Coast News", ENTRY))
    assert title_after_refresh(library) == ("Local paper", True)
    # Named again with nothing: the channel's own title comes back at the next refresh.
    unnamed = set_options(library, url, title="")
    assert (unnamed.title, unnamed.named) == ("Local paper", False)
    assert title_after_refresh(library) == ("Harbour & Coast News", False)


def test_an_opml_name_unlike_the_channels_is_kept_and_a_like_one_follows_it(
    library: Library, feed_server: FeedServer
) -> None:
    mine = feed_server.feed("/mine.xml", rss("Harbour News", ENTRY))
    same = feed_server.feed("/same.xml", rss("Coast Weekly", ENTRY))
    opml = write_opml([Subscription(mine, title="My harbour"), Subscription(same, "Coast Weekly")])
    for sub in read_opml(opml):
        subscribe(library, sub)
    refresh_feeds(library)
    feed_server.feed("/mine.xml", rss("Harbour News Daily", ENTRY))
    feed_server.feed("/same.xml", rss("Coast Weekly Review", ENTRY))
    refresh_feeds(library)
    titles = {s.url: (s.title, s.named) for s in subscriptions(library)}
    assert titles == {mine: ("My harbour", True), same: ("Coast Weekly Review", False)}


def test_the_name_travels_through_opml() -> None:
    subs = [Subscription("http://example.test/a.xml", title="Mine", named=True)]
    assert [(s.title, s.named) for s in read_opml(write_opml(subs))] == [("Mine", True)]


def test_a_name_given_while_the_feed_was_being_fetched_stays() -> None:
    stored = Subscription("http://example.test/a.xml", title="Mine", named=True)
    refreshed = Subscription("http://example.test/a.xml", title="Channel", last_refresh="x")
    kept = keep_options(refreshed, stored)
    assert (kept.title, kept.named, kept.last_refresh) == ("Mine", True, "x")
    unnamed = keep_options(refreshed, Subscription("http://example.test/a.xml", title="Old"))
    assert (unnamed.title, unnamed.named) == ("Channel", False)


def test_a_channel_without_a_title_leaves_the_feeds_alone() -> None:
    sub = Subscription("http://example.test/a.xml", title="Known", last_refresh="x")
    assert refreshed_title(sub, "") == ("Known", False)


def test_adding_a_named_feed_again_keeps_its_name(library: Library) -> None:
    url = "http://example.test/a.xml"
    subscribe(library, Subscription(url, title="Mine", named=True))
    again, new = subscribe(library, Subscription(url, title="Channel"))
    assert not new and (again.title, again.named) == ("Mine", True)


def test_feeds_set_title_on_the_command_line(library_path: Path) -> None:
    url = "http://example.test/a.xml"
    with Library.open(library_path) as library:
        subscribe(library, Subscription(url, title="Channel"))
    runner = CliRunner()
    args = ["--library", str(library_path), "feeds", "set", url]
    named = runner.invoke(cli, [*args, "--title", "Mine \x1b[31m"])
    assert named.exit_code == 0, named.output
    assert "Mine: named (kept through refreshes)" in named.output
    assert "\x1b" not in named.output
    again = runner.invoke(cli, [*args, "--title", ""])
    assert again.exit_code == 0
    assert "its channel's title from the next refresh" in again.output
    with Library.open(library_path, "read") as library:
        sub = subscriptions(library)[0]
    assert (sub.title, sub.named) == ("Mine", False)
