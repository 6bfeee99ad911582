"""The queue of a bulk import's new articles and the thread that indexes them."""

from __future__ import annotations

import threading

import pytest

from tui_reader.index import behind
from tui_reader.index.behind import THREAD_NAME, InsertsBehind
from tui_reader.index.records import IndexRecord


def records(*ids: str) -> list[IndexRecord]:
    return [IndexRecord(i, f"Title {i}", "", "", f"Text {i}", "sig") for i in ids]


class HeldInsert:
    """An insert that waits for :attr:`release` on its first call; records every call."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self.started = threading.Event()
        self.release = threading.Event()

    def __call__(self, batch: list[IndexRecord]) -> None:
        self.calls.append([r.id for r in batch])
        self.started.set()
        assert self.release.wait(10)


def inserter_running() -> bool:
    return any(t.name == THREAD_NAME for t in threading.enumerate())


def test_batches_waiting_behind_an_insert_go_in_one_transaction() -> None:
    insert = HeldInsert()
    queue = InsertsBehind(insert)
    queue.put(records("a", "b"))
    assert insert.started.wait(5)
    queue.put(records("c"))
    queue.put(records("d", "e"))
    assert queue.holds(["e"]) and queue.holds(["a"]) and not queue.holds(["z"])
    insert.release.set()
    queue.drain()
    assert insert.calls == [["a", "b"], ["c", "d", "e"]]
    assert not queue.holds(["a", "c", "e"])


def test_the_thread_ends_once_the_queue_is_empty() -> None:
    insert = HeldInsert()
    insert.release.set()
    queue = InsertsBehind(insert)
    queue.put(records("a"))
    queue.drain()
    for thread in threading.enumerate():
        if thread.name == THREAD_NAME:
            thread.join(5)
    assert not inserter_running()
    queue.put(records("b"))  # a new thread for the next batch
    queue.drain()
    assert insert.calls == [["a"], ["b"]]


def test_a_writer_waits_while_too_many_articles_are_waiting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(behind, "WAITING", 2)
    insert = HeldInsert()
    queue = InsertsBehind(insert)
    queue.put(records("a"))
    assert insert.started.wait(5)
    queue.put(records("b", "c"))  # two waiting: the limit
    writer = threading.Thread(target=lambda: queue.put(records("d")))
    writer.start()
    writer.join(0.3)
    assert writer.is_alive()  # held until the thread takes what waits
    insert.release.set()
    writer.join(5)
    assert not writer.is_alive()
    queue.drain()
    assert sorted(i for call in insert.calls for i in call) == ["a", "b", "c", "d"]


def test_drain_waits_for_what_was_queued_before_it() -> None:
    insert = HeldInsert()
    queue = InsertsBehind(insert)
    queue.put(records("a"))
    assert insert.started.wait(5)
    drained = threading.Event()
    waiter = threading.Thread(target=lambda: (queue.drain(), drained.set()))
    waiter.start()
    assert not drained.wait(0.3)
    insert.release.set()
    assert drained.wait(5)
    waiter.join(5)


def test_abandon_drops_what_waits_and_says_so() -> None:
    insert = HeldInsert()
    queue = InsertsBehind(insert)
    queue.put(records("a"))
    assert insert.started.wait(5)
    queue.put(records("b", "c"))
    queue.abandon()
    assert queue.dropped
    assert not queue.holds(["b", "c"])
    insert.release.set()
    queue.drain()
    assert insert.calls == [["a"]]
