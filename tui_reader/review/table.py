"""The review card records of a library by highlight id, kept in step with its saves.

Building today's queue needs every card; reading them from the shards each
time would cost as much as reading every highlight. The table is read once per
library and refreshed, one article at a time, from the changes the store
reports (:meth:`Library.subscribe`), like the query's highlight table.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from tui_reader.store import Library
from tui_reader.store.changes import Changes

Record = dict[str, Any]
#: How many libraries keep a table (a process opens one or two).
KEPT = 4


class ReviewTable:
    """Card records of one library: article id -> highlight id -> record."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._lock = threading.Lock()
        self._by_article: dict[str, dict[str, Record]] | None = None
        self._stale: set[str] = set()
        self.unsubscribe = library.subscribe(self._changed)

    def _changed(self, changes: Changes) -> None:
        # Called in the saving thread: only note the ids, never read the store here.
        with self._lock:
            self._stale |= changes.reviews

    def by_article(self) -> dict[str, dict[str, Record]]:
        """Article id -> its cards by highlight id (read them, never change them)."""
        with self._lock:
            current = self._by_article
            stale, self._stale = self._stale, set()
        if current is None:
            data: dict[str, dict[str, Record]] = {}
            for record in self.library.review_records():
                data.setdefault(str(record.get("article_id")), {})[str(record.get("id"))] = record
        else:
            data = dict(current)
            for article_id in stale:
                cards = self._read_article(article_id, current.get(article_id, {}))
                if cards:
                    data[article_id] = cards
                else:
                    data.pop(article_id, None)
        with self._lock:
            self._by_article = data
        return data

    def _read_article(self, article_id: str, known: dict[str, Record]) -> dict[str, Record]:
        ids = set(known) | {hl.id for hl in self.library.highlights(article_id)}
        cards: dict[str, Record] = {}
        for hl_id in ids:
            record = self.library.review_record(article_id, hl_id)
            if record is not None:
                cards[hl_id] = record
        return cards


_tables: OrderedDict[int, ReviewTable] = OrderedDict()
_tables_lock = threading.Lock()


def review_table(library: Library) -> ReviewTable:
    """The table of ``library`` (made, and subscribed to its saves, on first use)."""
    with _tables_lock:
        table = _tables.get(id(library))
        if table is not None and table.library is library:
            _tables.move_to_end(id(library))
            return table
        table = ReviewTable(library)
        _tables[id(library)] = table
        while len(_tables) > KEPT:
            _, old = _tables.popitem(last=False)
            old.unsubscribe()
        return table
