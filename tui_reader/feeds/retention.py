"""Per-feed retention: read articles go to the archive after N days, and archived
articles nobody annotated are deleted after M days.

Each subscription may set ``archive_after`` (N) and ``remove_after`` (M), in
days, 0 meaning never. Ages count from when the article arrived in the
library (``added``): the store keeps no date of reading or archiving.

- archiving moves an article of the feed that is read and waits in the inbox
  (what the user put in *later* stays there);
- removal deletes an article of the feed that is in the archive, older than M
  days, and unannotated: no highlight (orphans count), no article note, and no
  tag besides the feed's own tags. Anything the user wrote keeps it forever.
  An article archived by one tidy is removed, at the earliest, by the next.

:func:`tidy` runs after each refresh and from ``newsread feeds tidy``; with
``dry_run`` it only says what it would do. The archived articles are
written in one change (``put_many``, their records only); each removal goes
through the store's ``delete``, after the article is read again: one
annotated or moved meanwhile stays. The articles to remove are first
recorded as the user's deletions are (:mod:`tui_reader.feeds.removed`, one
write for all), so no feed adds them again: not the feed that listed one, and
not another feed listing the same entry.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Literal, Protocol

from tui_reader.feeds.removed import record_removed
from tui_reader.feeds.subscriptions import Subscription
from tui_reader.model import Article, Queue, ReadingState, canonical_url
from tui_reader.store import Library, NotFound

Action = Literal["archive", "remove"]


class Deleter(Protocol):
    """What deletes an article (a :class:`Library`)."""

    def delete(self, article_id: str) -> Article: ...


@dataclass(frozen=True, slots=True)
class Tidied:
    """One article that was (or would be) archived or removed."""

    article_id: str
    title: str
    feed: str
    """The feed's name (title, or address)."""
    action: Action


@dataclass(slots=True)
class TidyReport:
    """What a tidy did, or would do with ``dry_run``."""

    archived: list[Tidied] = field(default_factory=list)
    removed: list[Tidied] = field(default_factory=list)
    kept: int = 0
    """Archived articles old enough to remove, kept because they are annotated."""
    dry_run: bool = False
    cancelled: bool = False

    def summary(self) -> str:
        """One line for the user."""
        verb = ("would archive", "would remove") if self.dry_run else ("archived", "removed")
        text = (
            f"{verb[0]} {_count(len(self.archived))}, {verb[1]} {_count(len(self.removed))}"
            f" ({self.kept} annotated kept)"
        )
        return text + (" (stopped early)" if self.cancelled else "")


def _count(n: int) -> str:
    return f"{n} article{'' if n == 1 else 's'}"


def age_in_days(stamp: str, now: datetime) -> float | None:
    """Days from ISO 8601 ``stamp`` to ``now`` (a stamp without zone is UTC); None if unreadable."""
    try:
        when = datetime.fromisoformat(stamp.strip())
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (now - when) / timedelta(days=1)


def is_annotated(article: Article, highlights: int, feed_tags: Iterable[str] = ()) -> bool:
    """True when the user left anything on the article: a highlight, a note, a tag of their own."""
    given = {t.casefold() for t in feed_tags}
    own_tags = [t for t in article.tags if t.casefold() not in given]
    return highlights > 0 or bool(article.note.strip()) or bool(own_tags)


def _is_read(article: Article) -> bool:
    return article.state in (ReadingState.READ, ReadingState.ARCHIVED)


def plan(
    library: Library,
    subs: Iterable[Subscription],
    now: datetime | None = None,
    articles: Iterable[Article] | None = None,
) -> TidyReport:
    """What :func:`tidy` would do now (nothing is changed).

    ``articles`` are the ones to look at (every article of the library by default).
    """
    now = now or datetime.now(UTC)
    by_url = {canonical_url(s.url): s for s in subs if s.archive_after or s.remove_after}
    report = TidyReport(dry_run=True)
    if not by_url:
        return report
    removable: list[tuple[Article, Subscription]] = []
    for article in library.articles() if articles is None else articles:
        sub = by_url.get(canonical_url(article.origin)) if article.origin else None
        if sub is None:
            continue
        age = age_in_days(article.added, now)
        if age is None:
            continue
        if (
            sub.archive_after
            and article.queue is Queue.INBOX
            and _is_read(article)
            and age >= sub.archive_after
        ):
            report.archived.append(Tidied(article.id, article.title, sub.name, "archive"))
        elif sub.remove_after and article.queue is Queue.ARCHIVE and age >= sub.remove_after:
            removable.append((article, sub))
    if removable:
        counts: Counter[str] = library.highlight_counts()
        for article, sub in removable:
            if is_annotated(article, counts[article.id], sub.tags):
                report.kept += 1
            else:
                report.removed.append(Tidied(article.id, article.title, sub.name, "remove"))
    return report


def tidy(
    library: Library,
    subs: Iterable[Subscription],
    *,
    now: datetime | None = None,
    dry_run: bool = False,
    articles: Iterable[Article] | None = None,
    deleter: Deleter | None = None,
    cancel: threading.Event | None = None,
) -> TidyReport:
    """Apply the retention of ``subs`` to ``library``; returns what moved and what went.

    ``articles`` limits the articles looked at (as for :func:`plan`);
    ``deleter`` deletes (by default the library, the articles to remove first recorded
    as deleted, :func:`tui_reader.feeds.removed.record_removed`, so that no feed adds
    them again).
    """
    subs = list(subs)
    report = plan(library, subs, now, articles)
    report.dry_run = dry_run
    if dry_run:
        return report
    done = TidyReport(kept=report.kept)
    moved: list[Article] = []
    for item in report.archived:
        current = library.saved(item.article_id)
        if current is not None and current.queue is Queue.INBOX and _is_read(current):
            moved.append(replace(current, queue=Queue.ARCHIVE))
            done.archived.append(item)
    if moved:
        library.put_many([(article, None, ()) for article in moved])
    feed_of = {canonical_url(s.url): s for s in subs}
    if deleter is None and report.removed:  # as the user's deletions: no feed adds them again
        record_removed(library, library.get_many(i.article_id for i in report.removed).values())
    for item in report.removed:
        if cancel is not None and cancel.is_set():
            done.cancelled = True
            return done
        current = library.saved(item.article_id)
        if current is None or current.queue is not Queue.ARCHIVE:
            continue
        sub = feed_of.get(canonical_url(current.origin))
        feed_tags = sub.tags if sub is not None else ()
        if is_annotated(current, library.highlight_count(item.article_id), feed_tags):
            done.kept += 1
            continue
        try:
            (deleter or library).delete(item.article_id)
        except NotFound:
            continue
        done.removed.append(item)
    return done
