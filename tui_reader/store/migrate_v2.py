"""Schema 2 -> 3: one file per article text becomes text packs.

Schema 2 kept each article's text in its own file (``texts/<ab>/<id>.json``):
a file and a rename per article on import (and an fsync each), and about a
third more disk than the text itself in half-empty 4 KB blocks. Schema 3 puts
the texts written together into packs of about 64 KB (see
:mod:`tui_reader.store.layout`), and each catalog record names its pack.

The texts are taken in the order of their catalog shard, a few shards at a
time. Each step is one change through the journal
(:class:`~tui_reader.store.journal.Transaction`): the new packs, the catalog
shards whose records now name them, and the removal of the old text files,
all or nothing. A kill leaves every step done or not done; the next open runs
the migration again (the schema version says 2 until it has finished) and it
goes on with the text files still there. No text file is removed before the
change that packed it is on disk.
"""

from __future__ import annotations

import contextlib
import re
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from tui_reader.atomic_files import in_background
from tui_reader.store import layout
from tui_reader.store.errors import LibraryCorrupt
from tui_reader.store.journal import Transaction
from tui_reader.store.storage import AtomicJSONStorage

if TYPE_CHECKING:  # schema imports this module when it migrates: no cycle at run time
    from tui_reader.store.schema import Progress

_TEXT_FILE = re.compile(r"[0-9a-f]{4,64}\.json")
#: About this many bytes of text are packed in one step (one journaled change).
STEP_BYTES = 8 * 1024 * 1024
#: How often (in texts) a progress message is sent.
REPORT_EVERY = 5000


def text_files(folder: Path) -> dict[str, list[Path]]:
    """The schema 2 text files still in ``folder``, by catalog shard key."""
    by_key: dict[str, list[Path]] = defaultdict(list)
    try:
        subs = sorted(p for p in (folder / layout.TEXTS).iterdir() if p.is_dir())
    except (FileNotFoundError, NotADirectoryError):
        return {}
    for sub in subs:
        if len(sub.name) != 2:
            continue
        for path in sorted(sub.iterdir()):
            if _TEXT_FILE.fullmatch(path.name) and path.stem.startswith(sub.name):
                by_key[layout.shard_key(path.stem)].append(path)
    return dict(sorted(by_key.items()))


def migrate_v2(folder: Path, progress: Progress, warn: Progress) -> None:
    """Pack the schema 2 text files of ``folder`` (see the module's docstring)."""
    by_key = text_files(folder)
    total = sum(len(paths) for paths in by_key.values())
    if total:
        progress(f"Upgrading the library: packing {total} article texts into fewer files...")
    names = layout.pack_names(folder)
    next_pack = (layout.pack_number(names[-1]) or 0) + 1 if names else 1
    done = 0
    step: list[str] = []
    size = 0
    for key, paths in by_key.items():
        step.append(key)
        size += sum(_size(path) for path in paths)
        if size >= STEP_BYTES:
            next_pack = _pack_step(folder, {k: by_key[k] for k in step}, next_pack, warn)
            done, step, size = _report(progress, done, sum(len(by_key[k]) for k in step), total)
    if step:
        next_pack = _pack_step(folder, {k: by_key[k] for k in step}, next_pack, warn)
    for sub in (folder / layout.TEXTS).glob("??"):
        with contextlib.suppress(OSError):
            sub.rmdir()  # only when empty: a damaged text left behind keeps its folder
    if total:
        progress(f"Upgraded the library: {total} article texts packed.")


def _report(progress: Progress, done: int, more: int, total: int) -> tuple[int, list[str], int]:
    if (done + more) // REPORT_EVERY > done // REPORT_EVERY:
        progress(f"Upgrading the library: {done + more} of {total} texts packed")
    return done + more, [], 0


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _pack_step(folder: Path, by_key: dict[str, list[Path]], next_pack: int, warn: Progress) -> int:
    """Pack the texts of a few catalog shards in one change; returns the next pack number."""
    txn = Transaction(folder)
    rows: list[tuple[str, bytes]] = []
    for paths in by_key.values():
        for path in paths:
            try:
                row = layout.read_text_row(path)
            except FileNotFoundError:
                continue
            except (OSError, ValueError, KeyError, TypeError) as error:
                warn(
                    f"{layout.TEXTS}/{path.parent.name}/{path.name} is damaged ({error}): "
                    "left as it is, and its article has no text"
                )
                continue
            if row.get("id") != path.stem:
                warn(f"{layout.TEXTS}/{path.parent.name}/{path.name} names another article: left")
                continue
            rows.append((path.stem, orjson.dumps(row)))
            txn.delete(path)
    where: dict[str, str] = {}
    chunk: list[tuple[str, bytes]] = []
    size = 0
    for aid, data in rows:
        chunk.append((aid, data))
        size += len(data)
        if size >= layout.PACK_BYTES:
            next_pack = _close(folder, txn, chunk, next_pack, where)
            chunk, size = [], 0
    if chunk:
        next_pack = _close(folder, txn, chunk, next_pack, where)
    for key in by_key:
        _point_records(folder, txn, key, where, warn)
    txn.commit()
    return next_pack


def _close(
    folder: Path, txn: Transaction, chunk: list[tuple[str, bytes]], number: int, where: dict
) -> int:
    name = layout.pack_name(number)
    payload = layout.pack_payload(data for _, data in chunk)
    txn.write(layout.pack_path(folder, name), in_background(layout.compress_pack, payload))
    for aid, _ in chunk:
        where[aid] = name
    return number + 1


def _point_records(
    folder: Path, txn: Transaction, key: str, where: dict[str, str], warn: Progress
) -> None:
    """Make the records of catalog shard ``key`` name the packs of their texts."""
    path = layout.catalog_path(folder, key)
    storage = AtomicJSONStorage(path, generations=layout.SHARD_GENERATIONS, on_recover=warn)
    try:
        tables = storage.read()
    except LibraryCorrupt as error:
        # Its records come back from the packs (each keeps its record) at the next open.
        warn(f"{error}; its articles' records will be rebuilt from their texts")
        return
    if tables is None:
        return  # a lost shard: rebuilt from the packs when the library opens
    table: dict[str, Any] = tables.get(layout.ARTICLES_TABLE) or {}
    for row in table.values():
        if isinstance(row, dict) and row.get("id") in where:
            row[layout.TEXT_FIELD] = where[row["id"]]
    txn.write(path, orjson.dumps(tables), layout.SHARD_GENERATIONS)
