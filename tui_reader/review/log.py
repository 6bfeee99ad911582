"""The review log: every rating given to a highlight, dated (stats read it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui_reader.store import Library

#: The names of the ratings 1-4, as FSRS numbers them.
RATING_NAMES = {1: "again", 2: "hard", 3: "good", 4: "easy"}


@dataclass(frozen=True, slots=True)
class ReviewEntry:
    """One rating of one highlight."""

    when: datetime
    """When it was given (timezone-aware, UTC)."""
    rating: int
    """1 again, 2 hard, 3 good, 4 easy."""
    highlight_id: str
    article_id: str

    @property
    def rating_name(self) -> str:
        """``again``, ``hard``, ``good`` or ``easy``."""
        return RATING_NAMES.get(self.rating, str(self.rating))

    @property
    def day(self) -> str:
        """The local day of the review (``YYYY-MM-DD``)."""
        return self.when.astimezone().date().isoformat()


def parse_when(text: str) -> datetime | None:
    """An ISO date-time from a record as an aware UTC datetime (naive ones are taken as
    UTC), or None when it does not parse."""
    try:
        when = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def review_log(library: Library) -> list[ReviewEntry]:
    """Every rating kept in ``library``, oldest first (ratings of highlights deleted since
    included: the history stays). Reads the review shards only."""
    entries: list[ReviewEntry] = []
    for record in library.review_records():
        hl_id = str(record.get("id", ""))
        article_id = str(record.get("article_id", ""))
        for when_text, rating in record.get("log", ()):
            when = parse_when(when_text)
            if when is not None:
                entries.append(ReviewEntry(when, int(rating), hl_id, article_id))
    entries.sort(key=lambda e: (e.when, e.highlight_id))
    return entries
