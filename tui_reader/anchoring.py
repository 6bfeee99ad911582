"""Anchors: making them from a selection and placing them again in changed text.

A highlight remembers its paragraph and offsets, and a quote (the exact text
with up to 32 characters of context on each side, taken from the article's
plain text). When an article is re-imported with different text, the quote
finds the highlight's new place the way Hypothesis does it:

1. every exact occurrence of the quote is a candidate; if there is none,
   approximate occurrences (Myers' bit-parallel edit-distance search, up to a
   third of the quote's length in errors) are;
2. each candidate is scored on how close it is to the quote, how well the
   text before and after it matches the remembered prefix and suffix, and
   how near it is to the old position;
3. the best candidate wins if its score is good enough; a highlight whose
   quote cannot be placed becomes an orphan, kept with its quote, never dropped.

A highlight lives inside one paragraph, so a match that now spans two (a
paragraph split through the quote) keeps the part in the paragraph holding
most of it.
"""

from __future__ import annotations

from bisect import bisect_right
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

#: Weights of the parts of a candidate's score (Hypothesis uses the same).
QUOTE_WEIGHT = 50.0
PREFIX_WEIGHT = 20.0
SUFFIX_WEIGHT = 20.0
POSITION_WEIGHT = 2.0
#: A candidate scoring below this (0..1) is not the highlight's place.
MIN_SCORE = 0.5
#: Largest share of the quote's length that may differ in an approximate match.
MAX_ERROR_SHARE = 1 / 3
#: Errors are never allowed beyond this, whatever the quote's length.
MAX_ERRORS = 256
#: Characters either side of the old position searched before the whole text.
NEAR = 4000
#: A match near the old position with at least this score ends the search.
NEAR_SCORE = 0.75
#: Candidates scored in full, nearest the old position first.
MAX_CANDIDATES = 200
#: Farthest an approximate match's edge moves to meet the quote's context.
MAX_SLACK = 128


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
    was_orphan: bool = False
    """It was an orphan already (an orphan that stays one is no news to report)."""

    @property
    def newly_orphaned(self) -> bool:
        """True when this re-anchoring is what made the highlight an orphan."""
        return self.placement is Placement.ORPHANED and not self.was_orphan


def locate(paragraphs: Sequence[Paragraph], absolute: int) -> tuple[int, int]:
    """The (paragraph index, offset) of an absolute offset in the plain text."""
    starts = paragraph_starts(paragraphs)
    if not starts:
        return 0, 0
    index = max(0, bisect_right(starts, absolute) - 1)
    return index, absolute - starts[index]


def find_quote(
    paragraphs: Sequence[Paragraph], quote: Quote, hint: int | None = None
) -> tuple[int, int] | None:
    """Absolute (start, end) of ``quote`` in the plain text, or None when it has no place.

    ``hint`` is the old absolute offset: among equal candidates the nearest wins.
    """
    return _Text(paragraphs).find(quote, hint)


def reanchor(
    highlights: Sequence[Highlight],
    old: Sequence[Paragraph],
    new: Sequence[Paragraph],
) -> list[Reanchored]:
    """Place each highlight again in the new text; unplaceable ones become orphans.

    A highlight *stays* when it covers the same words at the same paragraph and
    offsets, *moves* when its place or words changed (an orphan placed again
    counts as moved), and is *orphaned* when its quote has no place any more.
    """
    old_starts = paragraph_starts(old)
    text = _Text(new)
    results: list[Reanchored] = []
    for hl in highlights:
        a = hl.anchor
        hint = old_starts[a.paragraph] + a.start if 0 <= a.paragraph < len(old_starts) else None
        span = text.find(a.quote, hint)
        placed = text.clip(*span) if span else None
        if placed is None:
            results.append(
                Reanchored(
                    hl if hl.orphan else hl.evolve(orphan=True),
                    Placement.ORPHANED,
                    was_orphan=hl.orphan,
                )
            )
            continue
        index, start, end = placed
        anchor = make_anchor(new, index, start, end)
        same_place = (index, start, end) == (a.paragraph, a.start, a.end)
        if not hl.orphan and same_place and anchor.quote.exact == a.quote.exact:
            kept = hl if anchor == a else hl.evolve(anchor=anchor)
            results.append(Reanchored(kept, Placement.STAYED))
        else:
            results.append(Reanchored(hl.evolve(anchor=anchor, orphan=False), Placement.MOVED))
    return results


class _Text:
    """An article's plain text, searched for quotes."""

    def __init__(self, paragraphs: Sequence[Paragraph]) -> None:
        self.paragraphs = paragraphs
        self.full = plain_text(paragraphs)
        self.starts = paragraph_starts(paragraphs)

    def find(self, quote: Quote, hint: int | None) -> tuple[int, int] | None:
        """The best place for ``quote``: exact occurrences first, else approximate ones."""
        exact = quote.exact
        if not exact or not self.full:
            return None
        if (
            hint is not None
            and self.full[hint : hint + len(exact)] == exact
            and self._context_matches(quote, hint, hint + len(exact))
        ):
            return hint, hint + len(exact)
        candidates = [(pos, pos + len(exact), 0) for pos in _occurrences(self.full, exact)]
        both = [c for c in candidates if self._context_matches(quote, c[0], c[1])]
        if both:
            best = min(both, key=lambda c: abs(c[0] - hint) if hint is not None else c[0])
            return best[0], best[1]
        # No occurrence in its old context: the words may have changed there while
        # the same words stand elsewhere, so approximate matches compete too.
        budget = min(MAX_ERRORS, int(len(exact) * MAX_ERROR_SHARE))
        if not budget:
            return self._best(quote, candidates, hint, MIN_SCORE, 0)
        # Most edits are local: search near the old place first, and the whole
        # text (slow for a book) only when nothing near it is convincing.
        if hint is not None and len(self.full) > 2 * NEAR:
            lo = max(0, hint - NEAR)
            near = self.full[lo : hint + len(exact) + NEAR]
            local = [(s + lo, e + lo, n) for s, e, n in approximate_matches(near, exact, budget)]
            found = self._best(quote, _merge(candidates, local), hint, NEAR_SCORE, budget)
            if found is not None:
                return found
        everywhere = approximate_matches(self.full, exact, budget)
        return self._best(quote, _merge(candidates, everywhere), hint, MIN_SCORE, budget)

    def _best(
        self,
        quote: Quote,
        candidates: list[tuple[int, int, int]],
        hint: int | None,
        threshold: float,
        budget: int,
    ) -> tuple[int, int] | None:
        """The best-scoring candidate at or above ``threshold``, its edges refined, or None."""
        candidates = sorted(
            candidates, key=lambda c: (c[2], abs(c[0] - hint) if hint is not None else c[0])
        )
        scored = [(self._score(quote, c, hint), c) for c in candidates[:MAX_CANDIDATES]]
        if not scored:
            return None
        score, best = max(scored, key=lambda s: s[0])
        if score < threshold:
            return None
        return self._refine(quote, best[0], best[1], min(2 * budget, MAX_SLACK))

    def _refine(self, quote: Quote, start: int, end: int, slack: int) -> tuple[int, int]:
        """A match's edges moved to where the remembered context meets them, else out
        to whole words when the quote began and ended on whole words.

        The fewest-edits match of a quote whose end gained words stops early, in the
        middle of a word ("seen in ear" for "seen in early March."); the context
        (within ``slack`` characters, which covers the edits) says where it ends.
        """
        full = self.full
        prefix, suffix, exact = quote.prefix, quote.suffix, quote.exact
        if suffix:
            ends = range(max(start + 1, end - slack), min(len(full), end + slack) + 1)
            fits = [e for e in ends if full.startswith(suffix, e)]
            if fits:
                end = min(fits, key=lambda e: abs(e - end))
        if prefix:
            starts = range(max(0, start - slack), min(end - 1, start + slack) + 1)
            fits = [s for s in starts if full.endswith(prefix, 0, s)]
            if fits:
                start = min(fits, key=lambda s: abs(s - start))
        if _word_edge(prefix[-1:], exact[:1]):
            while 0 < start < len(full) and _inside_word(full, start):
                start -= 1
        if _word_edge(exact[-1:], suffix[:1]):
            while 0 < end < len(full) and _inside_word(full, end):
                end += 1
        return start, end

    def _context_matches(self, quote: Quote, start: int, end: int) -> bool:
        full = self.full
        if start < 0 or end > len(full):
            return False
        before = full[max(0, start - len(quote.prefix)) : start]
        return before == quote.prefix and full[end : end + len(quote.suffix)] == quote.suffix

    def _score(self, quote: Quote, candidate: tuple[int, int, int], hint: int | None) -> float:
        start, end, errors = candidate
        full = self.full
        quote_score = 1.0 - errors / len(quote.exact)
        prefix_score = 1.0
        if quote.prefix:
            before = full[max(0, start - len(quote.prefix)) : start]
            prefix_score = 1.0 - edit_distance(quote.prefix, before) / len(quote.prefix)
        suffix_score = 1.0
        if quote.suffix:
            after = full[end : end + len(quote.suffix)]
            suffix_score = 1.0 - edit_distance(quote.suffix, after) / len(quote.suffix)
        position_score = 1.0
        if hint is not None:
            position_score = 1.0 - min(1.0, abs(start - hint) / max(1, len(full)))
        total = (
            QUOTE_WEIGHT * quote_score
            + PREFIX_WEIGHT * prefix_score
            + SUFFIX_WEIGHT * suffix_score
            + POSITION_WEIGHT * position_score
        )
        return total / (QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT)

    def clip(self, start: int, end: int) -> tuple[int, int, int] | None:
        """An absolute span as (paragraph, start, end) inside the paragraph holding most of it."""
        best: tuple[int, int, int, int] | None = None  # (overlap, index, start, end)
        first = max(0, bisect_right(self.starts, start) - 1)
        for index in range(first, len(self.paragraphs)):
            p_start = self.starts[index]
            if p_start >= end:
                break
            p_end = p_start + len(self.paragraphs[index].text)
            lo, hi = max(start, p_start), min(end, p_end)
            if hi > lo and (best is None or hi - lo > best[0]):
                best = (hi - lo, index, lo - p_start, hi - p_start)
        return best[1:] if best else None


def _word_edge(before: str, after: str) -> bool:
    """True when a boundary between these characters (either may be empty) is between words."""
    return not (before.isalnum() and after.isalnum())


def _inside_word(text: str, offset: int) -> bool:
    """True when ``offset`` falls between two letters or digits of one word."""
    return text[offset - 1].isalnum() and text[offset].isalnum()


def _merge(
    exact: list[tuple[int, int, int]], approximate: list[tuple[int, int, int]]
) -> list[tuple[int, int, int]]:
    """Exact candidates plus the approximate ones that start elsewhere."""
    starts = {c[0] for c in exact}
    return exact + [c for c in approximate if c[0] not in starts]


def _occurrences(text: str, needle: str) -> list[int]:
    """Every start offset of ``needle`` in ``text`` (overlapping ones too)."""
    found: list[int] = []
    pos = text.find(needle)
    while pos != -1:
        found.append(pos)
        pos = text.find(needle, pos + 1)
    return found


def approximate_matches(text: str, pattern: str, max_errors: int) -> list[tuple[int, int, int]]:
    """(start, end, errors) of the best approximate occurrences of ``pattern`` in ``text``.

    Myers' bit-parallel algorithm gives, for every end position, the fewest
    edits needed to match the pattern there; each run of ends within
    ``max_errors`` yields its best end, and a reverse search from that end
    finds the start.
    """
    if not pattern or not text:
        return []
    scores = _end_scores(text, pattern)
    matches: list[tuple[int, int, int]] = []
    run_best: tuple[int, int] | None = None  # (errors, end index)
    for j, errors in enumerate(scores):
        if errors <= max_errors:
            if run_best is None or errors < run_best[0]:
                run_best = (errors, j)
            continue
        if run_best is not None:
            matches.append(_with_start(text, pattern, *run_best))
            run_best = None
    if run_best is not None:
        matches.append(_with_start(text, pattern, *run_best))
    return matches


def _with_start(text: str, pattern: str, errors: int, last: int) -> tuple[int, int, int]:
    """The start of the match ending at ``last`` (inclusive), found by searching backwards."""
    end = last + 1
    lo = max(0, end - len(pattern) - errors)
    window = text[lo:end][::-1]
    back = _end_scores(window, pattern[::-1])
    best_t = min(
        range(len(back)),
        key=lambda t: (back[t], abs(t + 1 - len(pattern))),
    )
    start = end - 1 - best_t
    return start, end, errors


def _end_scores(text: str, pattern: str) -> list[int]:
    """For each position j, the edit distance of ``pattern`` to the best substring ending at j."""
    m = len(pattern)
    peq: dict[str, int] = {}
    for i, char in enumerate(pattern):
        peq[char] = peq.get(char, 0) | (1 << i)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    scores: list[int] = []
    append = scores.append
    for char in text:
        eq = peq.get(char, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = (ph << 1) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        append(score)
    return scores


def edit_distance(a: str, b: str) -> int:
    """The Levenshtein distance between two short strings."""
    if a == b:
        return 0
    if not a or not b:
        return len(a) or len(b)
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
