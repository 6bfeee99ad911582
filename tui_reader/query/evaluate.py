"""Running a :class:`Query` over a library's articles and highlights.

An article matches when the query holds for the article itself or for one of
its highlights. Each test looks at what it can see:

- on the article: words and phrases, ``is:``, ``in:``, ``feed:``, ``source:``,
  ``title:``, ``added:``, ``published:`` and ``has:highlights`` hold for the
  article and for every one of its highlights alike;
- ``tag:`` holds for an article carrying the tag, and for a highlight carrying
  it or belonging to such an article;
- ``has:note`` and ``note:`` look at the article's note for the article, and at
  the highlight's own note for a highlight;
- ``colour:`` and ``highlighted:`` hold only for highlights.

So ``colour:yellow`` lists the articles with a yellow highlight, and the
highlights a query selects (for an export) are the ones it holds for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import datetime
from itertools import compress
from operator import ne

from tui_reader.model import Article, Highlight, ReadingState
from tui_reader.query.dates import moment
from tui_reader.query.fulltext import TermHits, search_text, summed_scores
from tui_reader.query.highlight_table import Record, highlight_table
from tui_reader.query.nodes import (
    And,
    Colour,
    Feed,
    HasHighlights,
    HasNote,
    Node,
    Not,
    Note,
    Or,
    Place,
    Query,
    Sort,
    Source,
    State,
    Tag,
    Text,
    Title,
    When,
)
from tui_reader.store import Library

#: A highlight as ``(article id, highlight id)``.
HighlightKey = tuple[str, str]
#: A compiled test: does it hold for this article, or for this highlight of it?
Test = Callable[[Article, Record | None], bool]

_STATES = {
    "unread": {ReadingState.UNREAD},
    "reading": {ReadingState.READING},
    "read": {ReadingState.READ, *(s for s in ReadingState if s.value == "archived")},
}


@dataclass(slots=True)
class QueryResult:
    """The articles a query selects, in order, with the highlights it holds for."""

    articles: list[Article]
    highlights: dict[str, list[Highlight]] = field(default_factory=dict)
    """Article id -> its highlights the query holds for (filled when asked for)."""
    total: int = -1
    """How many articles the library holds (-1 when not counted: the query's words
    named the articles to look at, and the rest of the catalog was not read)."""


class Matcher:
    """A query compiled against one library at one moment: ask it about any article.

    Full-text terms are looked up once, when the matcher is made (or given as
    ``hits``, by a caller that answers them itself: an entry not stored yet);
    the highlights are read once, on first need.
    """

    def __init__(
        self,
        library: Library,
        query: Query,
        now: datetime | None = None,
        *,
        hits: dict[Text, TermHits] | None = None,
    ) -> None:
        self.library = library
        self.query = query
        self.now = now or datetime.now().astimezone()
        if hits is None:
            hits = search_text(
                library,
                query.text_terms,
                together=_required_words(query.where),
                unranked=_left_out_words(query),
                either=_either_words(query),
            )
        self.hits = hits
        self._by_article: dict[str, list[Record]] | None = None
        self._per_highlight = query.looks_at_highlights
        self._test: Test = _compile(query.where, self) if query.where else _always

    def records_of(self, article_id: str) -> list[Record]:
        """The article's highlight records (every one in the library is read on first call)."""
        if self._by_article is None:
            self._by_article = highlight_table(self.library).grouped()
        return self._by_article.get(article_id, [])

    def holds_for_highlight(self, article: Article, hl: Highlight) -> bool:
        """True when the query holds for this highlight of ``article``."""
        return self._test(article, hl.to_dict())

    def holds_for_record(self, article: Article, record: Record) -> bool:
        """True when the query holds for this highlight record of ``article`` (no object built)."""
        return self._test(article, record)

    def matching_highlights(self, article: Article) -> list[Highlight]:
        """The article's highlights the query holds for, in reading order."""
        records = self.records_of(article.id)
        if self._per_highlight:
            records = [r for r in records if self._test(article, r)]
        elif not self._test(article, None):
            return []
        return sorted((Highlight.from_dict(r) for r in records), key=lambda h: h.sort_key)

    def matches(self, article: Article) -> bool:
        """True when the query holds for the article or one of its highlights."""
        if self._test(article, None):
            return True
        if not self._per_highlight:
            return False
        return any(self._test(article, r) for r in self.records_of(article.id))

    def score(self, article: Article) -> float:
        """How well the article matches the query's words (0 without words)."""
        return self.score_of(article.id)

    def score_of(self, article_id: str) -> float:
        """How well the article ``article_id`` matches the query's words (0 without words)."""
        return self.scores_of([article_id])[0]

    def scores_of(self, article_ids: list[str]) -> list[float]:
        """:meth:`score_of` of each of ``article_ids`` (:func:`summed_scores`)."""
        return summed_scores(self.hits, article_ids)

    def words_alone(self) -> bool:
        """True when the query is words alone (a word or phrase, or an AND of them): every
        article :meth:`candidates` names matches it, with nothing left to test."""
        where = self.query.where
        nodes = where.nodes if isinstance(where, And) else (where,)
        return where is not None and all(isinstance(n, Text) for n in nodes)

    def candidates(self) -> AbstractSet[str] | None:
        """The ids of every article that can match, from the words the query requires
        (answered by the index); None when any article can (no word is required)."""
        return _required(self.query.where, self.hits) if self.query.where is not None else None


def _required_words(node: Node | None) -> tuple[Text, ...]:
    """The words and phrases every match must hold: the query itself, or the terms of its
    top-level AND (one index search answers them together)."""
    if isinstance(node, Text):
        return (node,)
    if isinstance(node, And):
        return tuple(n for n in node.nodes if isinstance(n, Text))
    return ()


def _left_out_words(query: Query) -> tuple[Text, ...]:
    """The words and phrases the query leaves out at its top level (``-word`` as the query
    or one of its top-level AND's terms) and names nowhere else: no match holds them."""
    where = query.where
    tops = where.nodes if isinstance(where, And) else (where,) if where is not None else ()
    out = [n.node for n in tops if isinstance(n, Not) and isinstance(n.node, Text)]
    if not out:
        return ()
    counts: dict[Text, int] = {}
    for node in query.nodes():
        if isinstance(node, Text):
            counts[node] = counts.get(node, 0) + 1
    return tuple(t for t in out if counts[t] == 1)


def _either_words(query: Query) -> tuple[tuple[Text, ...], ...]:
    """The words and phrases of each OR of the query that are named nowhere else: an OR
    holds for an article holding any of them, so one index search answers them all."""
    counts: dict[Text, int] = {}
    for node in query.nodes():
        if isinstance(node, Text):
            counts[node] = counts.get(node, 0) + 1
    groups = []
    for node in query.nodes():
        if isinstance(node, Or):
            group = tuple(n for n in node.nodes if isinstance(n, Text) and counts[n] == 1)
            if len(group) > 1:
                groups.append(group)
    return tuple(groups)


def _required(node: Node, hits: dict[Text, TermHits]) -> AbstractSet[str] | None:
    """The ids ``node`` can hold for at all, as far as its words tell (None: any). A
    term's are its map's keys, not copied (93,000 of them: 8 ms a copy)."""
    if isinstance(node, Text):
        found = hits.get(node)
        return None if found is None else found.keys()
    if isinstance(node, And):
        maps: dict[int, dict[str, float]] = {}  # terms searched together share one
        sets: list[AbstractSet[str]] = []
        for n in node.nodes:
            if not isinstance(n, Text):
                if (s := _required(n, hits)) is not None:
                    sets.append(s)
            elif (found := hits.get(n)) is not None:
                maps[id(found)] = found
        sets += [found.keys() for found in maps.values()]
        if len(sets) < 2:
            return sets[0] if sets else None
        sets.sort(key=len)
        return set(sets[0]).intersection(*sets[1:])
    if isinstance(node, Or):
        parts = [_required(n, hits) for n in node.nodes]
        if any(p is None for p in parts):
            return None
        return set().union(*parts)  # type: ignore[arg-type]
    return None


#: Up to this many candidates named by a query's words are tested one by one, not on the
#: catalog table.
FEW = 2000


def run_query(
    library: Library,
    query: Query,
    *,
    default_sort: Sort | None = None,
    with_highlights: bool = False,
    now: datetime | None = None,
    table: bool | None = None,
) -> QueryResult:
    """The articles ``query`` selects from ``library``, ordered.

    The order is the query's ``sort:``, else ``default_sort``, else best match
    first when the query has words, else newest added first. With
    ``with_highlights`` the result also holds each article's matching highlights.

    ``table``: answer on the library's catalog table (:mod:`.catalog_table`: every
    field test over whole columns at once, the table kept for the next query), as
    the app does; by default only when the table is loaded already. Otherwise, and
    when the query's required words leave at most :data:`FEW` candidates (testing
    them costs less than a pass over every column), the articles are tested one by
    one: only those the words name (a one-off ``newsread list QUERY`` reads nothing
    else), or all.
    """
    from tui_reader.query.catalog_table import catalog_table

    matcher = Matcher(library, query, now)
    sort = query.sort or default_sort
    kept = catalog_table(library)
    wanted = matcher.candidates()
    few = wanted is not None and len(wanted) <= FEW
    if not few and (table or (table is None and kept.loaded)):
        from tui_reader.query.table_eval import TableQuery

        with kept.reading():
            answer = TableQuery(kept, matcher.hits, matcher.now)
            slots = answer.select(query.where, query.looks_at_highlights)
            found = kept.rows(answer.ordered(slots, sort))
            total = kept.count
    else:
        if wanted is None:  # every article
            pool = library.articles()
            total = len(pool)
        else:  # the index named the only articles that can match: the rest are never loaded
            pool = sorted(library.get_many(wanted).values(), key=_by_added, reverse=True)
            total = -1
        if query.where is not None:
            pool = [a for a in pool if matcher.matches(a)]
        found = order(pool, sort, matcher, newest_first=True)
    result = QueryResult(found, total=total)
    if with_highlights:
        result.highlights = {a.id: matcher.matching_highlights(a) for a in found}
    return result


def held_highlights(
    library: Library, query: Query, now: datetime | None = None
) -> set[HighlightKey]:
    """``(article id, highlight id)`` of every highlight ``query`` holds for (as
    :meth:`Matcher.holds_for_record` answers each one), tested on the catalog table's
    highlight columns at once: the daily review's ``review QUERY`` asks this of 100,000
    highlights. Highlights of articles not in the library are left out."""
    from tui_reader.query import masks
    from tui_reader.query.catalog_table import catalog_table
    from tui_reader.query.table_eval import TableQuery

    matcher = Matcher(library, query, now)
    kept = catalog_table(library)
    with kept.reading():
        hls = kept.highlights()
        held = bytes(hls.alive)
        if query.where is not None:
            answer = TableQuery(kept, matcher.hits, matcher.now)
            held = masks.both(answer.on_highlights(query.where, hls), held)
        ids, owner, records = kept.ids, hls.owner, hls.records
        return {
            (ids[owner[s]], records[s]["id"])  # type: ignore[index]
            for s in compress(range(len(hls)), held)
        }


@dataclass(slots=True)
class QueryStream:
    """A query's articles, in order, handed out as they are read (see :func:`stream_query`)."""

    articles: Iterator[Article]
    expected: int
    """How many articles at most will come (-1: not known before the end)."""


#: How many of the best-ranked candidates a stream reads before the rest (its first page).
FIRST_PAGE = 100


def stream_query(library: Library, query: Query, *, now: datetime | None = None) -> QueryStream:
    """The articles ``query`` selects, as :func:`run_query` orders them, read as they go.

    A query ranked by its words (no ``sort:``) whose words name the only articles
    that can match is answered best first: the first :data:`FIRST_PAGE` candidates
    by score are read and tested before the others, so ``newsread list harbour``
    prints its first rows before 30,000 articles are read. Any other query is
    answered whole by :func:`run_query` first.
    """
    from tui_reader.query.catalog_table import catalog_table

    matcher = Matcher(library, query, now)
    loaded = catalog_table(library).loaded
    ranked = query.sort is None and any(h is not None for h in matcher.hits.values())
    maps = {id(h): h for h in matcher.hits.values() if h is not None}
    if ranked and not loaded and matcher.words_alone() and len(maps) == 1:
        # Words searched together (or one): their one map names every match, and its
        # scores order them as the sum of each term's would.
        scores = maps.popitem()[1]
        best = sorted(scores, key=scores.__getitem__, reverse=True)
        return QueryStream(_ranked_pages(library, matcher, best, scores), len(best))
    wanted = None if loaded else matcher.candidates()
    if wanted is None or not ranked:
        result = run_query(library, query, now=now)
        return QueryStream(iter(result.articles), len(result.articles))
    ids = list(wanted)
    scores = dict(zip(ids, matcher.scores_of(ids), strict=True))
    best = sorted(scores, key=scores.__getitem__, reverse=True)
    return QueryStream(_ranked_pages(library, matcher, best, scores), len(best))


def _ranked_pages(
    library: Library, matcher: Matcher, best: list[str], scores: dict[str, float]
) -> Iterator[Article]:
    """The articles of ``best`` (ids by falling score) that match, a page at a time:
    each page ends on a change of score, so ties are ordered newest added first within
    it exactly as :func:`order` orders them."""
    start = 0
    size = FIRST_PAGE
    alone = matcher.words_alone()
    while start < len(best):
        end = min(len(best), start + size)
        while end < len(best) and scores[best[end]] == scores[best[end - 1]]:
            end += 1
        found = library.get_many(best[start:end])
        page = [a for i in best[start:end] if (a := found.get(i)) is not None]
        if not alone:
            page = [a for a in page if matcher.matches(a)]
        yield from _newest_among_ties(page, scores)
        start = end
        size = len(best)  # then the rest at once: each catalog shard read once


def _newest_among_ties(page: list[Article], scores: dict[str, float]) -> list[Article]:
    """``page`` (by falling score) with each run of equal scores newest added first: as
    sorting it by ``(score, added, id)``, falling, but only the runs are sorted (93,000
    articles sorted whole: 77 ms; most scores differ)."""
    values = [scores[a.id] for a in page]
    ends = [*compress(range(1, len(values)), map(ne, values, values[1:])), len(values)]
    if len(ends) == len(values):
        return page  # no two alike
    start = 0
    for end in ends:
        if end - start > 1:
            page[start:end] = sorted(page[start:end], key=_by_added, reverse=True)
        start = end
    return page


def _by_added(article: Article) -> tuple[str, str]:
    return article.added, article.id


def order(
    articles: Iterable[Article],
    sort: Sort | None,
    matcher: Matcher | None = None,
    *,
    newest_first: bool = False,
) -> list[Article]:
    """``articles`` in the order ``sort`` asks for; ties stay newest added first.

    Without ``sort``: best match first when ``matcher``'s query has words, else
    newest added first. ``sort:highlighted`` needs the ``matcher``.
    ``newest_first``: ``articles`` are already newest added first (not sorted again).
    """
    by_added = list(articles) if newest_first else sorted(articles, key=_by_added, reverse=True)
    if sort is None:
        if matcher is not None and any(h is not None for h in matcher.hits.values()):
            return sorted(by_added, key=matcher.score, reverse=True)
        return by_added
    down = sort.descending
    if sort.key in ("added", "colour"):  # articles have no colour: the added order
        return by_added if down else by_added[::-1]
    if sort.key in ("title", "article"):
        return sorted(by_added, key=lambda a: a.title.casefold(), reverse=down)
    if sort.key == "progress":
        return sorted(by_added, key=lambda a: a.progress, reverse=down)
    if sort.key == "published":
        return _dated_first(by_added, lambda a: moment(a.published), down)

    def latest(article: Article) -> datetime | None:
        records = matcher.records_of(article.id) if matcher is not None else []
        moments = [moment(_text(r, "created")) for r in records]
        return max((m for m in moments if m), default=None)

    return _dated_first(by_added, latest, down)


def _dated_first(
    articles: list[Article], when: Callable[[Article], datetime | None], down: bool
) -> list[Article]:
    """Articles with a date in date order, then those without (newest added first)."""
    dated = [(m, a) for a in articles if (m := when(a)) is not None]
    undated = [a for a in articles if when(a) is None]
    dated.sort(key=lambda pair: pair[0], reverse=down)
    return [a for _, a in dated] + undated


def _always(article: Article, hl: Record | None) -> bool:
    return True


def _text(record: Record, key: str) -> str:
    value = record.get(key)
    return value if isinstance(value, str) else ""


def _tags(record: Record) -> list[str]:
    value = record.get("tags")
    return [t for t in value if isinstance(t, str)] if isinstance(value, list | tuple) else []


def _compile(node: Node, matcher: Matcher) -> Test:
    """A function answering ``node`` for an article (hl None) or one of its highlights."""
    if isinstance(node, And):
        parts = [_compile(n, matcher) for n in node.nodes]
        return lambda a, h: all(p(a, h) for p in parts)
    if isinstance(node, Or):
        parts = [_compile(n, matcher) for n in node.nodes]
        return lambda a, h: any(p(a, h) for p in parts)
    if isinstance(node, Not):
        inner = _compile(node.node, matcher)
        return lambda a, h: not inner(a, h)
    if isinstance(node, Text):
        ids = matcher.hits.get(node)
        if ids is None:  # a term without a word holds for every article
            return _always
        return lambda a, h: a.id in ids
    if isinstance(node, Tag):
        return _tag_test(node.tag.casefold())
    if isinstance(node, Colour):
        colour = node.colour
        return lambda a, h: h is not None and h.get("colour") == colour
    if isinstance(node, HasNote):
        return lambda a, h: bool((_text(h, "note") if h is not None else a.note).strip())
    if isinstance(node, HasHighlights):
        return lambda a, h: bool(matcher.records_of(a.id))
    if isinstance(node, Note):
        words = node.words.casefold()
        return lambda a, h: words in (_text(h, "note") if h is not None else a.note).casefold()
    if isinstance(node, State):
        states = _STATES[node.state]
        return lambda a, h: a.state in states
    if isinstance(node, Place):
        return _place_test(node.place)
    if isinstance(node, Feed):
        from tui_reader.query.feed_match import feed_test

        held = feed_test(node.name, matcher.library.settings() if matcher.library else {})
        return lambda a, h: held(a)
    if isinstance(node, Source):
        domain = node.domain.casefold()
        return lambda a, h: domain in a.source.casefold() or domain in _host(a.url)
    if isinstance(node, Title):
        from tui_reader.query.title_match import title_pattern

        search = title_pattern(node.words).search
        return lambda a, h: search(a.title.casefold()) is not None
    if isinstance(node, When):
        return _date_test(node, matcher.now)
    raise TypeError(f"unknown query node {node!r}")  # pragma: no cover


def _tag_test(tag: str) -> Test:
    def test(article: Article, hl: Record | None) -> bool:
        if any(t.casefold() == tag for t in article.tags):
            return True
        return hl is not None and any(t.casefold() == tag for t in _tags(hl))

    return test


def _place_test(place: str) -> Test:
    return lambda a, h: str(a.queue) == place


def _host(url: str) -> str:
    _, sep, rest = url.partition("://")
    return rest.split("/", 1)[0].casefold() if sep else ""


def _date_test(node: When, now: datetime) -> Test:
    low, high = node.spec.bounds(now)

    def inside(text: str) -> bool:
        found = moment(text)
        if found is None:
            return False
        return (low is None or found >= low) and (high is None or found < high)

    if node.field == "highlighted":
        return lambda a, h: h is not None and inside(_text(h, "created"))
    if node.field == "added":
        return lambda a, h: inside(a.added)
    return lambda a, h: inside(a.published)
