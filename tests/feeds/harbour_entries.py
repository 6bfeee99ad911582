"""Three feed entries the removal tests share, and the library's articles by title."""

from __future__ import annotations

from tui_reader.store import Library

PIER = ("g1", "http://example.test/pier", "The pier", "The harbour council met on Tuesday.")
MARKET = ("g2", "http://example.test/market", "The market", "Stalls open at dawn on Saturdays.")
FERRY = ("g3", "http://example.test/ferry", "The ferry", "A new timetable from Monday.")


def titles(library: Library) -> dict[str, str]:
    """Article ids by title."""
    return {a.title: a.id for a in library.articles()}
