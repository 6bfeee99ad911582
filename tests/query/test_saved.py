"""Saved searches: kept in the library's settings, carried by the JSON backup."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_reader.export.backup import backup_document, dump_backup, load_backup, restore_backup
from tui_reader.query import QueryError
from tui_reader.query.saved import (
    SavedSearch,
    SavedSearchError,
    find_search,
    from_settings,
    merge_settings,
    remove_search,
    save_search,
    saved_searches,
)
from tui_reader.store import Library


def test_save_replace_find_remove(known: Library) -> None:
    save_search(known, "Korea", "tag:korea")
    save_search(known, " Yellow \x1b[31m", "colour:yellow  has:note")
    assert saved_searches(known) == [
        SavedSearch("Korea", "tag:korea"),
        SavedSearch("Yellow", "colour:yellow has:note"),
    ]
    save_search(known, "korea", "tag:korea -is:read")
    assert saved_searches(known)[0] == SavedSearch("korea", "tag:korea -is:read")
    assert find_search(known, "KOREA").query == "tag:korea -is:read"
    assert remove_search(known, "Korea").name == "korea"
    assert [s.name for s in saved_searches(known)] == ["Yellow"]
    with pytest.raises(SavedSearchError, match="no saved search called 'korea'"):
        find_search(known, "korea")


def test_bad_names_and_queries_change_nothing(known: Library) -> None:
    save_search(known, "a", "is:read")
    before = known.settings()
    with pytest.raises(QueryError):
        save_search(known, "b", "colour:red")
    with pytest.raises(SavedSearchError, match="needs a name"):
        save_search(known, "  ", "is:read")
    with pytest.raises(SavedSearchError, match="too long"):
        save_search(known, "n" * 81, "is:read")
    with pytest.raises(SavedSearchError, match="no query"):
        save_search(known, "c", "   ")
    assert known.settings() == before


def test_malformed_settings_are_skipped() -> None:
    settings = {
        "saved_searches": [
            {"name": "ok", "query": "a"},
            {"name": 3, "query": "b"},
            "junk",
            {"name": "OK", "query": "duplicate"},
            {"name": "", "query": "c"},
        ]
    }
    assert from_settings(settings) == [SavedSearch("ok", "a")]
    assert from_settings({"saved_searches": "nope"}) == []


def test_the_backup_carries_saved_searches(known: Library, tmp_path: Path) -> None:
    save_search(known, "Korea", "tag:korea")
    save_search(known, "Unread", "is:unread")
    data = dump_backup(backup_document(known, known.articles()))
    with Library.open(tmp_path / "restored", "write") as fresh:
        restore_backup(fresh, load_backup(data))
        assert saved_searches(fresh) == saved_searches(known)
    with Library.open(tmp_path / "merged", "write") as other:
        save_search(other, "unread", "is:unread sort:title")
        save_search(other, "Mine", "has:note")
        restore_backup(other, load_backup(data), merge=True)
        # Joined by name: the library's own "unread" wins over the backup's.
        assert saved_searches(other) == [
            SavedSearch("unread", "is:unread sort:title"),
            SavedSearch("Mine", "has:note"),
            SavedSearch("Korea", "tag:korea"),
        ]


def test_merge_settings_keeps_other_settings() -> None:
    merged = merge_settings(
        {"theme": "dark", "saved_searches": [{"name": "x", "query": "a"}]},
        {"theme": "light"},
    )
    assert merged == {"theme": "light", "saved_searches": [{"name": "x", "query": "a"}]}
    assert merge_settings({"a": 1}, {"b": 2}) == {"a": 1, "b": 2}
