"""Every highlight record of a library, grouped by article and kept in step with its saves.

Queries that look at highlights (``tag:``, ``colour:``, ``has:note`` ...) need
all of them. Reading 50,000 records from the store's shards costs about a
tenth of a second, so the grouping is kept between queries and refreshed, one
article at a time, from the changes the store reports after each save
(:meth:`Library.subscribe`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from tui_reader.store.changes import Changes
from tui_reader.store.derived import ByArticle, PerLibrary

#: A highlight as the store keeps it (``Highlight.to_dict`` form).
Record = dict[str, Any]


class HighlightTable(ByArticle[list[Record]]):
    """The highlight records of one library by article id, refreshed after each save."""

    def _touched(self, changes: Changes) -> frozenset[str]:
        return changes.highlights | changes.deleted

    def _read_all(self) -> dict[str, list[Record]]:
        grouped: dict[str, list[Record]] = defaultdict(list)
        for record in self.library.highlight_records():
            grouped[str(record.get("article_id", ""))].append(record)
        return dict(grouped)

    def _read_article(self, article_id: str, known: list[Record] | None) -> list[Record]:
        return [h.to_dict() for h in self.library.highlights(article_id)]

    def grouped(self) -> dict[str, list[Record]]:
        """Article id -> its highlight records (read them, never change them)."""
        return self.by_article()


#: The table of a library (made, and subscribed to its saves, on first use).
highlight_table: PerLibrary[HighlightTable] = PerLibrary(HighlightTable)
