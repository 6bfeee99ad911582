"""A small library with known highlights across two articles (highlight list and browser tests)."""

from __future__ import annotations

from tui_reader.importing import add_document
from tui_reader.model import Document, Highlight, Paragraph
from tui_reader.store import Library

ZEBRA = ["Zebras run across the plain.", "Stripes confuse the flies."]
APPLE = ["Apples fall from the tree.", "Gravity explains the fall."]


def seed_highlights(library: Library) -> dict[str, Highlight]:
    """Two articles, four highlights with fixed dates; returned by a short name."""
    zebra = add_document(
        library, Document(title="Zebra notes", paragraphs=[Paragraph(t) for t in ZEBRA])
    )
    apple = add_document(
        library, Document(title="apple essay", paragraphs=[Paragraph(t) for t in APPLE])
    )
    made = {
        "run": library.create_highlight(zebra.article.id, 0, 0, 10, "blue", note="fast animals"),
        "flies": library.create_highlight(
            zebra.article.id, 1, 16, 25, "yellow", tags=["insects", "korea"]
        ),
        "apples": library.create_highlight(apple.article.id, 0, 0, 6, "pink", note="on fruit"),
        "gravity": library.create_highlight(apple.article.id, 1, 0, 7, "yellow"),
    }
    dates = {
        "run": "2026-01-03",
        "flies": "2026-01-01",
        "apples": "2026-01-04",
        "gravity": "2026-01-02",
    }
    for name, hl in made.items():
        made[name] = library.put_highlight(hl.evolve(created=f"{dates[name]}T10:00:00+00:00"))
    return made
