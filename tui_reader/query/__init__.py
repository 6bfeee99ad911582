"""The query language: parse once, evaluate against the catalog and the search index.

    from tui_reader.query import parse_query, run_query
    result = run_query(library, parse_query('tag:korea has:note -colour:yellow'))

Grammar in ``grammar.lark``; nodes in :mod:`.nodes`; evaluation in
:mod:`.evaluate`; full-text terms go through :mod:`.fulltext`. A malformed
query raises :class:`QueryError`, and nothing else. Documented for users in
``docs/query.md``.
"""

from __future__ import annotations

from tui_reader.query.errors import QueryError
from tui_reader.query.evaluate import Matcher, QueryResult, run_query
from tui_reader.query.nodes import Query, Sort
from tui_reader.query.parser import parse_query, quote

__all__ = [
    "Matcher",
    "Query",
    "QueryError",
    "QueryResult",
    "Sort",
    "parse_query",
    "quote",
    "run_query",
]
