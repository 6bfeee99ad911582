"""Importers: turning files, pages, feeds and URLs into Documents.

:func:`load_path` picks the importer by file type; every importer sanitises
what it produces. Heavy libraries are imported inside the importer that needs
them, never at start-up.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from tui_reader.ingest.errors import Cancelled, IngestError
from tui_reader.ingest.files import DEFAULT_MAX_SIZE, file_kind, read_bytes, read_text
from tui_reader.ingest.loaded import Loaded
from tui_reader.model import Document

Importer = Callable[[Path, int, bytes | None], list[Document]]
"""``importer(path, max_size, data)``: ``data`` is the file's content when already read."""


def _load_text(path: Path, max_size: int, data: bytes | None) -> list[Document]:
    from tui_reader.ingest.plaintext import parse_plain_text

    return [parse_plain_text(read_text(path, max_size, data), origin=str(path))]


def _load_markdown(path: Path, max_size: int, data: bytes | None) -> list[Document]:
    from tui_reader.ingest.markdown import parse_markdown

    return [parse_markdown(read_text(path, max_size, data), origin=str(path))]


def _load_html(path: Path, max_size: int, data: bytes | None) -> list[Document]:
    from tui_reader.ingest.html import decode_html, parse_html

    return [parse_html(decode_html(read_bytes(path, max_size, data)), origin=str(path))]


def _load_feed(path: Path, max_size: int, data: bytes | None) -> list[Document]:
    from tui_reader.ingest.feeds import parse_feed

    return parse_feed(read_bytes(path, max_size, data), origin=str(path))


def _load_xml(path: Path, max_size: int, data: bytes | None) -> list[Document]:
    from tui_reader.ingest.feeds import parse_feed, sniff_feed

    content = read_bytes(path, max_size, data)
    if sniff_feed(content) is None:
        raise IngestError("XML file is not an RSS or Atom feed")
    return parse_feed(content, origin=str(path))


def _load_json(path: Path, max_size: int, data: bytes | None) -> list[Document]:
    from tui_reader.ingest.feeds import parse_json_feed

    return parse_json_feed(read_bytes(path, max_size, data), origin=str(path))


#: Importers by lower-case file suffix.
IMPORTERS: dict[str, Importer] = {
    ".txt": _load_text,
    ".text": _load_text,
    ".md": _load_markdown,
    ".markdown": _load_markdown,
    ".html": _load_html,
    ".htm": _load_html,
    ".xhtml": _load_html,
    ".rss": _load_feed,
    ".atom": _load_feed,
    ".rdf": _load_feed,
    ".xml": _load_xml,
    ".json": _load_json,
}


def supported_suffixes() -> tuple[str, ...]:
    """The file suffixes newsread can import."""
    return tuple(sorted(IMPORTERS))


def load_path(
    path: Path, max_size: int = DEFAULT_MAX_SIZE, data: bytes | None = None
) -> list[Document]:
    """Import one file; raises :class:`IngestError` with a one-line reason.

    ``data``: the whole file, when the caller has already read it (see
    :func:`~tui_reader.ingest.files.read_start`)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        mode = 0  # missing or unreadable: said below, or by the importer
    if mode and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise IngestError(f"not a regular file ({file_kind(mode)})")
    importer = IMPORTERS.get(path.suffix.lower())
    if importer is None:
        if not path.exists():
            raise IngestError("no such file")
        raise IngestError(
            f"unsupported file type {path.suffix or '(none)'!r} "
            f"(supported: {', '.join(supported_suffixes())})"
        )
    return importer(path, max_size, data)


def expand_paths(paths: list[Path]) -> Iterator[tuple[Path, str | None]]:
    """Files to import: folders walked recursively for supported types.

    Yields ``(path, problem)``; ``problem`` is a reason when the path itself is
    unusable (missing, an empty folder, a subfolder that cannot be read), else
    None. Hidden files and folders are left out; symbolic links to folders are
    not followed.
    """
    for path in paths:
        if path.is_dir():
            found = _walk(path)
            if not found:
                yield path, "folder holds no file newsread can import"
            yield from found
        elif not path.exists() and not path.is_symlink():
            yield path, "no such file or folder"
        else:
            yield path, None


def _walk(folder: Path) -> list[tuple[Path, str | None]]:
    """Importable files under ``folder``, and subfolders that could not be read, in order."""
    found: list[tuple[Path, str | None]] = []

    def failed(error: OSError) -> None:
        where = Path(error.filename) if error.filename else folder
        reason = "permission denied" if isinstance(error, PermissionError) else error.strerror
        found.append((where, f"cannot read folder: {reason or error}"))

    for root, dirs, files in os.walk(folder, onerror=failed):
        dirs.sort()
        here = Path(root)
        for name in files:
            if name.startswith("."):
                continue
            suffix = os.path.splitext(name)[1].lower()  # (no Path made for files left out)
            if not (suffix in IMPORTERS or _is_sidecar(name)):
                continue
            if os.path.isfile(os.path.join(root, name)):
                found.append((here / name, None))
    # Ordered as paths are (by their parts), the parts compared as tuples of strings: the
    # comparisons of 100,000 Path objects took a second.
    return sorted(found, key=lambda pair: pair[0].parts)


def _is_sidecar(name: str) -> bool:
    """True for a KOReader sidecar (``metadata.epub.lua``), read by the KOReader importer."""
    lowered = name.lower()
    return lowered.startswith("metadata.") and lowered.endswith(".lua")


__all__ = [
    "DEFAULT_MAX_SIZE",
    "IMPORTERS",
    "Cancelled",
    "IngestError",
    "Loaded",
    "expand_paths",
    "load_path",
    "supported_suffixes",
]
