"""``newsread feeds set FEED --enable``: a feed disabled by 410 Gone is fetched again."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tests.feeds.feedserver import Answer, FeedServer, rss
from tui_reader.cli import cli
from tui_reader.feeds.subscriptions import Subscription, subscribe, subscriptions
from tui_reader.store import Library

FEED = rss("Back Again", [("b1", "http://example.test/1", "Back entry", "It came back.")])


def run(library_path: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--library", str(library_path), *args])
    return result.exit_code, result.stdout, result.stderr


def test_feeds_set_enable_fetches_a_gone_feed_again(
    library_path: Path, feed_server: FeedServer
) -> None:
    gone = Answer(410, b"gone", {})
    back = Answer(200, FEED.encode(), {"Content-Type": "application/rss+xml"})
    url = feed_server.serve("/moved-on.xml", gone, back)
    with Library.open(library_path, "write") as library:
        subscribe(library, Subscription(url, "Back Again"))

    code, _, err = run(library_path, "refresh")
    assert code == 1 and "410" in err
    code, out, err = run(library_path, "feeds", "set", "1", "--archive-after", "3")
    assert (code, err) == (0, "")
    assert out.startswith("Back Again: disabled (410 Gone; --enable fetches it again)")
    code, _, err = run(library_path, "refresh")
    assert "skipped Back Again: disabled" in err and "--enable" in err
    assert len(feed_server.hits_of("/moved-on.xml")) == 1  # not fetched while disabled

    code, out, err = run(library_path, "feeds", "set", "Back Again", "--enable")
    assert (code, err) == (0, "")
    assert out == (
        "Back Again: enabled (fetched at the next refresh) · archive read after 3 days\n"
    )
    with Library.open(library_path) as library:
        [sub] = subscriptions(library)
        assert not sub.disabled and sub.archive_after == 3
    code, out, err = run(library_path, "refresh")
    assert (code, err) == (0, "")
    assert "1 new article" in out
    with Library.open(library_path) as library:
        assert [a.title for a in library.articles()] == ["Back entry"]
