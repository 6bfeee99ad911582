"""The text of one feed entry (HTML or plain) as paragraphs.

HTML content goes through the same extraction as pages (trafilatura, so
share links and "related" lists are dropped), but trafilatura rejects short
fragments or sometimes keeps too little of them: then a plain walk of the
HTML blocks is used instead. Content that was HTML-escaped once too often
(``&lt;p&gt;`` showing as text) is unescaped and read as HTML.
"""

from __future__ import annotations

import html as html_lib
import re

from tui_reader.ingest.htmltext import fragment_paragraphs
from tui_reader.model import Paragraph
from tui_reader.sanitize import clean_paragraph, strip_unsafe_markup

_TAG = re.compile(
    r"</?(?:p|br|div|a|em|strong|b|i|h[1-6]|ul|ol|li|img|span|blockquote|pre|table)\b[^>]*>",
    re.IGNORECASE,
)
_ESCAPED_TAG = re.compile(
    r"&lt;/?(?:p|br|div|a|em|strong|b|i|h[1-6]|ul|ol|li|img|span|blockquote)\b",
    re.IGNORECASE,
)
_BLANK_LINES = re.compile(r"\n\s*\n")
#: trafilatura's result is used when it keeps at least this share of the text.
_KEEP_SHARE = 0.5


def entry_paragraphs(value: str, content_type: str = "text/html") -> list[Paragraph]:
    """Paragraphs of an entry's content or summary of the given MIME type."""
    if not value or not value.strip():
        return []
    if _ESCAPED_TAG.search(value) and not _TAG.search(value):
        value = html_lib.unescape(value)
        content_type = "text/html"
    if "html" in content_type or _TAG.search(value):
        paragraphs = html_paragraphs(value)
        joined = " ".join(p.text for p in paragraphs)
        if _TAG.search(joined):  # escaped twice: the tags survived as text
            paragraphs = html_paragraphs(html_lib.unescape(joined))
        return paragraphs
    parts = _BLANK_LINES.split(value.replace("\r\n", "\n"))
    return [Paragraph(t) for t in (clean_paragraph(p) for p in parts) if t]


def html_paragraphs(fragment: str) -> list[Paragraph]:
    """Paragraphs of an HTML fragment: trafilatura when it keeps enough, else a plain walk."""
    fragment = strip_unsafe_markup(fragment)
    simple = fragment_paragraphs(fragment)
    rich = _extracted(fragment)
    if rich and _size(rich) >= _KEEP_SHARE * _size(simple):
        return rich
    return simple


def _extracted(fragment: str) -> list[Paragraph]:
    from lxml import etree
    from lxml import html as lxml_html

    from tui_reader.ingest.html import extract_main, xml_paragraphs

    try:
        page = f"<html><body><article>{fragment}</article></body></html>"
        tree = lxml_html.document_fromstring(page)
    except (etree.ParserError, ValueError):
        return []
    found = extract_main(tree, "")
    return xml_paragraphs(found[1]) if found else []


def _size(paragraphs: list[Paragraph]) -> int:
    return sum(len(p.text) for p in paragraphs if not p.is_heading)
