"""The library: articles, their text and their highlights, kept in TinyDB files.

Layout of a library folder::

    newsread.lock        single-writer lock (flock)
    meta.json            schema version, creation date, settings
    library.json         catalog: article records (parsed on first use)
    recent.json          the newest 100 records, so the first screen needs no catalog
    texts/<xx>.json      article paragraphs, sharded by the first two hex digits of the id
    notes/<xx>.json      highlights, sharded the same way

Article bodies are large and written once; highlights are small and written
all the time. Keeping them in small shards means saving one highlight
rewrites one small file, whatever the size of the library.
"""

from __future__ import annotations

import heapq
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.table import Document as TinyDocument
from tinydb.table import Table

from tui_reader.atomic_files import atomic_write, remove_debris
from tui_reader.highlighting import check_colour, new_highlight
from tui_reader.model import (
    COLOURS,
    Article,
    Document,
    Highlight,
    Paragraph,
    ReadingState,
    now_iso,
    short_hash,
)
from tui_reader.sanitize import clean_multiline, clean_tags
from tui_reader.store.errors import LibraryLocked, NotFound, ReadOnlyError, StoreError
from tui_reader.store.lock import LibraryLock, LockUnwritable
from tui_reader.store.records import valid_article, valid_highlight
from tui_reader.store.schema import SCHEMA_VERSION, migrate
from tui_reader.store.storage import AtomicJSONStorage

CATALOG = "library.json"
META = "meta.json"
RECENT = "recent.json"
#: How many of the newest articles ``recent.json`` holds.
RECENT_SIZE = 100
TEXTS = "texts"
NOTES = "notes"


class OpenMode(StrEnum):
    """How to open a library."""

    AUTO = "auto"
    """Write if the lock is free, else read-only (and say why)."""
    WRITE = "write"
    """Write, or raise :class:`LibraryLocked`."""
    READ = "read"
    """Read-only, without taking the lock."""


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
    _lock: LibraryLock | None = None
    _mutex: threading.RLock = field(default_factory=threading.RLock)
    _catalog: TinyDB | None = None
    _meta: TinyDB | None = None
    _shards: dict[tuple[str, str], TinyDB] = field(default_factory=dict)
    _articles: dict[str, Article] | None = None
    _corpus: dict[str, str] | None = None

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, folder: str | Path, mode: OpenMode | str = OpenMode.AUTO) -> Library:
        """Open (creating if needed) the library in ``folder``."""
        mode = OpenMode(mode)
        folder = Path(folder).expanduser()
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
            lib._start()
        except BaseException:
            lib.close()
            raise
        return lib

    def _start(self) -> None:
        if not self.read_only:
            for sub in (self.folder, self.folder / TEXTS, self.folder / NOTES):
                try:
                    sub.mkdir(exist_ok=True)
                except FileExistsError:
                    raise StoreError(
                        f"the library {self.folder} is damaged: {sub} is a file, not a folder"
                    ) from None
                remove_debris(sub)
        # The catalog is parsed on first use, not here: opening a big library
        # costs nothing until its articles are asked for.
        self._catalog = self._tinydb(self.folder / CATALOG)
        self._meta = self._tinydb(self.folder / META)
        meta = self._meta.table("meta").get(doc_id=1)
        version = int(meta.get("schema_version", 1)) if meta else SCHEMA_VERSION
        if version > SCHEMA_VERSION:
            self.read_only = True
            self.read_only_reason = (
                f"it was written by a newer newsread (schema {version}; this one knows "
                f"{SCHEMA_VERSION})"
            )
            self.warnings.append(f"Opened read-only: {self.read_only_reason}.")
            self._set_storage_read_only()
        elif version < SCHEMA_VERSION and not self.read_only:
            # The catalog first: if the version write is lost, the migration runs again.
            storage = self._storage(self._catalog)
            storage.write(migrate(dict(storage.read() or {}), version, SCHEMA_VERSION))
            self._write_meta(schema_version=SCHEMA_VERSION)
        elif meta is None and not self.read_only:
            self._write_meta(schema_version=SCHEMA_VERSION, created=now_iso())

    def _write_meta(self, **changes: Any) -> None:
        assert self._meta is not None
        meta = dict(self._meta.table("meta").get(doc_id=1) or {})
        meta.update(changes)
        self._meta.table("meta").upsert(TinyDocument(meta, doc_id=1))

    def _tinydb(self, path: Path) -> TinyDB:
        return TinyDB(
            path,
            storage=AtomicJSONStorage,
            read_only=self.read_only,
            on_recover=self.warnings.append,
        )

    @staticmethod
    def _storage(db: TinyDB) -> AtomicJSONStorage:
        storage = db.storage
        assert isinstance(storage, AtomicJSONStorage)
        return storage

    def _set_storage_read_only(self) -> None:
        for db in [self._catalog, self._meta, *self._shards.values()]:
            if db is not None:
                self._storage(db).read_only = True

    def close(self) -> None:
        """Release the lock and forget cached data."""
        with self._mutex:
            self._shards.clear()
            self._catalog = None
            self._meta = None
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def take_warnings(self) -> list[str]:
        """The messages not handed out yet (each one is returned once)."""
        with self._mutex:
            new = self.warnings[self._warnings_taken :]
            self._warnings_taken = len(self.warnings)
            return new

    @property
    def schema_version(self) -> int:
        """The schema version recorded in ``meta.json``."""
        meta = self._meta.table("meta").get(doc_id=1) if self._meta is not None else None
        return int(meta.get("schema_version", SCHEMA_VERSION)) if meta else SCHEMA_VERSION

    @property
    def is_new(self) -> bool:
        """True when the library holds no article."""
        return len(self._cat().table("articles")) == 0

    # ------------------------------------------------------------------ helpers

    def _cat(self) -> TinyDB:
        if self._catalog is None:
            raise StoreError("the library is closed")
        return self._catalog

    def _shard(self, kind: str, article_id: str) -> TinyDB:
        key = (kind, article_id[:2].lower())
        db = self._shards.get(key)
        if db is None:
            db = self._tinydb(self.folder / kind / f"{key[1]}.json")
            self._shards[key] = db
        return db

    def _check_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyError(
                f"the library is read-only ({self.read_only_reason or 'opened so'}); "
                "nothing was changed"
            )

    @contextmanager
    def _batch(self, dbs: Iterable[TinyDB]) -> Iterator[None]:
        with ExitStack() as stack:
            for db in dbs:
                stack.enter_context(self._storage(db).deferred())
            yield

    def _article_map(self) -> dict[str, Article]:
        if self._articles is None:
            table = self._cat().table("articles")
            self._articles = {}
            for doc in table.all():
                article = Article.from_dict(doc)
                self._articles[article.id] = article
        return self._articles

    def _invalidate(self) -> None:
        self._articles = None

    def _catalog_changed(self) -> None:
        """Keep ``recent.json``, the newest articles, in step with the catalog."""
        articles = self._article_map()
        newest = heapq.nlargest(RECENT_SIZE, articles.values(), key=lambda a: (a.added, a.id))
        path = self.folder / RECENT
        try:
            atomic_write(path, orjson.dumps([a.to_dict() for a in newest]))
        except OSError:
            # Only a start-up cache: better none than a stale one.
            with suppress(OSError):
                path.unlink()

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

    def articles(self) -> list[Article]:
        """All articles, newest added first."""
        with self._mutex:
            return sorted(self._article_map().values(), key=lambda a: (a.added, a.id), reverse=True)

    def __len__(self) -> int:
        with self._mutex:
            return len(self._article_map())

    def get(self, article_id: str) -> Article:
        """The article with this id; raises :class:`NotFound`."""
        with self._mutex:
            article = self._article_map().get(article_id)
            if article is None:
                raise NotFound(f"no article with id {article_id!r}")
            return article

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
        with self._mutex:
            return self._article_map().get(doc.article_id())

    def _text_or_none(self, article_id: str) -> list[Paragraph] | None:
        try:
            return self.paragraphs(article_id)
        except NotFound:
            return None

    def paragraphs(self, article_id: str) -> list[Paragraph]:
        """An article's paragraphs, read from its text shard."""
        with self._mutex:
            raw = self._shard(TEXTS, article_id).table("texts").get(doc_id=_doc_id(article_id))
            if raw is None:
                raise NotFound(f"no text stored for article {article_id!r}")
            return [Paragraph.from_list(p) for p in raw["p"]]

    @contextmanager
    def _bulk(self, article_ids: Iterable[str]) -> Iterator[_PendingRows]:
        """A batch of catalog, text and highlight rows for these articles.

        Rows put in the yielded :class:`_PendingRows` are applied at the end and
        every touched file is written once. If anything fails, nothing is saved
        and memory is reloaded from disk. Call with the mutex held.
        """
        ids = list(article_ids)
        touched: dict[str, TinyDB] = {"catalog": self._cat()}
        for aid in ids:
            for kind in (TEXTS, NOTES):
                touched.setdefault(f"{kind}/{aid[:2]}", self._shard(kind, aid))
        pending = _PendingRows()
        try:
            with self._batch(touched.values()):
                yield pending
                self._apply(pending)
        except BaseException:
            self._invalidate()
            raise
        finally:
            if self._corpus is not None:
                for aid in ids:
                    self._corpus.pop(aid, None)
        self._catalog_changed()

    def _apply(self, pending: _PendingRows) -> None:
        """Write collected rows, one TinyDB operation per table."""
        _bulk_upsert(self._cat().table("articles"), pending.catalog)
        for (kind, shard), rows in pending.shards.items():
            table = self._shard(kind, shard).table("texts" if kind == TEXTS else "highlights")
            _bulk_upsert(table, rows)
        pending.clear()

    def put_article(self, article: Article, paragraphs: Sequence[Paragraph]) -> None:
        """Store an article record and its text (restore, migrations)."""
        self._check_writable()
        with self._mutex:
            article = valid_article(article)
            aid = article.id
            self._shard(TEXTS, aid).table("texts").upsert(
                TinyDocument(_text_record(aid, paragraphs), doc_id=_doc_id(aid))
            )
            self._write_article(article)
            if self._corpus is not None:
                self._corpus.pop(aid, None)

    def put_many(
        self,
        records: Sequence[tuple[Article, Sequence[Paragraph] | None, Sequence[Highlight]]],
        progress: Callable[[int], None] | None = None,
    ) -> None:
        """Store (article, paragraphs or None to keep the text, highlights) exactly as given.

        Used by restore: each touched file is written once (atomically), at the
        end; if a record cannot be stored, nothing is saved. ``progress(n)``
        after each record.
        """
        self._check_writable()
        with self._mutex:
            articles = self._article_map()
            with self._bulk(article.id for article, _, _ in records) as pending:
                for n, (record, paragraphs, highlights) in enumerate(records, 1):
                    article = valid_article(record)
                    aid = article.id
                    if highlights:
                        text = paragraphs if paragraphs is not None else self._text_or_none(aid)
                        highlights = [valid_highlight(hl, text) for hl in highlights]
                    if paragraphs is not None:
                        pending.put(TEXTS, aid, _doc_id(aid), _text_record(aid, paragraphs))
                    pending.catalog[_doc_id(aid)] = article.to_dict()
                    for hl in highlights:
                        pending.put(NOTES, aid, _doc_id(hl.id), hl.to_dict())
                    articles[aid] = article
                    if progress:
                        progress(n)

    def _write_article(self, article: Article) -> Article:
        try:
            self._cat().table("articles").upsert(
                TinyDocument(article.to_dict(), doc_id=_doc_id(article.id))
            )
        except BaseException:
            self._invalidate()
            raise
        if self._articles is not None:
            self._articles[article.id] = article
        self._catalog_changed()
        return article

    def _change(self, article_id: str, **changes: Any) -> Article:
        self._check_writable()
        with self._mutex:
            article = replace(self.get(article_id), **changes)
            return self._write_article(article)

    def delete(self, article_id: str) -> Article:
        """Remove an article, its text and its highlights."""
        self._check_writable()
        with self._mutex:
            article = self.get(article_id)
            did = _doc_id(article_id)
            try:
                self._cat().table("articles").remove(doc_ids=[did])
            except BaseException:
                self._invalidate()
                raise
            if self._articles is not None:
                self._articles.pop(article_id, None)
            self._catalog_changed()
            texts = self._shard(TEXTS, article_id).table("texts")
            if texts.contains(doc_id=did):
                texts.remove(doc_ids=[did])
            notes = self._shard(NOTES, article_id).table("highlights")
            notes.remove(lambda d: d.get("article_id") == article_id)
            if self._corpus is not None:
                self._corpus.pop(article_id, None)
            return article

    def set_tags(self, article_id: str, tags: Iterable[str]) -> Article:
        """Replace an article's tags (sanitised, de-duplicated)."""
        return self._change(article_id, tags=clean_tags(tags))

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
        """Set an article's reading state."""
        return self._change(article_id, state=ReadingState(state))

    def tag_counts(self) -> Counter[str]:
        """How many articles carry each tag."""
        with self._mutex:
            counts: Counter[str] = Counter()
            for article in self._article_map().values():
                counts.update(article.tags)
            return counts

    def highlight_tag_counts(self) -> Counter[str]:
        """How many highlights carry each tag."""
        counts: Counter[str] = Counter()
        for hl in self.all_highlights():
            counts.update(hl.tags)
        return counts

    # ------------------------------------------------------------------ search

    def _corpus_map(self) -> dict[str, str]:
        if self._corpus is None:
            self._corpus = {}
        missing = [aid for aid in self._article_map() if aid not in self._corpus]
        for aid in missing:
            try:
                body = " ".join(p.text for p in self.paragraphs(aid))
            except NotFound:
                body = ""
            self._corpus[aid] = body.casefold()
        return self._corpus

    def warm_search(self) -> None:
        """Load every article's text for full-text search (slow once, then cached)."""
        with self._mutex:
            self._corpus_map()

    def search(self, query: str, *, full_text: bool = True) -> list[Article]:
        """Articles whose title, source, tags (or text) contain every word of ``query``."""
        terms = query.casefold().split()
        with self._mutex:
            articles = self.articles()
            if not terms:
                return articles
            corpus = self._corpus_map() if full_text else {}
            found: list[Article] = []
            for article in articles:
                head = f"{article.title} {article.source} {' '.join(article.tags)}".casefold()
                body = corpus.get(article.id, "")
                if all(t in head or t in body for t in terms):
                    found.append(article)
            return found

    # ------------------------------------------------------------------ highlights

    def highlights(self, article_id: str) -> list[Highlight]:
        """An article's highlights in reading order (orphans last)."""
        with self._mutex:
            hls = [Highlight.from_dict(d) for d in self._highlight_rows(article_id)]
            return sorted(hls, key=lambda h: h.sort_key)

    def _highlight_rows(self, article_id: str) -> list[dict[str, Any]]:
        # The stored rows themselves: wrapping every row of the shard in a TinyDB
        # Document to keep a few is what made a 10,000-article export slow.
        tables = self._storage(self._shard(NOTES, article_id)).read() or {}
        rows = tables.get("highlights", {}).values()
        return [d for d in rows if d.get("article_id") == article_id]

    def highlight_count(self, article_id: str) -> int:
        """How many highlights an article has."""
        with self._mutex:
            return len(self._highlight_rows(article_id))

    def all_highlights(self) -> Iterator[Highlight]:
        """Every highlight in the library, shard by shard."""
        folder = self.folder / NOTES
        names = sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []
        for name in names:
            with self._mutex:
                table = self._shard(NOTES, name).table("highlights")
                docs = list(table.all())
            for d in docs:
                yield Highlight.from_dict(d)

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
        check_colour(colour)
        with self._mutex:
            paragraphs = self.paragraphs(article_id)
            hl = new_highlight(
                article_id, paragraphs, paragraph, start, end, colour=colour, note=note, tags=tags
            )
            return self.put_highlight(hl)

    def put_highlight(self, hl: Highlight) -> Highlight:
        """Insert or replace a highlight (used by undo/redo); returns what was saved.

        Refused with :class:`InvalidRecord` if its id, colour or anchor is bad.
        """
        self._check_writable()
        with self._mutex:
            self.get(hl.article_id)
            hl = valid_highlight(hl, self._text_or_none(hl.article_id))
            table = self._shard(NOTES, hl.article_id).table("highlights")
            table.upsert(TinyDocument(hl.to_dict(), doc_id=_doc_id(hl.id)))
            return hl

    def put_highlights(self, highlights: Iterable[Highlight]) -> int:
        """Insert or replace many highlights, writing each shard once; returns the count."""
        self._check_writable()
        with self._mutex:
            articles = self._article_map()
            pending = _PendingRows()
            count = 0
            texts: dict[str, list[Paragraph] | None] = {}
            for hl in highlights:
                if hl.article_id not in articles:
                    raise NotFound(f"no article with id {hl.article_id!r}")
                if hl.article_id not in texts:
                    texts[hl.article_id] = self._text_or_none(hl.article_id)
                hl = valid_highlight(hl, texts[hl.article_id])
                pending.put(NOTES, hl.article_id, _doc_id(hl.id), hl.to_dict())
                count += 1
            dbs = [self._shard(kind, shard) for kind, shard in pending.shards]
            with self._batch(dbs):
                self._apply(pending)
            return count

    def get_highlight(self, article_id: str, highlight_id: str) -> Highlight:
        """One highlight; raises :class:`NotFound`."""
        with self._mutex:
            table = self._shard(NOTES, article_id).table("highlights")
            raw = table.get(doc_id=_doc_id(highlight_id))
            if raw is None or raw.get("id") != highlight_id:
                raise NotFound(f"no highlight with id {highlight_id!r}")
            return Highlight.from_dict(raw)

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
            if colour not in COLOURS:
                raise ValueError(f"unknown colour {colour!r}")
            changes["colour"] = colour
        if note is not None:
            changes["note"] = clean_multiline(note)
        if tags is not None:
            changes["tags"] = clean_tags(tags)
        with self._mutex:
            hl = self.get_highlight(article_id, highlight_id)
            return self.put_highlight(hl.evolve(**changes))

    def delete_highlight(self, article_id: str, highlight_id: str) -> Highlight:
        """Remove a highlight; returns it (for undo)."""
        self._check_writable()
        with self._mutex:
            hl = self.get_highlight(article_id, highlight_id)
            self._shard(NOTES, article_id).table("highlights").remove(
                doc_ids=[_doc_id(highlight_id)]
            )
            return hl

    def orphans(self) -> list[Highlight]:
        """Highlights that re-anchoring could not place."""
        return [h for h in self.all_highlights() if h.orphan]

    # ------------------------------------------------------------------ integrity

    def check(self) -> list[str]:
        """Problems found by reading every file: missing text, highlights without article,
        anchors outside their paragraph. An empty list means the library is sound."""
        problems: list[str] = []
        with self._mutex:
            articles = self._article_map()
            for kind in (TEXTS, NOTES):
                folder = self.folder / kind
                for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
                    self._shard(kind, path.stem).tables()
            for aid, article in articles.items():
                try:
                    paragraphs = self.paragraphs(aid)
                except NotFound:
                    problems.append(f"article {aid} has no text")
                    continue
                if len(paragraphs) != article.paragraph_count:
                    problems.append(f"article {aid}: paragraph count does not match its text")
            for hl in self.all_highlights():
                if hl.article_id not in articles:
                    problems.append(f"highlight {hl.id} belongs to no article")
                    continue
                if hl.orphan:
                    continue
                paragraphs = self.paragraphs(hl.article_id)
                a = hl.anchor
                if a.paragraph >= len(paragraphs) or a.end > len(paragraphs[a.paragraph].text):
                    problems.append(f"highlight {hl.id} points outside its article")
        return problems

    # ------------------------------------------------------------------ settings

    def settings(self) -> dict[str, Any]:
        """Settings stored in the library (for backups)."""
        meta = self._meta.table("meta").get(doc_id=1) if self._meta is not None else None
        return dict((meta or {}).get("settings", {}))

    def set_settings(self, settings: dict[str, Any]) -> None:
        """Replace the settings stored in the library."""
        self._check_writable()
        with self._mutex:
            self._write_meta(settings=dict(settings))


@dataclass(slots=True)
class _PendingRows:
    """Rows collected during a batch, written with one operation per table."""

    catalog: dict[int, dict[str, Any]] = field(default_factory=dict)
    shards: dict[tuple[str, str], dict[int, dict[str, Any]]] = field(default_factory=dict)
    articles: set[str] = field(default_factory=set)

    def put(self, kind: str, article_id: str, doc_id: int, row: dict[str, Any]) -> None:
        """Queue ``row`` for the ``kind`` shard of ``article_id``."""
        self.shards.setdefault((kind, article_id[:2].lower()), {})[doc_id] = row

    def clear(self) -> None:
        """Forget everything queued."""
        self.catalog.clear()
        self.shards.clear()
        self.articles.clear()


def _bulk_upsert(table: Table, rows: dict[int, dict[str, Any]]) -> None:
    """Insert or replace ``rows`` (doc id -> document) in two TinyDB operations."""
    if not rows:
        return
    existing = [doc_id for doc_id in rows if table.contains(doc_id=doc_id)]
    if existing:
        table.remove(doc_ids=existing)
    table.insert_multiple(TinyDocument(row, doc_id=doc_id) for doc_id, row in rows.items())


def _text_record(article_id: str, paragraphs: Sequence[Paragraph]) -> dict[str, Any]:
    return {"id": article_id, "p": [p.to_list() for p in paragraphs]}


def _doc_id(key: str) -> int:
    """A TinyDB document id derived from a hex id (or any string)."""
    text = key.lower()
    if len(text) < 4 or any(c not in "0123456789abcdef" for c in text):
        text = short_hash(key)
    return int(text[:15], 16) + 1
