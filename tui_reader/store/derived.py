"""Data derived from a library and kept in step with its saves, one table per library.

Queries, the highlights browser and the daily review each need something read
from every shard (all highlight records, all review cards, every article in
order). Reading it again for each keystroke costs as much as the work itself,
so it is read once per library and then refreshed, one article at a time, from
the changes the store reports after each save (:meth:`Library.subscribe`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

from tui_reader.store.changes import Changes
from tui_reader.store.library import Library

T = TypeVar("T")

#: How many libraries keep a table of each kind (a process opens one or two).
KEPT = 4


class ByArticle(Generic[T]):
    """Something per article of one library (``T``), read whole once, then refreshed for
    the articles each save touched. Subclasses say which changes touch it and how to read
    all of it or one article of it."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._lock = threading.Lock()
        self._by_article: dict[str, T] | None = None
        self._stale: set[str] = set()
        self.unsubscribe = library.subscribe(self._changed)

    def _touched(self, changes: Changes) -> frozenset[str]:
        """The article ids whose part ``changes`` may have changed."""
        raise NotImplementedError

    def _read_all(self) -> dict[str, T]:
        """Every article's part, read from the store."""
        raise NotImplementedError

    def _read_article(self, article_id: str, known: T | None) -> T | None:
        """One article's part read again (``known``: what was held); falsy drops it."""
        raise NotImplementedError

    def _changed(self, changes: Changes) -> None:
        # Called in the saving thread: only note the ids, never read the store here.
        with self._lock:
            self._stale |= self._touched(changes)

    def by_article(self) -> dict[str, T]:
        """Article id -> its part, current with every save (read it, never change it)."""
        with self._lock:
            current = self._by_article
            stale, self._stale = self._stale, set()
        if current is None:
            data = self._read_all()
        else:
            data = dict(current)
            for article_id in stale:
                part = self._read_article(article_id, current.get(article_id))
                if part:
                    data[article_id] = part
                else:
                    data.pop(article_id, None)
        with self._lock:
            self._by_article = data
        return data


class Subscribed(Protocol):
    """A derived table: made for one library, subscribed to its saves."""

    library: Library
    unsubscribe: Callable[[], None]


D = TypeVar("D", bound=Subscribed)


class PerLibrary(Generic[D]):
    """The table of each library, made (and subscribed) on first use; the tables of the
    least recently used libraries beyond :data:`KEPT` are dropped and unsubscribed."""

    def __init__(self, make: Callable[[Library], D]) -> None:
        self._make = make
        self._tables: OrderedDict[int, D] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, library: Library) -> D:
        """The table of ``library``."""
        with self._lock:
            table = self._tables.get(id(library))
            if table is not None and table.library is library:
                self._tables.move_to_end(id(library))
                return table
            table = self._make(library)
            self._tables[id(library)] = table
            while len(self._tables) > KEPT:
                _, old = self._tables.popitem(last=False)
                old.unsubscribe()
            return table
