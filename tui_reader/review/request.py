"""A review to start (from the command line or the library), before its queue is built."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReviewRequest:
    """Review only the highlights ``query`` holds for (all without one), at most ``limit``."""

    query: str = ""
    limit: int | None = None
