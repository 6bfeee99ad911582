"""W3C Web Annotation export: an ``AnnotationCollection`` of highlights as JSON-LD.

The mapping (https://www.w3.org/TR/annotation-model/):

- the export is an ``AnnotationCollection`` whose ``first`` (embedded)
  ``AnnotationPage`` holds every annotation in ``items``; ``total`` counts them;
- a highlight is an ``Annotation`` with id ``urn:uuid:<highlight id>``,
  motivation ``highlighting``, ``created``/``modified`` from the highlight;
- its ``target`` is a ``SpecificResource``: ``source`` is the article's URL
  (else ``urn:newsread:<article id>``), and ``selector`` holds a
  ``TextQuoteSelector`` (exact, prefix, suffix of up to 32 characters) and a
  ``TextPositionSelector`` (start, end) over the article's plain text, its
  paragraphs joined by a blank line, counted in Unicode code points; an
  orphaned highlight has only the quote selector;
- the note is a ``TextualBody`` with purpose ``commenting``, each tag a
  ``TextualBody`` with purpose ``tagging``;
- the colour is the target's ``styleClass`` ``newsread-<colour>``, with an
  embedded ``CssStylesheet`` on the annotation that gives it a background
  colour (the model's section 4.2.8, Styles);
- an article's own note and tags become one annotation on the whole
  article (no selector, no dates: the library does not date them),
  id ``urn:newsread:article-note:<article id>``, motivation ``commenting``
  (``tagging`` when there is no note); left out when ``--colour`` or
  ``--since`` filter the highlights.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from typing import Any

from tui_reader.model import (
    QUOTE_CONTEXT,
    Article,
    Highlight,
    Paragraph,
    now_iso,
    paragraph_starts,
    plain_text,
)

CONTEXT = "http://www.w3.org/ns/anno.jsonld"

#: CSS background for each highlight colour.
CSS_COLOURS = {
    "yellow": "#fff59d",
    "green": "#a5d6a7",
    "blue": "#90caf9",
    "pink": "#f48fb1",
    "purple": "#ce93d8",
}

_HEX32 = re.compile(r"[0-9a-fA-F]{32}")


def source_of(article: Article) -> str:
    """The IRI an annotation targets: the article's web URL, else a newsread URN."""
    if article.url.lower().startswith(("http://", "https://")):
        return article.url
    return f"urn:newsread:{article.id}"


def annotation_id(highlight_id: str) -> str:
    """``urn:uuid:`` for a uuid hex id, else a newsread URN."""
    if _HEX32.fullmatch(highlight_id):
        return f"urn:uuid:{uuid.UUID(highlight_id)}"
    return f"urn:newsread:highlight:{highlight_id}"


def w3c_time(text: str) -> str | None:
    """An ISO time as xsd:dateTime in UTC with ``Z``; None when empty."""
    if not text:
        return None
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _textual(value: str, purpose: str) -> dict[str, Any]:
    return {"type": "TextualBody", "value": value, "purpose": purpose, "format": "text/plain"}


def _bodies(note: str, tags: Iterable[str]) -> list[dict[str, Any]]:
    bodies = [_textual(note, "commenting")] if note else []
    bodies += [_textual(tag, "tagging") for tag in tags]
    return bodies


def selectors(hl: Highlight, paragraphs: list[Paragraph], text: str) -> list[dict[str, Any]]:
    """The highlight's selectors over the article's plain text ``text``."""
    a = hl.anchor
    placed = (
        not hl.orphan
        and a.paragraph < len(paragraphs)
        and a.start <= a.end <= len(paragraphs[a.paragraph].text)
    )
    if not placed:
        q = a.quote
        return [{"type": "TextQuoteSelector", "exact": q.exact, "prefix": q.prefix,
                 "suffix": q.suffix}]  # fmt: skip
    start = paragraph_starts(paragraphs)[a.paragraph] + a.start
    end = start + (a.end - a.start)
    return [
        {
            "type": "TextQuoteSelector",
            "exact": text[start:end],
            "prefix": text[max(0, start - QUOTE_CONTEXT) : start],
            "suffix": text[end : end + QUOTE_CONTEXT],
        },
        {"type": "TextPositionSelector", "start": start, "end": end},
    ]


def highlight_annotation(
    hl: Highlight, article: Article, paragraphs: list[Paragraph], text: str | None = None
) -> dict[str, Any]:
    """One highlight as a W3C ``Annotation``."""
    text = plain_text(paragraphs) if text is None else text
    annotation: dict[str, Any] = {
        "id": annotation_id(hl.id),
        "type": "Annotation",
        "motivation": "highlighting",
    }
    for key, value in (("created", w3c_time(hl.created)), ("modified", w3c_time(hl.updated))):
        if value:
            annotation[key] = value
    bodies = _bodies(hl.note, hl.tags)
    if bodies:
        annotation["body"] = bodies
    colour = hl.colour if hl.colour in CSS_COLOURS else "yellow"
    annotation["target"] = {
        "type": "SpecificResource",
        "source": source_of(article),
        "selector": selectors(hl, paragraphs, text),
        "styleClass": f"newsread-{colour}",
    }
    annotation["stylesheet"] = {
        "type": "CssStylesheet",
        "value": f".newsread-{colour} {{ background-color: {CSS_COLOURS[colour]}; }}",
    }
    return annotation


def article_annotation(article: Article) -> dict[str, Any] | None:
    """The article's own note and tags as an annotation on the whole article, if any."""
    bodies = _bodies(article.note, article.tags)
    if not bodies:
        return None
    annotation: dict[str, Any] = {
        "id": f"urn:newsread:article-note:{article.id}",
        "type": "Annotation",
        "motivation": "commenting" if article.note else "tagging",
    }
    annotation["body"] = bodies
    annotation["target"] = {"source": source_of(article)}
    return annotation


def collection(items: list[dict[str, Any]], label: str = "newsread highlights") -> dict[str, Any]:
    """An ``AnnotationCollection`` holding ``items`` in one embedded ``AnnotationPage``."""
    page: dict[str, Any] = {"type": "AnnotationPage", "startIndex": 0, "items": items}
    return {
        "@context": CONTEXT,
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": "AnnotationCollection",
        "label": label,
        "generated": w3c_time(now_iso()),
        "generator": {"type": "Software", "name": "newsread"},
        "total": len(items),
        "first": page,
    }
