"""Omnivore's export zip: ``metadata_*.json``, ``content/<slug>.html``, ``highlights/<slug>.md``.

The metadata parts list the saves (``id, slug, title, description, author,
url, state, readingProgress, labels, savedAt, updatedAt, publishedAt``);
the article's readable HTML sits in ``content/`` (``contents/`` in some
exports) and its highlights in ``highlights/<slug>.md``: each highlight a
``> quote`` block, followed by a line of ``#labels`` and the note when it
has them. The article text comes with the export, so every quote is placed
back in it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath
from typing import Any

from tui_reader.ingest.errors import IngestError
from tui_reader.ingest.files import decode
from tui_reader.ingest.tools.annotated import AnnotatedDocument, ImportedHighlight, ToolExport
from tui_reader.ingest.tools.archive import SafeZip
from tui_reader.ingest.tools.dates import from_iso
from tui_reader.model import Paragraph, Queue, ReadingState

NAME = "Omnivore"
_METADATA = re.compile(r"(^|/)metadata_[^/]*\.json$")
_CONTENT = re.compile(r"(^|/)contents?/([^/]+)\.html?$")
_HIGHLIGHTS = re.compile(r"(^|/)highlights/([^/]+)\.md$")
_LINK = re.compile(r"\s*\[[^\]]*\]\((?:https?://)?[^)]*\)\s*$")
_TAG_LINE = re.compile(r"^(?:#[^\s#]+\s*)+$")
#: Largest total the zip may unpack to, as a multiple of the size limit.
UNPACK_FACTOR = 10
_STATES = {"archived": ReadingState.ARCHIVED}


def sniff_names(names: list[str]) -> bool:
    """True for an Omnivore export zip (by its entry names)."""
    return any(_METADATA.search(n) for n in names)


def load(path: Path, max_size: int, progress: Any = None) -> ToolExport:
    """Every save of an Omnivore export, with its text and its highlights."""
    export = ToolExport(NAME)
    with SafeZip(path, max_size * UNPACK_FACTOR) as archive:
        contents = {m.group(2): n for n in archive.names if (m := _CONTENT.search(n))}
        marks = {m.group(2): n for n in archive.names if (m := _HIGHLIGHTS.search(n))}
        for name in sorted(n for n in archive.names if _METADATA.search(n)):
            for item in _items(archive.read(name), name):
                slug = str(item.get("slug") or item.get("id") or "")
                doc = _document(item)
                if doc is None:
                    continue
                if slug in contents:
                    paragraphs = html_paragraphs(decode(archive.read(contents[slug])))
                    first = paragraphs[0] if paragraphs else None
                    if first and first.is_heading and first.text.casefold() == doc.title.casefold():
                        paragraphs.pop(0)  # the title, already shown as the title
                    doc.paragraphs = paragraphs
                if slug in marks:
                    doc.highlights = parse_highlights(decode(archive.read(marks[slug])))
                export.documents.append(doc)
    if not export.documents:
        raise IngestError("the Omnivore export lists no saved article")
    return export


def _items(data: bytes, name: str) -> list[dict[str, Any]]:
    try:
        items = json.loads(decode(data))
    except json.JSONDecodeError as error:
        raise IngestError(f"{PurePosixPath(name).name}: not valid JSON ({error.msg})") from None
    if not isinstance(items, list):
        raise IngestError(f"{PurePosixPath(name).name}: not a list of saved articles")
    return [item for item in items if isinstance(item, dict)]


def _document(item: dict[str, Any]) -> AnnotatedDocument | None:
    url = str(item.get("url") or "").strip()
    title = str(item.get("title") or "").strip()
    if not url and not title:
        return None
    try:
        progress = float(item.get("readingProgress") or 0) / 100
    except (TypeError, ValueError):
        progress = 0.0
    state = _STATES.get(str(item.get("state") or "").lower())
    if state is None and progress >= 0.99:
        state = ReadingState.READ
    labels = item.get("labels") or ()
    tags = tuple(
        str(label.get("name") if isinstance(label, dict) else label)
        for label in labels
        if isinstance(label, str | dict)
    )
    return AnnotatedDocument(
        title=title or url,
        url=url,
        key="" if url else f"omnivore:{item.get('id') or title}",
        author=str(item.get("author") or ""),
        published=from_iso(item.get("publishedAt")),
        added=from_iso(item.get("savedAt")),
        tags=tags,
        state=state,
        queue=Queue.ARCHIVE if state is ReadingState.ARCHIVED else None,
        progress=min(1.0, max(0.0, progress)) or None,
        summary=str(item.get("description") or ""),
    )


def html_paragraphs(html: str) -> list[Paragraph]:
    """The paragraphs of an article's readable HTML."""
    from lxml import etree
    from lxml import html as lxml_html

    from tui_reader.ingest.htmltext import element_paragraphs
    from tui_reader.sanitize import strip_unsafe_markup

    html = strip_unsafe_markup(html)
    if not html.strip():
        return []
    try:
        root = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    body = root.find("body")
    return element_paragraphs(body if body is not None else root)


def parse_highlights(markdown: str) -> list[ImportedHighlight]:
    """The highlights of an Omnivore ``highlights/<slug>.md`` file, in order."""
    found: list[ImportedHighlight] = []
    blocks = re.split(r"\n\s*\n", markdown.replace("\r\n", "\n"))
    current: ImportedHighlight | None = None
    notes: list[str] = []

    def finish() -> None:
        if current is not None:
            current.note = "\n\n".join(notes).strip()
            found.append(current)

    for block in blocks:
        block = block.strip("\n")
        if not block.strip():
            continue
        if block.lstrip().startswith(">"):
            finish()
            notes = []
            lines = [re.sub(r"^\s*>\s?", "", line) for line in block.split("\n")]
            quote = _LINK.sub("", "\n".join(lines)).strip()
            current = ImportedHighlight(quote=quote, key=quote[:200], order=(len(found),))
        elif current is not None and _TAG_LINE.match(block.strip()):
            current.tags = tuple(t.lstrip("#") for t in block.split())
        elif current is not None:
            notes.append(block.strip())
    finish()
    return found
