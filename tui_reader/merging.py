"""The re-import merge policy: what adding a document to a library means.

A document whose id is new becomes a new article. A document whose id is
already in the library is *unchanged* when its title and text hash the same,
else *updated*: the new text replaces the old, the user's own fields (when it
was added, tags, note, reading state and position) are kept, the document's
tags are added to the article's, and every highlight is placed again in the
new text by its quote (``stayed``, ``moved``, or ``orphaned`` when it cannot
be placed: an orphan is kept and shown, never dropped).

Pure functions over model objects: no I/O. :mod:`tui_reader.importing` reads
the current state from the store, calls :func:`merge_document` and writes the
result through the store's one validated write path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from tui_reader.anchoring import Placement, reanchor
from tui_reader.model import (
    Article,
    Document,
    Highlight,
    Paragraph,
    content_hash,
    now_iso,
    word_count,
)
from tui_reader.sanitize import clean_article, clean_tags


class AddStatus(StrEnum):
    """What adding a document did."""

    ADDED = "added"
    UPDATED = "updated"
    UNCHANGED = "already there"


@dataclass(slots=True)
class AddResult:
    """The outcome of adding one document."""

    status: AddStatus
    article: Article
    stayed: int = 0
    moved: int = 0
    orphaned: int = 0


@dataclass(slots=True)
class Current:
    """What the library holds for an id: the record, its text and its highlights."""

    article: Article
    paragraphs: Sequence[Paragraph]
    highlights: Sequence[Highlight]


@dataclass(slots=True)
class Merged:
    """The outcome of :func:`merge_document` and what to write (nothing when unchanged)."""

    result: AddResult
    paragraphs: Sequence[Paragraph] | None = None
    """The text to store, or None when nothing is to be written."""
    highlights: list[Highlight] = field(default_factory=list)
    """Highlights placed again in the new text (to write back)."""

    @property
    def changed(self) -> bool:
        """True when the library must be written."""
        return self.paragraphs is not None


def new_article(doc: Document, hashed: str = "", article_id: str = "") -> Article:
    """The library record for a document seen for the first time (sanitised).

    The id and the content hash come from the document as the importer made it,
    so that importing the same input again always finds the same article.
    ``hashed``: its content hash when already computed; ``article_id``: its
    :meth:`~tui_reader.model.Document.article_id`, when already computed.
    """
    hashed = hashed or content_hash(doc.title, doc.paragraphs)
    article_id = article_id or doc.article_id(hashed)
    doc = clean_article(doc)
    return Article(
        id=article_id,
        title=doc.title,
        source=doc.source,
        url=doc.url,
        author=doc.author,
        published=doc.published,
        tags=doc.tags,
        content_hash=hashed,
        paragraph_count=len(doc.paragraphs),
        word_count=word_count(doc.paragraphs),
        origin=doc.origin,
        guid=doc.guid,
    )


def merge_document(
    doc: Document, current: Current | None, hashed: str = "", article_id: str = ""
) -> Merged:
    """Decide what adding ``doc`` does to a library holding ``current`` under its id
    (``hashed``: the document's :func:`content_hash`, ``article_id`` its
    :meth:`~tui_reader.model.Document.article_id`, when already computed)."""
    new_hash = hashed or content_hash(doc.title, doc.paragraphs)
    if current is not None and current.article.content_hash == new_hash:
        return Merged(AddResult(AddStatus.UNCHANGED, current.article))
    article = new_article(doc, new_hash, article_id)
    if current is None:
        return Merged(AddResult(AddStatus.ADDED, article), doc.paragraphs)
    existing = current.article
    article = replace(
        article,
        added=existing.added,
        updated=now_iso(),
        tags=clean_tags([*existing.tags, *article.tags]),
        note=existing.note,
        state=existing.state,
        read_at=existing.read_at,
        queue=existing.queue,
        position=min(existing.position, max(0, len(doc.paragraphs) - 1)),
    )
    result = AddResult(AddStatus.UPDATED, article)
    placed = reanchor(current.highlights, current.paragraphs, doc.paragraphs)
    highlights: list[Highlight] = []
    for item in placed:
        if item.placement is Placement.STAYED:
            result.stayed += 1
        elif item.placement is Placement.MOVED:
            result.moved += 1
        elif item.newly_orphaned:
            result.orphaned += 1
        highlights.append(item.highlight)
    return Merged(result, doc.paragraphs, highlights)
