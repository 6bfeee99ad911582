"""What an export may replace: its own earlier files, never a file of the user's.

An export given ``--out notes.md`` for a JSON backup, a W3C collection or a
single Markdown file replaces that file only when newsread wrote it (known by
its content: the backup's ``format``, the collection's ``generator``, the
Markdown markers or front matter), or when the user says ``force``. A file
that cannot be read or parsed as one of those is the user's.

Exports killed mid-write leave ``<name>.tmp-<pid>-<n>`` files; the next export
to the same place removes those whose writer is gone.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import orjson

from tui_reader.atomic_files import TMP_MARK
from tui_reader.export.errors import ExportError

#: How much of an existing Markdown file is read to recognise it.
_MARKDOWN_HEAD = 65536


def _is_backup(data: bytes) -> bool:
    from tui_reader.export.backup import BACKUP_FORMAT

    try:
        raw = orjson.loads(data)
    except orjson.JSONDecodeError:
        return False
    return isinstance(raw, dict) and raw.get("format") == BACKUP_FORMAT


def _is_annotation_collection(data: bytes) -> bool:
    try:
        raw = orjson.loads(data)
    except orjson.JSONDecodeError:
        return False
    if not isinstance(raw, dict) or raw.get("type") != "AnnotationCollection":
        return False
    generator = raw.get("generator")
    return isinstance(generator, dict) and generator.get("name") == "newsread"


def _is_markdown_export(data: bytes) -> bool:
    from tui_reader.export.document import split_existing
    from tui_reader.export.markdown import SINGLE_FILE_TITLE

    try:
        text = data[:_MARKDOWN_HEAD].decode("utf-8")
    except UnicodeDecodeError:
        return False
    existing = split_existing(text)
    if existing.has_markers:
        return True
    front = existing.front_matter or {}
    return front.get("title") == SINGLE_FILE_TITLE and "articles" in front


_RECOGNISERS = {"json": _is_backup, "w3c": _is_annotation_collection, "md": _is_markdown_export}
_WHAT = {"json": "a newsread backup", "w3c": "a newsread W3C export", "md": "a newsread export"}


def check_replaceable(path: Path, fmt: str, *, force: bool = False) -> None:
    """Raise :class:`ExportError` unless writing ``fmt`` to ``path`` loses nothing of the user's.

    A missing file, or one that newsread wrote in the same format, may be
    replaced (Markdown is merged: text outside the generated region stays).
    ``force`` allows replacing anything that is a regular file.
    """
    if path.is_symlink() and not force:
        raise ExportError(f"{path} is a symbolic link; give another --out (or --force)")
    if not path.exists():
        return
    if not path.is_file():
        raise ExportError(f"{path} is not a regular file")
    if force:
        return
    try:
        with path.open("rb") as handle:
            data = handle.read() if fmt != "md" else handle.read(_MARKDOWN_HEAD)
    except OSError as error:
        raise ExportError(f"cannot read {path}: {(error.strerror or str(error)).lower()}") from None
    if not _RECOGNISERS[fmt](data):
        what = "add the export to it" if fmt == "md" else "replace it"
        raise ExportError(
            f"{path} exists and is not {_WHAT[fmt]}; give another --out, or --force to {what}"
        )


def _writer_alive(name: str) -> bool:
    """True when the process that made temporary file ``name`` may still be writing it."""
    tail = name.rsplit(TMP_MARK, 1)[-1]
    pid_text = tail.split("-", 1)[0]
    if not pid_text.isdigit():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


def remove_export_debris(
    folder: Path, *, names: tuple[str, ...] = (), suffixes: tuple[str, ...] = ()
) -> list[Path]:
    """Delete temporary files a killed export left in ``folder``; returns what was removed.

    Only temporary files of the given file ``names`` or of names ending in one
    of ``suffixes`` are touched, and only when the process that wrote them is gone.
    """
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        stem, mark, _ = entry.name.rpartition(TMP_MARK)
        if not mark or not (stem in names or stem.endswith(suffixes)):
            continue
        if _writer_alive(entry.name):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file() and not entry.is_symlink():
                entry.unlink()
                removed.append(entry)
    return removed
