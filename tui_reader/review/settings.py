"""The ``[review]`` table of the config file::

    [review]
    daily_limit = 20                 # new highlights brought into review per day
    max_reviews = 200                # due highlights reviewed per day at most (the most overdue first)
    exclude_tags = ["private"]       # articles (or highlights) with one of these tags never come up
    include_tags = []                # when not empty, only articles with one of these tags come up

The tag ``review:off`` on an article or a highlight always keeps it out of review,
whatever the config says. Tags are compared without case. A bad value is
reported and its default used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

#: New highlights per day when the config does not say.
DAILY_LIMIT = 20
#: Due highlights per day when the config does not say.
MAX_REVIEWS = 200
#: The tag that keeps an article (or one highlight) out of review.
OPT_OUT_TAG = "review:off"


@dataclass(frozen=True, slots=True)
class ReviewSettings:
    """How the daily review is built."""

    daily_limit: int = DAILY_LIMIT
    """New highlights brought into review per day."""
    max_reviews: int = MAX_REVIEWS
    """Due highlights reviewed per day at most (a backlog waits for the next days)."""
    exclude_tags: tuple[str, ...] = ()
    """Tags (of an article or a highlight) that keep it out of review, besides
    :data:`OPT_OUT_TAG` (always)."""
    include_tags: tuple[str, ...] = ()
    """When not empty, only articles carrying one of these tags are reviewed."""


def parse_review_settings(raw: Any, problem: Callable[[str], None]) -> ReviewSettings:
    """The settings in a config file's ``[review]`` table; ``problem`` hears what was refused."""
    if not isinstance(raw, dict):
        problem("[review] must be a table; defaults used")
        return ReviewSettings()
    default = ReviewSettings()
    values: dict[str, Any] = {}
    for key in raw:
        if key not in ("daily_limit", "max_reviews", "exclude_tags", "include_tags"):
            problem(f"[review]: unknown setting {key!r} ignored")
    for key in ("daily_limit", "max_reviews"):
        limit = raw.get(key, getattr(default, key))
        if isinstance(limit, int) and not isinstance(limit, bool) and 0 <= limit <= 100_000:
            values[key] = limit
        else:
            problem(f"[review]: {key} must be a whole number from 0, not {limit!r}; default used")
    for key in ("exclude_tags", "include_tags"):
        tags = raw.get(key, getattr(default, key))
        if isinstance(tags, list | tuple) and all(isinstance(t, str) for t in tags):
            values[key] = tuple(t.strip().lstrip("#") for t in tags if t.strip())
        else:
            problem(f"[review]: {key} must be a list of tags, not {tags!r}; default used")
    return ReviewSettings(**values)
