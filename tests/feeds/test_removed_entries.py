"""An article removed from the library (deleted by the user, or by retention) is not added
again by the next refresh while its feed still lists it; the record of the entries seen is
small, kept with the feed, in the backup, and forgets entries that left the feed long ago."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner

from tests.feeds.feedserver import FeedServer, rss
from tests.feeds.harbour_entries import FERRY, MARKET, PIER, titles
from tui_reader.cli import cli
from tui_reader.feeds.ignore import add_rule, remove_rule
from tui_reader.feeds.refresh import refresh_feeds
from tui_reader.feeds.seen import FORGET_AFTER_DAYS, MAX_GONE, parse_seen, remember, seen_keys
from tui_reader.feeds.subscriptions import Subscription, subscribe, subscriptions
from tui_reader.model import Queue, ReadingState
from tui_reader.store import Library


def test_a_deleted_article_does_not_come_back_while_the_feed_lists_it(
    library: Library, feed_server: FeedServer
) -> None:
    url = feed_server.feed("/news.xml", rss("Harbour News", [PIER, MARKET]))
    subscribe(library, Subscription(url))
    refresh_feeds(library)
    library.delete(titles(library)["The pier"])
    feed_server.feed("/news.xml", rss("Harbour News", [PIER, MARKET, FERRY]))

    report = refresh_feeds(library)

    assert set(titles(library)) == {"The market", "The ferry"}
    [feed] = report.feeds
    assert (feed.new, feed.kept_out) == (1, 1)
    assert feed.to_json()["removed_earlier"] == 1
    assert "1 new article" in report.summary()


def test_a_deleted_entry_whose_link_changed_is_still_known_by_its_guid(
    library: Library, feed_server: FeedServer
) -> None:
    url = feed_server.feed("/news.xml", rss("Harbour News", [PIER]))
    subscribe(library, Subscription(url))
    refresh_feeds(library)
    library.delete(titles(library)["The pier"])
    moved = ("g1", "http://example.test/pier?utm=1", "The pier", "The harbour council met.")
    feed_server.feed("/news.xml", rss("Harbour News", [moved]))

    report = refresh_feeds(library)

    assert titles(library) == {} and report.feeds[0].kept_out == 1


def test_an_article_removed_by_retention_does_not_come_back(
    library: Library, feed_server: FeedServer
) -> None:
    url = feed_server.feed("/news.xml", rss("Harbour News", [PIER, MARKET]))
    subscribe(library, Subscription(url, remove_after=30))
    refresh_feeds(library)
    old = (datetime.now(UTC) - timedelta(days=40)).isoformat(timespec="seconds")
    pier = library.get(titles(library)["The pier"])
    from dataclasses import replace

    library.put_many(
        [(replace(pier, added=old, queue=Queue.ARCHIVE, state=ReadingState.READ), None, ())]
    )
    first = refresh_feeds(library)
    assert first.feeds[0].removed == 1 and set(titles(library)) == {"The market"}

    again = refresh_feeds(library)

    assert set(titles(library)) == {"The market"}
    assert (again.new, again.feeds[0].kept_out) == (0, 1)


def test_the_record_survives_reopening_and_goes_through_the_backup(
    tmp_path: Path, library_path: Path, feed_server: FeedServer
) -> None:
    url = feed_server.feed("/news.xml", rss("Harbour News", [PIER, MARKET]))
    with Library.open(library_path, "write") as library:
        subscribe(library, Subscription(url))
        refresh_feeds(library)
        library.delete(titles(library)["The pier"])
    backup = tmp_path / "backup.json"
    runner = CliRunner()
    done = runner.invoke(cli, ["--library", str(library_path), "export", "--format", "json",
                               "--out", str(backup)])  # fmt: skip
    assert done.exit_code == 0, done.stderr
    other = tmp_path / "other"
    done = runner.invoke(cli, ["--library", str(other), "restore", str(backup)])
    assert done.exit_code == 0, done.stderr

    for folder in (library_path, other):
        with Library.open(folder, "write") as library:
            report = refresh_feeds(library)
            assert set(titles(library)) == {"The market"}, folder
            assert report.feeds[0].kept_out == 1


def test_an_ignored_entry_arrives_once_its_rule_is_gone(
    library: Library, feed_server: FeedServer
) -> None:
    url = feed_server.feed("/news.xml", rss("Harbour News", [PIER, MARKET]))
    subscribe(library, Subscription(url))
    add_rule(library, "title:pier")
    refresh_feeds(library)
    assert set(titles(library)) == {"The market"}
    remove_rule(library, "1")

    report = refresh_feeds(library)

    assert set(titles(library)) == {"The pier", "The market"}
    assert (report.new, report.feeds[0].kept_out) == (1, 0)


def test_feeds_json_does_not_show_the_record(library_path: Path, feed_server: FeedServer) -> None:
    url = feed_server.feed("/news.xml", rss("Harbour News", [PIER]))
    with Library.open(library_path, "write") as library:
        subscribe(library, Subscription(url))
        refresh_feeds(library)
        assert subscriptions(library)[0].seen  # kept with the feed
    done = CliRunner().invoke(cli, ["--library", str(library_path), "feeds", "--json"])
    [row] = json.loads(done.stdout)
    assert "seen" not in row and row["url"] == url


def test_the_record_keeps_what_the_feed_lists_and_forgets_what_left_long_ago() -> None:
    today = date(2026, 12, 1)
    old = remember({}, ["aaaaaaaaaaaa", "bbbbbbbbbbbb"], today - timedelta(days=10))
    now = remember(old, ["bbbbbbbbbbbb", "cccccccccccc"], today)
    assert seen_keys(now) == {"aaaaaaaaaaaa", "bbbbbbbbbbbb", "cccccccccccc"}
    assert now[today.isoformat()] == "bbbbbbbbbbbb cccccccccccc"
    later = today + timedelta(days=FORGET_AFTER_DAYS + 1)
    assert seen_keys(remember(now, ["cccccccccccc"], later)) == {"cccccccccccc"}


def test_the_record_of_entries_gone_from_the_feed_is_bounded() -> None:
    today = date(2026, 12, 1)
    many = [f"{n:012x}" for n in range(MAX_GONE + 500)]
    before = remember({}, many, today - timedelta(days=1))
    after = remember(before, [], today)
    assert len(seen_keys(after)) == MAX_GONE


def test_a_damaged_record_keeps_only_well_formed_days_and_keys() -> None:
    raw = {
        "2026-12-01": "aaaaaaaaaaaa bbbbbbbbbbbb",
        "2026-12-02": "x aaaaaaaaaaaa <b>",
        "someday": "cccccccccccc",
        "2026-12-03": 5,
    }
    assert parse_seen(raw) == {
        "2026-12-01": "aaaaaaaaaaaa bbbbbbbbbbbb",
        "2026-12-02": "aaaaaaaaaaaa",
    }
    assert parse_seen(["aaaaaaaaaaaa"]) == {}
