"""Today's review queue: the cards due by the end of the day, then new highlights up to
the daily limit, optionally only those a query holds for.

Built on data (the store's highlight and card records, no objects) in one pass,
so 100,000 highlights take a fraction of the 100 ms target once the records are
in memory (``python benchmarks/review_queue.py``).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from tui_reader.model import Article, Highlight
from tui_reader.review import clock
from tui_reader.review.cards import due_at, iso
from tui_reader.review.settings import OPT_OUT_TAG, ReviewSettings
from tui_reader.review.table import review_table
from tui_reader.store import Library

if TYPE_CHECKING:
    from tui_reader.query import Query

Record = dict[str, Any]


@dataclass(slots=True)
class ReviewItem:
    """One highlight to review: its stored record, its article and its card (None: new)."""

    record: Record
    article: Article
    card: Record | None
    _highlight: Highlight | None = None

    @property
    def highlight(self) -> Highlight:
        """The highlight (built from its record on first use)."""
        if self._highlight is None:
            self._highlight = Highlight.from_dict(self.record)
        return self._highlight

    @property
    def id(self) -> str:
        """The highlight's id."""
        return str(self.record.get("id", ""))

    @property
    def is_new(self) -> bool:
        """True when the highlight was never reviewed."""
        return self.card is None or not self.card.get("due")


@dataclass(slots=True)
class ReviewQueue:
    """Today's queue and the counts around it."""

    items: list[ReviewItem] = field(default_factory=list)
    """Due cards (most overdue first), then new highlights (oldest first)."""
    due_total: int = 0
    """Cards due by the end of today (before ``max_reviews`` and ``limit``)."""
    new_available: int = 0
    """Highlights never reviewed that could come up."""
    new_today: int = 0
    """Highlights brought into review earlier today (they count against the daily limit)."""
    due_tomorrow: int = 0
    """Cards due during tomorrow."""
    next_due: str = ""
    """The earliest due time after today (ISO, UTC), or ""."""

    @property
    def due(self) -> int:
        """Due cards in the queue."""
        return sum(1 for item in self.items if not item.is_new)

    @property
    def new(self) -> int:
        """New highlights in the queue."""
        return sum(1 for item in self.items if item.is_new)


def day_bounds(now: datetime) -> tuple[str, str, str]:
    """The start of ``now``'s local day, of the next day and of the day after, as record
    text (UTC ISO)."""
    local = now.astimezone()
    start = datetime.combine(local.date(), time(), local.tzinfo)
    tomorrow = (start + timedelta(days=1)).astimezone()
    after = (start + timedelta(days=2)).astimezone()
    # re-anchor on local midnight (a DST change makes a day 23 or 25 hours)
    tomorrow = datetime.combine(tomorrow.date(), time()).astimezone()
    after = datetime.combine(after.date(), time()).astimezone()
    return iso(start), iso(tomorrow), iso(after)


Entry = tuple[str, str, Record, Article, "Record | None"]
"""(due or created, highlight id, record, article, card): ids are unique, so entries never
compare beyond the id."""


def _keep_first(entries: list[Entry], room: int, entry: Entry) -> None:
    """Put ``entry`` in its place in the sorted ``entries``, keeping only the first ``room``."""
    bisect.insort(entries, entry)
    if len(entries) > room:
        entries.pop()


def _tag_set(tags: Any) -> set[str]:
    return {str(tag).casefold() for tag in tags or ()}


def _opted_out(tags: Any, exclude: set[str], harmless: set[str]) -> bool:
    """True when one of a highlight's ``tags`` is an opt-out tag. ``harmless`` collects the
    tags found not to be, so the usual case is one set test in C."""
    if not tags or harmless.issuperset(tags):
        return False
    for tag in tags:
        if str(tag).casefold() in exclude:
            return True
        harmless.add(tag)
    return False


def build_queue(
    library: Library,
    settings: ReviewSettings | None = None,
    now: datetime | None = None,
    query: Query | None = None,
    limit: int | None = None,
) -> ReviewQueue:
    """Today's queue for ``library`` at ``now`` (default: this moment).

    A highlight comes up when its card is due before the end of the local day, or
    when it was never reviewed and today's new highlights are fewer than
    ``settings.daily_limit``; at most ``settings.max_reviews`` due cards (most overdue
    first) a day. Left out: retired cards, articles or highlights carrying
    ``review:off`` or one of ``settings.exclude_tags``, articles without one of ``settings.include_tags``
    (when given), highlights ``query`` does not hold for. ``limit`` caps the queue.
    """
    from tui_reader.query.highlight_table import highlight_table

    settings = settings or ReviewSettings()
    now = now or clock.now()
    today, tomorrow, after = day_bounds(now)
    exclude = _tag_set((OPT_OUT_TAG, *settings.exclude_tags))
    include = _tag_set(settings.include_tags)
    keep: Callable[[Article, Record], bool] | None = None
    if query is not None and query.where is not None:
        from tui_reader.query import Matcher

        keep = Matcher(library, query, now=now).holds_for_record
    grouped = highlight_table(library).grouped()
    # The catalog is loaded once and kept up to date by the store (the library screen has
    # it already); then the articles with highlights are dictionary lookups, not sorted.
    len(library)
    articles = library.get_many(grouped)
    cards = review_table(library).by_article()
    return _collect(
        grouped, articles, cards, settings, keep, exclude, include, today, tomorrow, after, limit
    )


def _collect(
    grouped: dict[str, list[Record]],
    articles: dict[str, Article],
    cards: dict[str, dict[str, Record]],
    settings: ReviewSettings,
    keep: Callable[[Article, Record], bool] | None,
    exclude: set[str],
    include: set[str],
    today: str,
    tomorrow: str,
    after: str,
    limit: int | None,
) -> ReviewQueue:
    """The pass of :func:`build_queue` over every highlight record.

    Only the chosen few are kept, in order, as the pass goes (a sorted list as long as
    the day's room, and a threshold to beat): a backlog of 50,000 due cards or 50,000
    highlights never reviewed costs a comparison each, not an object each.
    """
    queue = ReviewQueue()
    for article_cards in cards.values():
        for card in article_cards.values():
            log = card.get("log")
            if log and today <= log[0][0] < tomorrow:
                queue.new_today += 1
    due_room = settings.max_reviews
    new_room = max(0, settings.daily_limit - queue.new_today)
    if limit is not None:
        due_room, new_room = min(due_room, limit), min(new_room, limit)
    due: list[Entry] = []
    new: list[Entry] = []
    harmless: set[str] = set()  # highlight tags known not to opt out
    no_cards: dict[str, Record] = {}
    for article_id, records in grouped.items():
        article = articles.get(article_id)
        if article is None:
            continue
        if article.tags:
            folded = _tag_set(article.tags)
            if folded & exclude or (include and not folded & include):
                continue
        elif include:
            continue
        article_cards = cards.get(article_id, no_cards)
        for record in records:
            hl_id = record["id"]
            card = article_cards.get(hl_id) if article_cards else None
            if card is not None and card.get("retired"):
                continue
            tags = record.get("tags")
            if tags and not harmless.issuperset(tags) and _opted_out(tags, exclude, harmless):
                continue
            if keep is not None and not keep(article, record):
                continue
            when = card.get("due") if card is not None else ""
            if not when:
                queue.new_available += 1
                created = str(record.get("created", ""))
                if len(new) < new_room or (new_room and created <= new[-1][0]):
                    _keep_first(new, new_room, (created, hl_id, record, article, card))
                continue
            if len(when) != 25 or not when.endswith("+00:00"):
                when = due_at(card)  # type: ignore[arg-type]
            if when < tomorrow:
                queue.due_total += 1
                if len(due) < due_room or (due_room and when <= due[-1][0]):
                    _keep_first(due, due_room, (when, hl_id, record, article, card))
                continue
            if when < after:
                queue.due_tomorrow += 1
            if not queue.next_due or when < queue.next_due:
                queue.next_due = when
    chosen = due + new
    if limit is not None:
        chosen = chosen[:limit]
    queue.items = [ReviewItem(record, article, card) for _, _, record, article, card in chosen]
    return queue
