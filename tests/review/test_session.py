"""A review session: answers, skips, retiring, undo and the summary."""

from __future__ import annotations

from tests.review.fixture import NOW, seed_review_library
from tui_reader.review.cards import Grade, make_scheduler
from tui_reader.review.queue import build_queue
from tui_reader.review.session import ReviewSession
from tui_reader.store import Library


def session_of(library: Library) -> ReviewSession:
    items = build_queue(library, now=NOW).items
    return ReviewSession(items, make_scheduler(fuzz=False), clock=lambda: NOW)


def test_each_action_moves_on_and_the_summary_counts_them(library: Library) -> None:
    seeded = seed_review_library(library)
    session = session_of(library)
    assert session.total == 4 and session.current.id == seeded.hl["treaty"].id
    good = session.answer(Grade.GOOD)
    assert good["due"] == "2026-03-12T09:00:00+00:00" and good["log"][-1][1] == 3
    session.skip()
    gone = session.retire()
    assert gone["retired"] is True and gone["id"] == seeded.hl["ferns"].id
    assert session.current.id == seeded.hl["mosses"].id
    summary = session.summary()
    assert (summary.reviewed, summary.skipped, summary.retired, summary.left) == (1, 1, 1, 1)
    assert summary.by_grade[Grade.GOOD] == 1 and summary.by_grade[Grade.AGAIN] == 0
    session.answer(Grade.AGAIN)
    assert session.finished and session.current is None


def test_undo_goes_back_and_gives_the_card_as_it_was(library: Library) -> None:
    seeded = seed_review_library(library)
    session = session_of(library)
    session.answer(Grade.EASY)
    session.skip()
    _step, record = session.undo()  # the skip: nothing to write
    assert record is None and session.current.id == seeded.hl["borders"].id
    _step, record = session.undo()  # the rating: a new card again
    assert session.current.id == seeded.hl["treaty"].id and session.current.is_new
    assert record is not None and record["due"] == "" and record["log"] == []
    assert session.undo() is None
    assert session.summary().reviewed == 0
