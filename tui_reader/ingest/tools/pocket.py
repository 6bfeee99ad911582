"""Pocket exports: the zip of ``part_*.csv`` and ``annotations/*.json`` (2025), and the older HTML.

The zip's CSV parts list the saves (``title, url, time_added, tags, status``;
tags separated by ``|``; status ``unread`` or ``archive``); the annotation
parts hold ``[{"url", "title", "highlights": [{"quote", "created_at"}]}]``.
The older export is one HTML page, ``<h1>Unread</h1>`` and ``<h1>Read
Archive</h1>`` each followed by a list of links carrying ``time_added`` and
``tags`` attributes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath
from typing import Any

from tui_reader.ingest.errors import IngestError
from tui_reader.ingest.files import decode, read_bytes
from tui_reader.ingest.tools.annotated import AnnotatedDocument, ImportedHighlight, ToolExport
from tui_reader.ingest.tools.archive import SafeZip
from tui_reader.ingest.tools.dates import from_epoch, from_iso
from tui_reader.ingest.tools.tables import rows, tag_list
from tui_reader.model import Queue, ReadingState, canonical_url

NAME = "Pocket"
COLUMNS = ("title", "url", "time_added", "status")
_PART = re.compile(r"(^|/)part_\d+\.csv$")
_ANNOTATIONS = re.compile(r"(^|/)annotations/[^/]+\.json$")
#: Largest total the zip may unpack to, as a multiple of the size limit.
UNPACK_FACTOR = 5


def sniff_names(names: list[str]) -> bool:
    """True for a Pocket export zip (by its entry names)."""
    return any(_PART.search(n) for n in names)


def sniff_html(head: bytes, path: Path) -> bool:
    """True for Pocket's older HTML export."""
    text = head[:4096].decode("utf-8", "replace").lower()
    return "<title>pocket export</title>" in text


def load_zip(path: Path, max_size: int, progress: Any = None) -> ToolExport:
    """Every save of a Pocket export zip, with its highlights."""
    export = ToolExport(NAME)
    docs: dict[str, AnnotatedDocument] = {}
    with SafeZip(path, max_size * UNPACK_FACTOR) as archive:
        for name in sorted(n for n in archive.names if _PART.search(n)):
            for row in rows(archive.read(name), COLUMNS, NAME):
                url = row["url"].strip()
                if not url:
                    continue
                status = row["status"].strip().lower()
                docs[canonical_url(url)] = AnnotatedDocument(
                    title=row["title"].strip() or url,
                    url=url,
                    added=from_epoch(row["time_added"]),
                    tags=tag_list(row.get("tags", "")),
                    state=ReadingState.ARCHIVED if status == "archive" else ReadingState.UNREAD,
                    queue=Queue.ARCHIVE if status == "archive" else Queue.INBOX,
                )
        for name in sorted(n for n in archive.names if _ANNOTATIONS.search(n)):
            _annotations(archive.read(name), name, docs, export)
    if not docs:
        raise IngestError("the Pocket export lists no saved article")
    export.documents = list(docs.values())
    return export


def _annotations(
    data: bytes, name: str, docs: dict[str, AnnotatedDocument], export: ToolExport
) -> None:
    try:
        entries = json.loads(decode(data))
    except json.JSONDecodeError as error:
        raise IngestError(f"{PurePosixPath(name).name}: not valid JSON ({error.msg})") from None
    if not isinstance(entries, list):
        raise IngestError(f"{PurePosixPath(name).name}: not a list of annotated articles")
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
            continue
        url = entry["url"].strip()
        doc = docs.get(canonical_url(url))
        if doc is None:
            doc = docs[canonical_url(url)] = AnnotatedDocument(
                title=str(entry.get("title") or url), url=url
            )
        for n, hl in enumerate(entry.get("highlights") or ()):
            if not isinstance(hl, dict) or not isinstance(hl.get("quote"), str):
                continue
            created = hl.get("created_at")
            when = from_epoch(created) if str(created).strip().isdigit() else from_iso(created)
            doc.highlights.append(
                ImportedHighlight(
                    quote=hl["quote"],
                    key=hl["quote"][:200],
                    created=when,
                    updated=when,
                    order=(n,),
                )
            )


def load_html(path: Path, max_size: int, progress: Any = None) -> ToolExport:
    """Every link of Pocket's older HTML export (unread and archived lists)."""
    from lxml import html as lxml_html

    text = decode(read_bytes(path, max_size))
    try:
        root = lxml_html.document_fromstring(text)
    except ValueError as error:
        raise IngestError(f"not a readable Pocket HTML export ({error})") from None
    export = ToolExport(NAME)
    state = ReadingState.UNREAD
    for el in root.iter("h1", "a"):
        if el.tag == "h1":
            heading = (el.text_content() or "").strip().lower()
            state = ReadingState.ARCHIVED if "archive" in heading else ReadingState.UNREAD
            continue
        url = (el.get("href") or "").strip()
        if not url.lower().startswith(("http://", "https://")):
            continue
        export.documents.append(
            AnnotatedDocument(
                title=(el.text_content() or "").strip() or url,
                url=url,
                added=from_epoch(el.get("time_added") or ""),
                tags=tag_list(el.get("tags") or ""),
                state=state,
                queue=Queue.ARCHIVE if state is ReadingState.ARCHIVED else Queue.INBOX,
            )
        )
    if not export.documents:
        raise IngestError("the Pocket HTML export lists no saved article")
    return export
