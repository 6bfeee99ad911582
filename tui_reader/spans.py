"""Word and sentence boundaries inside a paragraph, for keyboard selection.

A selection is a ``(start, end)`` pair of character offsets into one
paragraph's text. It always covers at least one word: growing and shrinking
move its end, moving its start keeps the end at or after the start's word.
Search in an article lives here too: it works on the same offsets.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_WORD = re.compile(r"\S+")
# A sentence ends at . ! ? or … (possibly repeated), then optional closing
# quotes or brackets, followed by whitespace or the end of the text; CJK full
# stops end a sentence without a following space.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s|$)|[。！？]+[」』）”’]*")

Span = tuple[int, int]


def words(text: str) -> list[Span]:
    """The ``(start, end)`` of every word (a run of non-space characters)."""
    return [m.span() for m in _WORD.finditer(text)]


def sentence_ends(text: str) -> list[int]:
    """Offsets just after each sentence's last character (the text's end counts)."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    tail = len(text.rstrip())
    if tail and (not ends or ends[-1] < tail):
        ends.append(tail)
    return ends


def sentence_starts(text: str) -> list[int]:
    """Offsets of the first word of each sentence."""
    starts: list[int] = []
    previous_end = 0
    for end in sentence_ends(text):
        match = _WORD.search(text, previous_end)
        if match is not None and match.start() < end:
            starts.append(match.start())
        previous_end = end
    return starts


def first_word(text: str, at: int = 0) -> Span:
    """The first word starting at or after ``at``; ``(at, at)`` when there is none."""
    match = _WORD.search(text, at)
    if match is None:
        return (at, at)
    return match.span()


def grow_word(text: str, start: int, end: int) -> Span:
    """The selection with its end moved to the end of the next word."""
    match = _WORD.search(text, end)
    if match is None:
        return (start, end)
    return (start, match.end())


def shrink_word(text: str, start: int, end: int) -> Span:
    """The selection with its end moved back one word (never below one word)."""
    ends = [e for _, e in words(text) if start < e < end]
    if not ends:
        return (start, end)
    return (start, ends[-1])


def grow_sentence(text: str, start: int, end: int) -> Span:
    """The selection with its end moved to the end of the sentence (or the next one)."""
    for candidate in sentence_ends(text):
        if candidate > end:
            return (start, candidate)
    return (start, end)


def shrink_sentence(text: str, start: int, end: int) -> Span:
    """The selection with its end moved back to the previous sentence end.

    When no sentence ends inside the selection, it shrinks to its first word.
    """
    earlier = [e for e in sentence_ends(text) if start < e < end]
    if earlier:
        return (start, earlier[-1])
    return (start, min(end, first_word(text, start)[1]))


def move_start(text: str, start: int, end: int, *, by: str, forward: bool) -> Span:
    """The selection with its start moved one ``by`` ("word" or "sentence") either way.

    The end follows when the start passes it, so the selection keeps at least
    the word at its start.
    """
    stops = [s for s, _ in words(text)] if by == "word" else sentence_starts(text)
    if forward:
        later = [s for s in stops if s > start]
        if not later:
            return (start, end)
        new_start = later[0]
    else:
        earlier = [s for s in stops if s < start]
        if not earlier:
            return (start, end)
        new_start = earlier[-1]
    word_end = first_word(text, new_start)[1]
    return (new_start, max(end, word_end))


@dataclass(frozen=True, slots=True)
class Match:
    """One search hit: a paragraph index and offsets inside it."""

    paragraph: int
    start: int
    end: int


def find_matches(texts: Sequence[str], query: str) -> list[Match]:
    """Every case-insensitive occurrence of ``query`` in ``texts``, in order.

    Offsets are exact in the original text (no case folding that changes lengths).
    """
    query = query.strip()
    if not query:
        return []
    pattern = re.compile(re.escape(query), re.IGNORECASE)
    found: list[Match] = []
    for index, text in enumerate(texts):
        for m in pattern.finditer(text):
            if m.end() > m.start():
                found.append(Match(index, m.start(), m.end()))
    return found


def step_match(matches: Sequence[Match], current: int | None, here: int, direction: int) -> int:
    """The index of the hit to go to next: after (``direction`` > 0) or before ``current``,
    wrapping around; with no current hit, the first at or after paragraph ``here``
    (or the last at or before it). ``matches`` must not be empty."""
    if current is not None:
        return (current + direction) % len(matches)
    if direction > 0:
        return next((i for i, m in enumerate(matches) if m.paragraph >= here), 0)
    return next(
        (i for i in range(len(matches) - 1, -1, -1) if matches[i].paragraph <= here),
        len(matches) - 1,
    )
