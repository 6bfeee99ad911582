"""``newsread stats`` as text: the stats screen's figures in a few lines for a terminal."""

from __future__ import annotations

from collections.abc import Sequence

from tui_reader.stats import LibraryStats, Streak, Weekly

_BARS = "▁▂▃▄▅▆▇█"


def sparkline(counts: Sequence[int]) -> str:
    """One character per count: ``▁`` for none, ``█`` for the largest."""
    top = max(counts, default=0)
    if top <= 0:
        return _BARS[0] * len(counts)
    return "".join(_BARS[min(7, round(7 * n / top))] for n in counts)


def _weekly_line(label: str, weekly: Weekly) -> str:
    first = weekly.starts[0].isoformat() if weekly.starts else ""
    return (
        f"{label:<20}{sparkline(weekly.counts)}  {weekly.total:,} in {len(weekly.counts)} weeks "
        f"from {first}, this week {weekly.this_week:,}"
    )


def _streak(streak: Streak) -> str:
    days = "day" if streak.current == 1 else "days"
    return f"{streak.current:,} {days} (longest {streak.longest:,})"


def _top(items: list[tuple[str, int]]) -> str:
    return ", ".join(f"{name} {n:,}" for name, n in items) or "none"


def stats_lines(stats: LibraryStats) -> list[str]:
    """The figures, one line each (the caller sanitises what it prints)."""
    read = f"{stats.read:,} read"
    if stats.read_undated:
        read += f" ({stats.read_undated:,} before newsread kept the day)"
    lines = [
        f"{'Articles':<20}{stats.articles:,}, {read}",
        f"{'Highlights':<20}{stats.highlights:,}, {stats.notes:,} notes",
        f"{'Streak':<20}{_streak(stats.activity)} of reading or highlighting",
        _weekly_line("Read per week", stats.read_weekly),
        _weekly_line("Highlights per week", stats.highlight_weekly),
    ]
    if stats.reviews is not None and stats.review_streak is not None:
        lines.append(_weekly_line("Reviews per week", stats.reviews))
        lines.append(f"{'Review streak':<20}{_streak(stats.review_streak)}")
    lines.append(f"{'Top tags':<20}{_top(stats.top_tags)}")
    lines.append(f"{'Top sources':<20}{_top(stats.top_sources)}")
    return lines
