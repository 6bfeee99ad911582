"""Leaving bulk mode: the records go into their shards while the search index takes in the
last batch behind, and the library is not handed back before both are done."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tui_reader.index.search_index import SearchIndex
from tui_reader.model import Article, Paragraph, short_hash
from tui_reader.store import Library


def test_the_fold_runs_while_the_index_inserts_and_bulk_waits_for_both(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    insert = SearchIndex._insert_queued
    fold = Library._fold

    def slow_insert(self: SearchIndex, *args: Any) -> None:
        time.sleep(0.5)
        insert(self, *args)
        events.append("indexed")

    def folding(self: Library) -> None:
        events.append("fold")
        fold(self)

    monkeypatch.setattr(SearchIndex, "_insert_queued", slow_insert)
    monkeypatch.setattr(Library, "_fold", folding)
    articles = [(Article(id=short_hash("a"), title="Harbour 0"), [Paragraph("x")], ())]
    articles += [
        (Article(id=short_hash(f"b{n}"), title=f"B {n}"), [Paragraph("y")], ()) for n in range(3)
    ]

    with library.bulk():
        library.put_many(articles)
        events.append("stored")
    events.append("left")

    assert events == ["stored", "fold", "indexed", "left"]
    assert not (library.folder / "bulk.json").exists()
    assert [a.title for a in library.search("harbour")] == ["Harbour 0"]
