"""Instapaper's CSV export: ``URL, Title, Selection, Folder, Timestamp, Tags``.

One row per saved article. The folder says where it stood in the queue:
``Unread`` is in the inbox, ``Archive`` archived, ``Starred`` in the inbox
with the tag ``starred``, and the user's own folders are kept for later,
tagged with the folder's name. ``Tags`` is a JSON
list (``["a", "b"]``) in recent exports. ``Selection`` is the text selected
when saving, kept as the article's excerpt.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui_reader.ingest.errors import IngestError
from tui_reader.ingest.files import read_bytes
from tui_reader.ingest.tools.annotated import AnnotatedDocument, ToolExport
from tui_reader.ingest.tools.dates import from_epoch
from tui_reader.ingest.tools.tables import has_columns, rows, tag_list
from tui_reader.model import Queue, ReadingState

NAME = "Instapaper"
COLUMNS = ("URL", "Title", "Folder", "Timestamp")

_STATES = {"unread": ReadingState.UNREAD, "archive": ReadingState.ARCHIVED}
_PLACES = {"unread": Queue.INBOX, "archive": Queue.ARCHIVE, "starred": Queue.INBOX}


def sniff(head: bytes, path: Path) -> bool:
    """True for an Instapaper CSV export (by its header)."""
    return has_columns(head, COLUMNS)


def load(path: Path, max_size: int, progress: Any = None) -> ToolExport:
    """Every article of an Instapaper export, its folder as state or tag."""
    export = ToolExport(NAME)
    for row in rows(read_bytes(path, max_size), COLUMNS, NAME):
        url = row["url"].strip()
        if not url:
            continue
        folder = row["folder"].strip()
        state = _STATES.get(folder.lower())
        tags = tag_list(row.get("tags", ""))
        if state is None and folder:
            tags = (folder.lower() if folder.lower() == "starred" else folder, *tags)
        export.documents.append(
            AnnotatedDocument(
                title=row["title"].strip() or url,
                url=url,
                added=from_epoch(row["timestamp"]),
                tags=tags,
                state=state or ReadingState.UNREAD,
                queue=_PLACES.get(folder.lower(), Queue.LATER),
                summary=row.get("selection", ""),
            )
        )
    if not export.documents:
        raise IngestError("the Instapaper export holds no article with a URL")
    return export
