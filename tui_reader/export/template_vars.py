"""The variables an export template sees: plain dicts of an article and its highlights.

Documented for users in ``docs/templates.md``; change both together.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from tui_reader.export.escape import block_id, obsidian_tags
from tui_reader.model import Article, Highlight


def domain(url: str, source: str = "") -> str:
    """The host of ``url`` without ``www.``; ``source`` when there is no URL."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        host = ""
    host = host.removeprefix("www.")
    return host or source


def highlight_vars(hl: Highlight) -> dict[str, Any]:
    """One highlight as a template sees it."""
    return {
        "id": hl.id,
        "block_id": block_id(hl.id),
        "quote": hl.anchor.quote.exact,
        "prefix": hl.anchor.quote.prefix,
        "suffix": hl.anchor.quote.suffix,
        "note": hl.note,
        "tags": list(obsidian_tags(hl.tags)),
        "raw_tags": list(hl.tags),
        "colour": hl.colour,
        "color": hl.colour,
        "paragraph": hl.anchor.paragraph + 1,
        "start": hl.anchor.start,
        "end": hl.anchor.end,
        "created": hl.created,
        "updated": hl.updated,
        "orphan": hl.orphan,
    }


def article_vars(article: Article, highlights: Sequence[Highlight]) -> dict[str, Any]:
    """The template's variables for one article: ``article``, ``highlights``, ``orphans``."""
    placed = sorted((h for h in highlights if not h.orphan), key=lambda h: (h.sort_key, h.id))
    orphans = sorted((h for h in highlights if h.orphan), key=lambda h: (h.sort_key, h.id))
    record = {
        "id": article.id,
        "title": article.title,
        "url": article.url,
        "source": article.source,
        "domain": domain(article.url, article.source),
        "author": article.author,
        "published": article.published,
        "added": article.added,
        "tags": list(obsidian_tags(article.tags)),
        "raw_tags": list(article.tags),
        "note": article.note,
        "state": str(article.state),
        "queue": str(article.queue),
        "progress": round(article.progress * 100),
        "word_count": article.word_count,
        "highlight_count": len(highlights),
    }
    return {
        "article": record,
        "highlights": [highlight_vars(h) for h in placed],
        "orphans": [highlight_vars(h) for h in orphans],
    }
