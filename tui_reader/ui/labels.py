"""Untrusted one-line text (titles, sources, tags) as a label: safe, and of bounded length."""

from __future__ import annotations

from tui_reader.sanitize import clean_line

#: The most characters a label shows; no screen has room for more.
LABEL_LIMIT = 1_000


def label(text: str, limit: int = LABEL_LIMIT) -> str:
    """``text`` on one line without control characters, cut to ``limit`` characters with "…".

    A title or a tag can be a megabyte long (a hostile feed or file): measuring
    all of it on every redraw takes seconds, and no label could show it anyway.
    """
    # Sanitising only removes or folds characters, so a prefix is all it needs to see.
    line = clean_line(text[: limit * 4])
    if len(line) > limit or len(text) > limit * 4:
        return line[: limit - 1].rstrip() + "…"
    return line
