"""What the library screen lists: the query, the tag filter and the sort, applied to data.

The search box holds a query in the language of :mod:`tui_reader.query`; the
tag filter adds ``tag:T`` to it. Search, filter and sort work on
:class:`Article` records, never on widgets, so they cost the same whatever is
on screen. Nothing here imports textual.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from tui_reader.model import Article, Queue
from tui_reader.query import QueryError
from tui_reader.store import Library

if TYPE_CHECKING:  # the query, the index and evaluation load with the first listing,
    # not at start-up (the first screen is drawn from the recent articles)
    from tui_reader.index import Snippet
    from tui_reader.query import Query, Sort

#: Rows of a search result given a snippet at once (a 50-line screen shows 24 rows
#: with their snippet lines); the list asks for the others as they are drawn.
SNIPPET_ROWS = 30


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


#: The query-language sort each sort mode stands for: (key, descending).
SORTS = {
    SortMode.ADDED: ("added", True),
    SortMode.PUBLISHED: ("published", True),
    SortMode.TITLE: ("title", False),
    SortMode.PROGRESS: ("progress", True),
}


def query_sort(mode: SortMode) -> Sort:
    """The query-language sort ``mode`` stands for."""
    from tui_reader.query.nodes import Sort

    key, descending = SORTS[mode]
    return Sort(key, descending=descending)


def sort_articles(articles: Iterable[Article], mode: SortMode) -> list[Article]:
    """``articles`` in ``mode`` order; ties (and missing dates) fall back to newest added."""
    from tui_reader.query.evaluate import order

    return order(articles, query_sort(mode))


@dataclass(frozen=True, slots=True)
class ListingQuery:
    """What the user asked to see."""

    search: str = ""
    """A query (docs/query.md): words searched in the title, source, tags and text,
    fields such as ``tag:`` or ``is:unread``; its ``sort:`` wins over :attr:`sort`.
    A query with words and no ``sort:`` lists the best matches first (bm25), unless
    another :attr:`sort` than the default was chosen."""
    tag: str = ""
    """Only articles with this tag, or every article when empty."""
    sort: SortMode = SortMode.ADDED
    queue: Queue | None = Queue.INBOX
    """The part of the reading queue shown while nothing is searched (None: every article)."""
    feed: str = ""
    """Only articles from the feed at this address (``feed:`` in the query language), or
    every article when empty; unlike a search, the queue view still applies."""

    @property
    def shown_queue(self) -> Queue | None:
        """The queue the rows come from: a search or a tag filter looks in all of them."""
        return None if self.search.strip() or self.tag else self.queue


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
    error: str = ""
    """Why the search could not be read (one line with a column); no rows then."""
    sort_label: str = ""
    """How the rows are sorted when the search's ``sort:`` chose it (else the sort mode's)."""
    snippets: dict[str, Snippet] = field(default_factory=dict)
    """For a search with words: the words each of the first rows matched, in context."""
    snippet_words: str = ""
    """The search's words (every row shows a snippet of them: the first rows' are in
    :attr:`snippets`, the others are fetched as they are drawn)."""


def build_listing(library: Library, query: ListingQuery) -> Listing:
    """Run ``query`` against ``library`` (the first full-text search is slow: use a thread).

    A malformed search gives a listing with :attr:`Listing.error` set and no rows.
    """
    from tui_reader.query import parse_query, run_query
    from tui_reader.query.nodes import Feed, Place, Tag

    try:
        parsed = parse_query(query.search)
    except QueryError as error:
        return Listing(query, [], 0, error=str(error))
    if query.tag:
        parsed = parsed.narrowed(Tag(query.tag))
    if query.feed:
        parsed = parsed.narrowed(Feed(query.feed))
    if query.shown_queue is not None:
        parsed = parsed.narrowed(Place(str(query.shown_queue)))
    ranked = parsed.sort is None and query.sort is SortMode.ADDED and has_words(parsed)
    default = None if ranked else query_sort(query.sort)
    result = run_query(library, parsed, default_sort=default, table=True)
    total = result.total if result.total >= 0 else len(library)
    from tui_reader.query.catalog_table import catalog_table

    kept = catalog_table(library)  # loaded by the first listing: counted once per save
    counts = kept.tag_counts() if kept.loaded else library.tag_counts()
    listing = Listing(query, result.articles, total, counts)
    if parsed.sort is not None:
        listing.sort_label = sort_label(parsed.sort)
    elif ranked:
        listing.sort_label = RELEVANCE
    words = " ".join(f'"{t.value}"' if t.phrase else t.value for t in parsed.text_terms)
    if words and listing.rows:
        from tui_reader.store.searching import snippets_for

        first = [article.id for article in listing.rows[:SNIPPET_ROWS]]
        listing.snippets = snippets_for(library, first, words)
        if listing.snippets:  # words that are no words at all ("^") get no snippet line
            listing.snippet_words = words
    return listing


#: How many of a search's best matches are shown before its whole listing is built.
FIRST_PAGE_ROWS = 100


def first_page(library: Library, query: ListingQuery) -> Listing | None:
    """The first rows of a search made only of words and phrases, ranked by them: the
    index's best :data:`FIRST_PAGE_ROWS` matches, in the listing's order (ties newest
    added first), as a partial listing to show while the whole one is built (at 93,000
    matches it takes about five times as long). None when the search has anything else
    in it, the index is not ready, or every match is on this page (the whole listing is
    as quick then).
    """
    from tui_reader.index import IndexState, IndexUnavailable, TextQuery
    from tui_reader.query import parse_query
    from tui_reader.query.nodes import And, Text

    if query.tag or query.feed or query.sort is not SortMode.ADDED or not query.search.strip():
        return None
    try:
        parsed = parse_query(query.search)
    except QueryError:
        return None
    where = parsed.where
    terms = where.nodes if isinstance(where, And) else (where,)
    if parsed.sort is not None or not terms or not all(isinstance(t, Text) for t in terms):
        return None
    words = " ".join(f'"{t.value}"' if t.phrase else t.value for t in parsed.text_terms)
    text = TextQuery.parse(words)
    index = library.search_index
    if not text or index.state is not IndexState.READY:
        return None
    try:
        hits = index.search(text, FIRST_PAGE_ROWS + 1)
    except IndexUnavailable:
        return None
    if len(hits) <= FIRST_PAGE_ROWS:
        return None
    ranks = {hit.article_id: hit.rank for hit in hits[:FIRST_PAGE_ROWS]}
    found = library.get_many(ranks)
    rows = sorted(found.values(), key=lambda a: (-ranks[a.id], a.added, a.id), reverse=True)
    page = Listing(query, rows, len(library), partial=True, sort_label=RELEVANCE)
    page.snippet_words = words  # (each row's drawn as it is shown)
    return page


#: How a search ranked by its words is described in the status line.
RELEVANCE = "relevance, best match first"


def has_words(query: Query) -> bool:
    """True when ``query`` has a word or phrase the full-text index can rank."""
    from tui_reader.query.fulltext import text_query

    return any(text_query(term) for term in query.text_terms)


def sort_label(sort: Sort) -> str:
    """How a query's ``sort:`` is described in the status line."""
    if sort.key == "title":
        return "title, Z to A" if sort.descending else "title, A to Z"
    if sort.key == "progress":
        return "progress, furthest first" if sort.descending else "progress, least first"
    return f"{sort.key}, newest first" if sort.descending else f"{sort.key}, oldest first"
