"""Every highlight record of a library, grouped by article and kept in step with its saves.

Queries that look at highlights (``tag:``, ``colour:``, ``has:note`` ...) need
all of them. Reading 50,000 records from the store's shards costs about a
tenth of a second, so the grouping is kept between queries and refreshed, one
article at a time, from the changes the store reports after each save
(:meth:`Library.subscribe`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from typing import Any

from tui_reader.store import Library
from tui_reader.store.changes import Changes

#: A highlight as the store keeps it (``Highlight.to_dict`` form).
Record = dict[str, Any]
#: How many libraries keep a table (a process opens one or two).
KEPT = 4


class HighlightTable:
    """The highlight records of one library by article id, refreshed after each save."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._lock = threading.Lock()
        self._by_article: dict[str, list[Record]] | None = None
        self._stale: set[str] = set()
        self.unsubscribe = library.subscribe(self._changed)

    def _changed(self, changes: Changes) -> None:
        # Called in the saving thread: only note the ids, never read the store here.
        with self._lock:
            self._stale |= changes.highlights | changes.deleted

    def grouped(self) -> dict[str, list[Record]]:
        """Article id -> its highlight records (read them, never change them)."""
        with self._lock:
            current = self._by_article
            stale, self._stale = self._stale, set()
        if current is None:
            data = self._load_all()
        else:
            data = dict(current)
            for article_id in stale:
                records = [h.to_dict() for h in self.library.highlights(article_id)]
                if records:
                    data[article_id] = records
                else:
                    data.pop(article_id, None)
        with self._lock:
            self._by_article = data
        return data

    def _load_all(self) -> dict[str, list[Record]]:
        grouped: dict[str, list[Record]] = defaultdict(list)
        for record in self.library.highlight_records():
            grouped[str(record.get("article_id", ""))].append(record)
        return dict(grouped)


_tables: OrderedDict[int, HighlightTable] = OrderedDict()
_tables_lock = threading.Lock()


def highlight_table(library: Library) -> HighlightTable:
    """The table of ``library`` (made, and subscribed to its saves, on first use)."""
    with _tables_lock:
        table = _tables.get(id(library))
        if table is not None and table.library is library:
            _tables.move_to_end(id(library))
            return table
        table = HighlightTable(library)
        _tables[id(library)] = table
        while len(_tables) > KEPT:
            _, old = _tables.popitem(last=False)
            old.unsubscribe()
        return table
