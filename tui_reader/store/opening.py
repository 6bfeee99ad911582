"""What opening a library checks: its version, and files that should be there and are not.

``meta.json`` keeps a registry of the catalog and notes shards the library
has written (it changes only when a new shard appears). A registered shard
that is missing is damage, never "an empty library": a catalog shard is
restored from its last generation or rebuilt from the article texts (each
text file keeps its article's record as first written); a notes shard is
restored from its generation, or reported (by start-up warnings and by
:meth:`Library.check`) when nothing can bring its highlights back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import orjson

from tui_reader.atomic_files import atomic_write, generation_path
from tui_reader.store import layout
from tui_reader.store.migrate_v1 import has_v1_files, remove_v1_files, v1_catalog_left
from tui_reader.store.schema import SCHEMA_VERSION
from tui_reader.store.storage import parse_tables

if TYPE_CHECKING:
    from pathlib import Path

    from tui_reader.store.library import Library


def detect_version(folder: Path, meta: dict[str, Any] | None) -> int:
    """The schema of the library in ``folder`` (``meta`` is its ``meta.json`` row)."""
    if meta is not None and "schema_version" in meta:
        return int(meta["schema_version"])
    if has_v1_files(folder) and not layout.shard_names(folder / layout.CATALOG):
        return 1
    return SCHEMA_VERSION


def restore_meta(folder: Path, warn: Callable[[str], None]) -> None:
    """A missing ``meta.json`` or ``settings.json`` comes back from its newest good
    generation (if any)."""
    _restore(folder, layout.META, layout.META_GENERATIONS, warn)
    _restore(folder, layout.SETTINGS, layout.SETTINGS_GENERATIONS, warn)


def _restore(folder: Path, name: str, generations: int, warn: Callable[[str], None]) -> None:
    path = folder / name
    if path.exists():
        return
    for n in range(1, generations + 1):
        candidate = generation_path(path, n)
        try:
            raw = candidate.read_bytes()
            parse_tables(raw)
        except (OSError, ValueError):
            continue
        atomic_write(path, raw)
        warn(f"{name} was missing: restored its earlier copy {candidate.name}")
        return


#: The kinds of shard a library keeps, each in its folder.
SHARD_KINDS = (layout.CATALOG, layout.NOTES, layout.REVIEWS)


def shards_on_disk(folder: Path, listed: dict[str, list[str]] | None = None) -> dict[str, set[str]]:
    """The shard keys whose file is in ``folder``, by kind (each folder listed once: the
    catalog of 100,000 articles is 8,192 files; ``listed``: the names of the kinds'
    folders, if the caller has just listed them)."""
    listed = listed or {}
    return {
        kind: layout.key_set(listed[kind] if kind in listed else layout.list_folder(folder / kind))
        for kind in SHARD_KINDS
    }


def missing_shards(library: Library, on_disk: dict[str, set[str]] | None = None) -> list[str]:
    """Registered shards whose file is gone, as ``catalog/abc.json`` names (``on_disk``:
    :func:`shards_on_disk`, if already listed)."""
    on_disk = on_disk if on_disk is not None else shards_on_disk(library.folder)
    missing: list[str] = []
    for kind in SHARD_KINDS:
        present = on_disk[kind] | library._pending_files(kind)
        missing.extend(f"{kind}/{key}.json" for key in sorted(library.registry(kind) - present))
    return missing


def recover_missing(
    library: Library, warn: Callable[[str], None], on_disk: dict[str, set[str]]
) -> list[str]:
    """Bring back what can be brought back; returns what is still missing. ``on_disk``
    (:func:`shards_on_disk`) is listed again if anything was brought back."""
    folder = library.folder
    if not library.read_only and v1_catalog_left(folder):
        remove_v1_files(folder)
    still: list[str] = []
    rebuilt_all = _rebuild_lost_catalog(library, warn, on_disk[layout.CATALOG])
    missing = missing_shards(library, on_disk)
    for name in missing:
        kind, file_name = name.split("/")
        path = folder / kind / file_name
        if library.read_only:
            warn(f"{name} is missing (open the library for writing to repair it)")
            still.append(name)
            continue
        if _from_generation(path):
            warn(f"{name} was missing: restored its earlier copy (later changes to it are lost)")
            continue
        if kind == layout.CATALOG and not rebuilt_all:
            count = _rebuild_catalog_shard(folder, path.stem)
            if count:
                warn(
                    f"{name} was missing: rebuilt {count} article records from their texts "
                    "(their tags, notes and reading state are as first imported)"
                )
                continue
        what = {layout.CATALOG: "article records", layout.REVIEWS: "review cards"}.get(
            kind, "highlights"
        )
        warn(f"{name} is missing and no copy of it exists: the {what} it held are lost")
        still.append(name)
    if rebuilt_all or missing:
        on_disk.update(shards_on_disk(folder))
    return still


def _from_generation(path: Path) -> bool:
    candidate = generation_path(path, 1)
    try:
        raw = candidate.read_bytes()
        parse_tables(raw)
    except (OSError, ValueError):
        return False
    atomic_write(path, raw)
    return True


def _text_rows(folder: Path, prefix: str) -> list[dict[str, Any]]:
    """Article records kept in the text packs for the ids starting with ``prefix``, each
    naming the pack it was found in (the newest pack wins)."""
    rows: dict[str, dict[str, Any]] = {}
    for name in layout.pack_names(folder):
        try:
            pack = layout.read_pack(folder, name)
        except (OSError, ValueError):
            continue
        for aid, row in pack.items():
            record = row.get("article")
            if aid.startswith(prefix) and isinstance(record, dict) and record.get("id") == aid:
                rows[aid] = {**record, layout.TEXT_FIELD: name}
    return [rows[aid] for aid in sorted(rows)]


def _rebuild_catalog_shard(folder: Path, key: str) -> int:
    rows = _text_rows(folder, key)
    if not rows:
        return 0
    table = {str(n): row for n, row in enumerate(rows, 1)}
    atomic_write(layout.catalog_path(folder, key), orjson.dumps({layout.ARTICLES_TABLE: table}))
    return len(rows)


def _bulk_packs(folder: Path) -> frozenset[str]:
    """The packs ``bulk.json`` lists: their articles are a killed import's, filed at open."""
    try:
        return frozenset(layout.parse_bulk((folder / layout.BULK).read_bytes()))
    except (OSError, ValueError):
        return frozenset()


def _rebuild_lost_catalog(
    library: Library, warn: Callable[[str], None], catalog_on_disk: set[str]
) -> bool:
    """No catalog at all (and no registry) next to article texts: rebuild it from them."""
    folder = library.folder
    if library.read_only or catalog_on_disk:
        return False
    if library.registry(layout.CATALOG):
        return False  # handled shard by shard
    filing = _bulk_packs(folder)
    rows = [row for row in _text_rows(folder, "") if row[layout.TEXT_FIELD] not in filing]
    if not rows:
        return False  # only a killed import's articles: filed from bulk.json, not lost
    by_key: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_key.setdefault(layout.shard_key(row["id"]), []).append(row)
    for key, shard_rows in by_key.items():
        table = {str(n): row for n, row in enumerate(shard_rows, 1)}
        atomic_write(layout.catalog_path(folder, key), orjson.dumps({layout.ARTICLES_TABLE: table}))
    warn(
        f"the catalog was missing next to {len(rows)} article texts: rebuilt it from them "
        "(tags, notes and reading state are as first imported)"
    )
    return True
