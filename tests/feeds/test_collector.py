"""A refresh holds Python's full collections back (each one walked the whole heap while
holding the GIL: the app's UI thread stalled up to 0.4 s at 100,000 articles), freezes
the heap it found, and puts the collector's thresholds back when it ends."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from tests.feeds.feedserver import FeedServer, rss
from tui_reader.feeds.collector import HELD_THRESHOLD, collector_held
from tui_reader.feeds.refresh import refresh_feeds
from tui_reader.feeds.subscriptions import Subscription, save_subscriptions
from tui_reader.store import Library


@pytest.fixture
def eager_collector() -> Iterator[list[int]]:
    """Thresholds low enough that a full collection runs every few allocations, and the
    generations collected meanwhile (restored afterwards; the frozen heap is unfrozen)."""
    saved = gc.get_threshold()
    collected: list[int] = []

    def seen(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            collected.append(info["generation"])

    gc.set_threshold(50, 1, 1)
    gc.callbacks.append(seen)
    try:
        yield collected
    finally:
        gc.callbacks.remove(seen)
        gc.set_threshold(*saved)
        gc.unfreeze()


def test_a_refresh_runs_no_full_collection_and_restores_the_thresholds(
    library: Library, feed_server: FeedServer, eager_collector: list[int]
) -> None:
    items = [(f"g{n}", f"http://c.test/{n}", f"Entry {n}", "Some text.") for n in range(40)]
    save_subscriptions(library, [Subscription(feed_server.feed("/c.xml", rss("C", items)))])
    during: list[int] = []

    def progress(_event: object) -> None:
        during.extend(eager_collector)
        eager_collector.clear()

    eager_collector.clear()
    report = refresh_feeds(library, progress=progress)
    during.extend(eager_collector)

    assert report.new == 40
    assert 0 in during  # the young generation is still collected
    assert 2 not in during  # never the whole heap
    assert gc.get_threshold() == (50, 1, 1)
    assert gc.get_freeze_count() > 0  # what was alive is out of the collector's walks


def test_nested_and_concurrent_holds_restore_the_thresholds_once_all_left(
    eager_collector: list[int],
) -> None:
    inside = threading.Event()
    leave = threading.Event()

    def other() -> None:
        with collector_held():
            inside.set()
            leave.wait(5)

    thread = threading.Thread(target=other)
    with collector_held():
        thread.start()
        assert inside.wait(5)
        with collector_held():
            assert gc.get_threshold()[2] == HELD_THRESHOLD
        assert gc.get_threshold()[2] == HELD_THRESHOLD
    assert gc.get_threshold()[2] == HELD_THRESHOLD  # the other thread is still inside
    leave.set()
    thread.join(5)
    assert gc.get_threshold() == (50, 1, 1)
