"""Every highlight of a library placed for review, in kept sorted lists.

Building today's queue asks, for 100,000 highlights: which cards are due before
tomorrow (most overdue first), which highlights were never reviewed (oldest
first), and how many of each. Answered by a pass over every record, that is a
dictionary look-up and a few comparisons per highlight at every build. Here each
highlight sits once in one of two sorted lists (``due``: by due time; ``new``: by
creation), so the day's cards are a slice and the counts a bisection; the lists
are kept in step with the store's saves one article at a time (a rating moves one
entry), like the catalog table of queries.

What is left out of review whatever the settings (retired cards, highlights of an
article not in the library) is left out of the lists; what depends on the settings
(opt-out and include tags) is found through tag -> entries maps and tested on the
slice only when one of them names something.
"""

from __future__ import annotations

import threading
from bisect import bisect_left, insort
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from tui_reader.model import Article
from tui_reader.review.cards import due_at
from tui_reader.review.table import review_table
from tui_reader.store.changes import Changes
from tui_reader.store.derived import PerLibrary
from tui_reader.store.library import Library

Record = dict[str, Any]
Entry = tuple[str, str, str]
"""(due time or creation time, highlight id, article id): sorted, most urgent first."""

#: More stale articles than this at once (an import, a restore): every list is made again
#: (one sort) instead of moving their entries one by one.
REBUILD_AFTER = 1000


@dataclass(slots=True)
class Part:
    """What one article puts in the lists (so its entries can be taken out again)."""

    article: Article | None
    """The article, or None when it is not in the library (its highlights never come up)."""
    records: dict[str, Record] = field(default_factory=dict)
    """Highlight id -> its record (those with an entry)."""
    entries: dict[str, Entry] = field(default_factory=dict)
    """Highlight id -> its entry."""
    cards: dict[str, Record] = field(default_factory=dict)
    """Highlight id -> its review card (every card kept for the article)."""
    due: list[Entry] = field(default_factory=list)
    new: list[Entry] = field(default_factory=list)
    first_reviews: list[str] = field(default_factory=list)
    """When each of its cards was first rated (counts against a day's new highlights)."""
    tags: frozenset[str] = frozenset()
    """The article's tags, folded."""
    tagged: list[tuple[Entry, frozenset[str]]] = field(default_factory=list)
    """The entries of highlights carrying tags, with their tags folded."""


def make_part(
    article_id: str, article: Article | None, records: Iterable[Record], cards: dict[str, Record]
) -> Part:
    """The entries of one article's highlights (the rules of :func:`build_queue`)."""
    part = Part(article, cards=cards)
    for card in cards.values():
        log = card.get("log")
        if log:
            part.first_reviews.append(log[0][0])
    if article is None:
        return part
    part.tags = frozenset(str(t).casefold() for t in article.tags)
    for record in records:
        hl_id = record["id"]
        card = cards.get(hl_id)
        if card is not None and card.get("retired"):
            continue
        when = card.get("due") if card is not None else ""
        if not when:
            entry = (str(record.get("created", "")), hl_id, article_id)
            part.new.append(entry)
        else:
            if len(when) != 25 or not when.endswith("+00:00"):
                when = due_at(card)  # type: ignore[arg-type]
            entry = (when, hl_id, article_id)
            part.due.append(entry)
        part.records[hl_id] = record
        part.entries[hl_id] = entry
        tags = record.get("tags")
        if tags:
            part.tagged.append((entry, frozenset(str(t).casefold() for t in tags)))
    return part


class DueIndex:
    """The review lists of one library, brought up to date by :meth:`reading`."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._lock = threading.Lock()
        self._reading = threading.RLock()
        self._stale: set[str] | None = None
        """Articles to read again (None: everything, on next use)."""
        self.parts: dict[str, Part] = {}
        self.due: list[Entry] = []
        """Cards with a due time (retired ones left out), soonest first."""
        self.new: list[Entry] = []
        """Highlights never reviewed (retired ones left out), oldest first."""
        self.first_reviews: list[str] = []
        """When every card was first rated, sorted."""
        self.article_tags: dict[str, set[str]] = {}
        """Folded tag -> ids of the articles (with highlights or cards) carrying it."""
        self.highlight_tags: dict[str, set[Entry]] = {}
        """Folded tag -> the entries of the highlights carrying it."""
        self.unsubscribe = library.subscribe(self._changed)

    def _changed(self, changes: Changes) -> None:
        # In the saving thread: only note the ids.
        with self._lock:
            if self._stale is not None:
                self._stale |= (
                    changes.highlights | changes.reviews | changes.articles | changes.deleted
                )

    @contextmanager
    def reading(self) -> Iterator[DueIndex]:
        """The lists brought up to date, held still while the caller reads them."""
        with self._reading:
            self._refresh()
            yield self

    def _refresh(self) -> None:
        from tui_reader.query.highlight_table import highlight_table

        with self._lock:
            stale, self._stale = self._stale, set()
        if stale is not None and not stale:
            return
        grouped = highlight_table(self.library).grouped()
        cards = review_table(self.library).by_article()
        if stale is None or len(stale) > REBUILD_AFTER:
            self._build(grouped, cards)
            return
        articles = self.library.get_many(stale & grouped.keys())
        for article_id in stale:
            old = self.parts.pop(article_id, None)
            if old is not None:
                self._take_out(article_id, old)
            if article_id in grouped or article_id in cards:
                part = make_part(
                    article_id,
                    articles.get(article_id),
                    grouped.get(article_id, ()),
                    cards.get(article_id, {}),
                )
                self.parts[article_id] = part
                self._put_in(article_id, part)

    def _build(self, grouped: dict[str, list[Record]], cards: dict[str, dict[str, Record]]) -> None:
        len(self.library)  # the whole catalog, once: then the articles are look-ups
        articles = self.library.get_many(grouped)
        self.parts = {
            article_id: make_part(
                article_id,
                articles.get(article_id),
                grouped.get(article_id, ()),
                cards.get(article_id, {}),
            )
            for article_id in grouped.keys() | cards.keys()
        }
        parts = self.parts.values()
        self.due = sorted(e for p in parts for e in p.due)
        self.new = sorted(e for p in parts for e in p.new)
        self.first_reviews = sorted(d for p in parts for d in p.first_reviews)
        self.article_tags = {}
        self.highlight_tags = {}
        for article_id, part in self.parts.items():
            self._tag(article_id, part)

    def _tag(self, article_id: str, part: Part) -> None:
        for tag in part.tags:
            self.article_tags.setdefault(tag, set()).add(article_id)
        for entry, tags in part.tagged:
            for tag in tags:
                self.highlight_tags.setdefault(tag, set()).add(entry)

    def _put_in(self, article_id: str, part: Part) -> None:
        for entry in part.due:
            insort(self.due, entry)
        for entry in part.new:
            insort(self.new, entry)
        for when in part.first_reviews:
            insort(self.first_reviews, when)
        self._tag(article_id, part)

    def _take_out(self, article_id: str, part: Part) -> None:
        for kept, entries in ((self.due, part.due), (self.new, part.new)):
            for entry in entries:
                del kept[bisect_left(kept, entry)]
        for when in part.first_reviews:
            del self.first_reviews[bisect_left(self.first_reviews, when)]
        for tag in part.tags:
            self.article_tags[tag].discard(article_id)
        for entry, tags in part.tagged:
            for tag in tags:
                self.highlight_tags[tag].discard(entry)

    # ------------------------------------------------------------------ reading

    def articles_tagged(self, tags: Iterable[str]) -> set[str]:
        """The articles carrying one of ``tags`` (folded)."""
        found: set[str] = set()
        for tag in tags:
            found |= self.article_tags.get(tag, set())
        return found

    def entries_tagged(self, tags: Iterable[str]) -> set[Entry]:
        """The entries of the highlights carrying one of ``tags`` (folded)."""
        found: set[Entry] = set()
        for tag in tags:
            found |= self.highlight_tags.get(tag, set())
        return found

    def entries_of(self, highlights: Iterable[tuple[str, str]]) -> set[Entry]:
        """The entries of ``highlights`` (``(article id, highlight id)``) that have one."""
        parts = self.parts
        found: set[Entry] = set()
        for article_id, hl_id in highlights:
            part = parts.get(article_id)
            entry = part.entries.get(hl_id) if part is not None else None
            if entry is not None:
                found.add(entry)
        return found

    def item(self, entry: Entry) -> tuple[Record, Article, Record | None]:
        """The highlight record, article and card (None: never reviewed) of ``entry``."""
        part = self.parts[entry[2]]
        assert part.article is not None
        return part.records[entry[1]], part.article, part.cards.get(entry[1])


#: The lists of a library (made, and subscribed to its saves, on first use).
due_index: PerLibrary[DueIndex] = PerLibrary(DueIndex)
