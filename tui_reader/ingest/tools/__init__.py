"""Exports of other reading tools: recognised by their content, read into annotated documents.

:func:`detect` looks at a file's first bytes (and a zip's entry names) and
returns the :class:`Tool` that reads it, or None when the file is not an
export of a tool newsread knows (then the ordinary importers take it). Each
tool lives in its own module with a ``sniff`` and a ``load`` function; none
of them imports Textual or anything heavy at module level.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tui_reader.ingest.errors import IngestError
from tui_reader.ingest.tools.annotated import AnnotatedDocument, ImportedHighlight, ToolExport

Progress = Callable[[int, int], None]
Loader = Callable[[Path, int, Progress | None], ToolExport]

#: Bytes read from the start of a file to recognise it.
HEAD = 64 * 1024


@dataclass(frozen=True, slots=True)
class Tool:
    """A tool whose export a file was recognised as."""

    name: str
    load: Loader
    """``load(path, max_size, progress)`` -> :class:`ToolExport`; raises IngestError."""


def _text_tools() -> list[tuple[Callable[[bytes, Path], bool], str, Loader]]:
    from tui_reader.ingest.tools import (
        hypothesis,
        instapaper,
        kindle,
        koreader,
        pocket,
        readwise,
    )

    return [
        (kindle.sniff, kindle.NAME, kindle.load),
        (koreader.sniff, koreader.NAME, koreader.load),
        (hypothesis.sniff, hypothesis.NAME, hypothesis.load),
        (readwise.sniff_highlights, readwise.NAME, readwise.load_highlights),
        (readwise.sniff_reader, readwise.READER_NAME, readwise.load_reader),
        (instapaper.sniff, instapaper.NAME, instapaper.load),
        (pocket.sniff_html, pocket.NAME, pocket.load_html),
    ]


def detect(path: Path, head: bytes | None = None) -> Tool | None:
    """The tool that exported ``path``, judged by content (and by suffix for .csv/.lua/.zip).

    Returns None for files that are no tool's export. Raises :class:`IngestError`
    for files that can only be meant as an export but are not a readable one
    (a CSV with a header no tool writes, a zip of something else). ``head``: the
    file's first :data:`HEAD` bytes when the caller has read them (a regular file).
    """
    suffix = path.suffix.lower()
    if head is None:
        if not path.is_file():
            return None
        try:
            with path.open("rb") as handle:
                head = handle.read(HEAD)
        except OSError:
            return None
    if head.startswith(b"PK") and _is_zip(path):
        return _zip_tool(path)
    for sniff, name, load in _text_tools():
        if sniff(head, path):
            return Tool(name, load)
    if suffix == ".lua":
        from tui_reader.ingest.tools import koreader

        return Tool(koreader.NAME, koreader.load)
    if suffix in (".csv", ".tsv"):
        from tui_reader.ingest.tools.tables import header_of

        raise IngestError(
            "CSV file is not an export newsread knows (Readwise, Readwise Reader, "
            f"Instapaper, Pocket); its header is: {header_of(head)}"
        )
    return None


def _is_zip(path: Path) -> bool:
    try:
        return zipfile.is_zipfile(path)
    except OSError:
        return False


def _zip_tool(path: Path) -> Tool:
    from tui_reader.ingest.tools import omnivore, pocket

    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise IngestError(f"not a readable zip archive ({error})") from None
    if omnivore.sniff_names(names):
        return Tool(omnivore.NAME, omnivore.load)
    if pocket.sniff_names(names):
        return Tool(pocket.NAME, pocket.load_zip)
    raise IngestError("zip archive is not an export newsread knows (Pocket, Omnivore)")


__all__ = [
    "AnnotatedDocument",
    "ImportedHighlight",
    "Tool",
    "ToolExport",
    "detect",
]
