"""A small library for review tests: three articles, six highlights with fixed dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from tui_reader.importing import add_document
from tui_reader.model import Document, Highlight, Paragraph
from tui_reader.store import Library

#: The moment the tests call "now": a Tuesday morning, 09:00 UTC.
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)

HISTORY = [
    "The treaty was signed in 1648 after thirty years of war.",
    "Its terms shaped borders for a century.",
]
PLANTS = ["Ferns spread by spores, not seeds.", "Mosses need water to reproduce."]
PRIVATE = ["A diary entry [b]not for review[/b].", "Second line of it."]


@dataclass(frozen=True, slots=True)
class Seeded:
    """The highlights made, by short name, and their articles' ids."""

    hl: dict[str, Highlight]
    history: str
    plants: str
    private: str


def seed_review_library(library: Library) -> Seeded:
    """History (tagged ``history``), Plants, and a Private article tagged ``review:off``."""
    history = add_document(
        library,
        Document(title="Westphalia", paragraphs=[Paragraph(t) for t in HISTORY], tags=["history"]),
    ).article.id
    plants = add_document(
        library, Document(title="Green things", paragraphs=[Paragraph(t) for t in PLANTS])
    ).article.id
    private = add_document(
        library,
        Document(title="Diary", paragraphs=[Paragraph(t) for t in PRIVATE], tags=["review:off"]),
    ).article.id
    made = {
        "treaty": library.create_highlight(history, 0, 4, 10, "yellow", note="peace of 1648"),
        "borders": library.create_highlight(history, 1, 10, 17, "blue"),
        "ferns": library.create_highlight(plants, 0, 0, 5, "green", tags=["botany"]),
        "mosses": library.create_highlight(plants, 1, 0, 6, "pink"),
        "skipme": library.create_highlight(plants, 1, 7, 11, "pink", tags=["review:off"]),
        "diary": library.create_highlight(private, 0, 0, 7, "yellow"),
    }
    for n, (name, hl) in enumerate(made.items(), 1):
        made[name] = library.put_highlight(hl.evolve(created=f"2026-01-0{n}T10:00:00+00:00"))
    return Seeded(made, history, plants, private)
