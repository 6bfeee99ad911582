"""An article the user deleted stays deleted whichever followed feed lists it (the same feed
at two addresses, a category feed, a feed followed later), until it is added explicitly; the
record is written with the deletion, kept small, and goes through the JSON backup."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from click.testing import CliRunner

from tests.feeds.feedserver import FeedServer, rss
from tests.feeds.harbour_entries import FERRY, MARKET, PIER, titles
from tests.ui.library_pilot import settle
from tui_reader.cli import cli
from tui_reader.config import Config
from tui_reader.feeds.refresh import refresh_feeds
from tui_reader.feeds.removed import (
    FORGET_AFTER_DAYS,
    MAX_KEYS,
    SETTINGS_KEY,
    delete_article,
    removed_keys,
    with_removed,
)
from tui_reader.feeds.subscriptions import Subscription, subscribe
from tui_reader.store import Library
from tui_reader.ui.app import create_app


def test_the_same_feed_followed_later_at_another_address_does_not_bring_it_back(
    library: Library, feed_server: FeedServer, tmp_path: Path
) -> None:
    xml = rss("Harbour News", [PIER, MARKET])
    file = tmp_path / "news.xml"
    file.write_text(xml)
    subscribe(library, Subscription(str(file)))
    refresh_feeds(library)
    delete_article(library, titles(library)["The pier"])

    subscribe(library, Subscription(feed_server.feed("/news.xml", xml)))
    report = refresh_feeds(library)

    assert set(titles(library)) == {"The market"}
    assert report.new == 0
    assert [f.kept_out for f in report.feeds if f.sub.url.startswith("http")] == [1]


def test_a_category_feed_refreshed_after_the_deletion_does_not_bring_it_back(
    library: Library, feed_server: FeedServer
) -> None:
    site = feed_server.feed("/site.xml", rss("Harbour News", [PIER, MARKET, FERRY]))
    harbour = feed_server.feed("/harbour.xml", rss("Harbour News: harbour", [PIER, FERRY]))
    subscribe(library, Subscription(site))
    subscribe(library, Subscription(harbour))
    refresh_feeds(library, [site])
    delete_article(library, titles(library)["The pier"])

    report = refresh_feeds(library)

    assert set(titles(library)) == {"The market", "The ferry"}
    assert report.new == 0


def test_the_same_feed_followed_twice_keeps_a_deleted_article_out(
    library: Library, feed_server: FeedServer, tmp_path: Path
) -> None:
    """The tester's steps: a file path and a URL of one feed, refresh, delete, refresh."""
    xml = rss("Harbour News", [PIER, MARKET])
    file = tmp_path / "news.xml"
    file.write_text(xml)
    subscribe(library, Subscription(str(file)))
    subscribe(library, Subscription(feed_server.feed("/news.xml", xml)))
    refresh_feeds(library)
    delete_article(library, titles(library)["The pier"])
    feed_server.feed("/news.xml", rss("Harbour News", [PIER, MARKET, FERRY]))  # fresh, not 304

    report = refresh_feeds(library)

    assert set(titles(library)) == {"The market", "The ferry"}
    assert report.new == 1


def test_adding_it_explicitly_brings_it_back_and_refresh_keeps_it(
    library_path: Path, feed_server: FeedServer, tmp_path: Path
) -> None:
    xml = rss("Harbour News", [PIER, MARKET])
    file = tmp_path / "news.xml"
    file.write_text(xml)
    with Library.open(library_path, "write") as library:
        subscribe(library, Subscription(feed_server.feed("/news.xml", xml)))
        refresh_feeds(library)
        delete_article(library, titles(library)["The pier"])

    added = CliRunner().invoke(cli, ["--library", str(library_path), "add", str(file)])

    assert added.exit_code == 0, added.output
    with Library.open(library_path, "write") as library:
        assert set(titles(library)) == {"The pier", "The market"}
        feed_server.feed("/news.xml", rss("Harbour News", [PIER, MARKET, FERRY]))
        report = refresh_feeds(library)
        assert set(titles(library)) == {"The pier", "The market", "The ferry"}
        assert report.new == 1


def test_the_record_is_written_with_the_deletion_and_goes_through_the_backup(
    library_path: Path, feed_server: FeedServer, tmp_path: Path
) -> None:
    site = feed_server.feed("/site.xml", rss("Harbour News", [PIER, MARKET]))
    harbour = feed_server.feed("/harbour.xml", rss("Harbour", [PIER]))
    with Library.open(library_path, "write") as library:
        subscribe(library, Subscription(site))
        refresh_feeds(library)
        delete_article(library, titles(library)["The pier"])
        subscribe(library, Subscription(harbour))
    backup = tmp_path / "backup.json"
    runner = CliRunner()
    done = runner.invoke(cli, ["--library", str(library_path), "export", "--format", "json",
                               "--out", str(backup)])  # fmt: skip
    assert done.exit_code == 0, done.stderr
    other = tmp_path / "other"
    assert runner.invoke(cli, ["--library", str(other), "restore", str(backup)]).exit_code == 0
    merged = tmp_path / "merged"
    with Library.open(merged, "write") as library:
        subscribe(library, Subscription(harbour))
    done = runner.invoke(cli, ["--library", str(merged), "restore", "--merge", str(backup)])
    assert done.exit_code == 0, done.output

    for folder in (library_path, other, merged):
        with Library.open(folder, "write") as library:  # reopened: it was written to disk
            assert removed_keys(library.settings()), folder
            refresh_feeds(library)
            assert "The pier" not in titles(library), folder


def test_the_record_forgets_old_keys_and_keeps_at_most_max_keys() -> None:
    today = date(2026, 12, 2)
    old = with_removed({}, ["aaaaaaaaaaaa"], today - timedelta(days=FORGET_AFTER_DAYS + 1))
    recent = with_removed(old, ["bbbbbbbbbbbb"], today - timedelta(days=3))

    now = with_removed(recent, ["cccccccccccc", "bbbbbbbbbbbb"], today)

    assert removed_keys(now) == {"bbbbbbbbbbbb", "cccccccccccc"}
    many = [f"{n:012x}" for n in range(MAX_KEYS + 5)]
    full = with_removed(now, many, today)
    assert len(removed_keys(full)) == MAX_KEYS
    assert set(many[:MAX_KEYS]) == removed_keys(full)
    assert removed_keys({SETTINGS_KEY: {"2026-12-01": "not keys; rm -rf"}}) == frozenset()


async def test_d_in_the_app_keeps_the_article_out_of_the_next_refresh(
    library: Library, feed_server: FeedServer, tmp_path: Path
) -> None:
    xml = rss("Harbour News", [PIER])
    subscribe(library, Subscription(feed_server.feed("/news.xml", xml)))
    refresh_feeds(library)
    app = create_app(library, Config())
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        await pilot.press("d", "y")
        await settle(pilot)
    assert titles(library) == {}

    file = tmp_path / "news.xml"
    file.write_text(xml)
    subscribe(library, Subscription(str(file)))
    report = refresh_feeds(library)

    assert titles(library) == {}
    assert report.new == 0
