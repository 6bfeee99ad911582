"""The one way a new highlight is made: checked, cleaned, anchored and dated.

Both places that create highlights use :func:`new_highlight`: the reader's
annotation session (:mod:`tui_reader.annotating`) and the store's validated
write path (:meth:`tui_reader.store.Library.create_highlight`). Highlights
that already exist (undo, restore, merge) are stored as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tui_reader.anchoring import make_anchor
from tui_reader.model import COLOURS, Highlight, Paragraph, now_iso
from tui_reader.sanitize import clean_multiline, clean_tags


def check_colour(colour: str) -> str:
    """``colour`` if it is one of :data:`~tui_reader.model.COLOURS`; else ``ValueError``."""
    if colour not in COLOURS:
        raise ValueError(f"unknown colour {colour!r}")
    return colour


def new_highlight(
    article_id: str,
    paragraphs: Sequence[Paragraph],
    paragraph: int,
    start: int,
    end: int,
    *,
    colour: str = COLOURS[0],
    note: str = "",
    tags: Iterable[str] = (),
) -> Highlight:
    """A new highlight of characters ``start:end`` of paragraph ``paragraph``.

    The colour must be known and the span (clamped to the paragraph) must hold
    at least one character, else ``ValueError``; a paragraph out of range
    raises ``IndexError``. The note and tags are sanitised, the anchor carries
    its quote (exact text, prefix, suffix), and ``created`` equals ``updated``.
    Nothing is saved: the caller stores it.
    """
    check_colour(colour)
    anchor = make_anchor(paragraphs, paragraph, start, end)
    if anchor.start == anchor.end:
        raise ValueError("a highlight needs at least one character")
    stamp = now_iso()
    return Highlight(
        id=Highlight.new_id(),
        article_id=article_id,
        anchor=anchor,
        colour=colour,
        note=clean_multiline(note),
        tags=clean_tags(tags),
        created=stamp,
        updated=stamp,
    )
