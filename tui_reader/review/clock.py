"""The review's idea of "now": one function, so tests can fix the moment."""

from __future__ import annotations

from datetime import datetime


def now() -> datetime:
    """This moment, timezone-aware, in the local timezone."""
    return datetime.now().astimezone()
