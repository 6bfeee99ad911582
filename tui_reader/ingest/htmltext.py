"""A plain walk of HTML blocks into paragraphs, for fragments trafilatura will not take.

Feed entries carry the article's own HTML (no navigation to remove) and are
often too short for trafilatura, which then returns nothing. This walk keeps
every block of text: headings as headings, list items with a bullet, and
drops scripts, styles, forms and page furniture.
"""

from __future__ import annotations

from typing import Any

from tui_reader.model import Paragraph
from tui_reader.sanitize import clean_paragraph

_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "header",
        "hgroup",
        "hr",
        "li",
        "main",
        "menu",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
    ]
)
_DROP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "canvas",
        "form",
        "button",
        "input",
        "select",
        "textarea",
        "nav",
        "head",
        "title",
        "meta",
        "link",
        "audio",
        "video",
        "source",
        "track",
    ]
)
#: Deeper nesting than this is read as plain text (no recursion without end).
_MAX_DEPTH = 120


def fragment_paragraphs(html: str) -> list[Paragraph]:
    """The paragraphs of an HTML fragment (a feed entry's content)."""
    from lxml import etree
    from lxml import html as lxml_html

    if not html.strip():
        return []
    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    return element_paragraphs(root)


def element_paragraphs(root: Any) -> list[Paragraph]:
    """The paragraphs of an lxml HTML element, block by block."""
    out: list[Paragraph] = []
    buffer: list[str] = []

    def flush() -> None:
        raw = "".join(buffer)
        buffer.clear()
        if raw and not raw.isspace():  # most block edges hold nothing: skip the cleaning
            text = clean_paragraph(raw)
            if text:
                out.append(Paragraph(text))

    def walk(el: Any, depth: int) -> None:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if not tag or tag in _DROP:
            return  # comments, processing instructions, furniture
        if tag in _HEADINGS:
            flush()
            text = clean_paragraph(el.text_content())
            if text:
                out.append(Paragraph(text, "heading", _HEADINGS[tag]))
            return
        if tag == "br":
            buffer.append(" ")
            return
        if depth > _MAX_DEPTH:
            buffer.append(el.text_content())
            return
        block = tag in _BLOCKS
        if block:
            flush()
        if tag == "li":
            buffer.append("• ")
        if tag in ("td", "th"):
            buffer.append(" ")
        buffer.append(el.text or "")
        for child in el:
            walk(child, depth + 1)
            buffer.append(child.tail or "")
        if block:
            flush()

    walk(root, 0)
    flush()
    return out
