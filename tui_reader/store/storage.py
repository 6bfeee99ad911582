"""A TinyDB storage that writes atomically and recovers from damaged files.

TinyDB's own JSONStorage rereads and rewrites its file in place on every
operation; this one keeps the data in memory, serialises with orjson, and
writes through :func:`atomic_write`. A file that does not parse is moved aside
and its newest good generation restored; with none, :class:`LibraryCorrupt`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

from tui_reader.atomic_files import atomic_write, generation_path
from tui_reader.store.errors import LibraryCorrupt, ReadOnlyError, StoreWriteError

Tables = dict[str, dict[str, Any]]

#: How many earlier generations of each file are kept.
GENERATIONS = 3


def parse_tables(raw: bytes) -> Tables:
    """Parse a TinyDB file's bytes, raising ``ValueError`` unless it has TinyDB's shape."""
    data = orjson.loads(raw)
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise ValueError(f"table {name!r} is not an object")
        for doc in table.values():
            if not isinstance(doc, dict):
                raise ValueError(f"table {name!r} holds a non-object document")
    return data


class AtomicJSONStorage:
    """TinyDB storage: in-memory data, atomic orjson writes, generations, recovery.

    It has TinyDB's storage interface (``read``, ``write``, ``close``) without
    deriving from its abstract class: importing ``tinydb`` for that base alone cost
    every start 2 ms (it loads the whole package).

    ``on_recover`` is called with a one-line message whenever a damaged file was
    moved aside and a generation restored, so the caller can tell the user.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        read_only: bool = False,
        generations: int = GENERATIONS,
        on_recover: Callable[[str], None] | None = None,
        reader: Callable[[Path], bytes] | None = None,
    ) -> None:
        self.path = Path(path)
        self._reader = reader
        """Reads the file's bytes (a read-only library: as an unfinished change leaves it)."""
        self.read_only = read_only
        self.generations = generations
        self._on_recover = on_recover
        self._cache: Tables | None = None
        self._loaded = False
        self.loads = 0
        """How many times the file was (re)read: row indexes built on an older load are stale."""
        self._defer_depth = 0
        self._dirty = False

    def read(self) -> Tables | None:
        """The whole database, loaded from disk once and then kept in memory."""
        if not self._loaded:
            self._cache = self._load()
            self._loaded = True
            self.loads += 1
        return self._cache

    def tables(self) -> Tables:
        """The whole database as a mutable dict (empty when the file does not exist yet).

        Change it in place, then :meth:`write` it; if the write fails the change
        is dropped and the next read goes back to disk.
        """
        data = self.read()
        if data is None:
            data = {}
            self._cache = data
        return data

    def payload(self) -> bytes:
        """The bytes :meth:`write` would save for the in-memory data."""
        return orjson.dumps(self.tables())

    def write(self, data: Tables) -> None:
        """Save ``data`` durably; on failure the file is unchanged and memory is reloaded."""
        if self.read_only:
            self.invalidate()
            raise ReadOnlyError("the library is open read-only; nothing was saved")
        if self._defer_depth:
            self._cache = data
            self._loaded = True
            self._dirty = True
            return
        self._flush(data)

    def close(self) -> None:
        """Nothing to release: every write is complete when :meth:`write` returns."""

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """Collect the writes made inside the block and save them once at its end.

        If the block raises, nothing is saved and memory is reloaded from disk.
        """
        self._defer_depth += 1
        try:
            yield
        except BaseException:
            self._defer_depth -= 1
            if self._defer_depth == 0 and self._dirty:
                self._dirty = False
                self.invalidate()
            raise
        self._defer_depth -= 1
        if self._defer_depth == 0 and self._dirty:
            self._dirty = False
            assert self._cache is not None
            self._flush(self._cache)

    def _flush(self, data: Tables) -> None:
        try:
            payload = orjson.dumps(data)
            atomic_write(self.path, payload, generations=self.generations)
        except (OSError, TypeError, orjson.JSONEncodeError) as error:
            # TinyDB has already changed the in-memory copy: drop it so the next
            # read sees what is really on disk.
            self.invalidate()
            raise StoreWriteError(f"could not save {self.path.name}: {_reason(error)}") from error
        self._cache = data
        self._loaded = True

    def invalidate(self) -> None:
        """Forget the in-memory copy; the next read goes to disk."""
        self._cache = None
        self._loaded = False

    def _load(self) -> Tables | None:
        try:
            raw = self._reader(self.path) if self._reader else self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise StoreWriteError(f"could not read {self.path}: {_reason(error)}") from error
        try:
            return parse_tables(raw)
        except ValueError as error:
            return self._recover(str(error))

    def _recover(self, why: str) -> Tables:
        """Find the newest generation that parses; move the damaged file aside."""
        for n in range(1, self.generations + 1):
            candidate = generation_path(self.path, n)
            try:
                raw = candidate.read_bytes()
                data = parse_tables(raw)
            except (OSError, ValueError):
                continue
            if self.read_only:
                message = (
                    f"{self.path.name} is damaged ({why}); showing its earlier copy "
                    f"{candidate.name} read-only"
                )
            else:
                aside = self._move_aside()
                atomic_write(self.path, raw)
                message = (
                    f"{self.path.name} was damaged ({why}); kept it as {aside.name} "
                    f"and restored the earlier copy {candidate.name}"
                )
            if self._on_recover:
                self._on_recover(message)
            return data
        raise LibraryCorrupt(
            f"{self.path} is damaged ({why}) and no earlier good copy exists; it was left as it is"
        )

    def _move_aside(self) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while aside.exists():
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
            n += 1
        os.replace(self.path, aside)
        return aside


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return str(error) or type(error).__name__
