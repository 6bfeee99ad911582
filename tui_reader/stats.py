"""Reading and review statistics: numbers the stats screen and ``newsread stats`` show.

:func:`compute_stats` reads the catalog once and the highlight records once
(raw rows, no objects built) and returns a :class:`LibraryStats`: articles
read and highlights made per week, streaks, top tags and sources, totals.
Everything is counted against a given ``today`` and time zone, so the same
library gives the same figures in a test whatever the clock says.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from tui_reader.model import ReadingState

if TYPE_CHECKING:
    from tui_reader.store import Library

#: Weeks shown by default (half a year).
DEFAULT_WEEKS = 26
#: How many tags and sources the top lists hold.
TOP = 8

_FINISHED = (ReadingState.READ, ReadingState.ARCHIVED)


@dataclass(frozen=True, slots=True)
class Weekly:
    """A count per week, oldest week first; the last week is the one holding ``today``."""

    starts: tuple[date, ...]
    """The Monday of each week."""
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        """The sum over the weeks shown."""
        return sum(self.counts)

    @property
    def this_week(self) -> int:
        """The count of the current week."""
        return self.counts[-1] if self.counts else 0

    def to_dict(self) -> list[dict[str, Any]]:
        """JSON-ready: ``[{"week": "2026-11-30", "count": 3}, ...]``."""
        return [
            {"week": s.isoformat(), "count": c}
            for s, c in zip(self.starts, self.counts, strict=True)
        ]


@dataclass(frozen=True, slots=True)
class Streak:
    """Days in a row with something done, ending today (or yesterday), and the longest run."""

    current: int = 0
    longest: int = 0


@dataclass(slots=True)
class LibraryStats:
    """Everything the stats screen shows."""

    today: date
    articles: int = 0
    read: int = 0
    """Articles read or archived."""
    read_undated: int = 0
    """Of those, read before newsread kept the day (or imported as read): not in the weeks."""
    highlights: int = 0
    notes: int = 0
    """Highlights with a note, plus articles with a note of their own."""
    read_weekly: Weekly = field(default_factory=lambda: Weekly((), ()))
    highlight_weekly: Weekly = field(default_factory=lambda: Weekly((), ()))
    activity: Streak = field(default_factory=Streak)
    """Days in a row on which an article was read or a highlight made."""
    top_tags: list[tuple[str, int]] = field(default_factory=list)
    """Tags by use (articles and highlights carrying them), most used first."""
    top_sources: list[tuple[str, int]] = field(default_factory=list)
    """Sites by article count (the URL's host without ``www.``, else the source)."""
    reviews: Weekly | None = None
    """Reviews per week, when there is a review log."""
    review_streak: Streak | None = None
    reviews_total: int = 0

    @property
    def is_empty(self) -> bool:
        """True for a library without articles."""
        return self.articles == 0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (``newsread stats --json``)."""
        data: dict[str, Any] = {
            "today": self.today.isoformat(),
            "articles": self.articles,
            "read": self.read,
            "read_undated": self.read_undated,
            "highlights": self.highlights,
            "notes": self.notes,
            "streak": {"current": self.activity.current, "longest": self.activity.longest},
            "read_per_week": self.read_weekly.to_dict(),
            "highlights_per_week": self.highlight_weekly.to_dict(),
            "top_tags": [{"tag": t, "count": n} for t, n in self.top_tags],
            "top_sources": [{"source": s, "count": n} for s, n in self.top_sources],
        }
        if self.reviews is not None and self.review_streak is not None:
            data["reviews"] = self.reviews_total
            data["reviews_per_week"] = self.reviews.to_dict()
            data["review_streak"] = {
                "current": self.review_streak.current,
                "longest": self.review_streak.longest,
            }
        return data


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


class _Days:
    """Turns ISO date-time texts into local days, remembering the answers.

    In a zone whose offset is a whole number of hours, the day of a moment depends
    only on its date, hour and offset: texts are remembered by those (a year of
    timestamps falls in under 9,000 such keys), not one by one.
    """

    def __init__(self, zone: tzinfo) -> None:
        self.zone = zone
        offset = datetime.now(zone).utcoffset()
        self._by_hour = offset is not None and offset % timedelta(hours=1) == timedelta(0)
        self._seen: dict[str, date | None] = {}

    def __call__(self, text: Any) -> date | None:
        if not text or not isinstance(text, str):
            return None
        # By the hour only when the text's own offset is whole hours too (``+02:00``).
        hourly = self._by_hour and len(text) == 25 and text.endswith("00")
        key = text[:13] + text[19:] if hourly else text
        try:
            return self._seen[key]
        except KeyError:
            pass
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            day = None
        else:
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            day = moment.astimezone(self.zone).date()
        if len(self._seen) < 200_000:
            self._seen[key] = day
        return day


def weekly(days: Counter[date], today: date, weeks: int) -> Weekly:
    """``days`` (a count per day) summed per week for the ``weeks`` weeks ending with today's."""
    first = week_start(today) - timedelta(weeks=weeks - 1)
    counts = [0] * weeks
    for day, n in days.items():
        if first <= day <= today:
            counts[(day - first).days // 7] += n
    starts = tuple(first + timedelta(weeks=i) for i in range(weeks))
    return Weekly(starts, tuple(counts))


def streak(days: Iterable[date], today: date) -> Streak:
    """The run of consecutive days ending today (or yesterday: today is not over), and the
    longest run ever."""
    active = sorted(set(d for d in days if d <= today))
    longest = run = 0
    previous: date | None = None
    for day in active:
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        longest = max(longest, run)
        previous = day
    current = 0
    if previous is not None and (today - previous).days <= 1:
        current = run
    return Streak(current, longest)


def _host(url: str) -> str:
    # Cheap host extraction (urlsplit is several times slower and this runs per article).
    start = url.find("://")
    if start < 0:
        return ""
    host = url[start + 3 :].split("/", 1)[0]
    if "@" in host or ":" in host:
        host = host.rsplit("@", 1)[-1].split(":", 1)[0]
    return host.lower().removeprefix("www.")


def review_times(library: Library) -> list[datetime] | None:
    """When each rating of the library's review log was given; None before the first
    review (the review figures are left out rather than shown as zeros)."""
    from tui_reader.review.log import review_log

    return [entry.when for entry in review_log(library)] or None


def _site(source: str) -> str:
    # A source that is a host name (``www.rfa.org``) counts with its URL's (``rfa.org``).
    return source.removeprefix("www.") if " " not in source else source


def compute_stats(
    library: Library,
    *,
    today: date | None = None,
    zone: tzinfo | None = None,
    weeks: int = DEFAULT_WEEKS,
    review_times: Iterable[datetime] | None = None,
    top: int = TOP,
) -> LibraryStats:
    """The library's statistics as of ``today`` (default: the local date) in ``zone``
    (default: local time). ``review_times`` are the moments of the review log, if any."""
    zone = zone or datetime.now().astimezone().tzinfo or UTC
    today = today or datetime.now(zone).date()
    weeks = max(1, weeks)
    to_day = _Days(zone)
    stats = LibraryStats(today)
    read_days: Counter[date] = Counter()
    tag_uses: list[str] = []
    sites: list[str] = []
    for article in library.articles():
        stats.articles += 1
        if article.note:
            stats.notes += 1
        if article.state in _FINISHED:
            stats.read += 1
            day = to_day(article.read_at)
            if day is None:
                stats.read_undated += 1
            else:
                read_days[day] += 1
        if article.tags:
            tag_uses.extend(article.tags)
        sites.append(_host(article.url) or _site(article.source))
    highlight_days: Counter[date] = Counter()
    for row in library.highlight_records():
        stats.highlights += 1
        if row.get("note"):
            stats.notes += 1
        row_tags = row.get("tags")
        if row_tags:
            tag_uses.extend(row_tags)
        day = to_day(row.get("created"))
        if day is not None:
            highlight_days[day] += 1
    tags: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for tag, n in Counter(tag_uses).items():  # case folded once per distinct tag
        key = str(tag).casefold()
        tags[key] += n
        spellings.setdefault(key, Counter())[str(tag)] += n
    sources = Counter(sites)
    sources.pop("", None)
    stats.read_weekly = weekly(read_days, today, weeks)
    stats.highlight_weekly = weekly(highlight_days, today, weeks)
    stats.activity = streak([*read_days, *highlight_days], today)
    # Counted without case, shown as most often spelled ("Tech", not "tech").
    top_keys = sorted(tags.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    stats.top_tags = [(spellings[key].most_common(1)[0][0], n) for key, n in top_keys]
    stats.top_sources = sorted(sources.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    if review_times is not None:
        review_days: Counter[date] = Counter()
        for moment in review_times:
            aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
            review_days[aware.astimezone(zone).date()] += 1
        stats.reviews_total = sum(review_days.values())
        stats.reviews = weekly(review_days, today, weeks)
        stats.review_streak = streak(review_days, today)
    return stats
