"""Anchors: making them from a selection and placing them again in changed text.

A highlight remembers its paragraph and offsets, and a quote (the exact text
with up to 32 characters of context on each side, taken from the article's
plain text). When an article is re-imported with different text, the quote
finds the highlight's new place; what cannot be placed becomes an orphan.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from tui_reader.model import (
    QUOTE_CONTEXT,
    Anchor,
    Highlight,
    Paragraph,
    Quote,
    paragraph_starts,
    plain_text,
)


def make_anchor(paragraphs: Sequence[Paragraph], index: int, start: int, end: int) -> Anchor:
    """An anchor for characters ``start:end`` of paragraph ``index``, with its quote."""
    if not 0 <= index < len(paragraphs):
        raise IndexError(f"paragraph {index} out of range")
    text = paragraphs[index].text
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    full = plain_text(paragraphs)
    offset = paragraph_starts(paragraphs)[index]
    absolute_start, absolute_end = offset + start, offset + end
    quote = Quote(
        exact=full[absolute_start:absolute_end],
        prefix=full[max(0, absolute_start - QUOTE_CONTEXT) : absolute_start],
        suffix=full[absolute_end : absolute_end + QUOTE_CONTEXT],
    )
    return Anchor(paragraph=index, start=start, end=end, quote=quote)


class Placement(StrEnum):
    """What re-anchoring did with one highlight."""

    STAYED = "stayed"
    MOVED = "moved"
    ORPHANED = "orphaned"


@dataclass(frozen=True, slots=True)
class Reanchored:
    """One highlight after re-anchoring, and what happened to it."""

    highlight: Highlight
    placement: Placement


def locate(paragraphs: Sequence[Paragraph], absolute: int) -> tuple[int, int]:
    """The (paragraph index, offset) of an absolute offset in the plain text."""
    starts = paragraph_starts(paragraphs)
    index = 0
    for i, s in enumerate(starts):
        if s <= absolute:
            index = i
        else:
            break
    return index, absolute - starts[index] if starts else 0


def find_quote(
    paragraphs: Sequence[Paragraph], quote: Quote, hint: int | None = None
) -> tuple[int, int] | None:
    """Absolute (start, end) of ``quote`` in the plain text, or None.

    Exact matches are preferred where their context matches too; among equals
    the one nearest ``hint`` (the old absolute offset) wins.
    """
    if not quote.exact:
        return None
    full = plain_text(paragraphs)
    best: tuple[float, int] | None = None
    pos = full.find(quote.exact)
    while pos != -1:
        score = 0.0
        if quote.prefix and full[max(0, pos - len(quote.prefix)) : pos] == quote.prefix:
            score += 1
        end = pos + len(quote.exact)
        if quote.suffix and full[end : end + len(quote.suffix)] == quote.suffix:
            score += 1
        if hint is not None:
            score -= abs(pos - hint) / max(1, len(full))
        if best is None or score > best[0]:
            best = (score, pos)
        pos = full.find(quote.exact, pos + 1)
    if best is None:
        return None
    return best[1], best[1] + len(quote.exact)


def reanchor(
    highlights: Sequence[Highlight],
    old: Sequence[Paragraph],
    new: Sequence[Paragraph],
) -> list[Reanchored]:
    """Place each highlight again in the new text; unplaceable ones become orphans."""
    old_starts = paragraph_starts(old)
    new_starts = paragraph_starts(new)
    results: list[Reanchored] = []
    for hl in highlights:
        a = hl.anchor
        hint = old_starts[a.paragraph] + a.start if a.paragraph < len(old_starts) else None
        found = find_quote(new, a.quote, hint)
        if found is None:
            results.append(Reanchored(hl.evolve(orphan=True), Placement.ORPHANED))
            continue
        index, start = locate(new, found[0])
        end = start + (found[1] - found[0])
        anchor = make_anchor(new, index, start, end)
        moved = (
            hl.orphan
            or index != a.paragraph
            or start != a.start
            or new_starts[index] + start != hint
        )
        if anchor == a and not hl.orphan:
            results.append(Reanchored(hl, Placement.STAYED))
        else:
            placement = Placement.MOVED if moved else Placement.STAYED
            results.append(Reanchored(hl.evolve(anchor=anchor, orphan=False), placement))
    return results
