"""Plain-text articles: first line the title, then a paragraph a line.

A blank line also separates paragraphs. ``Original Source: X`` sets the source,
and page furniture left over from a copied web page at the end (a lone
``Post Comment``, ``Share``...) is dropped.
"""

from __future__ import annotations

import re

from tui_reader.ingest.errors import IngestError
from tui_reader.model import Document, Paragraph
from tui_reader.sanitize import clean_line, clean_paragraph

_SOURCE = re.compile(r"^\s*(?:original\s+)?source\s*:\s*(\S.*)$", re.IGNORECASE)
_URL = re.compile(r"^\s*url\s*:\s*(https?://\S+)\s*$", re.IGNORECASE)
_FURNITURE = {
    "post comment",
    "post a comment",
    "leave a comment",
    "comments",
    "share",
    "share this",
    "share this article",
    "advertisement",
    "read more",
    "subscribe",
}


def parse_plain_text(text: str, origin: str = "") -> Document:
    """Turn the text of a ``.txt`` article into a :class:`Document`."""
    if text.isascii() and text.replace("\n", "").isprintable():
        # Printable ASCII lines (most files): nothing to remove or normalise, only runs of
        # spaces to fold, as clean_line and clean_paragraph would (each line once, not twice).
        lines = [
            " ".join(line.split()) if "  " in line else line.strip() for line in text.split("\n")
        ]
        clean = _as_is
    else:
        lines = [clean_line(line) for line in text.splitlines()]
        clean = clean_paragraph
    lines = [line for line in lines if line]
    if not lines:
        raise IngestError("file has no text")
    title, body = lines[0], lines[1:]
    source = url = ""
    paragraphs: list[Paragraph] = []
    for line in body:
        if ":" in line:  # (both patterns need one: most lines are not matched at all)
            if m := _SOURCE.match(line):
                source = m.group(1).strip()
                continue
            if (m := _URL.match(line)) and not url:
                url = m.group(1)
                continue
        paragraphs.append(Paragraph(clean(line)))
    while paragraphs and paragraphs[-1].text.casefold().rstrip(".:!") in _FURNITURE:
        paragraphs.pop()
    if not paragraphs:
        raise IngestError("file has a title but no paragraphs")
    return Document(title=title, paragraphs=paragraphs, source=source, url=url, origin=origin)


def _as_is(line: str) -> str:
    return line
