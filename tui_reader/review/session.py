"""A review session: walking today's queue, answering, skipping, retiring, undoing.

Pure bookkeeping: each answer returns the card record to save, and the caller
saves it (the app through its saver, the tests directly). Every action moves to
the next highlight; :meth:`ReviewSession.undo` takes the last one back and
returns the record to save to put the card as it was.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from fsrs import Scheduler

from tui_reader.model import Highlight
from tui_reader.review import clock as review_clock
from tui_reader.review.cards import Grade, Record, make_scheduler, new_record, rate, retired
from tui_reader.review.queue import ReviewItem


class Action(StrEnum):
    """What was done with a highlight."""

    RATED = "rated"
    SKIPPED = "skipped"
    RETIRED = "retired"


@dataclass(frozen=True, slots=True)
class Step:
    """One action of the session, with the card before and after it (for undo)."""

    action: Action
    item: ReviewItem
    before: Record | None = None
    after: Record | None = None
    grade: Grade | None = None


@dataclass(frozen=True, slots=True)
class Summary:
    """What a session did."""

    reviewed: int
    by_grade: dict[Grade, int] = field(default_factory=dict)
    skipped: int = 0
    retired: int = 0
    left: int = 0
    """Highlights of the queue not reached."""


class ReviewSession:
    """Today's queue being reviewed, one highlight at a time."""

    def __init__(
        self,
        items: list[ReviewItem],
        scheduler: Scheduler | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.items = list(items)
        self.position = 0
        self.steps: list[Step] = []
        self.scheduler = scheduler or make_scheduler()
        self.clock = clock or review_clock.now

    @property
    def total(self) -> int:
        """How many highlights the session holds."""
        return len(self.items)

    @property
    def current(self) -> ReviewItem | None:
        """The highlight under review, or None when the session is over."""
        return self.items[self.position] if self.position < len(self.items) else None

    @property
    def finished(self) -> bool:
        """True when every highlight had its turn."""
        return self.position >= len(self.items)

    def answer(self, grade: Grade | int) -> Record:
        """Answer the current highlight; returns its new card record (to save)."""
        item = self._take()
        grade = Grade(int(grade))
        hl = item.highlight
        after = rate(item.card, hl.article_id, hl.id, grade, self.clock(), self.scheduler)
        self._done(Step(Action.RATED, item, item.card, after, grade))
        return after

    def skip(self) -> None:
        """Pass over the current highlight (it stays as it was, due as before)."""
        self._done(Step(Action.SKIPPED, self._take()))

    def retire(self) -> Record:
        """Take the current highlight out of review for good (until brought back); returns
        the record to save."""
        item = self._take()
        hl = item.highlight
        after = retired(item.card, hl.article_id, hl.id, True)
        self._done(Step(Action.RETIRED, item, item.card, after))
        return after

    def undo(self) -> tuple[Step, Record | None] | None:
        """Take back the last action: the session returns to that highlight. Returns the
        step and the record to save (None for a skip: nothing was saved), or None when
        there is nothing to undo."""
        if not self.steps:
            return None
        step = self.steps.pop()
        self.position -= 1
        self.items[self.position] = step.item
        if step.action is Action.SKIPPED:
            return step, None
        hl = step.item.highlight
        return step, step.before or new_record(hl.article_id, hl.id)

    def edited(self, highlight: Highlight) -> None:
        """The current highlight was changed (its note): show the new one."""
        item = self.current
        if item is not None and item.id == highlight.id:
            self.items[self.position] = replace(
                item, record=highlight.to_dict(), _highlight=highlight
            )

    def summary(self) -> Summary:
        """The counts of the session so far."""
        grades = Counter(s.grade for s in self.steps if s.grade is not None)
        actions = Counter(s.action for s in self.steps)
        return Summary(
            reviewed=actions[Action.RATED],
            by_grade={g: grades[g] for g in Grade},
            skipped=actions[Action.SKIPPED],
            retired=actions[Action.RETIRED],
            left=max(0, len(self.items) - self.position),
        )

    def _take(self) -> ReviewItem:
        item = self.current
        if item is None:
            raise IndexError("the review session is over")
        return item

    def _done(self, step: Step) -> None:
        self.steps.append(step)
        if step.after is not None:
            self.items[self.position] = replace(step.item, card=step.after)
        self.position += 1
