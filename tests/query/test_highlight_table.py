"""The highlight table follows every save without reading the whole library again."""

from __future__ import annotations

import pytest

from tests.query.known import NOW
from tui_reader.query import parse_query, run_query
from tui_reader.query.highlight_table import highlight_table
from tui_reader.store import Library


def keys(library: Library, text: str) -> str:
    return "".join(sorted(a.id[0] for a in run_query(library, parse_query(text), now=NOW).articles))


def test_queries_follow_highlight_saves(known: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    assert keys(known, "colour:yellow") == "ab"
    reads: list[int] = []
    full_read = Library.highlight_records

    def counted(self: Library) -> object:
        reads.append(1)
        return full_read(self)

    monkeypatch.setattr(Library, "highlight_records", counted)
    # New, changed and deleted highlights are seen by the next query.
    made = known.create_highlight("c" * 16, 0, 0, 5, "blue", note="fresh")
    assert keys(known, "colour:blue") == "c"
    assert keys(known, "note:fresh") == "c"
    known.update_highlight("a" * 16, "1" * 32, colour="pink")
    assert keys(known, "colour:yellow") == "b"
    assert keys(known, "colour:pink") == "a"
    known.delete_highlight("c" * 16, made.id)
    assert keys(known, "colour:blue") == ""
    known.delete("b" * 16)
    assert keys(known, "colour:yellow") == ""
    assert keys(known, "has:highlights") == "a"
    assert reads == [], "only the changed articles were read again"


def test_one_table_per_library(known: Library, library_path: object, tmp_path: object) -> None:
    assert highlight_table(known) is highlight_table(known)
    with Library.open(known.folder.parent / "other", "write") as other:
        assert highlight_table(other) is not highlight_table(known)
        assert highlight_table(other).grouped() == {}
