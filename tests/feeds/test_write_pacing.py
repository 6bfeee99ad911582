"""A refresh stores parsed answers while other parses are still under way (the writes keep
pace with the parses, also after the last answer arrived), and the parser worker takes the
bodies that arrive while it starts (tui_reader/feeds/refresh.py, parsing.py)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests.feeds.feedserver import FeedServer, rss
from tui_reader.feeds import parsing
from tui_reader.feeds import refresh as refreshing
from tui_reader.feeds.fetching import FeedFetch, FetchStatus
from tui_reader.feeds.parsing import FeedReader, parse_answer
from tui_reader.feeds.refresh import FeedStatus, refresh_feeds
from tui_reader.feeds.subscriptions import Subscription, subscribe
from tui_reader.store import Library

T = TypeVar("T")
FEEDS = 4
#: Seconds between two parses finishing (the slow parser below).
GAP = 0.3


class SlowReader:
    """Parses every body on a thread of its own, one at a time, GAP seconds each; records
    when each parse finished."""

    finished: list[float] = []

    def __init__(self, feeds: int) -> None:
        self._lock = threading.Lock()

    def submit(self, fetched: FeedFetch, origin: str) -> Future[Any]:
        future: Future[Any] = Future()

        def parse() -> None:
            with self._lock:
                time.sleep(GAP)
                future.set_result(parse_answer(fetched, origin))
                SlowReader.finished.append(time.monotonic())

        threading.Thread(target=parse, daemon=True).start()
        return future

    def close(self) -> None:
        """Nothing to stop."""


def test_what_is_parsed_is_stored_before_the_last_parse_ends(
    tmp_path: Path, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(refreshing, "FeedReader", SlowReader)
    monkeypatch.setattr(refreshing, "WRITE_SOON", 1)  # as soon as the writer is free
    monkeypatch.setattr(refreshing, "WRITE_EVERY", 60.0)  # (not by the clock)
    SlowReader.finished = []
    writes: list[tuple[float, float]] = []

    def writer(write: Callable[[], T]) -> T:
        started = time.monotonic()
        try:
            return write()
        finally:
            writes.append((started, time.monotonic()))

    with Library.open(tmp_path / "lib", "write") as library:
        for n in range(FEEDS):
            body = rss(f"Feed {n}", [(f"g{n}", f"http://e.test/{n}", f"Entry {n}", "Text.")])
            subscribe(library, Subscription(feed_server.feed(f"/f{n}.xml", body)))
        report = refresh_feeds(library, writer=writer)

        assert [f.status for f in report.feeds] == [FeedStatus.REFRESHED] * FEEDS
        assert report.new == FEEDS
        assert len(library) == FEEDS
    # every answer arrived at once, the parses ended GAP seconds apart: the first
    # entries were written while the last were still being parsed, not all after it
    assert len(SlowReader.finished) == FEEDS
    assert writes[0][0] < SlowReader.finished[-1]
    assert len(writes) >= 2


def test_a_body_that_arrives_while_the_worker_starts_waits_for_it() -> None:
    reader = FeedReader(parsing.MIN_FEEDS)
    try:
        sub = Subscription("http://x.test/f")
        body = rss("Feed", [("g1", "http://x.test/1", "One", "Text.")])
        fetched = FeedFetch(sub, FetchStatus.OK, data=body.encode(), url=sub.url)
        future = reader.submit(fetched, sub.url)  # the worker has not started yet
        assert future is not None  # queued for it, not parsed here
        docs = future.result(timeout=60)
        assert [(d.title, d.guid) for d in docs] == [
            (d.title, d.guid) for d in parse_answer(fetched, sub.url)
        ]
    finally:
        reader.close()
