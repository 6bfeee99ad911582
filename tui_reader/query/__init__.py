"""The query language: parse once, evaluate against the catalog and the search index.

    from tui_reader.query import parse_query, run_query
    result = run_query(library, parse_query('tag:korea has:note -colour:yellow'))

Grammar in ``grammar.lark``; nodes in :mod:`.nodes`; evaluation in
:mod:`.evaluate`; full-text terms go through :mod:`.fulltext`. A malformed
query raises :class:`QueryError`, and nothing else. Documented for users in
``docs/query.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui_reader.query.errors import QueryError

if TYPE_CHECKING:
    from tui_reader.query.evaluate import Matcher, QueryResult, run_query
    from tui_reader.query.nodes import Query, Sort
    from tui_reader.query.parser import parse_query, quote

#: Loaded on first use: evaluation brings the search index (sqlite3), parsing brings lark,
#: the nodes (a score of dataclasses) are not needed to draw the app's first screen.
_LAZY = {
    "Query": "nodes",
    "Sort": "nodes",
    "Matcher": "evaluate",
    "QueryResult": "evaluate",
    "run_query": "evaluate",
    "parse_query": "parser",
    "quote": "parser",
}


def __getattr__(name: str) -> Any:
    """Nodes, evaluation and parsing, imported when first asked for."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"{__name__}.{module}"), name)


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
