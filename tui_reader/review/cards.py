"""A highlight's review card: its stored record, and FSRS scheduling of a rating.

The record (kept by the store, see :func:`tui_reader.store.records.valid_review`)
holds the FSRS card's fields flat, plus ``retired`` and the ``log`` of ratings.
``due`` is an ISO time in UTC written always the same way, so records compare
by their text; a card never reviewed has ``due == ""``.

Scheduling uses FSRS without learning steps: every rating schedules the card a
whole number of days ahead (again: tomorrow), which suits a daily review of
highlights better than the minutes-apart steps made for flashcard drilling.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import IntEnum
from typing import Any

from fsrs import Card, Rating, Scheduler, State

from tui_reader.review.log import parse_when

Record = dict[str, Any]


class Grade(IntEnum):
    """The four answers, numbered as FSRS numbers them (and as the keys 1-4)."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


def iso(when: datetime) -> str:
    """``when`` as the records write it: UTC, to the second (``2026-01-31T08:00:00+00:00``)."""
    return when.astimezone(UTC).isoformat(timespec="seconds")


def make_scheduler(fuzz: bool = True) -> Scheduler:
    """The FSRS scheduler used for reviews (default parameters, no learning steps).

    ``fuzz`` spreads intervals of a few days and more by a little (FSRS's default);
    tests turn it off to get exact dates.
    """
    return Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=fuzz)


def new_record(article_id: str, highlight_id: str) -> Record:
    """The record of a card never reviewed."""
    return {
        "id": highlight_id,
        "article_id": article_id,
        "due": "",
        "state": 0,
        "step": None,
        "stability": None,
        "difficulty": None,
        "last_review": None,
        "retired": False,
        "log": [],
    }


def is_new(record: Record | None) -> bool:
    """True for a card never reviewed (no record, or one only retired and brought back)."""
    return record is None or not record.get("due")


def card_of(record: Record | None, now: datetime) -> Card:
    """The FSRS card of a record (a new card for ``None`` or a never-reviewed record)."""
    if is_new(record):
        return Card(card_id=1, state=State.Learning, due=now)
    assert record is not None
    state = int(record.get("state") or 1)
    return Card(
        card_id=1,
        state=State(state),
        step=record.get("step"),
        stability=record.get("stability"),
        difficulty=record.get("difficulty"),
        due=parse_when(str(record.get("due"))) or now,
        last_review=parse_when(str(record.get("last_review") or "")),
    )


def rate(
    record: Record | None,
    article_id: str,
    highlight_id: str,
    grade: Grade | int,
    now: datetime,
    scheduler: Scheduler,
) -> Record:
    """The record after answering ``grade`` at ``now``: rescheduled by FSRS, the rating
    added to its log (a new record when ``record`` is None)."""
    base = dict(record) if record is not None else new_record(article_id, highlight_id)
    when = now.astimezone(UTC)
    card, _ = scheduler.review_card(card_of(record, when), Rating(int(grade)), when)
    base.update(
        due=iso(card.due),
        state=int(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        last_review=iso(card.last_review or when),
        log=[*base.get("log", []), [iso(when), int(grade)]],
    )
    return base


def retired(record: Record | None, article_id: str, highlight_id: str, value: bool) -> Record:
    """The record with ``retired`` set (kept out of review, or brought back)."""
    base = dict(record) if record is not None else new_record(article_id, highlight_id)
    base["retired"] = value
    return base


def due_at(record: Record) -> str:
    """The record's due time as comparable text (``""`` for a new card)."""
    due = str(record.get("due") or "")
    if not due or (len(due) == 25 and due.endswith("+00:00")):
        return due
    when = parse_when(due)
    return iso(when) if when is not None else ""
