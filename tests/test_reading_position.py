"""Following the paragraph being read into a replaced text."""

from __future__ import annotations

from tui_reader.model import Paragraph
from tui_reader.reading_position import follow_position

OLD = [Paragraph(t) for t in ("Alpha one two three.", "Bravo four five.", "Charlie six.", "Delta.")]


def test_the_same_paragraph_moved_down_is_followed() -> None:
    new = [Paragraph("Inserted."), Paragraph("Another."), *OLD]
    assert follow_position(OLD, new, 2) == 4


def test_a_paragraph_that_grew_is_found_by_its_text() -> None:
    new = [Paragraph("New first sentence. " + OLD[0].text), Paragraph("Inserted."), *OLD[1:]]
    assert follow_position(OLD, new, 0) == 0
    assert follow_position(OLD, new, 1) == 2


def test_a_paragraph_that_went_is_placed_by_the_next_one() -> None:
    new = [OLD[0], Paragraph("Zulu."), OLD[2], OLD[3]]
    assert follow_position(OLD, new, 1) == 1


def test_nothing_found_keeps_the_index_inside_the_text() -> None:
    new = [Paragraph("Entirely different."), Paragraph("Text.")]
    assert follow_position(OLD, new, 3) == 1
    assert follow_position(OLD, [], 3) == 0
