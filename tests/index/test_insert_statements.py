"""New articles reach the index a few dozen at a time, not one statement per article (each
statement run from Python takes the GIL back when it ends), with the same rows as when
they went one by one."""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.index.helpers import assert_agrees, doc
from tui_reader.importing import add_documents
from tui_reader.index import search_index
from tui_reader.index.search_index import SearchIndex
from tui_reader.model import Document, Paragraph
from tui_reader.store import Library

#: Text that JSON and SQL must carry through unchanged: quotes, backslashes, brackets,
#: tabs, newlines, accents, other scripts, characters outside the BMP.
AWKWARD = 'He said "stop" \\ and \'went\' [on] {x}: "]}, \t tab, naïve café, 東京, 🌊 wave'


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every SQL statement the index's connections run (as SQLite reports each run)."""
    seen: list[str] = []
    connect = SearchIndex._connect

    def traced(self: SearchIndex) -> sqlite3.Connection:
        db = connect(self)
        db.set_trace_callback(seen.append)
        return db

    monkeypatch.setattr(SearchIndex, "_connect", traced)
    yield seen


def awkward_doc(n: int) -> Document:
    return Document(
        title=f"Title{n} {AWKWARD}",
        paragraphs=[Paragraph(f"Body{n} {AWKWARD}"), Paragraph(f"Second{n}\nline 🌊")],
        url=f"https://example.org/awkward/{n}",
        source=f"Source{n} 東京",
        tags=(f"tag{n}", "café"),
    )


def inserts(statements: list[str]) -> int:
    return sum(
        1
        for s in statements
        if s.lstrip().upper().startswith(("INSERT", "DELETE")) and "meta" not in s
    )


@pytest.mark.parametrize("count", [20, 120])
def test_a_batch_of_new_articles_takes_a_statement_per_few_dozen_articles(
    tmp_path: Path, statements: list[str], count: int
) -> None:
    with Library.open(tmp_path / "lib", "write") as library:
        add_documents(library, [doc(0)])  # the index exists and is ready
        assert library.search_index.stats()
        statements.clear()
        with library.bulk():
            add_documents(library, [doc(n) for n in range(1, count + 1)])
            assert library.search_index.stats()  # the insert behind the write is done
        # docs rows and texts once per JSON_CHUNK articles, no pending notes (meta.behind
        # covers a bulk import); row by row, 20 articles took 80 statements and 120 took 480
        assert inserts(statements) == 2 * math.ceil(count / search_index.JSON_CHUNK)
        assert inserts(statements) < count
        assert_agrees(library)
        assert [a.title for a in library.search(f"token{count}")] == [f"Article {count}"]


@pytest.mark.parametrize("json_rows", [True, False])
def test_awkward_text_is_indexed_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, json_rows: bool
) -> None:
    monkeypatch.setattr(search_index, "JSON_ROWS", json_rows)
    with Library.open(tmp_path / "lib", "write") as library:
        add_documents(library, [doc(0)])
        with library.bulk():
            add_documents(library, [awkward_doc(n) for n in range(1, 6)])
        assert_agrees(library)
        for word in ("Title3", "Body3", "Second3", "Source3", "tag3"):
            assert [a.id for a in library.search(word)] == [awkward_doc(3).article_id()], word
        assert len(library.search('"naïve café"')) == 5
        assert len(library.search("東京")) == 5
        stored = library.get(awkward_doc(2).article_id())
        assert stored.title.startswith('Title2 He said "stop" \\ and')
        assert library.search_index.indexed()[stored.id][0] == stored.title
