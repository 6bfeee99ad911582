"""The index's write path: in a bulk import new articles are inserted behind the store's
write, in order; otherwise a save returns once they are indexed."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.index.helpers import assert_agrees, doc
from tui_reader.importing import add_documents
from tui_reader.index import IndexState
from tui_reader.index.behind import InsertsBehind
from tui_reader.index.search_index import SearchIndex
from tui_reader.model import Document, Paragraph
from tui_reader.store import Library


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = Library.open(tmp_path / "lib", "write")
    yield lib
    lib.close()


def held_inserts(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> tuple[threading.Event, threading.Event]:
    """Make the index's next inserts wait for ``release``; ``waiting`` is set when one waits."""
    assert library.search_index.stats()  # inserts started before are done (it waits for them)
    waiting, release = threading.Event(), threading.Event()
    insert = SearchIndex._insert

    def held(self: SearchIndex, *args: object) -> None:
        if threading.current_thread() is not threading.main_thread():
            waiting.set()
            assert release.wait(10)
        insert(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(SearchIndex, "_insert", held)
    return waiting, release


def test_the_store_write_returns_while_new_articles_are_being_indexed(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_documents(library, [doc(0)])  # the index exists and is ready
    waiting, release = held_inserts(library, monkeypatch)
    bulk = library.bulk()
    bulk.__enter__()
    add_documents(library, [doc(n) for n in range(1, 30)])  # returns: the inserts wait
    assert waiting.wait(5)
    assert len(library) == 30
    found: list[list[str]] = []
    searcher = threading.Thread(target=lambda: found.append(library.search("token17")))
    searcher.start()
    searcher.join(0.3)
    assert searcher.is_alive()  # a search waits for the inserts, never sees half of them
    release.set()
    searcher.join(5)
    assert [a.title for a in found[0]] == ["Article 17"]
    bulk.__exit__(None, None, None)
    assert_agrees(library)


def test_outside_a_bulk_import_a_save_returns_once_indexed(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_documents(library, [doc(0)])
    threads: list[str] = []
    insert = SearchIndex._insert

    def recording(self: SearchIndex, *args: object) -> None:
        threads.append(threading.current_thread().name)
        insert(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(SearchIndex, "_insert", recording)
    add_documents(library, [doc(1)])
    assert threads == [threading.current_thread().name]
    with Library.open(library.folder, "read") as reader:  # another connection sees it
        assert [a.title for a in reader.search("token1")] == ["Article 1"]


def test_the_next_write_waits_for_the_inserts_before_it(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_documents(library, [doc(0)])
    waiting, release = held_inserts(library, monkeypatch)
    bulk = library.bulk()
    bulk.__enter__()
    add_documents(library, [doc(1)])
    assert waiting.wait(5)
    changed = Document(title="Article 1", paragraphs=[Paragraph("Now about harbours.")])
    changed.url = doc(1).url
    writer = threading.Thread(target=lambda: add_documents(library, [changed]))
    writer.start()
    writer.join(0.3)
    assert writer.is_alive()  # re-indexing article 1 waits for its first insert
    release.set()
    writer.join(5)
    bulk.__exit__(None, None, None)
    assert [a.title for a in library.search("harbours")] == ["Article 1"]
    assert library.search("token1") == []
    assert_agrees(library)


def test_articles_whose_insert_failed_are_indexed_again_from_the_store(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_documents(library, [doc(0)])
    assert library.search_index.stats()  # its insert is done
    insert = SearchIndex._insert

    def failing(self: SearchIndex, *args: object) -> None:
        if threading.current_thread() is not threading.main_thread():
            raise sqlite3.OperationalError("disk I/O error")
        insert(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(SearchIndex, "_insert", failing)
    with library.bulk():
        add_documents(library, [doc(n) for n in range(1, 5)])
    state = library.search_index.state  # the end of the bulk import waited for the insert
    monkeypatch.undo()
    assert state is IndexState.DAMAGED
    assert [a.title for a in library.search("token3")] == ["Article 3"]  # rebuilt
    assert_agrees(library)


def test_a_kill_before_the_inserts_leaves_them_to_the_next_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "lib"
    with Library.open(folder, "write") as library:
        add_documents(library, [doc(0)])
        assert library.search_index.stats()
        # "Killed": the articles never reach the inserts, the bulk import never ends.
        monkeypatch.setattr(InsertsBehind, "put", lambda self, records: None)
        monkeypatch.setattr(SearchIndex, "end_behind", lambda self: None)
        with library.bulk():
            add_documents(library, [doc(n) for n in range(1, 6)])
        assert library.search_index.indexed().keys() == {doc(0).article_id()}
        monkeypatch.undo()
    with Library.open(folder, "write") as again:
        # the first search finds them: meta.behind has the index look for what is missing
        assert [a.title for a in again.search("token4")] == ["Article 4"]
        assert again.warm_search() is None  # nothing left to rebuild
        assert_agrees(again)


def test_articles_left_waiting_at_quit_are_indexed_by_the_next_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "lib"
    with Library.open(folder, "write") as library:
        add_documents(library, [doc(0)])
        waiting, release = held_inserts(library, monkeypatch)
        with library.bulk():
            add_documents(library, [doc(n) for n in range(1, 4)])  # being inserted: held
            assert waiting.wait(5)
            add_documents(library, [doc(n) for n in range(4, 8)])  # waiting behind it
            library.search_index.interrupt()  # quitting: the waiting ones are dropped
            release.set()
        monkeypatch.undo()
        assert set(library.search_index.indexed()) == {doc(n).article_id() for n in range(4)}
        assert len(library) == 8  # the store has them all
    with Library.open(folder, "write") as again:
        assert [a.title for a in again.search("token6")] == ["Article 6"]
        assert_agrees(again)


def test_an_article_indexed_meanwhile_is_not_inserted_twice(library: Library) -> None:
    """A rebuild that read the store after a bulk write indexed its articles already: the
    insert behind, coming after it, leaves them (a second row would damage the index)."""
    add_documents(library, [doc(0), doc(1)])
    index = library.search_index
    record = index.source.record(doc(1).article_id())
    assert record is not None
    index._insert_queued([record])
    assert index.state is IndexState.READY
    assert index.stats()["docs"] == 2
    assert_agrees(library)
