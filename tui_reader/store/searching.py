"""Full-text search over a library: the store's side of :mod:`tui_reader.index`.

:class:`LibrarySource` lets the index read the store (the index never imports
the store); :func:`search_hits` answers a search from the index with a snippet
per hit, or from a scan of the text when the index cannot answer (a read-only
library whose index is not built yet).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui_reader.index import (
    IndexRecord,
    IndexState,
    IndexUnavailable,
    Snippet,
    TextQuery,
    fts_snippets,
    make_snippet,
)
from tui_reader.model import Article, short_hash
from tui_reader.store.errors import NotFound, StoreError

#: The last schema that changed what the search index reads from the store (its identity
#: names this one for every later schema, so upgrading keeps the index).
INDEXED_SINCE = 3

if TYPE_CHECKING:
    from tui_reader.store.library import Library


@dataclass(frozen=True, slots=True)
class SearchHit:
    """An article found by a search, with the words it matched in context."""

    article: Article
    snippet: Snippet | None
    """A window of its text around the matched words (None when not asked for)."""


def signature(article: Article) -> str:
    """Changes whenever anything the index holds for ``article`` changes."""
    return short_hash(
        "\x1f".join([article.content_hash, article.title, article.source, *article.tags])
    )


class LibrarySource:
    """A :class:`~tui_reader.index.IndexSource` reading a :class:`Library`."""

    def __init__(self, library: Library) -> None:
        self._library = library

    @property
    def identity(self) -> str:
        """The library's creation stamp and schema version."""
        meta = self._library.meta_record()
        # Schema 4 changed only how catalog shards are named: an index built on schema 3
        # holds the same articles, and is kept (rebuilding it takes minutes at 100,000).
        schema = min(self._library.schema_version, INDEXED_SINCE)
        return f"{meta.get('created', '')}|schema {schema}"

    def exclusive(self) -> AbstractContextManager[object]:
        """The library's lock: no store write runs while it is held."""
        return self._library.mutex

    def count(self) -> int:
        """How many articles the library holds."""
        return len(self._library)

    def ids(self) -> list[str]:
        """Every article id, in the order their texts are stored (each text pack read once)."""
        return self._library.text_order()

    def record(self, article_id: str) -> IndexRecord | None:
        """The indexed fields of one article, or None when it is not in the library."""
        library = self._library
        article = library.saved(article_id)
        if article is None:
            return None
        try:
            body = library.text(article_id)
        except StoreError:  # no text, or a damaged one (reported by the store): index the rest
            body = ""
        return IndexRecord(
            id=article.id,
            title=article.title,
            source=article.source,
            tags=" ".join(article.tags),
            body=body,
            signature=signature(article),
        )

    def body(self, article_id: str) -> str | None:
        """One article's text as its file holds it now (even while its record is removed)."""
        try:
            return self._library.text(article_id)
        except StoreError:
            return None

    def head(self, article_id: str) -> tuple[str, str, str, str] | None:
        """``(title, source, tags, signature)`` of one article, its text unread."""
        article = self._library.saved(article_id)
        if article is None:
            return None
        return article.title, article.source, " ".join(article.tags), signature(article)

    def signatures(self) -> Iterable[tuple[str, str]]:
        """``(id, signature)`` for every article."""
        return [(a.id, signature(a)) for a in self._library.articles()]


def text_scores(library: Library, query: TextQuery) -> dict[str, float]:
    """``article id -> score`` (higher is better: minus :func:`text_ranks`'s rank) of every
    article matching ``query``."""
    index = library.search_index
    if index.state is not IndexState.READY and not index.read_only:
        notice = index.ensure(library.index_progress)
        if notice:
            library.warnings.append(notice)
    try:
        return index.scores(query)
    except IndexUnavailable as error:
        if not index.read_only:
            library.warnings.append(f"{error}; it will be rebuilt")
    return {hit.article.id: 0.0 for hit in _scan(library, query, None, 0)}


def text_ranks(library: Library, query: TextQuery, *, ranked: bool = True) -> dict[str, float]:
    """``article id -> rank`` (lower is better) of every article matching ``query``
    (``ranked=False``: every rank 0, the index only asked which articles match).

    Answered by the index alone (built first if missing, outdated or damaged, with a
    notice); without a usable index, by reading every text (rank 0 for all).
    """
    index = library.search_index
    if index.state is not IndexState.READY and not index.read_only:
        notice = index.ensure(library.index_progress)
        if notice:
            library.warnings.append(notice)
    try:
        if not ranked:  # membership only: no bm25 worked out for every match
            return dict.fromkeys(index.match_ids(query), 0.0)
        return index.ranks(query)
    except IndexUnavailable as error:
        if not index.read_only:
            library.warnings.append(f"{error}; it will be rebuilt")
    return {hit.article.id: 0.0 for hit in _scan(library, query, None, 0)}


def search_hits(
    library: Library, query: str, *, limit: int | None = None, snippets: int = 0
) -> Iterator[SearchHit]:
    """Articles matching ``query`` (words, ``"phrases"``, ``prefix*``), best first.

    The first ``snippets`` hits carry a snippet. Built lazily: a caller that
    prints as it goes (``newsread list --search``) streams.
    """
    parsed = TextQuery.parse(query)
    if not parsed:
        for n, article in enumerate(library.articles()):
            if limit is not None and n >= limit:
                return
            yield SearchHit(article, None)
        return
    index = library.search_index
    ids: list[str] | None = None
    if index.state is not IndexState.READY and not index.read_only:
        notice = index.ensure(library.index_progress)
        if notice:
            library.warnings.append(notice)
    try:
        ids = [hit.article_id for hit in index.search(parsed, limit)]
    except IndexUnavailable as error:
        if not index.read_only:
            library.warnings.append(f"{error}; it will be rebuilt")
        ids = None
    if ids is None:
        yield from _scan(library, parsed, limit, snippets)
        return
    for n, article_id in enumerate(ids):
        try:
            article = library.get(article_id)
        except NotFound:
            continue  # deleted since: the index catches up on the next write
        yield SearchHit(article, _snippet(library, article_id, parsed) if n < snippets else None)


def snippet_for(library: Library, article_id: str, query: str) -> Snippet | None:
    """The words of ``query`` in context in one article's text (None without a query)."""
    return snippets_for(library, [article_id], query).get(article_id)


def snippets_for(library: Library, article_ids: Iterable[str], query: str) -> dict[str, Snippet]:
    """Snippets of the words of ``query`` in the text of each of ``article_ids`` (cut by
    FTS5's ``snippet()``); an article whose text holds none of them gets none."""
    parsed = TextQuery.parse(query)
    if not parsed:
        return {}
    texts: dict[str, str] = {}
    for article_id in article_ids:
        try:
            texts[article_id] = library.text(article_id)
        except StoreError:
            continue
    return fts_snippets(texts, parsed)


def _snippet(library: Library, article_id: str, query: TextQuery) -> Snippet | None:
    try:
        text = library.text(article_id)
    except StoreError:
        return None
    return fts_snippets({article_id: text}, query).get(article_id)


def _scan(
    library: Library, query: TextQuery, limit: int | None, snippets: int
) -> Iterator[SearchHit]:
    """Without an index: read every text (slow on a big library; newest first)."""
    from tui_reader.index.snippet import find_matches

    found = 0
    for article in library.articles():
        head = f"{article.title}\n{article.source}\n{' '.join(article.tags)}"
        try:
            body = library.text(article.id)
        except NotFound:
            body = ""
        text = f"{head}\n{body}"
        terms = {n for _, _, n in find_matches(text, query)}
        if not terms or (len(terms) < len(query.terms) and not query.any):
            continue
        if query.without and find_matches(text, TextQuery(query.without)):
            continue  # holds a term left out
        snippet = make_snippet(body, query) if found < snippets else None
        yield SearchHit(article, snippet)
        found += 1
        if limit is not None and found >= limit:
            return


def all_ids(hits: Iterable[SearchHit]) -> list[str]:
    """The article ids of ``hits``, in order."""
    return [hit.article.id for hit in hits]
