"""Date values of ``added:``, ``published:`` and ``highlighted:``.

A value is a period with an optional comparison, or a range of two periods:

    2026-01-05  2026-01  2026      a day, a month, a year (local time)
    today  yesterday               a calendar day
    7d  2w  3m  1y                 the last 7 days, 2 weeks, 3 months, 1 year
    >2026-01-01  >=2026-01  <30d  <=2025
    2026-01..2026-03  2026-01..  ..2025-12  30d..7d

``>`` means later than the whole period and ``<`` earlier than it; a relative
period (``7d``) is the moment that long ago, so ``<30d`` is "more than 30
days ago". Relative values are resolved when the query runs, not when it is
parsed, so a saved search for ``added:7d`` always means the last week.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Literal

from tui_reader.query.errors import QueryError

Comparison = Literal["=", ">", ">=", "<", "<="]

#: Largest amount for each relative unit (about a century).
_LIMITS = {"d": 36_500, "w": 5_200, "m": 1_200, "y": 100}
_UNITS = {"d": "days", "w": "weeks", "m": "months", "y": "years"}

_PERIOD = re.compile(
    r"(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{1,2})(?:-(?P<day>[0-9]{1,2}))?)?"
    r"|(?P<amount>[0-9]{1,6})(?P<unit>[dwmy])"
    r"|(?P<name>today|yesterday)",
    re.ASCII | re.IGNORECASE,
)
_COMPARISON = re.compile(r"[<>]=?")

HELP = "use a date like 2026-01-05, 2026-01, >2026-01-01, 2026-01..2026-03, 7d or today"


@dataclass(frozen=True, slots=True)
class Period:
    """A calendar period (a day, month or year), a named day, or a time ago."""

    kind: Literal["year", "month", "day", "today", "yesterday", "ago"]
    year: int = 0
    month: int = 1
    day: int = 1
    amount: int = 0
    unit: str = ""

    def bounds(self, now: datetime) -> tuple[datetime, datetime]:
        """Start (included) and end (excluded) of the period, in ``now``'s time zone."""
        zone = now.tzinfo or UTC
        if self.kind == "ago":
            moment = _ago(now, self.amount, self.unit)
            return moment, moment
        if self.kind in ("today", "yesterday"):
            start = datetime(now.year, now.month, now.day, tzinfo=zone)
            if self.kind == "yesterday":
                start -= timedelta(days=1)
            return start, start + timedelta(days=1)
        start = datetime(self.year, self.month, self.day, tzinfo=zone)
        if self.kind == "day":
            return start, start + timedelta(days=1)
        if self.kind == "month":
            return start, _add_months(start, 1, zone)
        return start, datetime(self.year + 1, 1, 1, tzinfo=zone)


@dataclass(frozen=True, slots=True)
class DateSpec:
    """A parsed date value: one period with a comparison, or a range."""

    comparison: Comparison = "="
    first: Period | None = None
    last: Period | None = None
    """The end of a range (``first..last``); None outside ranges."""
    is_range: bool = False

    def bounds(self, now: datetime) -> tuple[datetime | None, datetime | None]:
        """The moments kept: from the first (included) to the second (excluded)."""
        if self.is_range:
            low = self.first.bounds(now)[0] if self.first else None
            high = self.last.bounds(now)[1] if self.last else None
            return low, high
        assert self.first is not None
        start, end = self.first.bounds(now)
        if self.first.kind == "ago" and self.comparison == "=":
            return start, None  # "7d": within the last seven days
        return {
            "=": (start, end),
            ">": (end, None),
            ">=": (start, None),
            "<": (None, start),
            "<=": (None, end),
        }[self.comparison]


def parse_date_spec(value: str, column: int, field: str) -> DateSpec:
    """Parse a date value that starts at ``column``; raises :class:`QueryError`."""
    if ".." in value:
        head, _, tail = value.partition("..")
        if not head and not tail:
            raise QueryError(f"{field}: a range needs a date on at least one side", column)
        first = _period(head, column, field) if head else None
        last = _period(tail, column + len(head) + 2, field) if tail else None
        if first and last and _reversed(first, last):
            raise QueryError(
                f"{field}: the range ends before it starts; write {tail}..{head}", column
            )
        return DateSpec(first=first, last=last, is_range=True)
    match = _COMPARISON.match(value)
    comparison: Comparison = "="
    offset = 0
    if match:
        comparison = match.group(0)  # type: ignore[assignment]
        offset = match.end()
    if not value[offset:]:
        raise QueryError(f"{field}: nothing after {value!r}; {HELP}", column)
    return DateSpec(comparison, _period(value[offset:], column + offset, field))


def _reversed(first: Period, last: Period) -> bool:
    """True when a range's last period ends before its first begins (it would keep nothing).

    Calendar dates compare alone, and so do days ago; a mix depends on the day it runs.
    """
    relative = ("today", "yesterday", "ago")
    if (first.kind in relative) != (last.kind in relative):
        return False
    now = datetime.now(UTC)
    return last.bounds(now)[1] <= first.bounds(now)[0]


def _period(text: str, column: int, field: str) -> Period:
    match = _PERIOD.fullmatch(text)
    if match is None:
        raise QueryError(f"{field}: not a date: {text!r}; {HELP}", column)
    if match["name"]:
        return Period(match["name"].lower())  # type: ignore[arg-type]
    if match["amount"]:
        amount, unit = int(match["amount"]), match["unit"].lower()
        if amount > _LIMITS[unit]:
            raise QueryError(
                f"{field}: {text!r} is too far back (at most {_LIMITS[unit]} {_UNITS[unit]})",
                column,
            )
        return Period("ago", amount=amount, unit=unit)
    year = int(match["year"])
    month = int(match["month"] or 1)
    day = int(match["day"] or 1)
    if not 1000 <= year <= 9998:
        raise QueryError(f"{field}: year {year} is out of range", column)
    try:
        datetime(year, month, day)
    except ValueError:
        raise QueryError(f"{field}: no such date: {text!r}", column) from None
    kind = "day" if match["day"] else "month" if match["month"] else "year"
    return Period(kind, year, month, day)  # type: ignore[arg-type]


def _add_months(moment: datetime, months: int, zone: tzinfo) -> datetime:
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    day = min(moment.day, _month_length(year, month + 1))
    return datetime(year, month + 1, day, moment.hour, moment.minute, moment.second, tzinfo=zone)


def _month_length(year: int, month: int) -> int:
    following = datetime(year + (month == 12), month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


def _ago(now: datetime, amount: int, unit: str) -> datetime:
    if unit == "d":
        return now - timedelta(days=amount)
    if unit == "w":
        return now - timedelta(weeks=amount)
    months = amount if unit == "m" else amount * 12
    return _add_months(now, -months, now.tzinfo or UTC)


def moment(text: str) -> datetime | None:
    """A stored ISO 8601 date or date-time as an aware datetime (UTC when none is given)."""
    if not text:
        return None
    try:
        found = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return found if found.tzinfo else found.replace(tzinfo=UTC)
