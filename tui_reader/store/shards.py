"""Rows of one TinyDB table in one file, found by their exact ``id``.

TinyDB keys documents by integer ids. Deriving that integer from a record's
id (as the first layout did with its first 15 hex digits) makes two ids land
on one record when they differ by case or share a prefix. Here the integer is
only a slot number: each row carries its own ``id``, and an index built when
the file is read maps every id, exactly as written, to its slot. Two ids that
differ in any character are two rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from tui_reader.store.storage import AtomicJSONStorage

Row = dict[str, Any]


class Shard:
    """One table of one TinyDB file, with rows looked up by their exact ``id`` field."""

    def __init__(self, storage: AtomicJSONStorage, table: str) -> None:
        self.storage = storage
        self.table = table
        self._index: dict[str, str] = {}
        self._indexed_load = -1
        self._next = 1

    @property
    def path(self) -> Any:
        """The file this shard lives in."""
        return self.storage.path

    def _rows(self) -> dict[str, Row]:
        tables = self.storage.tables()
        rows = tables.get(self.table)
        if rows is None:
            rows = tables[self.table] = {}
        if self._indexed_load != self.storage.loads:
            self._index = {}
            top = 0
            for key, row in rows.items():
                self._index[str(row.get("id"))] = key
                top = max(top, int(key)) if key.isdigit() else top
            self._next = top + 1
            self._indexed_load = self.storage.loads
        return rows

    def exists(self) -> bool:
        """True when the file is on disk (or rows were put in memory)."""
        return self.storage.read() is not None

    def get(self, row_id: str) -> Row | None:
        """The row whose id is exactly ``row_id``."""
        rows = self._rows()
        key = self._index.get(row_id)
        return None if key is None else rows.get(key)

    def rows(self) -> Iterator[Row]:
        """Every row (the stored dicts themselves: do not change them)."""
        return iter(list(self._rows().values()))

    def __len__(self) -> int:
        return len(self._rows())

    def put(self, row: Row) -> None:
        """Insert or replace (by exact id) ``row`` in memory; :meth:`save` writes it."""
        rows = self._rows()
        row_id = str(row["id"])
        key = self._index.get(row_id)
        if key is None:
            key = str(self._next)
            self._next += 1
            self._index[row_id] = key
        rows[key] = row

    def remove(self, row_id: str) -> Row | None:
        """Drop the row with this id in memory; returns it, or None."""
        rows = self._rows()
        key = self._index.pop(row_id, None)
        return None if key is None else rows.pop(key, None)

    def remove_where(self, test: Callable[[Row], bool]) -> int:
        """Drop every row for which ``test`` is true; returns how many."""
        rows = self._rows()
        gone = [key for key, row in rows.items() if test(row)]
        for key in gone:
            self._index.pop(str(rows.pop(key).get("id")), None)
        return len(gone)

    def save(self) -> None:
        """Write the file now (atomically, durably); on failure memory is reloaded."""
        self.storage.write(self.storage.tables())

    def payload(self) -> bytes:
        """The file's bytes for the rows in memory."""
        return self.storage.payload()

    def forget(self) -> None:
        """Drop changes made in memory: the next access reads the file again."""
        self.storage.invalidate()
