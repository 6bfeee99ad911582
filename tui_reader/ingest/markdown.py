"""Markdown articles: YAML front matter when present, else the first heading as title.

Parsed with markdown-it-py, so inline markup (emphasis, links, code) becomes
plain text; raw HTML is dropped; headings stay as heading paragraphs and list
items become paragraphs of their own.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from tui_reader.ingest.errors import IngestError
from tui_reader.model import Document, Paragraph
from tui_reader.sanitize import clean_line, clean_paragraph, clean_tags

#: The line opening the region newsread's own Markdown export writes.
_EXPORT_MARK = re.compile(r"^<!-- newsread:begin\b", re.MULTILINE)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """The YAML front matter as a dict (empty if none or unreadable) and the body."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    import yaml

    try:
        meta = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        return {}, text[m.end() :]
    return (meta if isinstance(meta, dict) else {}), text[m.end() :]


def _field(meta: dict[str, Any], *names: str) -> str:
    for name in names:
        value = meta.get(name)
        if value is None or value == "":
            continue
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        if isinstance(value, dt.datetime | dt.date):
            return value.isoformat()
        return str(value)
    return ""


def _tags(meta: dict[str, Any]) -> tuple[str, ...]:
    raw = meta.get("tags") or meta.get("keywords") or ()
    if isinstance(raw, str):
        raw = re.split(r"[,\s]+", raw)
    if not isinstance(raw, list | tuple):
        return ()
    return clean_tags(str(t) for t in raw)


def _inline_text(token: Any) -> str:
    parts: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)


def markdown_paragraphs(body: str) -> list[Paragraph]:
    """The paragraphs and headings of a Markdown body."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(body)
    paragraphs: list[Paragraph] = []
    heading_level = 0
    lists: list[list[int]] = []  # per open list: [ordered?, next number]
    item_prefix = ""
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            heading_level = int(token.tag[1])
        elif kind == "heading_close":
            heading_level = 0
        elif kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrGet("start") or 1) if kind == "ordered_list_open" else 0
            lists.append([int(kind == "ordered_list_open"), start])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open" and lists:
            ordered, number = lists[-1]
            item_prefix = f"{number}. " if ordered else "• "
            lists[-1][1] += 1
        elif kind == "inline":
            text = clean_paragraph(_inline_text(token))
            if not text:
                continue
            if heading_level:
                paragraphs.append(Paragraph(text, "heading", heading_level))
            else:
                paragraphs.append(Paragraph(item_prefix + text))
                item_prefix = ""
        elif kind in ("fence", "code_block"):
            text = clean_paragraph(token.content)
            if text:
                paragraphs.append(Paragraph(text))
    return paragraphs


def parse_markdown(text: str, origin: str = "") -> Document:
    """Turn the text of a Markdown article into a :class:`Document`.

    newsread's own export (highlights and notes between its markers, no article
    text) is refused: adding it back would replace the article's text with it.
    """
    meta, body = split_front_matter(text)
    if _EXPORT_MARK.search(body):
        raise IngestError(
            "this is newsread's own export of highlights and notes, not an article (skipped)"
        )
    paragraphs = markdown_paragraphs(body)
    title = clean_line(_field(meta, "title"))
    if not title:
        for i, p in enumerate(paragraphs):
            if p.is_heading:
                title = p.text
                del paragraphs[i]
                break
    elif paragraphs and paragraphs[0].is_heading and paragraphs[0].text == title:
        del paragraphs[0]
    if not title and paragraphs:
        title = paragraphs.pop(0).text[:120]
    if not paragraphs:
        raise IngestError("Markdown has no paragraphs")
    return Document(
        title=title,
        paragraphs=paragraphs,
        source=clean_line(_field(meta, "source", "site", "site_name", "publisher")),
        url=clean_line(_field(meta, "url", "link", "source_url", "canonical_url")),
        author=clean_line(_field(meta, "author", "authors", "by")),
        published=clean_line(_field(meta, "date", "published", "pubDate", "created")),
        tags=_tags(meta),
        origin=origin,
    )
