"""What a list of feeds shows: each subscription with its unread count, and "2 h ago".

Read from the catalog only (article records, never their texts), in one pass
over the articles whatever the number of feeds. Nothing here imports textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from tui_reader.feeds.subscriptions import Subscription, subscriptions, unread_counts
from tui_reader.store import Library


@dataclass(frozen=True, slots=True)
class FeedRow:
    """One subscription as a list shows it."""

    sub: Subscription
    unread: int
    """Unread articles that came from this feed."""

    @property
    def failing(self) -> bool:
        """True when the last refresh of this feed failed."""
        return bool(self.sub.last_error)


def feed_rows(library: Library) -> list[FeedRow]:
    """Every subscription of ``library`` in the order added, with its unread count."""
    subs = subscriptions(library)
    counts = unread_counts(library.articles(), subs) if subs else {}
    return [FeedRow(sub, counts.get(sub.url, 0)) for sub in subs]


def parse_moment(text: str) -> datetime | None:
    """An ISO 8601 time as an aware datetime (UTC when it names no zone), or None."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def ago(when: str, now: datetime | None = None) -> str:
    """``when`` (ISO 8601) relative to ``now``: "just now", "5 min ago", "2 h ago",
    "3 d ago", or the date after two months; "never" for an empty time."""
    if not when.strip():
        return "never"
    moment = parse_moment(when)
    if moment is None:
        return when.strip()[:10]
    seconds = ((now or datetime.now(UTC)) - moment).total_seconds()
    if seconds < 60:
        return "just now" if seconds > -60 else moment.date().isoformat()
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} min ago"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} h ago"
    days = hours // 24
    if days < 60:
        return f"{days} d ago"
    return moment.date().isoformat()
