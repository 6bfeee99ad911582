"""The full-text index: SQLite FTS5 in the library folder, derived from the store.

Never the only copy of anything: built from the store when missing, out of
date (another index format or library), or damaged, and kept in step by the
store's own write path (see :mod:`tui_reader.index.search_index`).

For the query language (and anyone else) the API is small::

    from tui_reader.index import TextQuery, Term

    q = TextQuery.parse('treaty "dry season" muse*')       # words, phrases, prefixes
    q = TextQuery.of([Term.of("dry season"), Term.of("muse", prefix=True)])  # or built

    index = library.search_index                  # a SearchIndex
    index.ensure(progress)                        # build if needed; returns a notice or None
    index.search(q, limit=50)  -> [Hit(article_id, rank)]   # best first (bm25, title 10x)
    index.match_ids(q)         -> {article_id, ...}         # unranked, for set algebra
    fts_snippets({id: text}, q) -> {id: Snippet(text, spans)}  # cut by FTS5's snippet()
    make_snippet(text, q)      -> Snippet(text, spans)      # the same in Python

Every term must match (AND) somewhere in the title, source, tags or text; a
word matches whole words, compared without case or accents. Past
``RANK_ALL`` matches only the newest ``RANK_ALL`` are ranked; the others
follow them, newest first (``index.scores`` scores them so). OR and NOT are
the query language's job: combine :meth:`SearchIndex.match_ids` sets.
``index.search`` raises :class:`IndexUnavailable` when it cannot answer
(damaged, or read-only and not built): fall back to scanning the store.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui_reader.index.snippet import Snippet, fts_snippets, make_snippet
from tui_reader.index.text import Term, TextQuery

if TYPE_CHECKING:
    from tui_reader.index.records import IndexRecord, IndexSource
    from tui_reader.index.search_index import (
        FORMAT,
        INDEX_FILE,
        Hit,
        IndexState,
        IndexUnavailable,
        SearchIndex,
    )

#: Loaded on first use (sqlite3 and hashlib are not needed to draw the first frame).
_LAZY = {
    "IndexRecord": "records",
    "IndexSource": "records",
    "FORMAT": "search_index",
    "INDEX_FILE": "search_index",
    "Hit": "search_index",
    "IndexState": "search_index",
    "IndexUnavailable": "search_index",
    "SearchIndex": "search_index",
}


def __getattr__(name: str) -> Any:
    """The index file's names, imported when first asked for."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"{__name__}.{module}"), name)


__all__ = [
    "FORMAT",
    "INDEX_FILE",
    "Hit",
    "IndexRecord",
    "IndexSource",
    "IndexState",
    "IndexUnavailable",
    "SearchIndex",
    "Snippet",
    "Term",
    "TextQuery",
    "fts_snippets",
    "make_snippet",
]
