"""Where a reader was, found again in a text that a refresh or re-import replaced."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from tui_reader.anchoring import find_quote
from tui_reader.model import Paragraph, Quote, paragraph_starts

#: Characters of the paragraph being read that are looked for in the new text.
PROBE = 200


def follow_position(old: Sequence[Paragraph], new: Sequence[Paragraph], cursor: int) -> int:
    """The paragraph of ``new`` that holds what paragraph ``cursor`` of ``old`` held.

    The same paragraph when it is still there (the nearest copy), else the place of
    its text found as a highlight's quote is (exact, then approximate), else the
    paragraph of a later one less the distance, else the same index, clipped.
    """
    if not new:
        return 0
    if not old:
        return min(max(cursor, 0), len(new) - 1)
    cursor = min(max(cursor, 0), len(old) - 1)
    texts = [p.text for p in new]
    hint = paragraph_starts(list(old))[cursor]
    starts = paragraph_starts(list(new))
    for index in range(cursor, len(old)):
        text = old[index].text
        same = [i for i, t in enumerate(texts) if t == text]
        if same:
            found = min(same, key=lambda i: abs(i - index))
        elif text.strip():
            span = find_quote(new, Quote(exact=text[:PROBE], prefix="", suffix=""), hint)
            if span is None:
                continue
            found = bisect_right(starts, span[0]) - 1
        else:
            continue
        return min(max(found - (index - cursor), 0), len(new) - 1)
    return min(cursor, len(new) - 1)
