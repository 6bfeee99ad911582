"""``newsread refresh``: exit codes, one line per failing feed, totals, JSON, hostile
feed text shown literally, and a refresh killed mid-way that the next one completes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner, Result

from tests.cli.test_hostile_output import _run_on_pty, assert_clean, raw_server  # noqa: F401
from tests.conftest import ROOT
from tests.feeds.feedserver import FeedServer, rss
from tui_reader.cli import cli
from tui_reader.feeds.subscriptions import Subscription, subscribe, subscriptions
from tui_reader.store import Library, OpenMode

HOSTILE = "\x1b]0;PWNED\x07\x1b[2J\x9b31m\u202e"
#: Looks like markup to Rich or a shell: must come out as it went in.
MARKUP = "[bold red]Evil[/] [link=http://x.test]me[/link] $(rm -rf ~) <b>"


def run(library_path: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["--library", str(library_path), *args], color=True)
    assert_clean(result.stdout_bytes)
    assert_clean(result.stderr_bytes)
    assert "Traceback" not in result.output
    return result


def follow(library_path: Path, *urls: str) -> None:
    with Library.open(library_path) as library:
        for url in urls:
            subscribe(library, Subscription(url))


def test_refresh_exits_0_and_prints_the_totals(library_path: Path, feed_server: FeedServer) -> None:
    url = feed_server.feed("/a.xml", rss("Alpha", [("1", "http://a.test/1", "One", "Text.")]))
    follow(library_path, url)

    result = run(library_path, "refresh")

    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        "1 of 1 feed refreshed (0 not modified), 0 failed, 1 new article, 0 updated"
    )
    assert result.stderr == ""


def test_a_skipped_feed_says_why_and_until_when(
    library_path: Path, feed_server: FeedServer
) -> None:
    from tests.feeds.feedserver import Answer

    url = feed_server.serve("/busy.xml", Answer(503, b"later", {"Retry-After": "3600"}))
    follow(library_path, url)
    run(library_path, "refresh")

    result = run(library_path, "refresh")

    assert result.exit_code == 0, result.output
    assert "1 skipped" in result.stdout
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"newsread: skipped {url}: the server asked to wait until 20")


def test_some_feeds_failing_exit_1_with_one_line_each(
    library_path: Path, feed_server: FeedServer
) -> None:
    good = feed_server.feed("/a.xml", rss("Alpha", [("1", "http://a.test/1", "One", "Text.")]))
    bad = feed_server.status("/bad.xml", 500)
    follow(library_path, good, bad, feed_server.url("/missing.xml"))

    result = run(library_path, "refresh")

    assert result.exit_code == 1
    assert sorted(result.stderr.splitlines()) == [  # in the order they failed
        f"newsread: {bad}: HTTP 500 Internal Server Error",
        f"newsread: {feed_server.url('/missing.xml')}: HTTP 404 Not Found",
    ]
    assert "2 failed, 1 new article" in result.stdout
    listed = run(library_path, "feeds")
    assert "error: HTTP 500 Internal Server Error" in listed.stdout
    assert "refreshed just now" in listed.stdout  # the good feed's time, as the app says it


def test_an_unknown_feed_is_bad_input_exit_2(library_path: Path, feed_server: FeedServer) -> None:
    url = feed_server.feed("/a.xml", rss("Alpha", [("1", "http://a.test/1", "One", "Text.")]))
    follow(library_path, url)

    result = run(library_path, "refresh", url, "nonsense")

    assert result.exit_code == 2
    assert result.stderr == "newsread: error: no feed 'nonsense' (see `newsread feeds`)\n"
    assert feed_server.hits == []


def test_refresh_without_feeds_says_how_to_follow_one(library_path: Path) -> None:
    follow(library_path)  # a library, with no feed in it
    result = run(library_path, "refresh")
    assert result.exit_code == 0
    assert "newsread feeds add" in result.stdout


def test_refresh_json_report(library_path: Path, feed_server: FeedServer) -> None:
    url = feed_server.feed("/a.xml", rss("Alpha", [("1", "http://a.test/1", "One", "Text.")]))
    follow(library_path, url, feed_server.url("/nope.xml"))

    result = run(library_path, "refresh", "--json")

    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert (report["total"], report["failed"], report["new"]) == (2, 1, 1)
    first = report["feeds"][0] if report["feeds"][0]["url"] == url else report["feeds"][1]
    assert first["title"] == "Alpha" and first["articles"][0]["title"] == "One"


def test_hostile_feed_text_is_shown_literally(library_path: Path, feed_server: FeedServer) -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"{MARKUP}{HOSTILE} feed",
        "items": [
            {
                "id": "1",
                "url": "http://e.test/1",
                "title": f"{MARKUP} entry{HOSTILE}",
                "content_text": f"x{HOSTILE}",
            }
        ],
    }
    url = feed_server.feed("/evil.json", json.dumps(feed))
    follow(library_path, url)

    refreshed = run(library_path, "refresh")
    listed = run(library_path, "feeds")
    shown = run(library_path, "list")

    assert refreshed.exit_code == 0
    assert f"1. {MARKUP} feed\n" in listed.stdout
    assert f"{MARKUP} entry" in run(library_path, "list", "--json").stdout.replace("\\", "")
    assert "[bold red]Evil[/]" in shown.stdout


def test_a_hostile_reason_phrase_in_a_refresh_error(library_path: Path, raw_server: str) -> None:  # noqa: F811
    follow(library_path, raw_server + "/reason")

    result = run(library_path, "refresh")

    assert result.exit_code == 1
    assert result.stderr.startswith(f"newsread: {raw_server}/reason: HTTP 404 ")
    assert result.stderr.endswith("gone\n")
    with Library.open(library_path, OpenMode.READ) as library:
        assert "\x1b" not in subscriptions(library)[0].last_error


def test_the_progress_bar_on_a_terminal_is_clean(
    library_path: Path, feed_server: FeedServer, tmp_path: Path
) -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"Evil{HOSTILE} feed",
        "items": [{"id": "1", "url": "http://e.test/1", "title": "t", "content_text": "x"}],
    }
    urls = [feed_server.feed(f"/evil{n}.json", json.dumps(feed), delay=0.2) for n in range(3)]
    follow(library_path, *urls)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "HOME": str(tmp_path),
        "TERM": "xterm-256color",
        "NEWSREAD_LIBRARY": str(library_path),
    }

    out = _run_on_pty(["refresh"], env)

    assert b"3 of 3 feeds refreshed" in out
    assert_clean(out, terminal=True)


# ---------------------------------------------------------------- killed mid-way


def _titles(library_path: Path) -> list[str]:
    # opened for writing, as the next `newsread` does: that finishes a change the kill cut
    # short (a read-only open does not, and can see a half-applied one)
    with Library.open(library_path, OpenMode.WRITE) as library:
        assert library.check() == []
        return sorted(a.title for a in library.articles())


def test_a_refresh_killed_mid_way_leaves_the_library_whole_and_the_next_completes(
    library_path: Path, feed_server: FeedServer, tmp_path: Path
) -> None:
    urls = []
    for n in range(12):
        items = [
            (f"{n}-{i}", f"http://k.test/{n}/{i}", f"Feed {n} entry {i}", "Text.")
            for i in range(20)
        ]
        delay = 30.0 if n % 4 == 3 else 0.0  # three feeds hang while the others are stored
        urls.append(
            feed_server.feed(f"/k{n}.xml", rss(f"Feed {n}", items), delay=delay, etag=f'"{n}"')
        )
    follow(library_path, *urls)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NEWSREAD_LIBRARY": str(library_path)}
    child = subprocess.Popen(
        [sys.executable, "-m", "tui_reader", "refresh", "--quiet"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    texts = library_path / "texts"
    # kill as soon as the first feeds are being stored (their texts and records go to
    # text packs first, the records into their catalog shards at the end); the slow ones
    # still hang
    while not any(texts.glob("*.json*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert time.monotonic() < deadline
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    assert child.returncode == -signal.SIGKILL

    stored = _titles(library_path)  # opens, and check() finds nothing wrong
    with Library.open(library_path, OpenMode.READ) as library:
        states = {s.url: s for s in subscriptions(library)}
    for n, url in enumerate(urls):
        done = any(t.startswith(f"Feed {n} entry") for t in stored)
        # a feed's state is saved with its articles, never before them
        assert bool(states[url].etag) == done
        assert sum(t.startswith(f"Feed {n} entry") for t in stored) in (0, 20)
    assert stored, "the fast feeds were stored before the kill"
    for n in range(3, 12, 4):
        feed_server.answers[f"/k{n}.xml"][0].delay = 0

    result = run(library_path, "refresh")

    assert result.exit_code == 0, result.output
    assert len(_titles(library_path)) == 12 * 20
    assert f"{12 * 20 - len(stored)} new articles" in result.stdout


def test_ctrl_c_stops_a_refresh_keeping_what_arrived_and_says_so(
    library_path: Path, feed_server: FeedServer, tmp_path: Path
) -> None:
    fast = feed_server.feed(
        "/fast.xml", rss("Fast", [("f1", "http://c.test/f1", "Fast entry", "Text.")])
    )
    slow = feed_server.feed(
        "/slow.xml", rss("Slow", [("s1", "http://c.test/s1", "Slow entry", "Text.")]), delay=30.0
    )
    follow(library_path, fast, slow)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NEWSREAD_LIBRARY": str(library_path)}
    child = subprocess.Popen(
        [sys.executable, "-m", "tui_reader", "refresh", "--quiet"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not feed_server.hits_of("/slow.xml") and time.monotonic() < deadline:
        time.sleep(0.01)
    while not _stored_titles(library_path) and time.monotonic() < deadline:
        time.sleep(0.05)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=20)

    assert child.returncode == 130
    assert out.splitlines()[-1].endswith(", stopped early (1 feed not refreshed)")
    assert err.splitlines()[-1] == (
        "newsread: error: interrupted: what was fetched is kept; run newsread refresh again to finish"
    )
    assert _titles(library_path) == ["Fast entry"]


def _stored_titles(library_path: Path) -> list[str]:
    """The titles stored so far, read while another newsread holds the library."""
    if not (library_path / "catalog").exists():
        return []
    with Library.open(library_path, OpenMode.READ) as library:
        return sorted(a.title for a in library.articles())
