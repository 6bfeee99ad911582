"""What the library screen lists: the query, the tag filter and the sort, applied to data.

Search, filter and sort work on :class:`Article` records, never on widgets, so
they cost the same whatever is on screen. Nothing here imports textual.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from tui_reader.model import Article
from tui_reader.store import Library


class SortMode(StrEnum):
    """The orders the library list can be shown in (``s`` cycles them)."""

    ADDED = "added"
    PUBLISHED = "published"
    TITLE = "title"
    PROGRESS = "progress"

    @property
    def label(self) -> str:
        """How the sort is described in the status line."""
        return _SORT_LABELS[self]

    def next(self) -> SortMode:
        """The sort after this one, wrapping around."""
        modes = list(SortMode)
        return modes[(modes.index(self) + 1) % len(modes)]


_SORT_LABELS = {
    SortMode.ADDED: "added, newest first",
    SortMode.PUBLISHED: "published, newest first",
    SortMode.TITLE: "title, A to Z",
    SortMode.PROGRESS: "progress, furthest first",
}


def sort_articles(articles: Iterable[Article], mode: SortMode) -> list[Article]:
    """``articles`` in ``mode`` order; ties (and missing dates) fall back to newest added."""
    by_added = sorted(articles, key=lambda a: (a.added, a.id), reverse=True)
    if mode is SortMode.PUBLISHED:
        # Stable sorts: articles without a date go last, newest added first among them.
        return sorted(by_added, key=lambda a: (bool(a.published), a.published), reverse=True)
    if mode is SortMode.TITLE:
        return sorted(by_added, key=lambda a: a.title.casefold())
    if mode is SortMode.PROGRESS:
        return sorted(by_added, key=lambda a: a.progress, reverse=True)
    return by_added


def has_tag(article: Article, tag: str) -> bool:
    """True when ``article`` carries ``tag`` (compared without case)."""
    wanted = tag.casefold()
    return any(t.casefold() == wanted for t in article.tags)


@dataclass(frozen=True, slots=True)
class ListingQuery:
    """What the user asked to see."""

    search: str = ""
    """Words that must all appear in the title, source, tags or text."""
    tag: str = ""
    """Only articles with this tag, or every article when empty."""
    sort: SortMode = SortMode.ADDED


@dataclass(slots=True)
class Listing:
    """The result of a :class:`ListingQuery`: rows to show and facts about the library."""

    query: ListingQuery
    rows: list[Article]
    total: int
    """How many articles the whole library holds."""
    tag_counts: Counter[str] = field(default_factory=Counter)
    """Every tag in the library and how many articles carry it."""
    partial: bool = False
    """True for the quick first listing of the newest articles, before the rest loads."""


def build_listing(library: Library, query: ListingQuery) -> Listing:
    """Run ``query`` against ``library`` (the first full-text search is slow: use a thread)."""
    everything = library.articles()
    found = library.search(query.search) if query.search.strip() else everything
    if query.tag:
        found = [a for a in found if has_tag(a, query.tag)]
    tag_counts: Counter[str] = Counter()
    for article in everything:
        tag_counts.update(article.tags)
    return Listing(query, sort_articles(found, query.sort), len(everything), tag_counts)
