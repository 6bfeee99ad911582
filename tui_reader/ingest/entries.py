"""The text of one feed entry (HTML or plain) as paragraphs.

An entry's HTML is the article itself, without a page's navigation around
it, so it is read with a plain walk of its blocks (htmltext.py): headings,
paragraphs, list items, tables. trafilatura is kept for pages fetched in
full: run on every entry it cost about 6 ms each (a 50,000-entry feed spent
five minutes in it) and dropped real content from short entries. Content
that was HTML-escaped once too often (``&lt;p&gt;`` showing as text) is
unescaped and read as HTML.
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
    """Paragraphs of an entry's HTML fragment, block by block."""
    return fragment_paragraphs(strip_unsafe_markup(fragment))
