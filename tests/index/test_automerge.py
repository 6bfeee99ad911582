"""The index merges its segments AUTOMERGE at a time (FTS5's default of 4 rewrote the words
of a large import about five times over), in a new library's index and in a rebuilt one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.index.helpers import assert_agrees, doc
from tui_reader.importing import add_documents
from tui_reader.index.search_index import AUTOMERGE, CRISISMERGE, INDEX_FILE
from tui_reader.store import Library


def automerge(folder: Path, key: str = "automerge") -> int:
    with sqlite3.connect(folder / INDEX_FILE) as db:
        row = db.execute("SELECT v FROM fts_config WHERE k = ?", (key,)).fetchone()
    return int(row[0]) if row else {"automerge": 4, "crisismerge": 16}[key]  # FTS5's defaults


def test_a_new_and_a_rebuilt_index_merge_sixteen_segments_at_a_time(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    with Library.open(folder, "write") as library:
        with library.bulk():
            for n in range(0, 40, 10):  # one segment per batch
                add_documents(library, [doc(i) for i in range(n, n + 10)])
        assert library.search_index.stats()
        assert AUTOMERGE == 16
        assert automerge(folder) == AUTOMERGE
        assert automerge(folder, "crisismerge") == CRISISMERGE == 64
        assert [a.title for a in library.search("token33")] == ["Article 33"]
        library.search_index.rebuild()
        assert automerge(folder) == AUTOMERGE
        assert automerge(folder, "crisismerge") == CRISISMERGE
        assert [a.title for a in library.search("token7")] == ["Article 7"]
        assert_agrees(library)


def test_an_index_made_without_crisismerge_gets_it_when_opened_for_writing(
    tmp_path: Path,
) -> None:
    # (FTS5's default of 16, equal to AUTOMERGE, merged whole levels at once: a refresh of
    # 9,500 entries into 100,000 articles took 13.8 s instead of 4.8 s)
    folder = tmp_path / "lib"
    with Library.open(folder, "write") as library:
        add_documents(library, [doc(i) for i in range(10)])
        assert library.search_index.stats()
    with sqlite3.connect(folder / INDEX_FILE) as db:
        db.execute("DELETE FROM fts_config WHERE k = 'crisismerge'")
    assert automerge(folder, "crisismerge") == 16
    with Library.open(folder, "read") as library:
        assert [a.title for a in library.search("token3")] == ["Article 3"]
    assert automerge(folder, "crisismerge") == 16  # a reader changes nothing
    with Library.open(folder, "write") as library:
        assert [a.title for a in library.search("token3")] == ["Article 3"]
    assert automerge(folder, "crisismerge") == CRISISMERGE
