"""The library's articles newest first, kept between queries and dropped after each save.

A query without a required word looks at every article; sorting 100,000 of
them for each keystroke costs more than the test itself, so the newest-first
order is kept here and made again only after the store reports a change
(:meth:`Library.subscribe`). Filtering it keeps that order.
"""

from __future__ import annotations

import threading

from tui_reader.model import Article
from tui_reader.store import Library
from tui_reader.store.changes import Changes
from tui_reader.store.derived import PerLibrary


class CatalogOrder:
    """Every article of one library, newest added first, until the next save."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._lock = threading.Lock()
        self._rows: list[Article] | None = None
        self._generation = 0
        self.unsubscribe = library.subscribe(self._changed)

    def _changed(self, changes: Changes) -> None:
        with self._lock:  # in the saving thread, the store's lock held
            self._generation += 1
            self._rows = None

    def newest_first(self) -> list[Article]:
        """The articles, newest added first (read it, never change it)."""
        with self._lock:
            rows = self._rows
        if rows is not None:
            return rows
        with self.library.mutex:  # no save between reading the generation and the articles
            generation = self._generation
            rows = self.library.articles()
        with self._lock:
            if self._generation == generation:
                self._rows = rows
        return rows


#: The order of a library (made, and subscribed to its saves, on first use).
catalog_order: PerLibrary[CatalogOrder] = PerLibrary(CatalogOrder)
