"""The review card records of a library by highlight id, kept in step with its saves.

Building today's queue needs every card; reading them from the shards each
time would cost as much as reading every highlight. The table is read once per
library and refreshed, one article at a time, from the changes the store
reports (:meth:`Library.subscribe`), like the query's highlight table.
"""

from __future__ import annotations

from typing import Any

from tui_reader.store.changes import Changes
from tui_reader.store.derived import ByArticle, PerLibrary

Record = dict[str, Any]


class ReviewTable(ByArticle[dict[str, Record]]):
    """Card records of one library: article id -> highlight id -> record."""

    def _touched(self, changes: Changes) -> frozenset[str]:
        return changes.reviews

    def _read_all(self) -> dict[str, dict[str, Record]]:
        data: dict[str, dict[str, Record]] = {}
        for record in self.library.review_records():
            data.setdefault(str(record.get("article_id")), {})[str(record.get("id"))] = record
        return data

    def _read_article(self, article_id: str, known: dict[str, Record] | None) -> dict[str, Record]:
        ids = set(known or {}) | {hl.id for hl in self.library.highlights(article_id)}
        cards: dict[str, Record] = {}
        for hl_id in ids:
            record = self.library.review_record(article_id, hl_id)
            if record is not None:
                cards[hl_id] = record
        return cards


#: The table of a library (made, and subscribed to its saves, on first use).
review_table: PerLibrary[ReviewTable] = PerLibrary(ReviewTable)
