"""Hypothesis annotations: the API's search results and the client's export file.

Both hold annotation objects (``id``, ``uri``, ``text``, ``tags``,
``created``, ``updated``, ``target[].selector[]``, ``document.title``,
``references`` for replies). The search API wraps them in ``{"rows": [...]}``;
the client's "Export annotations" file in ``{"annotations": [...],
"export_date": ...}``. Replies are skipped; page notes (no selector) become
the article's note; highlights keep their TextQuoteSelector (exact, prefix,
suffix) and TextPositionSelector (a hint for the place).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tui_reader.ingest.errors import IngestError
from tui_reader.ingest.files import decode, read_bytes
from tui_reader.ingest.tools.annotated import AnnotatedDocument, ImportedHighlight, ToolExport
from tui_reader.ingest.tools.dates import from_iso

NAME = "Hypothesis"
_TARGET_KEY = re.compile(r'"target"\s*:\s*\[')
_URI_KEY = re.compile(r'"(?:uri|source)"\s*:\s*"')


def sniff(head: bytes, path: Path) -> bool:
    """True when ``head`` starts a JSON file of Hypothesis annotations."""
    if b'"target"' not in head:
        return False  # (every file imported is sniffed: most are no annotations)
    text = head.decode("utf-8", "replace").lstrip("\ufeff").lstrip()
    if not text.startswith(("{", "[")):
        return False
    window = text[:8192]
    if "jsonfeed.org/version" in window:
        return False
    # Keys, not words: a "target" quoted inside a string is escaped (\"target\") and never matches.
    return bool(_TARGET_KEY.search(window) and _URI_KEY.search(window))


def annotations_in(data: Any) -> list[Any]:
    """The annotation objects of an API search result, an export file or a bare list."""
    if isinstance(data, dict):
        for key in ("rows", "annotations"):
            if isinstance(data.get(key), list):
                return data[key]
        if "target" in data:
            return [data]
    if isinstance(data, list):
        return data
    raise IngestError("not a Hypothesis annotations file (no rows or annotations list)")


def load(path: Path, max_size: int, progress: Any = None) -> ToolExport:
    """Every annotated page in a Hypothesis JSON file."""
    try:
        data = json.loads(decode(read_bytes(path, max_size)))
    except json.JSONDecodeError as error:
        raise IngestError(f"not valid JSON (line {error.lineno}: {error.msg})") from None
    export = ToolExport(NAME)
    pages: dict[str, AnnotatedDocument] = {}
    replies = skipped = 0
    for item in annotations_in(data):
        if not isinstance(item, dict) or not isinstance(item.get("uri"), str):
            skipped += 1
            continue
        if item.get("references"):
            replies += 1
            continue
        uri = item["uri"].strip()
        page = pages.get(uri)
        if page is None:
            page = pages[uri] = AnnotatedDocument(
                title=_title(item) or uri,
                url=uri if uri.lower().startswith(("http://", "https://")) else "",
                key="" if uri.lower().startswith(("http://", "https://")) else f"uri:{uri}",
                source=urlsplit(uri).hostname or "",
                added=from_iso(item.get("created")),
            )
        selectors = _selectors(item)
        text = str(item.get("text") or "").strip()
        tags = tuple(str(t) for t in item.get("tags") or () if isinstance(t, str | int))
        quote = selectors.get("TextQuoteSelector", {})
        exact = str(quote.get("exact") or "")
        if not exact.strip():
            if text:  # a page note: it belongs to the article
                page.note = f"{page.note}\n\n{text}".strip() if page.note else text
            page.tags = (*page.tags, *tags)
            continue
        position = selectors.get("TextPositionSelector", {})
        start = position.get("start")
        page.highlights.append(
            ImportedHighlight(
                quote=exact,
                key=str(item.get("id") or exact),
                note=text,
                tags=tags,
                created=from_iso(item.get("created")),
                updated=from_iso(item.get("updated") or item.get("created")),
                prefix=str(quote.get("prefix") or ""),
                suffix=str(quote.get("suffix") or ""),
                position=start if isinstance(start, int) and start >= 0 else None,
                order=(start if isinstance(start, int) else 0,),
            )
        )
    if not pages:
        raise IngestError("no annotation found in the file")
    export.documents = list(pages.values())
    if replies:
        export.warnings.append(f"{replies} {'reply' if replies == 1 else 'replies'} skipped")
    if skipped:
        export.warnings.append(f"{skipped} entries without a page address skipped")
    return export


def _title(item: dict[str, Any]) -> str:
    document = item.get("document")
    if isinstance(document, dict):
        titles = document.get("title")
        if isinstance(titles, list) and titles:
            return str(titles[0])
        if isinstance(titles, str):
            return titles
    return ""


def _selectors(item: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The first selector of each type in the annotation's first target."""
    found: dict[str, dict[str, Any]] = {}
    targets = item.get("target")
    if not isinstance(targets, list):
        return found
    for target in targets:
        if not isinstance(target, dict):
            continue
        for selector in target.get("selector") or ():
            if isinstance(selector, dict) and isinstance(selector.get("type"), str):
                found.setdefault(selector["type"], selector)
    return found
