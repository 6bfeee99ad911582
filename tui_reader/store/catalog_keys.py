"""Which catalog shard holds an article's record: shards that grow deeper with the library.

A catalog shard (``catalog/<key>.json``) holds the records of the articles whose id
starts with its key: 1, 2 or 3 hex digits (:data:`DEPTH`). The keys in use never
overlap (none is the start of another), so every id has exactly one shard: the key
that starts it, or, for an id no key starts yet, the shortest start of it that no key
goes deeper from (:meth:`CatalogKeys.key`). A new library so begins with up to 16
shards of one digit, and a shard that would hold more than :data:`SPLIT_ROWS` records
is split, in the change that fills it, into the shards one digit deeper
(:func:`split`); the split shard is removed in that same change. At 100,000 articles
every shard has 3 digits (about 25 records each, as in schema 3); a first refresh of
9,500 feed entries into a new library writes 256 shards of about 37 records, not
3,700 of 2 or 3 (creating a file is most of the cost of writing a small one here).

Libraries of schema 3 have only 3-digit keys, which this reads as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

#: The most hex digits a catalog shard's key has (the only depth of schema 3).
DEPTH = 3
#: A shard holding more records than this is split into the shards one digit deeper
#: (a single save rewrites one shard: at most 20 to 30 KB of compact records). 9,500
#: records fill the 256 shards of 2 digits with 37 each (rarely over 55).
SPLIT_ROWS = 64


class CatalogKeys:
    """The catalog's shard keys, and the shard of any article id."""

    def __init__(self, keys: Iterable[str]) -> None:
        self.keys = frozenset(keys)
        """The keys of the shards the library has."""
        self._inner = frozenset(k[:n] for k in self.keys for n in range(1, len(k)))
        """Every shorter start of a key (an id starting so belongs to a deeper shard)."""

    def key(self, article_id: str) -> str:
        """The shard of ``article_id``: the key that starts it (the longest, should a
        damaged library hold two), else the shortest start of it no key goes deeper from."""
        keys = self.keys
        for n in range(DEPTH, 0, -1):
            if (start := article_id[:n]) in keys:
                return start
        for n in range(1, DEPTH):
            if (start := article_id[:n]) not in self._inner:
                return start
        return article_id[:DEPTH]


def split(key: str, rows: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The rows of shard ``key`` spread over the shards one digit deeper, each of those
    split again while it holds more than :data:`SPLIT_ROWS` (and is not 3 digits deep)."""
    depth = len(key) + 1
    children: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        children.setdefault(str(row["id"])[:depth], []).append(row)
    leaves: dict[str, list[dict[str, Any]]] = {}
    for child, child_rows in children.items():
        if len(child_rows) > SPLIT_ROWS and depth < DEPTH:
            leaves.update(split(child, child_rows))
        else:
            leaves[child] = child_rows
    return leaves


def needs_split(key: str, rows: int) -> bool:
    """True when shard ``key`` holding ``rows`` records must be split."""
    return rows > SPLIT_ROWS and len(key) < DEPTH
