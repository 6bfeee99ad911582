"""Saved searches: named queries kept in the library's settings (and so in its backup).

Stored as ``settings["saved_searches"] = [{"name": ..., "query": ...}, ...]``
in the order they were made. Names are compared without case; saving under a
name that exists replaces its query.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tui_reader.sanitize import clean_line
from tui_reader.store import Library

SETTINGS_KEY = "saved_searches"
#: Longest name kept, in characters.
NAME_LIMIT = 80


class SavedSearchError(ValueError):
    """A saved search that cannot be made or found (the message is one line)."""


@dataclass(frozen=True, slots=True)
class SavedSearch:
    """A query with a name."""

    name: str
    query: str


#: The choice of every article (no saved search), as the list of saved searches offers it.
EVERY_ARTICLE = SavedSearch("", "")


def from_settings(settings: dict[str, Any]) -> list[SavedSearch]:
    """The saved searches in a settings dict; malformed entries are skipped."""
    raw = settings.get(SETTINGS_KEY)
    found: list[SavedSearch] = []
    seen: set[str] = set()
    for item in raw if isinstance(raw, list) else []:
        if not isinstance(item, dict):
            continue
        name, query = item.get("name"), item.get("query")
        if not isinstance(name, str) or not isinstance(query, str):
            continue
        name = clean_line(name)[:NAME_LIMIT]
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            found.append(SavedSearch(name, clean_line(query)))
    return found


def to_settings(settings: dict[str, Any], searches: Iterable[SavedSearch]) -> dict[str, Any]:
    """``settings`` with its saved searches replaced by ``searches``."""
    items = [{"name": s.name, "query": s.query} for s in searches]
    return {**settings, SETTINGS_KEY: items}


def saved_searches(library: Library) -> list[SavedSearch]:
    """The library's saved searches, in the order they were made."""
    return from_settings(library.settings())


def find_search(library: Library, name: str) -> SavedSearch:
    """The saved search called ``name`` (case ignored); raises :class:`SavedSearchError`."""
    wanted = clean_line(name).casefold()
    for search in saved_searches(library):
        if search.name.casefold() == wanted:
            return search
    raise SavedSearchError(f"no saved search called {clean_line(name)[:NAME_LIMIT]!r}")


def save_search(library: Library, name: str, query: str) -> SavedSearch:
    """Save ``query`` as ``name`` (replacing a search of that name); returns it.

    Raises :class:`SavedSearchError` for an empty name and
    :class:`~tui_reader.query.QueryError` for a malformed query.
    """
    name = clean_line(name)
    query = clean_line(query)
    if not name:
        raise SavedSearchError("a saved search needs a name")
    if len(name) > NAME_LIMIT:
        raise SavedSearchError(f"the name is too long (at most {NAME_LIMIT} characters)")
    if not query:
        raise SavedSearchError("there is no query to save")
    from tui_reader.query.parser import parse_query  # lark: when a search is saved

    parse_query(query)
    saved = SavedSearch(name, query)
    searches = saved_searches(library)
    key = name.casefold()
    if any(s.name.casefold() == key for s in searches):
        searches = [saved if s.name.casefold() == key else s for s in searches]
    else:
        searches.append(saved)
    library.set_settings(to_settings(library.settings(), searches))
    return saved


def remove_search(library: Library, name: str) -> SavedSearch:
    """Forget the saved search called ``name``; returns it. Raises :class:`SavedSearchError`."""
    gone = find_search(library, name)
    searches = [s for s in saved_searches(library) if s.name != gone.name]
    library.set_settings(to_settings(library.settings(), searches))
    return gone


def merge_settings(backup: dict[str, Any], library: dict[str, Any]) -> dict[str, Any]:
    """Settings for a merge restore: the library's win, saved searches are joined by name."""
    merged = {**backup, **library}
    if SETTINGS_KEY in backup or SETTINGS_KEY in library:
        mine = from_settings(library)
        names = {s.name.casefold() for s in mine}
        theirs = [s for s in from_settings(backup) if s.name.casefold() not in names]
        merged = to_settings(merged, [*mine, *theirs])
    return merged
