"""Where each record lives in a library folder (schema 5).

::

    newsread.lock             single-writer lock (flock)
    meta.json                 schema version, creation date, the shard registry
    settings.json             the library's settings (feeds followed, saved searches, ignore
                              rules, deleted entries ...): read when first asked for, not to
                              open the library (in meta.json before schema 5)
    catalog/<abc>.json        article records, by the first 1 to 3 hex digits of the article
                              id (:mod:`~tui_reader.store.catalog_keys`: deeper as the
                              library grows); each names the text pack holding its text
                              (``"text"``)
    texts/p<n>.json.gz        a text pack: the paragraphs of up to about 64 KB of
                              articles written together (and each one's record as written),
                              gzip-compressed JSON (``zcat`` shows it); ``texts/p<n>.json``
                              is a pack as earlier newsreads wrote it, uncompressed
    notes/<abc>.json          highlights, by the first 3 hex digits of their article's id
    reviews/<abc>.json        review cards of highlights (schedule, log), sharded as notes
    recent.json               the newest 100 records, so the first screen needs no catalog
    journal.json              only while a change to several files is being applied
    bulk.json                 only while a bulk import runs (or after one was killed): the
                              text packs holding new articles whose records are not in
                              their catalog shard yet (each pack row holds its record)

Every file is a TinyDB database (``{"table": {"<n>": {row}}}``) written
atomically. Text packs are compressed: one gzip member of that JSON (made by
ISA-L, through ``isal``, at level :data:`PACK_LEVEL`, header time 0, so the same
texts always give the same bytes: about 0.38x the JSON); everything a person
edits or inspects is plain JSON. Catalog and notes shards stay small whatever the size of the library (at
100,000 articles about 25 records or 120 highlights each), so a save rewrites a
few kilobytes. Texts are written once, in packs made by the
batch that adds them (an import writes a few hundred articles' texts in a
handful of files, not one file each: no per-file overhead on disk, and a
batch is flushed in a few fsyncs), and never copied into generations. A text
replaced by a re-import or deleted is taken out of its pack (the pack is
rewritten without it, in the same change).

Packs written before they were compressed (``p<n>.json``) are read as they are,
with no migration; a pack rewritten (a text taken out) is written compressed
and its ``.json`` removed in the same change. Should both forms of one pack
be found (they are only together between the two steps of that change, which
the next writer finishes), the ``.json.gz`` is the pack and the ``.json`` is
ignored: it is the older, and may still hold the text that was taken out. A
``.json.gz`` that does not decompress (truncated, not gzip) or whose JSON is not
a pack is a damaged pack, as a ``.json`` that does not parse.

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
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import orjson

from tui_reader.model import Article, Paragraph

META = "meta.json"
SETTINGS = "settings.json"
SETTINGS_TABLE = "settings"
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
#: Generations kept of ``settings.json``.
SETTINGS_GENERATIONS = 3
#: The catalog row's field naming the text pack that holds the article's text.
TEXT_FIELD = "text"
#: A new text pack is closed once it holds this many bytes. Reading one text parses
#: its whole pack (about 0.1 ms at this size), and the search listing reads the
#: texts of up to 300 hits for their snippets, each likely in another pack; a
#: file's last 4 KB block is half empty on average (3% of a pack this size).
PACK_BYTES = 64 * 1024
#: The file of a text pack: gzip-compressed JSON.
PACK_SUFFIX = ".json.gz"
#: The file of a text pack written before packs were compressed: plain JSON.
PLAIN_PACK_SUFFIX = ".json"
#: ISA-L's level (0-3) for text packs. Measured on 1,000 packs of the 100,000-article
#: benchmark (one core): level 2 packs them to 0.379x their JSON at about 420 MB/s and
#: they decompress at about 700 MB/s; the standard library's zlib took 0.40x at about
#: 80 MB/s (level 1) and decompressed at about 250 MB/s, which made reading one text
#: (its whole pack) about four times as costly as parsing the plain JSON.
PACK_LEVEL = 2
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
    """The notes (and reviews) shard of an article: the first 3 hex digits of its id (its
    catalog shard's key may be shorter: :mod:`~tui_reader.store.catalog_keys`)."""
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
    """The file text pack ``name`` is written to (compressed)."""
    return folder / TEXTS / f"{name}{PACK_SUFFIX}"


def plain_pack_path(folder: Path, name: str) -> Path:
    """The file of text pack ``name`` as written before packs were compressed."""
    return folder / TEXTS / f"{name}{PLAIN_PACK_SUFFIX}"


def pack_names(folder: Path) -> list[str]:
    """The text packs in the library ``folder`` (either form, each once), oldest first."""
    try:
        files = os.listdir(folder / TEXTS)
    except (FileNotFoundError, NotADirectoryError):
        return []
    stems = set()
    for file in files:
        if file.endswith(PACK_SUFFIX):
            stems.add(file[: -len(PACK_SUFFIX)])
        elif file.endswith(PLAIN_PACK_SUFFIX):
            stems.add(file[: -len(PLAIN_PACK_SUFFIX)])
    return sorted((s for s in stems if pack_number(s) is not None), key=pack_number)


def pack_file(folder: Path, name: str) -> str:
    """The file holding text pack ``name``, relative to the library (for messages)."""
    plain = plain_pack_path(folder, name)
    path = plain if plain.exists() and not pack_path(folder, name).exists() else None
    return f"{TEXTS}/{(path or pack_path(folder, name)).name}"


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


def compress_pack(payload: bytes) -> bytes:
    """The file bytes of a text pack whose JSON is ``payload``: one gzip member (header time
    0: the same payload always gives the same bytes). ISA-L lets other threads run while
    it works, so a writer compresses packs in its flush threads."""
    from isal import isal_zlib  # loaded by the first pack read or written, not at start-up

    return isal_zlib.compress(payload, PACK_LEVEL, wbits=31)


def decompress_pack(raw: bytes) -> bytes:
    """The JSON of a compressed text pack's file bytes; ``ValueError`` if they are not a
    whole gzip member (truncated, damaged, not gzip, a wrong checksum)."""
    from isal import isal_zlib

    try:
        return isal_zlib.decompress(raw, wbits=31)
    except isal_zlib.error as error:
        raise ValueError(f"not a gzip-compressed pack: {error}") from None


def read_pack(
    folder: Path, name: str, read: Callable[[Path], bytes] = Path.read_bytes
) -> dict[str, dict[str, Any]]:
    """The rows of text pack ``name`` by article id, read with ``read``: its ``.json.gz``,
    or its ``.json`` when there is none (see the module's notes); ``FileNotFoundError``
    when neither exists, ``ValueError`` when it is damaged."""
    try:
        raw = read(pack_path(folder, name))
    except FileNotFoundError:
        return parse_pack(read(plain_pack_path(folder, name)))
    return parse_pack(decompress_pack(raw))


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
    return keys_of(list_folder(folder))


def list_folder(folder: Path) -> list[str]:
    """The names in ``folder`` (none if it is missing): 4,096 at 100,000 articles, so
    names and not a Path for each."""
    try:
        return os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []


def keys_of(names: Iterable[str]) -> list[str]:
    """The shard keys among a folder's ``names`` (generations and temporary files aside)."""
    return sorted(key_set(names))


def key_set(names: Iterable[str]) -> set[str]:
    """:func:`keys_of`, unordered (a library's opening asks only which are there)."""
    return {name[:-5] for name in names if 6 <= len(name) <= 8 and name.endswith(".json")}
