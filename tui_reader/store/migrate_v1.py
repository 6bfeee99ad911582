"""Schema 1 -> 2: from one big catalog to shards whose size does not grow with the library.

Schema 1 kept every article record in ``library.json`` and texts and
highlights in 256 shards each (``texts/<ab>.json``, ``notes/<ab>.json``).
Schema 2 is described in :mod:`tui_reader.store.layout`.

Safe to kill at any moment: the new files are written beside the old ones
(their names differ), everything is flushed, and only then does the caller
record version 2 in ``meta.json``; the old files are removed after that
(:func:`remove_v1_files`, also run at the next start if a kill came first).
A run that was killed before the version was recorded starts again from the
old files, which were never changed.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from tui_reader.atomic_files import atomic_write, generation_path, sync_all
from tui_reader.model import Article, Paragraph
from tui_reader.store import layout
from tui_reader.store.errors import LibraryCorrupt
from tui_reader.store.storage import AtomicJSONStorage

if TYPE_CHECKING:  # schema imports this module when it migrates: no cycle at run time
    from tui_reader.store.schema import Progress

V1_CATALOG = "library.json"
_V1_SHARD = re.compile(r"[0-9a-f]{2}\.json")
_V1_FILE = re.compile(r"[0-9a-f]{2}\.json(\.\d+|\.corrupt-.*)?")
#: How often (in articles) a progress message is sent.
STEP = 5000


def has_v1_files(folder: Path) -> bool:
    """True when the folder holds files of the schema 1 layout."""
    if v1_catalog_left(folder):
        return True
    return any(_v1_shards(folder / kind) for kind in (layout.TEXTS, layout.NOTES))


def v1_catalog_left(folder: Path) -> bool:
    """True while a migrated library's schema 1 files are not all removed yet: the catalog
    is removed last (:func:`remove_v1_files`), so four names tell, not the listing of
    the 12,500 text packs."""
    return any((folder / name).exists() for name in _v1_catalog_names())


def _v1_catalog_names() -> list[str]:
    return [V1_CATALOG, *(generation_path(Path(V1_CATALOG), n).name for n in (1, 2, 3))]


def _v1_shards(folder: Path) -> list[Path]:
    try:
        # Names, not a Path each: opening for writing looks here among 12,500 text packs.
        names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted(folder / name for name in names if _V1_SHARD.fullmatch(name))


def _tables(path: Path, warn: Progress) -> dict[str, Any] | None:
    """A v1 file's tables, recovered from a generation if damaged (None if absent)."""
    storage = AtomicJSONStorage(path, on_recover=warn)
    return storage.read()


def migrate_v1(folder: Path, progress: Progress, warn: Progress) -> None:
    """Write the schema 2 files of a schema 1 library (the old ones are left)."""
    _clear_partial_run(folder)
    texts: dict[str, list[Any]] = {}
    for path in _v1_shards(folder / layout.TEXTS):
        for row in ((_tables(path, warn) or {}).get("texts") or {}).values():
            if isinstance(row, dict) and isinstance(row.get("p"), list):
                texts[str(row.get("id"))] = row["p"]
    records = _catalog_rows(folder, texts, warn)
    total = len(records)
    progress(f"Upgrading the library to the new layout: {total} articles...")
    catalog: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for n, (aid, row) in enumerate(sorted(records.items()), 1):
        article = Article.from_dict(row)
        row = article.to_dict()
        catalog[layout.shard_key(aid)][str(len(catalog[layout.shard_key(aid)]) + 1)] = row
        paragraphs = texts.get(aid)
        if paragraphs is not None:
            text = [Paragraph.from_list(p) for p in paragraphs]
            path = layout.text_path(folder, aid)
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, layout.text_payload(article, text), sync=False)
        if n % STEP == 0:
            progress(f"Upgrading the library: {n} of {total} articles")
    notes: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for path in _v1_shards(folder / layout.NOTES):
        for row in ((_tables(path, warn) or {}).get("highlights") or {}).values():
            if isinstance(row, dict) and isinstance(row.get("article_id"), str):
                shard = notes[layout.shard_key(row["article_id"])]
                shard[str(len(shard) + 1)] = row
    for kind, shards in ((layout.CATALOG, catalog), (layout.NOTES, notes)):
        (folder / kind).mkdir(exist_ok=True)
        table = layout.ARTICLES_TABLE if kind == layout.CATALOG else layout.HIGHLIGHTS_TABLE
        for key, rows in shards.items():
            atomic_write(folder / kind / f"{key}.json", orjson.dumps({table: rows}), sync=False)
    _write_registry(folder, sorted(catalog), sorted(notes))
    sync_all(folder)
    progress(f"Upgraded the library: {total} articles.")


def _catalog_rows(
    folder: Path, texts: dict[str, list[Any]], warn: Progress
) -> dict[str, dict[str, Any]]:
    """The v1 catalog's records; if ``library.json`` is gone, its newest good generation,
    else records rebuilt from the texts (and the user is told)."""
    path = folder / V1_CATALOG
    tables: dict[str, Any] | None = None
    if path.exists():
        tables = _tables(path, warn)
    else:
        for n in (1, 2, 3):
            candidate = generation_path(path, n)
            try:
                tables = AtomicJSONStorage(candidate, generations=0).read()
            except LibraryCorrupt:
                continue
            if tables is not None:
                warn(
                    f"{V1_CATALOG} was missing next to the library's other files: restored "
                    f"its earlier copy {candidate.name} (changes made after it are lost)"
                )
                break
    records: dict[str, dict[str, Any]] = {}
    for row in ((tables or {}).get("articles") or {}).values():
        if isinstance(row, dict) and isinstance(row.get("id"), str):
            records[row["id"]] = row
    orphaned = [aid for aid in texts if aid not in records]
    if orphaned and (tables is None or not path.exists()):
        for aid in orphaned:
            paragraphs = [Paragraph.from_list(p) for p in texts[aid]]
            first = paragraphs[0].text if paragraphs else ""
            records[aid] = Article(
                id=aid,
                title=(first[:80] or "Untitled") + " (recovered)",
                paragraph_count=len(paragraphs),
                word_count=sum(len(p.text.split()) for p in paragraphs),
            ).to_dict()
        warn(
            f"{V1_CATALOG} was missing and had no good earlier copy: rebuilt "
            f"{len(orphaned)} article records from their texts (titles from their first "
            "lines; tags, notes and reading state could not be recovered)"
        )
    return records


def _write_registry(folder: Path, catalog: list[str], notes: list[str]) -> None:
    """Record the new shards in ``meta.json`` (the schema version is left to the caller)."""
    meta = AtomicJSONStorage(folder / layout.META, generations=layout.META_GENERATIONS)
    tables = meta.tables()
    row = dict((tables.get("meta") or {}).get("1") or {})
    row["shards"] = {layout.CATALOG: catalog, layout.NOTES: notes}
    tables["meta"] = {"1": row}
    meta.write(tables)


def _clear_partial_run(folder: Path) -> None:
    """Remove schema 2 files left by a migration that was killed (they are redone)."""
    shutil.rmtree(folder / layout.CATALOG, ignore_errors=True)
    texts = folder / layout.TEXTS
    if texts.is_dir():
        for entry in texts.iterdir():
            if entry.is_dir() and len(entry.name) == 2:
                shutil.rmtree(entry, ignore_errors=True)
    notes = folder / layout.NOTES
    if notes.is_dir():
        for entry in notes.iterdir():
            if len(entry.name.split(".")[0]) == 3:
                with contextlib.suppress(OSError):
                    entry.unlink()


def remove_v1_files(folder: Path) -> None:
    """Delete the schema 1 files once schema 2 is recorded (kept aside damaged copies too).

    The catalog goes last: while it is there, a start after a kill finishes the removal
    (:func:`v1_catalog_left`)."""
    for kind in (layout.TEXTS, layout.NOTES):
        try:
            entries = list((folder / kind).iterdir())
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.is_file() and _V1_FILE.fullmatch(entry.name):
                with contextlib.suppress(OSError):
                    entry.unlink()
    for name in reversed(_v1_catalog_names()):
        with contextlib.suppress(FileNotFoundError):
            (folder / name).unlink()
