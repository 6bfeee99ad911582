"""Where each record lives in a library folder (schema 3).

::

    newsread.lock             single-writer lock (flock)
    meta.json                 schema version, creation date, settings, the shard registry
    catalog/<abc>.json        article records, by the first 3 hex digits of the article id;
                              each names the text pack holding its text (``"text"``)
    texts/p<n>.json           a text pack: the paragraphs of up to about 64 KB of
                              articles written together (and each one's record as written)
    notes/<abc>.json          highlights, by the first 3 hex digits of their article's id
    reviews/<abc>.json        review cards of highlights (schedule, log), sharded as notes
    recent.json               the newest 100 records, so the first screen needs no catalog
    journal.json              only while a change to several files is being applied
    bulk.json                 only while a bulk import runs (or after one was killed): the
                              text packs holding new articles whose records are not in
                              their catalog shard yet (each pack row holds its record)

Every file is a TinyDB database (``{"table": {"<n>": {row}}}``) written
atomically. Catalog and notes shards stay small whatever the size of the
library (at 100,000 articles about 25 records or 120 highlights each), so a
save rewrites a few kilobytes. Texts are written once, in packs made by the
batch that adds them (an import writes a few hundred articles' texts in a
handful of files, not one file each: no per-file overhead on disk, and a
batch is flushed in a few fsyncs), and never copied into generations. A text
replaced by a re-import or deleted is taken out of its pack (the pack is
rewritten without it, in the same change).

A bulk import (``newsread add`` of a folder) would rewrite about one catalog
shard per article it adds (a batch of 200 new articles touches ~195 of the
4,096 shards). Instead each batch writes its texts and ``bulk.json``; the new
records are put into their shards every :data:`FOLD_EVERY` articles and at the
end, each touched shard written once (:meth:`Library.bulk
<tui_reader.store.Library.bulk>`). Readers and a writer after a kill take the
records listed by ``bulk.json`` from the packs (the file is transient: a library
at rest has none, so the layout and its schema are unchanged).

Schema 2 kept one file per text (``texts/<ab>/<id>.json``):
:func:`text_path`, :func:`text_payload` and :func:`read_text_row` read and
write that layout for the migrations.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
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
#: The catalog row's field naming the text pack that holds the article's text.
TEXT_FIELD = "text"
#: A new text pack is closed once it holds this many bytes. Reading one text parses
#: its whole pack (about 0.1 ms at this size), and the search listing reads the
#: texts of up to 300 hits for their snippets, each likely in another pack; a
#: file's last 4 KB block is half empty on average (3% of a pack this size).
PACK_BYTES = 64 * 1024
_PACK_NAME = re.compile(r"p([0-9]{7,})")
#: A bulk import's file: the packs holding records not in their shards yet.
BULK = "bulk.json"
BULK_TABLE = "bulk"
#: Articles a bulk import adds before their records are put into their shards (then
#: each shard is written once for about 4 of its articles instead of once for each).
FOLD_EVERY = 16384
#: Catalog shards written per change while the records are put in (bounds the memory).
FOLD_SHARDS = 512


def shard_key(article_id: str) -> str:
    """The catalog and notes shard of an article: the first 3 hex digits of its id."""
    return article_id[:3]


def catalog_path(folder: Path, key: str) -> Path:
    """The catalog shard ``key``."""
    return folder / CATALOG / f"{key}.json"


def notes_path(folder: Path, key: str) -> Path:
    """The notes (highlights) shard ``key``."""
    return folder / NOTES / f"{key}.json"


def pack_name(number: int) -> str:
    """The name of text pack ``number`` (``p0000042``)."""
    return f"p{number:07d}"


def pack_number(name: str) -> int | None:
    """The number of a text pack's name, or None if ``name`` is not one."""
    found = _PACK_NAME.fullmatch(name)
    return int(found.group(1)) if found else None


def pack_path(folder: Path, name: str) -> Path:
    """The file of text pack ``name``."""
    return folder / TEXTS / f"{name}.json"


def pack_names(folder: Path) -> list[str]:
    """The text packs in the library ``folder``, oldest first."""
    try:
        stems = [e.name[:-5] for e in (folder / TEXTS).iterdir() if e.name.endswith(".json")]
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted((s for s in stems if pack_number(s) is not None), key=pack_number)


def text_row(article: Article, paragraphs: Iterable[Paragraph]) -> dict[str, Any]:
    """An article's row in a text pack: its paragraphs, and its record as written then
    (so that a lost catalog shard can be rebuilt from the texts)."""
    return {
        "id": article.id,
        "p": [p.to_list() for p in paragraphs],
        "article": article.to_record(),
    }


def pack_payload(rows: Iterable[bytes]) -> bytes:
    """The bytes of a text pack holding ``rows`` (each already serialised)."""
    parts = [b'{"' + TEXTS_TABLE.encode() + b'":{']
    for n, row in enumerate(rows, 1):
        parts.append(b'%s"%d":' % (b"," if n > 1 else b"", n))
        parts.append(row)
    parts.append(b"}}")
    return b"".join(parts)


def read_pack(path: Path) -> dict[str, dict[str, Any]]:
    """The rows of a text pack by article id; ``FileNotFoundError`` or ``ValueError``."""
    return parse_pack(path.read_bytes())


def parse_pack(raw: bytes) -> dict[str, dict[str, Any]]:
    """The rows of a text pack's bytes by article id; ``ValueError`` if it is not one."""
    data = orjson.loads(raw)
    table = data.get(TEXTS_TABLE) if isinstance(data, dict) else None
    if not isinstance(table, dict):
        raise ValueError("not a text pack")
    rows: dict[str, dict[str, Any]] = {}
    for row in table.values():
        if not isinstance(row, dict) or not isinstance(row.get("p"), list):
            raise ValueError("not a text pack")
        rows[str(row.get("id"))] = row
    return rows


def bulk_payload(packs: list[str]) -> bytes:
    """The bytes of ``bulk.json`` listing ``packs``."""
    return orjson.dumps({BULK_TABLE: {"1": {"packs": packs}}})


def parse_bulk(raw: bytes) -> list[str]:
    """The packs listed by ``bulk.json``'s bytes; ``ValueError`` if it is not one."""
    data = orjson.loads(raw)
    row = data.get(BULK_TABLE, {}).get("1") if isinstance(data, dict) else None
    packs = row.get("packs") if isinstance(row, dict) else None
    if not isinstance(packs, list) or not all(
        isinstance(n, str) and pack_number(n) is not None for n in packs
    ):
        raise ValueError("not a bulk import's list of packs")
    return packs


def text_path(folder: Path, article_id: str) -> Path:
    """Schema 2: the file holding one article's text."""
    return folder / TEXTS / article_id[:2] / f"{article_id}.json"


def text_payload(article: Article, paragraphs: list[Paragraph] | tuple[Paragraph, ...]) -> bytes:
    """Schema 2: the bytes of an article's own text file."""
    row = {"id": article.id, "p": [p.to_list() for p in paragraphs], "article": article.to_dict()}
    return orjson.dumps({TEXTS_TABLE: {"1": row}})


def read_text_row(path: Path) -> dict[str, Any]:
    """Schema 2: the row of a text file; ``FileNotFoundError`` or ``ValueError``."""
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
