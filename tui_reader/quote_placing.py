"""Placing quotes brought from another tool in an article's text.

Another tool's highlight arrives as a quote (maybe with the text around it
and where it started in that tool's copy of the page). It is placed with the
same search that re-anchors highlights after a re-import (exact match with
its context first, then approximate matches), then kept inside the paragraph
holding most of it. What cannot be placed is kept as an *unplaced* highlight
(an orphan with its quote), never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum

from tui_reader.anchoring import find_quote, make_anchor
from tui_reader.model import QUOTE_CONTEXT, Anchor, Paragraph, Quote, paragraph_starts
from tui_reader.sanitize import clean_paragraph, strip_unsafe

_SPACES = re.compile(r"\s+")


class Fit(StrEnum):
    """How a quote found its place."""

    PLACED = "placed"
    """Found word for word."""
    APPROXIMATE = "placed approximately"
    """Found with differences (spacing, punctuation, edited words) or cut at a paragraph end."""
    UNPLACED = "unplaced"
    """Not found in the text: kept as an orphan with its quote."""
    LISTED = "listed"
    """No text to place it in: the quote is its own paragraph of a list of quotes."""


def normalise_quote(text: str) -> str:
    """A quote as paragraphs hold text: safe characters, whitespace folded, NFC."""
    return clean_paragraph(text)


def _context(text: str) -> str:
    return _SPACES.sub(" ", strip_unsafe(text))


def place_quote(
    paragraphs: Sequence[Paragraph],
    exact: str,
    prefix: str = "",
    suffix: str = "",
    hint: int | None = None,
) -> tuple[Anchor, Fit] | None:
    """The anchor of ``exact`` in ``paragraphs`` and how well it fits, or None if it has no place."""
    wanted = normalise_quote(exact)
    if not wanted or not paragraphs:
        return None
    quote = Quote(wanted, _context(prefix)[-QUOTE_CONTEXT:], _context(suffix)[:QUOTE_CONTEXT])
    span = find_quote(paragraphs, quote, hint)
    if span is None and (quote.prefix or quote.suffix):
        span = find_quote(paragraphs, Quote(wanted), hint)
    if span is None:
        return None
    clipped = _clip(paragraphs, *span)
    if clipped is None:
        return None
    anchor = make_anchor(paragraphs, *clipped)
    if anchor.start == anchor.end:
        return None
    fit = Fit.PLACED if anchor.quote.exact == wanted else Fit.APPROXIMATE
    return anchor, fit


def _clip(paragraphs: Sequence[Paragraph], start: int, end: int) -> tuple[int, int, int] | None:
    """(paragraph, start, end) of the part of an absolute span in the paragraph holding most of it."""
    best: tuple[int, int, int, int] | None = None
    for index, p_start in enumerate(paragraph_starts(paragraphs)):
        if p_start >= end:
            break
        p_end = p_start + len(paragraphs[index].text)
        lo, hi = max(start, p_start), min(end, p_end)
        if hi > lo and (best is None or hi - lo > best[0]):
            best = (hi - lo, index, lo - p_start, hi - p_start)
    return best[1:] if best else None
