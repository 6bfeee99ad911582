"""Where each record lives in a library folder (schema 2).

::

    newsread.lock             single-writer lock (flock)
    meta.json                 schema version, creation date, settings, the shard registry
    catalog/<abc>.json        article records, by the first 3 hex digits of the article id
    texts/<ab>/<id>.json      one article's paragraphs (and its record as first written)
    notes/<abc>.json          highlights, by the first 3 hex digits of their article's id
    reviews/<abc>.json        review cards of highlights (schedule, log), sharded as notes
    recent.json               the newest 100 records, so the first screen needs no catalog
    journal.json              only while a change to several files is being applied

Every file is a TinyDB database (``{"table": {"<n>": {row}}}``) written
atomically. Catalog and notes shards stay small whatever the size of the
library (at 100,000 articles about 25 records or 120 highlights each), so a
save rewrites a few kilobytes; an article's text is written once, in its own
file, and never copied into generations.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson

from tui_reader.model import Article, Paragraph

META = "meta.json"
RECENT = "recent.json"
CATALOG = "catalog"
TEXTS = "texts"
NOTES = "notes"
REVIEWS = "reviews"
#: Table names inside the files.
ARTICLES_TABLE = "articles"
TEXTS_TABLE = "texts"
HIGHLIGHTS_TABLE = "highlights"
CARDS_TABLE = "cards"
#: The table of each kind of shard.
TABLES = {CATALOG: ARTICLES_TABLE, NOTES: HIGHLIGHTS_TABLE, REVIEWS: CARDS_TABLE}
#: Generations kept of each small file (catalog and notes shards).
SHARD_GENERATIONS = 1
#: Generations kept of ``meta.json`` (settings, registry).
META_GENERATIONS = 3


def shard_key(article_id: str) -> str:
    """The catalog and notes shard of an article: the first 3 hex digits of its id."""
    return article_id[:3]


def catalog_path(folder: Path, key: str) -> Path:
    """The catalog shard ``key``."""
    return folder / CATALOG / f"{key}.json"


def notes_path(folder: Path, key: str) -> Path:
    """The notes (highlights) shard ``key``."""
    return folder / NOTES / f"{key}.json"


def text_path(folder: Path, article_id: str) -> Path:
    """The file holding one article's text."""
    return folder / TEXTS / article_id[:2] / f"{article_id}.json"


def text_payload(article: Article, paragraphs: list[Paragraph] | tuple[Paragraph, ...]) -> bytes:
    """The bytes of an article's text file: its paragraphs, and its record as written
    then (so that a lost catalog shard can be rebuilt from the texts)."""
    row = {"id": article.id, "p": [p.to_list() for p in paragraphs], "article": article.to_dict()}
    return orjson.dumps({TEXTS_TABLE: {"1": row}})


def read_text_row(path: Path) -> dict[str, Any]:
    """The row of a text file; ``FileNotFoundError`` or ``ValueError`` if unusable."""
    data = orjson.loads(path.read_bytes())
    row = data[TEXTS_TABLE]["1"] if isinstance(data, dict) else None
    if not isinstance(row, dict) or not isinstance(row.get("p"), list):
        raise ValueError("not a text file")
    return row


def shard_names(folder: Path) -> list[str]:
    """The shard keys of the ``.json`` files in ``folder`` (generations aside)."""
    try:
        names = os.listdir(folder)  # 4,096 names at 100,000 articles: no Path for each
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted(name[:-5] for name in names if name.endswith(".json") and len(name) == 8)
