"""The library: articles, their text and their highlights, kept in TinyDB files.

The folder layout is described in :mod:`tui_reader.store.layout`. Every cost
of a save is flat: a highlight, a tag, a note, a reading position or a queue
move rewrites one small shard whatever the size of the library; an import
batch or a restore writes each touched file once, all together through a
journal (:mod:`tui_reader.store.journal`), so a kill leaves the old library or
the new one. The store checks and sanitises what it writes
(:mod:`tui_reader.store.records`) and tells listeners what changed
(:meth:`Library.subscribe`), so a derived index can follow.
"""

from __future__ import annotations

import heapq
import os
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from tui_reader.atomic_files import atomic_write, generation_path, in_background, remove_debris
from tui_reader.model import (
    COLOURS,
    PARAGRAPH_SEPARATOR,
    Article,
    Document,
    Highlight,
    Paragraph,
    Queue,
    ReadingState,
    now_iso,
    plain_text,
)
from tui_reader.sanitize import clean_multiline, clean_tags
from tui_reader.sort_in_steps import sorted_in_steps
from tui_reader.store import layout
from tui_reader.store.catalog_keys import CatalogKeys, needs_split, split
from tui_reader.store.changes import Changes, Listener
from tui_reader.store.errors import (
    InvalidRecord,
    LibraryCorrupt,
    LibraryLocked,
    NotFound,
    ReadOnlyError,
    StoreError,
    StoreWriteError,
)
from tui_reader.store.journal import Transaction, finished_view, read_finished, replay
from tui_reader.store.layout import (
    BULK,
    CATALOG,
    META,
    NOTES,
    RECENT,
    REVIEWS,
    SETTINGS,
    SETTINGS_TABLE,
    TEXTS,
)
from tui_reader.store.lock import LibraryLock, LockUnwritable
from tui_reader.store.records import (
    ARTICLE_ID,
    check_quote,
    valid_article,
    valid_highlight,
    valid_review,
)
from tui_reader.store.schema import READABLE_AS_IS, SCHEMA_VERSION, Progress, migrate
from tui_reader.store.shards import Row, Shard
from tui_reader.store.storage import AtomicJSONStorage, parse_tables

if TYPE_CHECKING:  # the index (and sqlite3) load on first search or write, not at start-up
    from concurrent.futures import Future

    from tui_reader.index import SearchIndex
    from tui_reader.store.searching import SearchHit

#: How many of the newest articles ``recent.json`` holds.
RECENT_SIZE = 100
#: How many shards are kept parsed in memory (the rest are read again when needed).
CACHED_SHARDS = 256
#: How many text packs are kept parsed in memory.
CACHED_PACKS = 64


class OpenMode(StrEnum):
    """How to open a library."""

    AUTO = "auto"
    """Write if the lock is free, else read-only (and say why)."""
    WRITE = "write"
    """Write, or raise :class:`LibraryLocked`."""
    READ = "read"
    """Read-only, without taking the lock."""


@dataclass(slots=True)
class _Batch:
    """Shards and text packs changed by one operation, written together at its end."""

    shards: dict[Path, Shard] = field(default_factory=dict)
    new_packs: dict[str, Future[bytes]] = field(default_factory=dict)
    """Text packs made by this operation: name -> their file's bytes, being compressed in
    the flush threads meanwhile."""
    new_rows: dict[str, dict[str, Row]] = field(default_factory=dict)
    """Their rows by article id (kept parsed once saved: listeners read them next)."""
    packs: dict[str, dict[str, Row]] = field(default_factory=dict)
    """Existing text packs some texts were taken out of: name -> the rows left."""
    old_texts: dict[str, str] = field(default_factory=dict)
    """Article id -> the pack its replaced or deleted text is in until the batch is saved."""
    registry: bool = False
    changes: Changes = field(default_factory=Changes)
    intake: dict[str, Row] = field(default_factory=dict)
    """A bulk import: records of new articles kept out of their shards (see :meth:`Library.bulk`)."""
    left_intake: set[str] = field(default_factory=set)
    """Ids leaving the intake: put in their shard, or deleted."""
    fold: bool = False
    """The change that empties the intake: ``bulk.json`` goes with it."""
    split: dict[Path, Shard] = field(default_factory=dict)
    """Catalog shards split into deeper ones by this change (removed with it)."""
    settings: dict[str, Any] | None = None
    """The library's settings, when this change replaces them (``settings.json``)."""


@dataclass(slots=True)
class Library:
    """A library folder, opened for writing or read-only.

    Use :meth:`open`; close with :meth:`close` (or as a context manager).
    All methods are thread-safe. Every change is on disk when the call returns.
    """

    folder: Path
    read_only: bool
    read_only_reason: str = ""
    warnings: list[str] = field(default_factory=list)
    """Messages for the user (read-only mode, recovered files); files are read on
    first use, so more can arrive later: see :meth:`take_warnings`."""
    _warnings_taken: int = 0
    _warnings_lock: threading.Lock = field(default_factory=threading.Lock)
    _lock: LibraryLock | None = None
    _mutex: threading.RLock = field(default_factory=threading.RLock)
    _meta: AtomicJSONStorage | None = None
    _settings_file: AtomicJSONStorage | None = None
    """``settings.json``, read when the settings are first asked for."""
    _shards: OrderedDict[Path, Shard] = field(default_factory=OrderedDict)
    _shard_paths: dict[tuple[str, str], Path] = field(default_factory=dict)
    _batch: _Batch | None = None
    _articles: dict[str, Article] | None = None
    _packs: OrderedDict[str, dict[str, Row]] = field(default_factory=OrderedDict)
    """Text packs parsed lately (the newest last)."""
    _next_pack: int | None = None
    _texts_before: dict[str, str] = field(default_factory=dict)
    """While listeners are told of a change about to be saved: where the texts it
    replaces still are (what :meth:`paragraphs` reads for them)."""
    _recent: list[Article] | None = None
    _missing: list[str] = field(default_factory=list)
    _registry: dict[str, tuple[int, set[str]]] = field(default_factory=dict)
    _finished: dict[Path, Path | None] = field(default_factory=dict)
    _intake: dict[str, Row] = field(default_factory=dict)
    """Catalog rows of articles a bulk import added, not in their shards yet (by id)."""
    _intake_packs: list[str] = field(default_factory=list)
    """The text packs ``bulk.json`` lists (those holding the intake's articles)."""
    _bulk_depth: int = 0
    """Read-only: the files an interrupted change replaces or deletes, and where their
    new bytes are (see :func:`~tui_reader.store.journal.finished_view`)."""
    """The registry's keys by kind, with the meta load they were read from."""
    _key_index: tuple[set[str], CatalogKeys] | None = None
    """The catalog's keys, with the registry set they were read with."""
    _listeners: list[Listener] = field(default_factory=list)
    _search_index: SearchIndex | None = None
    index_progress: Callable[[int, int], None] | None = None
    """Called with ``(done, total)`` while the search index is being built."""

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(
        cls,
        folder: str | Path,
        mode: OpenMode | str = OpenMode.AUTO,
        progress: Progress | None = None,
    ) -> Library:
        """Open (creating if needed) the library in ``folder``.

        A library written by an earlier newsread is migrated first (``progress``
        receives one-line messages while that runs; it can be killed at any moment
        and starts again at the next open).
        """
        mode = OpenMode(mode)
        folder = Path(folder).expanduser().absolute()  # (the index opens it by URI)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise StoreError(f"{folder} is a file, not a library folder") from None
        except NotADirectoryError:
            raise StoreError(
                f"cannot create library folder {folder}: a file is in its path"
            ) from None
        except OSError as error:
            raise StoreError(f"cannot create library folder {folder}: {error.strerror}") from error
        lib = cls(folder=folder, read_only=mode is OpenMode.READ)
        if mode is not OpenMode.READ:
            lock = LibraryLock(folder)
            try:
                got: bool | None = lock.acquire()
            except LockUnwritable as error:  # a read-only folder: read, never write
                if mode is OpenMode.WRITE:
                    raise StoreError(f"cannot write to the library: {error}") from None
                lib.read_only = True
                lib.read_only_reason = str(error)
                lib.warnings.append(f"Opened read-only: {lib.read_only_reason}.")
                got = None
            except OSError as error:
                raise StoreError(f"cannot lock library {folder}: {error.strerror}") from error
            if got:
                lib._lock = lock
            elif got is False:
                pid = lock.holder()
                who = f" (pid {pid})" if pid else ""
                if mode is OpenMode.WRITE:
                    raise LibraryLocked(
                        f"the library {folder} is in use by another newsread{who}; "
                        "close it and try again"
                    )
                lib.read_only = True
                lib.read_only_reason = f"another newsread{who} is using this library"
                lib.warnings.append(f"Opened read-only: {lib.read_only_reason}.")
        try:
            lib._start(progress)
        except BaseException:
            lib.close()
            raise
        return lib

    def _start(self, progress: Progress | None) -> None:
        from tui_reader.store.opening import (
            detect_version,
            recover_missing,
            restore_meta,
            shards_on_disk,
        )

        listed: dict[str, list[str]] = {}  # shard folders: listed once, for debris and shards
        if not self.read_only:
            try:
                if replay(self.folder):
                    self.warnings.append("Finished a change that was interrupted.")
            except (OSError, ValueError) as error:
                raise StoreError(f"cannot finish an interrupted change: {error}") from error
            restore_meta(self.folder, self.warnings.append)
            for sub in (
                self.folder,
                self.folder / CATALOG,
                self.folder / NOTES,
                self.folder / TEXTS,
            ):
                try:
                    sub.mkdir(exist_ok=True)
                except FileExistsError:
                    raise StoreError(
                        f"the library {self.folder} is damaged: {sub} is a file, not a folder"
                    ) from None
                if sub == self.folder:
                    remove_debris(sub)
                elif sub.name != TEXTS:
                    listed[sub.name] = self._clean_folder(sub)
            listed[REVIEWS] = self._clean_folder(self.folder / REVIEWS)  # maybe not there
        else:
            # Writing nothing, a read-only library shows an interrupted change as finished.
            self._finished = finished_view(self.folder)
        self._meta = self._storage(self.folder / META, layout.META_GENERATIONS)
        self._settings_file = self._storage(self.folder / SETTINGS, layout.SETTINGS_GENERATIONS)
        version = detect_version(self.folder, self._meta_row())
        if version > SCHEMA_VERSION:
            self.read_only = True
            self.read_only_reason = (
                f"it was written by a newer newsread (schema {version}; this one knows "
                f"{SCHEMA_VERSION})"
            )
            self.warnings.append(f"Opened read-only: {self.read_only_reason}.")
            self._meta.read_only = True
            return
        if version < SCHEMA_VERSION and not (self.read_only and version in READABLE_AS_IS):
            self._upgrade(version, progress)
            listed = {}
        if self._meta_row() is None and not self.read_only:
            self._write_meta(schema_version=SCHEMA_VERSION, created=now_iso())
        on_disk = shards_on_disk(self.folder, listed)
        self._missing = recover_missing(self, self.warnings.append, on_disk)
        if not self.read_only:
            self._sync_registry(on_disk)
        self._load_intake()

    @staticmethod
    def _clean_folder(folder: Path) -> list[str]:
        """The names in ``folder`` once the temporary files a crash left there are gone."""
        names = layout.list_folder(folder)
        removed = {path.name for path in remove_debris(folder, names)}
        return [name for name in names if name not in removed] if removed else names

    def _load_intake(self) -> None:
        """Records a bulk import kept out of their shards (it was killed, or runs in another
        process): taken from the packs ``bulk.json`` lists; a writer files them now."""
        try:
            raw = self._read_bytes(self.folder / BULK)
        except FileNotFoundError:
            return
        except OSError as error:
            raise StoreError(f"cannot read {BULK}: {error.strerror}") from error
        try:
            names = layout.parse_bulk(raw)
        except ValueError:
            names = layout.pack_names(self.folder)  # written atomically: not expected
        rows: dict[str, Row] = {}
        for name in names:
            try:
                pack = layout.read_pack(self.folder, name, self._read_bytes)
            except FileNotFoundError:
                continue
            except (OSError, ValueError) as error:
                where = layout.pack_file(self.folder, name)
                self.warnings.append(f"{where} is damaged ({error}); left as it is")
                continue
            for aid, row in pack.items():
                record = row.get("article")
                if (
                    ARTICLE_ID.fullmatch(aid)
                    and isinstance(record, dict)
                    and record.get("id") == aid
                ):
                    rows[aid] = {**record, layout.TEXT_FIELD: name}
        with self._mutex:
            self._intake = {
                aid: row
                for aid, row in rows.items()
                if self._shard(CATALOG, self._catalog_key(aid)).get(aid) is None
            }
            self._intake_packs = names
            if not self.read_only:
                if self._intake:
                    self.warnings.append(
                        f"Filed the {len(self._intake):,} articles of an import that was "
                        "interrupted."
                    )
                self._fold()

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Many imports in a row (``newsread add`` of a folder): the records of new articles
        are kept out of their catalog shards, each batch writing its texts and ``bulk.json``
        (all together, as ever), and put into their shards every :data:`FOLD_EVERY
        <tui_reader.store.layout.FOLD_EVERY>` articles and at the end, each shard written
        once for all its new articles. Everything reads them meanwhile; a kill leaves
        them listed by ``bulk.json`` for the next writer to file."""
        self._check_writable()
        with self._mutex:
            self._bulk_depth += 1
            self.search_index.behind = True  # new articles indexed behind each batch
        try:
            yield
        finally:
            with self._mutex:
                self._bulk_depth -= 1
                if not self._bulk_depth:
                    index = self.search_index
                    index.behind = False
                    try:
                        self._fold()  # (the fold's files are written while the index inserts)
                    finally:
                        if index.opened:
                            index.end_behind()  # (waits for the last inserts behind)

    def _fold(self) -> None:
        """Put the intake's records into their catalog shards (a few hundred shards per
        change, each written once); ``bulk.json`` goes with the last change."""
        with self._mutex:
            by_key: dict[str, list[Row]] = {}
            for aid, row in self._intake.items():
                by_key.setdefault(self._catalog_key(aid), []).append(row)
            keys = sorted(by_key)
            if not keys and not self._intake_packs and not (self.folder / BULK).exists():
                return
            for at in range(0, max(len(keys), 1), layout.FOLD_SHARDS):
                part = keys[at : at + layout.FOLD_SHARDS]

                def work(batch: _Batch, part: list[str] = part, at: int = at) -> None:
                    for key in part:
                        shard = self._touch(batch, CATALOG, key)
                        for row in by_key[key]:
                            shard.put(row)
                            batch.left_intake.add(str(row["id"]))
                    batch.fold = at + layout.FOLD_SHARDS >= len(keys)

                self._run(work)

    def _sync_registry(self, on_disk: dict[str, set[str]]) -> None:
        """Register shards found on disk (``on_disk``, by kind) but not in ``meta.json`` (a
        rebuilt or older meta)."""
        shards = {}
        for kind in (CATALOG, NOTES, REVIEWS):
            present = on_disk[kind]
            if not present <= self.registry(kind):
                shards[kind] = sorted(present | self.registry(kind))
        if shards:
            row = dict(self._meta_row() or {})
            self._write_meta(shards={**row.get("shards", {}), **shards})

    def _upgrade(self, version: int, progress: Progress | None) -> None:
        """Migrate an older library; a read-only open takes the lock just for that."""
        from tui_reader.store.migrate_v1 import remove_v1_files

        lock = self._lock
        if lock is None and self.read_only and not self.read_only_reason:
            lock = LibraryLock(self.folder)
            with suppress(OSError):
                if not lock.acquire():
                    lock = None
        if lock is None:
            why = self.read_only_reason or "another newsread is using it"
            raise StoreError(
                f"the library {self.folder} was written by an earlier newsread and must be "
                f"upgraded, which cannot be done now ({why})"
            )
        try:
            replay(self.folder)
            for step in range(version, SCHEMA_VERSION):
                migrate(self.folder, step, step + 1, progress, self.warnings.append)
                # Recorded after each step: a kill in the next one resumes from here.
                meta = AtomicJSONStorage(self.folder / META, generations=layout.META_GENERATIONS)
                tables = meta.tables()
                row = dict((tables.get("meta") or {}).get("1") or {})
                row["schema_version"] = step + 1
                row.setdefault("created", now_iso())
                tables["meta"] = {"1": row}
                meta.write(tables)
                if step == 1:
                    remove_v1_files(self.folder)
        finally:
            if lock is not self._lock:
                lock.release()
        assert self._meta is not None
        self._meta.invalidate()
        self._registry.clear()

    def _meta_row(self) -> dict[str, Any] | None:
        assert self._meta is not None
        tables = self._meta.read() or {}
        row = tables.get("meta", {}).get("1")
        return row if isinstance(row, dict) else None

    def _write_meta(self, **changes: Any) -> None:
        assert self._meta is not None
        row = dict(self._meta_row() or {})
        row.update(changes)
        self._meta.tables()["meta"] = {"1": row}
        self._registry.clear()
        self._meta.write(self._meta.tables())

    def registry(self, kind: str) -> set[str]:
        """The shard keys of ``kind`` (catalog or notes) that the library has written."""
        assert self._meta is not None
        cached = self._registry.get(kind)
        if cached is not None and cached[0] == self._meta.loads:
            return cached[1]
        row = self._meta_row() or {}
        keys = set(row.get("shards", {}).get(kind, []))
        self._registry[kind] = (self._meta.loads, keys)
        return keys

    def _storage(self, path: Path, generations: int) -> AtomicJSONStorage:
        return AtomicJSONStorage(
            path,
            read_only=self.read_only,
            generations=generations,
            on_recover=self.warnings.append,
            reader=self._read_bytes if self._finished else None,
        )

    def _read_bytes(self, path: Path) -> bytes:
        """A file's bytes, as they are once an interrupted change is finished."""
        return read_finished(self._finished, path) if self._finished else path.read_bytes()

    def _pending_files(self, kind: str) -> set[str]:
        """Read-only: shard keys of ``kind`` an interrupted change is making (not on disk yet)."""
        return {p.stem for p, tmp in self._finished.items() if tmp and p.parent.name == kind}

    def close(self) -> None:
        """Release the lock and forget cached data."""
        with self._mutex:
            if self._search_index is not None:
                self._search_index.close()
            self._shards.clear()
            self._meta = None
            self._settings_file = None
            self._articles = None
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def take_warnings(self) -> list[str]:
        """The messages not handed out yet (each one is returned once). Never waits for a
        write under way (the app asks from its UI thread)."""
        with self._warnings_lock:
            new = self.warnings[self._warnings_taken :]
            self._warnings_taken = len(self.warnings)
            return new

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(changes)`` after every save (in the saving thread, in order).

        The hook for derived data such as the full-text index: it learns which
        articles' records, texts and highlights were written or deleted. A
        listener that raises does not undo the save; its error becomes a warning.
        Returns a function that unsubscribes.
        """
        with self._mutex:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._mutex, suppress(ValueError):
                self._listeners.remove(listener)

        return unsubscribe

    @property
    def search_index(self) -> SearchIndex:
        """The full-text index (``index.sqlite``), opened on first use.

        It follows every save: told before it (:meth:`SearchIndex.changing`, so a
        kill in between is repaired) and after it, as a listener.
        """
        with self._mutex:
            if self._search_index is None:
                from tui_reader.index import SearchIndex
                from tui_reader.store.searching import LibrarySource

                index = SearchIndex(self.folder, LibrarySource(self), read_only=self.read_only)
                self._search_index = index
                self._listeners.append(index.changed_by)
                index.repair()  # what a killed writer left pending, before any search
            return self._search_index

    @property
    def mutex(self) -> threading.RLock:
        """The lock every store write holds (the search index takes it before its own)."""
        return self._mutex

    def meta_record(self) -> dict[str, Any]:
        """The record of ``meta.json`` (schema version, creation date, shard registry)."""
        return dict(self._meta_row() or {}) if self._meta is not None else {}

    @property
    def schema_version(self) -> int:
        """The schema version recorded in ``meta.json``."""
        row = self._meta_row() if self._meta is not None else None
        return int(row.get("schema_version", SCHEMA_VERSION)) if row else SCHEMA_VERSION

    @property
    def is_new(self) -> bool:
        """True when the library holds no article."""
        with self._mutex:
            if self._articles is not None:
                return not self._articles
            if self._intake:
                return False
            # Stops at the first shard with a record: cheap however big the library. The
            # shards meta.json registers come first: listing the catalog's 8,192 files
            # is needed only to be sure that none holds a record.
            if any(len(self._shard(CATALOG, key)) for key in sorted(self.registry(CATALOG))):
                return False
            return not any(len(self._shard(CATALOG, key)) for key in self._catalog_keys())

    # ------------------------------------------------------------------ helpers

    def _check_open(self) -> None:
        if self._meta is None:
            raise StoreError("the library is closed")

    def _check_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyError(
                f"the library is read-only ({self.read_only_reason or 'opened so'}); "
                "nothing was changed"
            )

    def _shard(self, kind: str, key: str) -> Shard:
        self._check_open()
        path = self._shard_paths.get((kind, key))
        if path is None:  # one Path per shard: making and hashing one per call was 6% of an import
            path = self._shard_paths[kind, key] = self.folder / kind / f"{key}.json"
        shard = self._shards.get(path)
        if shard is None:
            shard = Shard(
                self._storage(path, layout.SHARD_GENERATIONS),
                layout.TABLES[kind],
            )
            self._shards[path] = shard
            if self._batch is None:
                while len(self._shards) > CACHED_SHARDS:
                    self._shards.popitem(last=False)
        else:
            self._shards.move_to_end(path)
        return shard

    def _catalog_keys(self) -> list[str]:
        keys = set(layout.shard_names(self.folder / CATALOG)) | self.registry(CATALOG)
        if self._finished:  # read-only: a shard an unfinished split removes is not read
            keys -= {
                p.stem for p, t in self._finished.items() if t is None and p.parent.name == CATALOG
            }
        return sorted(keys)

    def _catalog_key(self, article_id: str) -> str:
        """The key of the catalog shard that holds (or will hold) ``article_id``'s record."""
        return self._catalog_index().key(article_id)

    def _catalog_index(self) -> CatalogKeys:
        """The catalog's shard keys (kept while the registry is the same)."""
        registry = self.registry(CATALOG)
        index = self._key_index
        if index is None or index[0] is not registry:
            index = self._key_index = (registry, CatalogKeys(self._catalog_keys()))
        return index[1]

    def _split_catalog(self, batch: _Batch) -> None:
        """Split every catalog shard ``batch`` filled past :data:`SPLIT_ROWS
        <tui_reader.store.catalog_keys.SPLIT_ROWS>` into the shards one digit deeper."""
        for path, shard in list(batch.shards.items()):
            if path.parent.name != CATALOG or not needs_split(path.stem, len(shard)):
                continue
            for key, rows in split(path.stem, shard.rows()).items():
                child = self._touch(batch, CATALOG, key)
                for row in rows:
                    child.put(row)
            del batch.shards[path]
            batch.split[path] = shard
            batch.registry = True

    def _notes_keys(self) -> list[str]:
        return sorted(set(layout.shard_names(self.folder / NOTES)) | self.registry(NOTES))

    def _touch(self, batch: _Batch, kind: str, key: str) -> Shard:
        """The shard ``key`` of ``kind``, marked as changed by ``batch``."""
        shard = self._shard(kind, key)
        batch.shards[shard.path] = shard
        if key not in self.registry(kind):
            batch.registry = True
        return shard

    def _save(self, batch: _Batch) -> None:
        """Write everything ``batch`` changed: one file directly, several through the journal.

        One shard and the registry that lists it are written one after the other,
        shard first: a kill between them leaves a shard the registry does not list
        yet, which the next start adds (never a listed shard that is missing).
        """
        changes = batch.changes
        if changes.texts or changes.deleted or (changes.articles and self._search_index):
            # A record alone (a position, a note) never opens the index: if it is not
            # open yet, its reconcile at the next warm_search catches a retitle or retag.
            # It reads the texts as they are on disk, before the change.
            self._texts_before = batch.old_texts
            try:
                self.search_index.changing(changes)
            finally:
                self._texts_before = {}
        intake = batch.intake or batch.left_intake or batch.fold
        self._split_catalog(batch)
        if (
            len(batch.shards) == 1
            and not batch.new_packs
            and not batch.packs
            and not intake
            and not batch.split
            and batch.settings is None
        ):
            self._save_one(batch)
            return
        txn = Transaction(self.folder)
        packs = self._intake_packs
        if batch.fold:
            packs = []
            txn.delete(self.folder / BULK)
        elif batch.intake:
            packs = [*packs, *(n for n in batch.new_packs if n not in packs)]
            txn.write(self.folder / BULK, layout.bulk_payload(packs))
        for path, shard in batch.shards.items():
            txn.write(path, shard.payload(), layout.SHARD_GENERATIONS)
        for path in batch.split:
            txn.delete(path)
            for n in range(1, layout.SHARD_GENERATIONS + 1):
                txn.delete(generation_path(path, n))
        for name, data in batch.new_packs.items():
            txn.write(layout.pack_path(self.folder, name), data)
        for name, rows in batch.packs.items():
            # Rewritten compressed; an uncompressed pack of an older newsread goes with it.
            if rows:
                payload = layout.pack_payload(orjson.dumps(row) for row in rows.values())
                compressed = in_background(layout.compress_pack, payload)
                txn.write(layout.pack_path(self.folder, name), compressed)
            else:
                txn.delete(layout.pack_path(self.folder, name))
            txn.delete(layout.plain_pack_path(self.folder, name))
        if batch.registry:
            assert self._meta is not None
            row = dict(self._meta_row() or {})
            shards = {k: set(v) for k, v in row.get("shards", {}).items()}
            for path in batch.shards:
                shards.setdefault(path.parent.name, set()).add(path.stem)
            for path in batch.split:
                shards.get(CATALOG, set()).discard(path.stem)
            row["shards"] = {k: sorted(v) for k, v in shards.items()}
            self._meta.tables()["meta"] = {"1": row}
            self._registry.clear()
            txn.write(self.folder / META, self._meta.payload(), layout.META_GENERATIONS)
        if batch.settings is not None:
            store = self._settings_storage()
            store.tables()[SETTINGS_TABLE] = {"1": batch.settings}
            txn.write(self.folder / SETTINGS, store.payload(), layout.SETTINGS_GENERATIONS)
        try:
            txn.commit()
        except (OSError, TypeError, orjson.JSONEncodeError) as error:
            self._forget(batch)
            reason = error.strerror.lower() if isinstance(error, OSError) and error.strerror else ""
            raise StoreWriteError(f"could not save the library: {reason or error}") from error
        except BaseException:
            self._forget(batch)
            raise
        for path in batch.split:
            self._shards.pop(path, None)
        for aid in batch.left_intake:
            self._intake.pop(aid, None)
        self._intake.update(batch.intake)
        self._intake_packs = packs
        for name in batch.packs:
            self._packs.pop(name, None)
        for name, rows in batch.new_rows.items():
            self._packs[name] = rows
        # Trimmed once the listeners have read the new texts (the index reads them all:
        # trimmed first, a batch of 150 packs was parsed again about 6,000 times).
        self._notify(batch.changes)
        while len(self._packs) > CACHED_PACKS:
            self._packs.popitem(last=False)

    def _save_one(self, batch: _Batch) -> None:
        (path, shard), *_ = batch.shards.items()
        try:
            shard.save()
            if batch.registry:
                assert self._meta is not None
                row = dict(self._meta_row() or {})
                shards = {k: set(v) for k, v in row.get("shards", {}).items()}
                shards.setdefault(path.parent.name, set()).add(path.stem)
                row["shards"] = {k: sorted(v) for k, v in shards.items()}
                self._meta.tables()["meta"] = {"1": row}
                self._registry.clear()
                self._meta.write(self._meta.tables())
        except BaseException:
            self._forget(batch)
            raise
        self._notify(batch.changes)

    def _forget(self, batch: _Batch) -> None:
        """Drop what ``batch`` changed in memory: the next reads go back to disk."""
        for shard in [*batch.shards.values(), *batch.split.values()]:
            shard.forget()
        if batch.registry and self._meta is not None:
            self._meta.invalidate()
            self._registry.clear()
        if batch.settings is not None and self._settings_file is not None:
            self._settings_file.invalidate()
        for name in batch.packs:
            self._packs.pop(name, None)
        self._articles = None
        self._recent = None

    def _notify(self, changes: Changes) -> None:
        if not changes:
            return
        for listener in list(self._listeners):
            try:
                listener(changes)
            except Exception as error:  # derived data must never undo a save
                self.warnings.append(f"an index could not follow a change: {error}")

    def _run(self, work: Callable[[_Batch], Any]) -> Any:
        """Run ``work(batch)`` and save what it changed, all or nothing."""
        self._check_writable()
        with self._mutex:
            if self._batch is not None:
                return work(self._batch)
            batch = self._batch = _Batch()
            try:
                result = work(batch)
            except BaseException:
                self._forget(batch)
                raise
            finally:
                self._batch = None
            self._save(batch)
            return result

    def _article_map(self) -> dict[str, Article]:
        if self._articles is None:
            self._check_open()
            articles: dict[str, Article] = {}
            for key in self._catalog_keys():
                shard = self._shards.get(layout.catalog_path(self.folder, key))
                rows = shard.rows() if shard is not None else self._read_rows(CATALOG, key)
                for row in rows:
                    article = Article.from_dict(row)
                    articles[article.id] = article
            for row in self._intake.values():
                article = Article.from_dict(row)
                articles[article.id] = article
            self._articles = articles
        return self._articles

    def _read_rows(self, kind: str, key: str) -> Iterable[Row]:
        """The rows of a shard read straight from disk (not kept in memory)."""
        try:
            if self._finished:
                raw = self._read_bytes(self.folder / kind / f"{key}.json")
            else:  # no Path made: get_many of 30,000 ids reads 4,096 shards so
                with open(f"{self.folder}{os.sep}{kind}{os.sep}{key}.json", "rb") as file:
                    raw = file.read()
            data = parse_tables(raw)
            table = data.get(layout.TABLES[kind])
            return list((table or {}).values())
        except FileNotFoundError:
            return []
        except (OSError, ValueError):
            # Damaged: let the storage recover it from a generation (and say so).
            return list(self._shard(kind, key).rows())

    def _remember(self, articles: Iterable[Article], deleted: Iterable[str] = ()) -> None:
        """Keep the article map and ``recent.json`` in step with what was saved."""
        changed = list(articles)
        gone = set(deleted)
        if self._articles is not None:
            for article in changed:
                self._articles[article.id] = article
            for aid in gone:
                self._articles.pop(aid, None)
        self._update_recent(changed, gone)

    def _update_recent(self, changed: list[Article], gone: set[str]) -> None:
        recent = self._recent
        if recent is None:
            recent = self._recent = self.recent() if (self.folder / RECENT).exists() else None
        if recent is None:
            if self._articles is None and not self.is_new and len(changed) < RECENT_SIZE:
                self._article_map()
            everything = self._articles.values() if self._articles is not None else changed
            newest = heapq.nlargest(RECENT_SIZE, everything, key=_recency)
        else:
            by_id = {a.id: a for a in recent}
            floor = min(map(_recency, recent)) if len(recent) >= RECENT_SIZE else None
            touched = False
            for article in changed:
                if article.id in by_id or floor is None or _recency(article) > floor:
                    by_id[article.id] = article
                    touched = True
            for aid in gone:
                touched = by_id.pop(aid, None) is not None or touched
            if not touched:
                return
            newest = heapq.nlargest(RECENT_SIZE, by_id.values(), key=_recency)
        self._recent = newest
        path = self.folder / RECENT
        try:
            # A start-up cache: atomic, but not worth a sync of its own.
            atomic_write(path, orjson.dumps([a.to_record() for a in newest]), sync=False)
        except OSError:
            with suppress(OSError):
                path.unlink()
            self._recent = None

    def recent(self) -> list[Article]:
        """The newest articles (up to 100), newest first, read from a small cache file.

        The library screen shows these while the whole catalog loads; an empty
        list when the cache is missing or unreadable.
        """
        try:
            raw = orjson.loads((self.folder / RECENT).read_bytes())
            return [Article.from_dict(doc) for doc in raw]
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return []

    # ------------------------------------------------------------------ articles

    def articles(self, *, newest_first: bool = True) -> list[Article]:
        """All articles, newest added first; in no particular order (and without the cost
        of sorting them) with ``newest_first=False``.

        Sorted in short steps (:func:`sorted_in_steps`): one ``sorted()`` over 100,000
        articles held the GIL, and so the app's UI thread, for up to 250 ms.
        """
        with self._mutex:
            if not newest_first:
                return list(self._article_map().values())
            return sorted_in_steps(self._article_map().values(), key=_recency, reverse=True)

    def get_many(self, article_ids: Iterable[str]) -> dict[str, Article]:
        """The articles of ``article_ids`` that exist, by id; each catalog shard is read once
        (the whole catalog is not loaded for a few ids)."""
        with self._mutex:
            if self._articles is not None:
                known = self._articles
                return {i: a for i in article_ids if (a := known.get(i)) is not None}
            if not isinstance(article_ids, Collection):
                article_ids = list(article_ids)
            if len(article_ids) >= len(self._catalog_index().keys):
                return self._get_most(article_ids)
            by_key: dict[str, set[str]] = {}
            for article_id in article_ids:
                if isinstance(article_id, str) and ARTICLE_ID.fullmatch(article_id):
                    by_key.setdefault(self._catalog_key(article_id), set()).add(article_id)
            found: dict[str, Article] = {}
            kept: dict[str, Shard] | None = None
            if len(by_key) > len(self._shards):  # one pass over the kept shards, no Path a key
                kept = {p.stem: s for p, s in self._shards.items() if p.parent.name == CATALOG}
            for key, wanted in by_key.items():
                if kept is not None:
                    shard = kept.get(key)
                else:
                    shard = self._shards.get(layout.catalog_path(self.folder, key))
                rows = shard.rows() if shard is not None else self._read_rows(CATALOG, key)
                for row in rows:
                    if row.get("id") in wanted:
                        article = Article.from_dict(row)
                        found[article.id] = article
                for aid in wanted:
                    if (row := self._intake.get(aid)) is not None:
                        found[aid] = Article.from_dict(row)
            return found

    def _get_most(self, article_ids: Iterable[str]) -> dict[str, Article]:
        """:meth:`get_many` of at least as many ids as the catalog has shards: every shard
        is read (as :meth:`_article_map` reads them), and only the records asked for are
        made articles (93,000 ids of 95,000: 250 against 360 ms, no shard key worked out
        for each id)."""
        wanted = set(article_ids)
        found: dict[str, Article] = {}
        kept = {p.stem: s for p, s in self._shards.items() if p.parent.name == CATALOG}
        for key in sorted(self._catalog_index().keys):
            shard = kept.get(key)
            rows = shard.rows() if shard is not None else self._read_rows(CATALOG, key)
            for row in rows:
                if row.get("id") in wanted:
                    article = Article.from_dict(row)
                    found[article.id] = article
        for aid, row in self._intake.items():
            if aid in wanted:
                found[aid] = Article.from_dict(row)
        return found

    def __len__(self) -> int:
        with self._mutex:
            return len(self._article_map())

    def get(self, article_id: str) -> Article:
        """The article with this id; raises :class:`NotFound`.

        Reads one small catalog shard when the whole catalog is not loaded.
        """
        with self._mutex:
            if self._articles is not None:
                article = self._articles.get(article_id)
            elif isinstance(article_id, str) and ARTICLE_ID.fullmatch(article_id):
                row = self._record_row(article_id)
                article = Article.from_dict(row) if row is not None else None
            else:
                article = None
            if article is None:
                raise NotFound(f"no article with id {article_id!r}")
            return article

    def saved(self, article_id: str) -> Article | None:
        """The article as its catalog shard holds it (what was last written), or None.

        For listeners of :meth:`subscribe`: they run before the in-memory catalog
        that :meth:`get` reads is brought up to date.
        """
        with self._mutex:
            if not isinstance(article_id, str) or not ARTICLE_ID.fullmatch(article_id):
                return None
            row = self._record_row(article_id)
            return Article.from_dict(row) if row is not None else None

    def resolve(self, prefix: str) -> Article:
        """The article whose id starts with ``prefix`` (at least 4 characters), if unique."""
        with self._mutex:
            prefix = prefix.strip().lower()
            if prefix in self._article_map():
                return self._article_map()[prefix]
            if len(prefix) < 4:
                raise NotFound(f"no article with id {prefix!r} (give at least 4 characters)")
            matches = [a for i, a in self._article_map().items() if i.startswith(prefix)]
            if not matches:
                raise NotFound(f"no article with id {prefix!r}")
            if len(matches) > 1:
                raise NotFound(f"id {prefix!r} matches {len(matches)} articles; give more of it")
            return matches[0]

    def find_by_url(self, url: str) -> Article | None:
        """The article imported from this URL (or feed guid), if any."""
        doc = Document(title="", paragraphs=[], url=url)
        try:
            return self.get(doc.article_id())
        except NotFound:
            return None

    def paragraphs(self, article_id: str) -> list[Paragraph]:
        """An article's paragraphs, read from its text file."""
        return self._paragraphs_of(article_id, self._text_row(article_id))

    def text(self, article_id: str) -> str:
        """An article's plain text (:func:`~tui_reader.model.plain_text` of its paragraphs),
        read from its text file without making a :class:`Paragraph` of each (the search
        index reads every new article's text so)."""
        row = self._text_row(article_id)
        joined = _joined_text(row.get("p"))
        return joined if joined is not None else plain_text(self._paragraphs_of(article_id, row))

    def _text_row(self, article_id: str) -> Row:
        """The row of an article's text in its pack; raises NotFound or LibraryCorrupt."""
        if not isinstance(article_id, str) or not ARTICLE_ID.fullmatch(article_id):
            raise NotFound(f"no text stored for article {article_id!r}")
        with self._mutex:
            self._check_open()
            name = self._texts_before.get(article_id)
            if name is None:
                record = self._record_row(article_id)
                name = record.get(layout.TEXT_FIELD) if record is not None else None
            if not isinstance(name, str) or layout.pack_number(name) is None:
                raise NotFound(f"no text stored for article {article_id!r}")
            try:
                row = self._pack(name).get(article_id)
            except FileNotFoundError:
                raise NotFound(f"no text stored for article {article_id!r}") from None
            except (OSError, ValueError, KeyError, TypeError) as error:
                raise LibraryCorrupt(
                    f"the text of article {article_id} is damaged "
                    f"({layout.pack_file(self.folder, name)}: {error}); it was left as it is"
                ) from error
        if row is None:
            raise NotFound(f"no text stored for article {article_id!r}")
        return row

    @staticmethod
    def _paragraphs_of(article_id: str, row: Row) -> list[Paragraph]:
        try:
            return [Paragraph.from_list(p) for p in row["p"]]
        except (KeyError, TypeError, ValueError, IndexError) as error:
            raise LibraryCorrupt(
                f"the text of article {article_id} is damaged ({error}); it was left as it is"
            ) from error

    def _pack(self, name: str) -> dict[str, Row]:
        """The rows of text pack ``name`` by article id (parsed once, kept a while)."""
        rows = self._packs.get(name)
        if rows is None:
            rows = layout.read_pack(self.folder, name, self._read_bytes)
            self._packs[name] = rows
            while len(self._packs) > CACHED_PACKS:
                self._packs.popitem(last=False)
        else:
            self._packs.move_to_end(name)
        return rows

    def text_order(self) -> list[str]:
        """Every article id, grouped by the text pack that holds its text (reading the
        texts in this order parses each pack once: the search index is built so)."""
        with self._mutex:
            keys = self._catalog_keys()
        placed: list[tuple[int, str]] = []
        for key in keys:
            with self._mutex:
                shard = self._shards.get(layout.catalog_path(self.folder, key))
                rows = list(shard.rows()) if shard is not None else self._read_rows(CATALOG, key)
            for row in rows:
                name = row.get(layout.TEXT_FIELD)
                number = layout.pack_number(name) if isinstance(name, str) else None
                placed.append((-1 if number is None else number, str(row.get("id"))))
        with self._mutex:
            for aid, row in self._intake.items():
                number = layout.pack_number(str(row.get(layout.TEXT_FIELD)))
                placed.append((-1 if number is None else number, aid))
        placed.sort()
        return [aid for _, aid in placed]

    def _put_record(self, batch: _Batch, article: Article, pack: str | None = None) -> Row:
        """Put an article's record in its catalog shard; it keeps naming its text's pack
        unless ``pack`` (where a new text goes) is given.

        In a bulk import the record of an article not in its shard, given with a new
        text, goes to the intake instead (written with its text; see :meth:`bulk`)."""
        aid = article.id
        staged = batch.intake.get(aid) or self._intake.get(aid)
        row = article.to_record()
        if self._bulk_depth and pack is not None and staged is None:
            key = self._catalog_key(aid)
            if not self._absent(batch, aid, key):
                staged = self._shard(CATALOG, key).get(aid)
            if staged is None:
                row[layout.TEXT_FIELD] = pack
                batch.intake[aid] = row
                return row
        elif staged is not None:
            if pack is not None and self._bulk_depth:
                row[layout.TEXT_FIELD] = pack
                batch.intake[aid] = row
                return row
            batch.intake.pop(aid, None)  # anything else moves it to its shard
            batch.left_intake.add(aid)
            row[layout.TEXT_FIELD] = pack if pack is not None else staged.get(layout.TEXT_FIELD)
            self._touch(batch, CATALOG, self._catalog_key(aid)).put(row)
            return row
        shard = self._touch(batch, CATALOG, self._catalog_key(aid))
        if pack is None:
            old = shard.get(aid)
            if old is not None and layout.TEXT_FIELD in old:
                row[layout.TEXT_FIELD] = old[layout.TEXT_FIELD]
        else:
            row[layout.TEXT_FIELD] = pack
        shard.put(row)
        return row

    def _record_row(self, article_id: str) -> Row | None:
        """An article's catalog row: staged by the running change, in the intake, or in its
        shard (the stored dict: do not change it)."""
        if self._batch is not None and (row := self._batch.intake.get(article_id)) is not None:
            return row
        row = self._intake.get(article_id)
        if row is not None and (self._batch is None or article_id not in self._batch.left_intake):
            return row
        return self._shard(CATALOG, self._catalog_key(article_id)).get(article_id)

    def _absent(self, batch: _Batch, article_id: str, key: str) -> bool:
        """For a write in ``batch``: True when the article is surely not in the library (the
        whole catalog is in memory without it, and neither the intake nor the shards this
        change touched hold it), so its shard need not be read to look for its record (a
        refresh of 9,500 new entries into 100,000 articles read 3,668 shards so, and the
        fold read them again). The article map follows each change once it is saved: the
        change's own articles are in the intake or in the shards it touched."""
        known = self._articles
        if known is None or article_id in known:
            return False
        if article_id in batch.intake or article_id in self._intake:
            return False
        return layout.catalog_path(self.folder, key) not in batch.shards

    def _take_text_out(self, batch: _Batch, article_id: str) -> None:
        """Take an article's current text out of its pack (the pack is rewritten)."""
        if self._absent(batch, article_id, self._catalog_key(article_id)):
            return  # a new article: no text to take out
        old = self._record_row(article_id)
        name = old.get(layout.TEXT_FIELD) if old is not None else None
        if not isinstance(name, str) or layout.pack_number(name) is None:
            return
        batch.old_texts.setdefault(article_id, name)
        rows = batch.packs.get(name)
        if rows is None:
            try:
                rows = dict(self._pack(name))
            except FileNotFoundError:
                return
            except (OSError, ValueError) as error:
                raise LibraryCorrupt(
                    f"{layout.pack_file(self.folder, name)} is damaged ({error}); "
                    "it was left as it is"
                ) from error
            batch.packs[name] = rows
        rows.pop(article_id, None)

    def _new_packs(self, batch: _Batch, texts: dict[str, tuple[Row, bytes]]) -> dict[str, str]:
        """Put text rows (with their bytes) into new packs of about :data:`PACK_BYTES`;
        returns the pack of each article id."""
        if self._next_pack is None:
            names = layout.pack_names(self.folder)
            self._next_pack = (layout.pack_number(names[-1]) or 0) + 1 if names else 1
        where: dict[str, str] = {}
        chunk: list[bytes] = []
        size = 0

        def close() -> None:
            nonlocal size
            assert self._next_pack is not None
            name = layout.pack_name(self._next_pack)
            self._next_pack += 1
            # Compressed in the flush threads while this thread goes on with the batch.
            batch.new_packs[name] = in_background(layout.compress_pack, layout.pack_payload(chunk))
            batch.new_rows[name] = {aid: texts[aid][0] for aid in pending}
            for aid in pending:
                where[aid] = name
            chunk.clear()
            pending.clear()
            size = 0

        pending: list[str] = []
        for aid, (_, data) in texts.items():
            chunk.append(data)
            pending.append(aid)
            size += len(data)
            if size >= layout.PACK_BYTES:
                close()
        if chunk:
            close()
        return where

    def _text_or_none(self, article_id: str) -> list[Paragraph] | None:
        try:
            return self.paragraphs(article_id)
        except NotFound:
            return None

    def put_article(self, article: Article, paragraphs: Sequence[Paragraph]) -> None:
        """Store an article record and its text (restore, migrations)."""
        self.put_many([(article, paragraphs, ())])

    def put_many(
        self,
        records: Sequence[tuple[Article, Sequence[Paragraph] | None, Sequence[Highlight]]],
        progress: Callable[[int], None] | None = None,
        settings: dict[str, Any] | None = None,
        reviews: Sequence[dict[str, Any]] = (),
    ) -> None:
        """Store (article, paragraphs or None to keep the text, highlights) records.

        The one write path for articles (import, restore): records are checked and
        sanitised, then every touched file is written once, all together (a kill
        leaves the library as it was before or as it is after). ``settings``, when
        given, replace the library's in the same change, and so are ``reviews``
        (review card records, see :meth:`put_review_records`). ``progress(n)`` after
        each record.
        """

        def work(batch: _Batch) -> list[Article]:
            checked: list[tuple[Article, Sequence[Paragraph] | None, list[Highlight]]] = []
            for record, paragraphs, highlights in records:
                article = valid_article(record)
                text = list(paragraphs) if paragraphs is not None else None
                if highlights:
                    known = text if text is not None else self._text_or_none(article.id)
                    hls = [valid_highlight(hl, known) for hl in highlights]
                    self._check_highlight_owners(hls)
                else:
                    hls = []
                checked.append((article, text, hls))
            articles: set[str] = set()
            texts: dict[str, tuple[Row, bytes]] = {}
            annotated: set[str] = set()
            for n, (article, text, hls) in enumerate(checked, 1):
                aid = article.id
                if text is not None:
                    self._take_text_out(batch, aid)
                    texts.pop(aid, None)  # the last text given for an id wins
                    row = layout.text_row(article, text)
                    texts[aid] = (row, orjson.dumps(row))
                    self._put_record(batch, article, "")  # its pack is named below
                else:
                    self._put_record(batch, article)
                articles.add(aid)
                if hls:
                    notes = self._touch(batch, NOTES, layout.shard_key(aid))
                    for hl in hls:
                        notes.put(hl.to_dict())
                    annotated.add(aid)
                if progress:
                    progress(n)
            for aid, name in self._new_packs(batch, texts).items():
                row = self._record_row(aid)
                assert row is not None
                row[layout.TEXT_FIELD] = name
            # merged once: a merge per record copied the growing sets (quadratic)
            batch.changes = batch.changes.merge(
                Changes(frozenset(articles), frozenset(texts), frozenset(annotated))
            )
            if settings is not None:
                self._set_settings_in(batch, settings)
            if reviews:
                self._put_reviews_in(batch, reviews)
            return [article for article, _, _ in checked]

        self._follow_in_index()
        with self._mutex:
            written: list[Article] = self._run(work)
            self._remember(written)
            if self._bulk_depth and len(self._intake) >= layout.FOLD_EVERY:
                self._fold()

    def _check_highlight_owners(self, highlights: Iterable[Highlight]) -> None:
        """Refuse a highlight whose id its shard holds for another article."""
        for hl in highlights:
            row = self._shard(NOTES, layout.shard_key(hl.article_id)).get(hl.id)
            if row is not None and row.get("article_id") != hl.article_id:
                raise InvalidRecord(
                    f"highlight id {hl.id!r} belongs to another article "
                    f"({row.get('article_id')}); nothing was changed"
                )

    def _change(self, article_id: str, **changes: Any) -> Article:
        def work(batch: _Batch) -> Article:
            article = replace(self.get(article_id), **changes)
            self._put_record(batch, article)
            batch.changes = batch.changes.merge(Changes(articles=frozenset([article_id])))
            return article

        with self._mutex:
            article: Article = self._run(work)
            self._remember([article])
            return article

    def delete(self, article_id: str, settings: dict[str, Any] | None = None) -> Article:
        """Remove an article, its text and its highlights (and write ``settings``, when
        given, in the same change)."""

        def work(batch: _Batch) -> Article:
            article = self.get(article_id)
            key = layout.shard_key(article_id)
            self._take_text_out(batch, article_id)
            if batch.intake.pop(article_id, None) is not None or article_id in self._intake:
                batch.left_intake.add(article_id)
            else:
                self._touch(batch, CATALOG, self._catalog_key(article_id)).remove(article_id)
            notes = self._shard(NOTES, key)
            if any(row.get("article_id") == article_id for row in notes.rows()):
                self._touch(batch, NOTES, key).remove_where(
                    lambda row: row.get("article_id") == article_id
                )
            batch.changes = batch.changes.merge(Changes(deleted=frozenset([article_id])))
            if settings is not None:
                self._set_settings_in(batch, settings)
            return article

        with self._mutex:
            article: Article = self._run(work)
            self._remember([], [article_id])
            return article

    def set_tags(self, article_id: str, tags: Iterable[str]) -> Article:
        """Replace an article's tags (sanitised, de-duplicated)."""
        self._follow_in_index()
        return self._change(article_id, tags=clean_tags(tags))

    def _follow_in_index(self) -> None:
        """Open the search index before a change it must follow (tags, titles)."""
        if not self.read_only and (self._search_index is None or not self._search_index.opened):
            _ = self.search_index.state  # (an open one is not waited for: the save does)

    def set_note(self, article_id: str, note: str) -> Article:
        """Replace an article's note."""
        return self._change(article_id, note=clean_multiline(note))

    def set_position(self, article_id: str, paragraph: int) -> Article:
        """Save where the reader is; an unread article becomes 'reading'."""
        with self._mutex:
            article = self.get(article_id)
            paragraph = max(0, min(paragraph, max(0, article.paragraph_count - 1)))
            state = article.state
            if state is ReadingState.UNREAD and paragraph > 0:
                state = ReadingState.READING
            if paragraph == article.position and state == article.state:
                return article
            return self._change(article_id, position=paragraph, state=state)

    def set_state(self, article_id: str, state: ReadingState | str) -> Article:
        """Set an article's reading state; ``read_at`` notes when it became read (or archived)
        and is cleared when it goes back to unread or reading."""
        state = ReadingState(state)
        with self._mutex:
            finished = state in (ReadingState.READ, ReadingState.ARCHIVED)
            read_at = self.get(article_id).read_at
            read_at = (read_at or now_iso()) if finished else ""
            return self._change(article_id, state=state, read_at=read_at)

    def set_queue(self, article_id: str, queue: Queue | str) -> Article:
        """Move an article to the inbox, later or the archive."""
        try:
            place = Queue(queue)
        except ValueError:
            raise InvalidRecord(f"unknown queue {queue!r}: inbox, later or archive") from None
        return self._change(article_id, queue=place)

    def tag_counts(self) -> Counter[str]:
        """How many articles carry each tag."""
        with self._mutex:
            # One update over every tag: an update per article costs five times as much.
            return Counter(tag for a in self._article_map().values() for tag in a.tags)

    def highlight_tag_counts(self) -> Counter[str]:
        """How many highlights carry each tag (counted on the stored rows: no objects built)."""
        counts: Counter[str] = Counter()
        with self._mutex:
            keys = self._notes_keys()
        for key in keys:
            with self._mutex:
                shard = self._shards.get(layout.notes_path(self.folder, key))
                rows = list(shard.rows()) if shard is not None else self._read_rows(NOTES, key)
            for row in rows:
                counts.update(str(tag) for tag in row.get("tags", ()))
        return counts

    # ------------------------------------------------------------------ search

    def warm_search(self) -> str | None:
        """Make the search index ready (build it if missing, out of date or damaged) and
        re-index what changed behind its back; returns a notice when it was built."""
        index = self.search_index
        notice = index.ensure(self.index_progress)
        if notice:
            self.warnings.append(notice)
        index.reconcile()
        return notice

    def interrupt_index_build(self) -> None:
        """Stop a search index build under way (newsread is closing); the next open builds it."""
        with self._mutex:
            index = self._search_index
        if index is not None:
            index.interrupt()

    def search(self, query: str, *, limit: int | None = None) -> list[Article]:
        """Articles matching every word, ``"phrase"`` and ``prefix*`` of ``query`` in their
        title, source, tags or text, best first (every article when ``query`` is empty)."""
        from tui_reader.store.searching import search_hits

        return [hit.article for hit in search_hits(self, query, limit=limit)]

    def search_hits(
        self, query: str, *, limit: int | None = None, snippets: int = 0
    ) -> Iterator[SearchHit]:
        """Like :meth:`search`, with a snippet for each of the first ``snippets`` hits."""
        from tui_reader.store.searching import search_hits

        return search_hits(self, query, limit=limit, snippets=snippets)

    # ------------------------------------------------------------------ highlights

    def highlights(self, article_id: str) -> list[Highlight]:
        """An article's highlights in reading order (orphans last)."""
        with self._mutex:
            hls = [Highlight.from_dict(d) for d in self._highlight_rows(article_id)]
            return sorted(hls, key=lambda h: h.sort_key)

    def _highlight_rows(self, article_id: str) -> list[Row]:
        if not isinstance(article_id, str) or not ARTICLE_ID.fullmatch(article_id):
            return []
        shard = self._shard(NOTES, layout.shard_key(article_id))
        return [row for row in shard.rows() if row.get("article_id") == article_id]

    def highlight_count(self, article_id: str, *, orphans: bool = True) -> int:
        """How many highlights an article has (``orphans=False``: only those placed in its text)."""
        with self._mutex:
            rows = self._highlight_rows(article_id)
        return len(rows) if orphans else sum(1 for row in rows if not row.get("orphan"))

    def highlight_records(self) -> Iterator[dict[str, Any]]:
        """Every stored highlight as its raw record (``Highlight.to_dict`` form), shard by
        shard, without building objects: the fast path for queries over all highlights.
        The dicts may be the store's own: read them, never change them."""
        with self._mutex:
            keys = self._notes_keys()
        for key in keys:
            with self._mutex:
                shard = self._shards.get(layout.notes_path(self.folder, key))
                rows = list(shard.rows()) if shard is not None else self._read_rows(NOTES, key)
            yield from rows

    def highlight_counts(self) -> Counter[str]:
        """How many highlights each article has, in one pass over the highlight shards."""
        return Counter(str(row.get("article_id")) for row in self.highlight_records())

    def highlight_tallies(self) -> tuple[Counter[str], Counter[str]]:
        """How many highlights each article has placed in its text, and how many orphaned,
        in one pass over the highlight shards."""
        placed: Counter[str] = Counter()
        orphaned: Counter[str] = Counter()
        for row in self.highlight_records():
            (orphaned if row.get("orphan") else placed)[str(row.get("article_id"))] += 1
        return placed, orphaned

    def all_highlights(self) -> Iterator[Highlight]:
        """Every highlight in the library, shard by shard."""
        with self._mutex:
            keys = self._notes_keys()
        for key in keys:
            with self._mutex:
                shard = self._shards.get(layout.notes_path(self.folder, key))
                rows = list(shard.rows()) if shard is not None else self._read_rows(NOTES, key)
            for row in rows:
                yield Highlight.from_dict(row)

    def create_highlight(
        self,
        article_id: str,
        paragraph: int,
        start: int,
        end: int,
        colour: str = COLOURS[0],
        note: str = "",
        tags: Iterable[str] = (),
    ) -> Highlight:
        """Highlight characters ``start:end`` of a paragraph; returns the saved highlight.

        Made by :func:`tui_reader.highlighting.new_highlight` (the one validated factory).
        """
        from tui_reader.highlighting import check_colour, new_highlight

        check_colour(colour)
        with self._mutex:
            paragraphs = self.paragraphs(article_id)
            hl = new_highlight(
                article_id, paragraphs, paragraph, start, end, colour=colour, note=note, tags=tags
            )
            return self.put_highlight(hl)

    def put_highlight(self, hl: Highlight) -> Highlight:
        """Insert or replace a highlight (used by undo/redo); returns what was saved.

        Refused with :class:`InvalidRecord` if its id, colour or anchor is bad, or
        if its id is another article's highlight.
        """
        self._check_writable()
        with self._mutex:
            self.get(hl.article_id)
            text = self._text_or_none(hl.article_id)
            saved = valid_highlight(check_quote(hl, text), text)
            self.put_highlights([saved])
            return saved

    def put_highlights(self, highlights: Iterable[Highlight]) -> int:
        """Insert or replace many highlights, writing each shard once; returns the count."""

        def work(batch: _Batch) -> int:
            texts: dict[str, list[Paragraph] | None] = {}
            checked: list[Highlight] = []
            for hl in highlights:
                if hl.article_id not in texts:
                    self.get(hl.article_id)
                    texts[hl.article_id] = self._text_or_none(hl.article_id)
                text = texts[hl.article_id]
                checked.append(valid_highlight(check_quote(hl, text), text))
            self._check_highlight_owners(checked)
            for hl in checked:
                self._touch(batch, NOTES, layout.shard_key(hl.article_id)).put(hl.to_dict())
            batch.changes = batch.changes.merge(Changes(highlights=frozenset(texts)))
            return len(checked)

        with self._mutex:
            count: int = self._run(work)
            return count

    def get_highlight(self, article_id: str, highlight_id: str) -> Highlight:
        """One highlight; raises :class:`NotFound`."""
        with self._mutex:
            row = None
            if isinstance(article_id, str) and ARTICLE_ID.fullmatch(article_id):
                row = self._shard(NOTES, layout.shard_key(article_id)).get(highlight_id)
            if row is None or row.get("article_id") != article_id:
                raise NotFound(f"no highlight with id {highlight_id!r}")
            return Highlight.from_dict(row)

    def update_highlight(
        self,
        article_id: str,
        highlight_id: str,
        *,
        colour: str | None = None,
        note: str | None = None,
        tags: Iterable[str] | None = None,
    ) -> Highlight:
        """Change a highlight's colour, note or tags; returns the saved highlight."""
        changes: dict[str, Any] = {}
        if colour is not None:
            from tui_reader.highlighting import check_colour

            changes["colour"] = check_colour(colour)
        if note is not None:
            changes["note"] = clean_multiline(note)
        if tags is not None:
            changes["tags"] = clean_tags(tags)
        with self._mutex:
            hl = self.get_highlight(article_id, highlight_id)
            return self.put_highlight(hl.evolve(**changes))

    def delete_highlight(self, article_id: str, highlight_id: str) -> Highlight:
        """Remove a highlight; returns it (for undo)."""

        def work(batch: _Batch) -> Highlight:
            hl = self.get_highlight(article_id, highlight_id)
            self._touch(batch, NOTES, layout.shard_key(article_id)).remove(highlight_id)
            batch.changes = batch.changes.merge(Changes(highlights=frozenset([article_id])))
            return hl

        with self._mutex:
            hl: Highlight = self._run(work)
            return hl

    def delete_highlights(self, highlights: Iterable[Highlight]) -> list[Highlight]:
        """Remove several highlights in one transaction (all of them, or none when one
        is missing); returns them as they were."""

        def work(batch: _Batch) -> list[Highlight]:
            gone = [self.get_highlight(hl.article_id, hl.id) for hl in highlights]
            for hl in gone:
                self._touch(batch, NOTES, layout.shard_key(hl.article_id)).remove(hl.id)
            articles = frozenset(hl.article_id for hl in gone)
            batch.changes = batch.changes.merge(Changes(highlights=articles))
            return gone

        with self._mutex:
            removed: list[Highlight] = self._run(work)
            return removed

    # ------------------------------------------------------------------ review cards

    def review_records(self) -> Iterator[dict[str, Any]]:
        """Every review card record (one per highlight ever reviewed or retired), shard by
        shard: read them, never change them (see :func:`~tui_reader.store.records.valid_review`
        for their fields; :mod:`tui_reader.review` gives them meaning)."""
        with self._mutex:
            keys = sorted(set(layout.shard_names(self.folder / REVIEWS)) | self.registry(REVIEWS))
        for key in keys:
            with self._mutex:
                shard = self._shards.get(self.folder / REVIEWS / f"{key}.json")
                rows = list(shard.rows()) if shard is not None else self._read_rows(REVIEWS, key)
            yield from rows

    def review_record(self, article_id: str, highlight_id: str) -> dict[str, Any] | None:
        """The review card record of one highlight, or None (never reviewed)."""
        with self._mutex:
            if not isinstance(article_id, str) or not ARTICLE_ID.fullmatch(article_id):
                return None
            row = self._shard(REVIEWS, layout.shard_key(article_id)).get(highlight_id)
            return dict(row) if row is not None and row.get("article_id") == article_id else None

    def put_review_records(self, records: Iterable[dict[str, Any]]) -> int:
        """Insert or replace review card records (by highlight id), each shard written once:
        a rating rewrites one small file. Refused with :class:`InvalidRecord` when one is
        malformed (nothing is written then). Returns the count."""

        def work(batch: _Batch) -> int:
            return self._put_reviews_in(batch, records)

        with self._mutex:
            count: int = self._run(work)
            return count

    def _put_reviews_in(self, batch: _Batch, records: Iterable[dict[str, Any]]) -> int:
        checked = [valid_review(record) for record in records]
        if checked:
            with suppress(FileExistsError):
                (self.folder / REVIEWS).mkdir(exist_ok=True)
        for row in checked:
            self._touch(batch, REVIEWS, layout.shard_key(row["article_id"])).put(row)
        owners = frozenset(row["article_id"] for row in checked)
        batch.changes = batch.changes.merge(Changes(reviews=owners))
        return len(checked)

    def orphans(self) -> list[Highlight]:
        """Highlights that re-anchoring could not place."""
        return [h for h in self.all_highlights() if h.orphan]

    # ------------------------------------------------------------------ integrity

    def check(self) -> list[str]:
        """Problems found by reading every file: missing shards or texts, highlights without
        article, anchors outside their paragraph. An empty list means the library is sound."""
        from tui_reader.store.opening import missing_shards

        with self._mutex:
            problems = [f"{name} is missing" for name in missing_shards(self)]
            self._articles = None
            articles = self._article_map()
            texts: dict[str, list[Paragraph] | None] = {}
            for aid, article in articles.items():
                try:
                    texts[aid] = paragraphs = self.paragraphs(aid)
                except StoreError as error:
                    problems.append(
                        f"article {aid} has no text" if isinstance(error, NotFound) else str(error)
                    )
                    texts[aid] = None
                    continue
                if len(paragraphs) != article.paragraph_count:
                    problems.append(f"article {aid}: paragraph count does not match its text")
            seen: dict[str, str] = {}
            for hl in self.all_highlights():
                if hl.article_id not in articles:
                    problems.append(f"highlight {hl.id} belongs to no article")
                    continue
                if seen.setdefault(hl.id, hl.article_id) != hl.article_id:
                    problems.append(f"highlight id {hl.id} is used by two articles")
                paragraphs = texts.get(hl.article_id)
                if hl.orphan or paragraphs is None:
                    continue
                a = hl.anchor
                if a.paragraph >= len(paragraphs) or a.end > len(paragraphs[a.paragraph].text):
                    problems.append(f"highlight {hl.id} points outside its article")
        return problems

    # ------------------------------------------------------------------ settings

    def settings(self) -> dict[str, Any]:
        """Settings stored in the library (for backups), from ``settings.json`` (read the
        first time they are asked for), or where a schema 3 or 4 library opened read-only
        keeps them (in ``meta.json``)."""
        # Not under the library's lock (as before schema 5): the UI thread asks for them,
        # and must not wait for a refresh's write.
        if self._meta is None:
            return {}
        row = self._meta_row() or {}
        if "settings" in row:  # not moved yet: an older schema, opened read-only
            value = row["settings"]
        else:
            table = (self._settings_storage().read() or {}).get(SETTINGS_TABLE) or {}
            value = table.get("1") if isinstance(table, dict) else None
        return dict(value) if isinstance(value, dict) else {}

    def set_settings(self, settings: dict[str, Any]) -> None:
        """Replace the settings stored in the library."""
        self._check_writable()
        with self._mutex:
            store = self._settings_storage()
            store.tables()[SETTINGS_TABLE] = {"1": dict(settings)}
            store.write(store.tables())

    def _set_settings_in(self, batch: _Batch, settings: dict[str, Any]) -> None:
        batch.settings = dict(settings)  # settings.json is written with the batch

    def _settings_storage(self) -> AtomicJSONStorage:
        if self._settings_file is None:
            self._settings_file = self._storage(self.folder / SETTINGS, layout.SETTINGS_GENERATIONS)
        return self._settings_file


def _recency(article: Article) -> tuple[str, str]:
    return (article.added, article.id)


def _joined_text(parts: object) -> str | None:
    """Stored paragraphs' texts joined as :func:`~tui_reader.model.plain_text` joins them,
    when each is stored as written (``[text]``, or ``[text, kind, level]`` for a heading);
    None otherwise (the paragraphs are then made, and a damaged one reported)."""
    if not isinstance(parts, list):
        return None
    texts: list[str] = []
    for p in parts:
        if type(p) is not list or not (len(p) == 1 or (len(p) == 3 and type(p[2]) is int)):
            return None
        if type(p[0]) is not str:
            return None
        texts.append(p[0])
    return PARAGRAPH_SEPARATOR.join(texts)
