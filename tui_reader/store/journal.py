"""Changes to several files that happen all together or not at all.

A change to one file is an atomic replace (:func:`atomic_write`). A change to
several (an import batch, a restore, deleting an article) goes through a
journal, so that a kill at any moment leaves either every old file or every
new one:

1. each new file is written beside the library as a temporary file;
2. each temporary file is flushed to disk (an ``fsync`` of that file, never a
   system-wide ``sync``: its cost is the batch's own, whatever else the machine
   writes), then the library folder;
3. ``journal.json`` lists the replacements and deletions (written atomically:
   this is the moment the change happens);
4. the temporary files are renamed over their targets (the old file kept as
   generation ``.1`` where the target keeps generations), deletions done;
5. after an ``fsync`` of each folder that changed, the journal is removed.

At the next start :func:`replay` finishes a change whose journal exists (step
4 again: renaming what is still there is idempotent); without a journal the
temporary files are debris and :func:`~tui_reader.atomic_files.remove_debris`
deletes them, which leaves the old files. A library opened read-only writes
nothing, so it cannot finish the change: it reads each file the journal names
from the temporary file that holds its new bytes (:func:`finished_view`), and so
sees the change as done, as the next writer will make it.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from tui_reader.atomic_files import (
    TMP_MARK,
    atomic_write,
    fsync_all,
    fsync_dir,
    rotate_generations,
)

if TYPE_CHECKING:
    from concurrent.futures import Future

JOURNAL = "journal.json"


@dataclass(slots=True)
class Transaction:
    """Files to replace and delete together; :meth:`commit` makes it happen."""

    folder: Path
    """The library folder: temporary files and the journal live here."""
    writes: dict[Path, tuple[bytes | Future[bytes], int]] = field(default_factory=dict)
    """Target path -> (new bytes, or a future of them, generations to keep)."""
    deletes: set[Path] = field(default_factory=set)

    def write(self, path: Path, data: bytes | Future[bytes], generations: int = 0) -> None:
        """Replace ``path`` with ``data`` when the transaction commits (a future: the bytes
        another thread is making, waited for then)."""
        self.deletes.discard(path)
        self.writes[path] = (data, generations)

    def delete(self, path: Path) -> None:
        """Remove ``path`` (and nothing else) when the transaction commits."""
        self.writes.pop(path, None)
        self.deletes.add(path)

    def __bool__(self) -> bool:
        return bool(self.writes or self.deletes)

    def commit(self) -> None:
        """Apply every change, all or nothing across a crash; ``OSError`` if it fails.

        One file and no deletion is a plain atomic replace. On an error before the
        journal is written nothing has changed; after it, the change is finished
        at the next start.
        """
        if not self:
            return
        if len(self.writes) == 1 and not self.deletes:
            (path, (data, generations)), *_ = self.writes.items()
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, _bytes(data), generations=generations)
            return
        entries: list[list[object]] = []
        temps: list[Path] = []
        stamp = f"{os.getpid()}-{id(self)}"
        folders: set[Path] = set()
        try:
            for n, (path, (data, generations)) in enumerate(self.writes.items()):
                if path.parent not in folders:  # once per folder, not once per file
                    path.parent.mkdir(parents=True, exist_ok=True)
                    folders.add(path.parent)
                tmp = self.folder / f"txn-{n}{TMP_MARK}{stamp}"
                temps.append(tmp)
                with open(tmp, "wb") as handle:
                    handle.write(_bytes(data))
                entries.append([_rel(self.folder, path), tmp.name, generations])
            for path in sorted(self.deletes):
                entries.append([_rel(self.folder, path), None, 0])
            # Flushed together after all are written: the disk takes them in one go.
            fsync_all(temps)
            fsync_dir(self.folder)
            atomic_write(self.folder / JOURNAL, orjson.dumps(entries))
        except BaseException:
            for tmp in temps:
                with contextlib.suppress(OSError):
                    tmp.unlink()
            raise
        _apply(self.folder, entries)


def _bytes(data: bytes | Future[bytes]) -> bytes:
    return data if isinstance(data, bytes) else data.result()


def _rel(folder: Path, path: Path) -> str:
    return path.relative_to(folder).as_posix()


def _apply(folder: Path, entries: list[list[object]]) -> None:
    """Step 4 and 5: rename and delete as the journal says, flush, drop the journal."""
    for target, tmp_name, generations in entries:
        path = folder / str(target)
        if tmp_name is None:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            continue
        tmp = folder / str(tmp_name)
        if not tmp.exists():
            continue  # renamed before the kill
        rotate_generations(path, int(generations))  # type: ignore[call-overload]
        os.replace(tmp, path)
    # The files' bytes were flushed before the journal; the renames need their folders.
    fsync_all(sorted({(folder / str(e[0])).parent for e in entries}), folders=True)
    (folder / JOURNAL).unlink()
    fsync_dir(folder)


def _entries(raw: bytes) -> list[list[object]]:
    """The entries of a journal's bytes; ``ValueError`` if it is not one."""
    entries = orjson.loads(raw)
    if not isinstance(entries, list) or not all(
        isinstance(e, list)
        and len(e) == 3
        and isinstance(e[0], str)
        and (e[1] is None or isinstance(e[1], str))
        for e in entries
    ):
        raise ValueError("not a journal")
    return entries


def _outside(name: object) -> bool:
    path = Path(str(name))
    return ".." in path.parts or path.is_absolute()


def replay(folder: Path) -> bool:
    """Finish a change interrupted after its journal was written; True if there was one."""
    journal = folder / JOURNAL
    try:
        raw = journal.read_bytes()
    except FileNotFoundError:
        return False
    try:
        entries = _entries(raw)
    except ValueError:
        # Written atomically, so a journal that does not parse was not ours to finish.
        os.replace(journal, journal.with_name(JOURNAL + ".corrupt"))
        return False
    for target, _, _ in entries:
        if _outside(target):
            raise ValueError(f"journal names a file outside the library: {target!r}")
    _apply(folder, entries)
    return True


def finished_view(folder: Path) -> dict[Path, Path | None]:
    """Where the files of an unfinished change are, read without writing anything:
    target -> the temporary file holding its new bytes, or None when the change
    deletes it. Targets already renamed are left out (the file holds them), and so is
    everything when there is no journal or it cannot be read."""
    try:
        entries = _entries((folder / JOURNAL).read_bytes())
    except (OSError, ValueError):
        return {}
    if any(_outside(target) or _outside(tmp or "") for target, tmp, _ in entries):
        return {}
    view: dict[Path, Path | None] = {}
    for target, tmp_name, _ in entries:
        if tmp_name is None:
            view[folder / str(target)] = None
        elif (folder / str(tmp_name)).exists():
            view[folder / str(target)] = folder / str(tmp_name)
    return view


def read_finished(view: dict[Path, Path | None], path: Path) -> bytes:
    """The bytes of ``path`` once the change of ``view`` is finished (``FileNotFoundError``
    when it deletes the file)."""
    if path in view:
        tmp = view[path]
        if tmp is None:
            raise FileNotFoundError(path)
        try:
            return tmp.read_bytes()
        except FileNotFoundError:
            pass  # renamed meanwhile (a writer finishing it): the file holds the new bytes
    return path.read_bytes()
