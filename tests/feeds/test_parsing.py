"""Feed answers parsed in a worker process (tui_reader/feeds/parsing.py): the same documents,
warnings and errors as parsing them in the refresh's own process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest

from tests.feeds.feedserver import FeedServer, rss
from tui_reader.feeds import parsing
from tui_reader.feeds import refresh as refreshing
from tui_reader.feeds.fetching import FeedFetch, FetchStatus
from tui_reader.feeds.parsing import FeedReader, Unreadable, parse_answer, parse_body
from tui_reader.feeds.refresh import FeedStatus, refresh_feeds
from tui_reader.feeds.subscriptions import Subscription, subscribe
from tui_reader.ingest.errors import IngestError
from tui_reader.store import Library

GOOD = rss(
    "Good <b>Feed</b>",
    [
        ("g1", "http://example.test/1", "First", "One.\n\nTwo, with <em>markup</em> text."),
        ("g2", "http://example.test/2", "Second \x1b[31mred", "Three."),
    ],
)
HALF = GOOD.replace("</channel></rss>", "<item><title>cut")
BROKEN = "<?xml version='1.0'?><rss><channel><title>x</ti"
LINKED = (
    '<html><head><link rel="alternate" type="application/rss+xml" href="/blog/feed">'
    "</head><body><p>Hello</p></body></html>"
)
PLAIN = "<html><body><p>No feed here.</p></body></html>"


class WaitingReader(FeedReader):
    """A reader that sends every body to the worker (it waits for the worker's start)."""

    sent = 0

    def submit(self, fetched: FeedFetch, origin: str) -> Future[Any] | None:
        if self._wanted:
            self._start()
        assert self._ready is not None
        self._ready.result(timeout=60)
        future = super().submit(fetched, origin)
        assert future is not None
        WaitingReader.sent += 1
        return future


def outcome(library: Library, server: FeedServer) -> dict[str, Any]:
    """Everything a refresh of the five feeds stored and reported, by feed path."""
    urls = {}
    for path, body in (
        ("/good.xml", GOOD),
        ("/half.xml", HALF),
        ("/broken.xml", BROKEN),
        ("/blog", LINKED),
        ("/page", PLAIN),
    ):
        urls[server.feed(path, body)] = path
        subscribe(library, Subscription(server.url(path)))
    report = refresh_feeds(library)
    found = {}
    for feed in report.feeds:
        found[urls[feed.sub.url]] = (
            feed.status,
            feed.error.replace(server.base, ""),
            feed.warnings,
            sorted((r.article.title, r.article.guid) for r in feed.results),
        )
    # /good.xml and /half.xml carry the same entries: whichever feed is stored first adds
    # them, the other finds them there (the feeds are fetched at once, in no fixed order)
    statuses = sorted(str(r.status) for feed in report.feeds for r in feed.results)
    texts = {a.title: [p.text for p in library.paragraphs(a.id)] for a in library.articles()}
    return {
        "feeds": found,
        "statuses": statuses,
        "texts": texts,
        "sources": sorted(a.source for a in library.articles()),
    }


def test_a_refresh_parsing_in_the_worker_stores_and_reports_what_parsing_here_does(
    tmp_path: Path, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Library.open(tmp_path / "here", "write") as here:
        expected = outcome(here, feed_server)
    monkeypatch.setattr(parsing, "MIN_FEEDS", 1)
    monkeypatch.setattr(refreshing, "FeedReader", WaitingReader)
    WaitingReader.sent = 0
    with Library.open(tmp_path / "worker", "write") as there:
        got = outcome(there, feed_server)

    assert WaitingReader.sent == 5  # every body went to the worker
    assert got == expected
    assert expected["feeds"]["/good.xml"][0] is FeedStatus.REFRESHED
    assert expected["feeds"]["/broken.xml"][0] is FeedStatus.FAILED
    assert "names its feed /blog/feed" in expected["feeds"]["/blog"][1]
    assert expected["texts"]["Second red"] == ["Three."]  # sanitised in the worker too


def test_an_ingest_error_in_the_worker_comes_back_as_it_is() -> None:
    reader = WaitingReader(parsing.MIN_FEEDS)
    try:
        sub = Subscription("http://x.test/page")
        fetched = FeedFetch(sub, FetchStatus.OK, data=PLAIN.encode(), url=sub.url)
        future = reader.submit(fetched, sub.url)
        assert future is not None
        with pytest.raises(IngestError, match="without a feed link"):
            future.result(timeout=60)
    finally:
        reader.close()


def test_a_parser_surprise_is_named_by_its_type(monkeypatch: pytest.MonkeyPatch) -> None:
    def surprise(fetched: FeedFetch, origin: str) -> None:
        raise KeyError("deep inside")

    monkeypatch.setattr(parsing, "parse_answer", surprise)
    with pytest.raises(Unreadable) as caught:
        parse_body(b"<rss/>", "http://x.test/f", "", "http://x.test/f")
    assert caught.value.kind == "KeyError" and "deep inside" in str(caught.value)


def test_few_feeds_or_no_body_start_no_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []
    monkeypatch.setattr(FeedReader, "_start", lambda self: started.append(1))
    sub = Subscription("http://x.test/f")
    fetched = FeedFetch(sub, FetchStatus.OK, data=GOOD.encode(), url=sub.url)

    assert FeedReader(parsing.MIN_FEEDS - 1).submit(fetched, sub.url) is None
    assert not started
    FeedReader(parsing.MIN_FEEDS)  # only a body to parse starts it
    assert not started
    assert FeedReader(parsing.MIN_FEEDS).submit(fetched, sub.url) is None  # not ready yet
    assert started == [1]


def test_a_dead_worker_leaves_the_parse_to_this_process() -> None:
    sub = Subscription("http://x.test/f")
    fetched = FeedFetch(sub, FetchStatus.OK, data=GOOD.encode(), url=sub.url)
    dead: Future[Any] = Future()
    dead.set_exception(RuntimeError("a process pool was terminated abruptly"))

    docs = refreshing._read(fetched, sub.url, dead)

    assert [d.title for d in docs] == [d.title for d in parse_answer(fetched, sub.url)]


KILLED = """
import os, signal, sys
from tests.feeds.test_parsing import GOOD, WaitingReader
from tui_reader.feeds.fetching import FeedFetch, FetchStatus
from tui_reader.feeds.subscriptions import Subscription

if __name__ == "__main__":
    reader = WaitingReader(10_000)
    sub = Subscription("http://x.test/f")
    fetched = FeedFetch(sub, FetchStatus.OK, data=GOOD.encode(), url=sub.url)
    assert len(reader.submit(fetched, sub.url).result(timeout=60)) == 2
    import multiprocessing
    print(*[p.pid for p in multiprocessing.active_children()], flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_killed_refresh_leaves_no_worker_behind(tmp_path: Path) -> None:
    script = tmp_path / "killed.py"
    script.write_text(KILLED)
    killed = subprocess.Popen(
        [sys.executable, str(script)],
        cwd=Path(__file__).resolve().parents[2],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert killed.stdout is not None
    workers = [int(pid) for pid in killed.stdout.readline().split()]
    try:
        assert killed.wait(timeout=120) == -signal.SIGKILL
        assert workers  # the worker had started
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(alive(pid) for pid in workers)
    finally:
        killed.stdout.close()
        for pid in workers:  # never leave one running, even when the test fails
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie waiting for its reaper counts as ended)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
