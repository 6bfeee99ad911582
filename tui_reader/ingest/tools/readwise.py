"""Readwise exports: the highlights CSV, and Readwise Reader's library CSV.

The highlights export has one row per highlight: ``Highlight, Book Title,
Book Author, Amazon Book ID, Note, Color, Tags, Location Type, Location,
Highlighted at, Document tags``. Books and articles without a URL become a
list of their quotes; the rest are placed in their page when it is fetched.

Reader's library export has one row per document: ``Title, URL, ID,
Document tags, Saved date, Reading progress, Location, Seen`` — no
highlights, but the reading state (``Location``: new, later, shortlist,
archive, feed) and progress.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui_reader.ingest.errors import IngestError
from tui_reader.ingest.files import read_bytes
from tui_reader.ingest.tools.annotated import (
    AnnotatedDocument,
    ImportedHighlight,
    ToolExport,
    book_key,
    colour_of,
)
from tui_reader.ingest.tools.dates import from_iso
from tui_reader.ingest.tools.tables import has_columns, rows, tag_list
from tui_reader.model import Queue, ReadingState

NAME = "Readwise"
READER_NAME = "Readwise Reader"
HIGHLIGHT_COLUMNS = ("Highlight", "Book Title", "Book Author", "Location", "Highlighted at")
READER_COLUMNS = ("Title", "URL", "Saved date", "Location")

_READER_PLACES = {
    "new": Queue.INBOX,
    "feed": Queue.INBOX,
    "later": Queue.LATER,
    "shortlist": Queue.LATER,
    "archive": Queue.ARCHIVE,
}
_READER_STATES = {
    "archive": ReadingState.ARCHIVED,
    "new": ReadingState.UNREAD,
    "later": ReadingState.UNREAD,
    "shortlist": ReadingState.UNREAD,
    "feed": ReadingState.UNREAD,
}


def sniff_highlights(head: bytes, path: Path) -> bool:
    """True for a Readwise highlights CSV (by its header)."""
    return has_columns(head, HIGHLIGHT_COLUMNS)


def sniff_reader(head: bytes, path: Path) -> bool:
    """True for a Readwise Reader library CSV (by its header)."""
    return has_columns(head, READER_COLUMNS) and not has_columns(head, ("Folder",))


def load_highlights(path: Path, max_size: int, progress: Any = None) -> ToolExport:
    """Every book and article of a Readwise highlights export, with its highlights."""
    export = ToolExport(NAME)
    docs: dict[str, AnnotatedDocument] = {}
    for n, row in enumerate(rows(read_bytes(path, max_size), HIGHLIGHT_COLUMNS, NAME), 1):
        title, author = row["book title"].strip(), row["book author"].strip()
        url = row.get("url", "").strip()
        key = book_key(title, author)
        doc = docs.get(key)
        if doc is None:
            doc = docs[key] = AnnotatedDocument(
                title=title or "Untitled",
                key="" if url else key,
                url=url,
                author=author,
                source="Readwise",
                tags=tag_list(row.get("document tags", "")),
            )
        location = row.get("location", "").strip()
        when = from_iso(row.get("highlighted at", ""))
        doc.highlights.append(
            ImportedHighlight(
                quote=row["highlight"],
                key=f"{row.get('location type', '')}:{location}:{row['highlight'][:64]}",
                note=row.get("note", ""),
                tags=tag_list(row.get("tags", "")),
                colour=colour_of(row.get("color")),
                created=when,
                updated=when,
                order=(_number(location), n),
            )
        )
        if not doc.added or (when and when < doc.added):
            doc.added = when
    if not docs:
        raise IngestError("the Readwise export holds no highlight")
    export.documents = list(docs.values())
    return export


def load_reader(path: Path, max_size: int, progress: Any = None) -> ToolExport:
    """Every document of a Readwise Reader library export (no highlights in this file)."""
    export = ToolExport(READER_NAME)
    for row in rows(read_bytes(path, max_size), READER_COLUMNS, READER_NAME):
        url = row["url"].strip()
        if not url:
            continue
        try:
            progress_value = float(row.get("reading progress") or 0)
        except ValueError:
            progress_value = 0.0
        if progress_value > 1:
            progress_value /= 100
        location = row.get("location", "").strip().lower()
        state = _READER_STATES.get(location)
        if state is ReadingState.UNREAD and progress_value >= 0.99:
            state = ReadingState.READ
        elif state is ReadingState.UNREAD and progress_value > 0:
            state = ReadingState.READING
        export.documents.append(
            AnnotatedDocument(
                title=row["title"].strip() or url,
                url=url,
                added=from_iso(row.get("saved date", "")),
                tags=tag_list(row.get("document tags", "")),
                state=state,
                queue=_READER_PLACES.get(location),
                progress=progress_value or None,
            )
        )
    if not export.documents:
        raise IngestError("the Readwise Reader export holds no document with a URL")
    return export


def _number(text: str) -> float:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return 0.0
