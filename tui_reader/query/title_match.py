"""``title:WORDS``: the title holds WORDS as whole words, as the full-text search finds them.

Case is ignored and the words may be spread by any spaces; a word ending in ``*``
matches the words that start so (``title:ferr*`` finds "Ferry"), as in a search.
``title:ad`` therefore holds for "An ad for ferries" but not for "Broadband" (an
ignore rule must not drop entries that merely contain two letters), and
``title:"entry 1"`` not for "Entry 10".
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=256)
def title_pattern(words: str) -> re.Pattern[str]:
    """The pattern ``title:words`` looks for in a case-folded title."""
    parts = words.casefold().split()
    if not parts:
        return re.compile("")
    pieces = []
    for part in parts:
        prefix = part.endswith("*") and len(part) > 1
        word = re.escape(part.rstrip("*") if prefix else part)
        pieces.append(word if prefix else word + r"(?!\w)")
    return re.compile(r"(?<!\w)" + r"\s+".join(pieces))


def title_holds(words: str, title: str) -> bool:
    """True when ``title`` holds ``words`` (see the module's docstring)."""
    return title_pattern(words).search(title.casefold()) is not None
