"""Queries about entries not stored yet (a feed's incoming entries, for ignore rules).

An unsaved :class:`~tui_reader.model.Document` can answer words and
``"phrases"`` (title, source, tags and text, as search finds them),
``title:``, ``feed:`` (its feed's title or address), ``source:``, ``tag:``
and ``published:``. What only a stored article has (``is:``, ``in:``,
``added:``, ``colour:``, ``has:``, ``note:``, ``highlighted:``, ``sort:``)
is refused by :func:`check_entry_query`, in one line.

:func:`entry_matches` runs the query module's own evaluator
(:class:`~tui_reader.query.evaluate.Matcher`) on the entry, given the
entry's own answers to its words and phrases (:func:`entry_hits`): there is
no second matcher.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from tui_reader.model import Article, Document, Paragraph, plain_text
from tui_reader.query.errors import QueryError
from tui_reader.query.evaluate import Matcher
from tui_reader.query.fulltext import TermHits, text_query
from tui_reader.query.nodes import (
    Colour,
    HasHighlights,
    HasNote,
    Note,
    Place,
    Query,
    State,
    Text,
    When,
)
from tui_reader.query.parser import parse_query
from tui_reader.sanitize import clean_line

if TYPE_CHECKING:
    from tui_reader.query.highlight_table import Record


class EntryQueryError(ValueError):
    """A query that cannot be asked of an incoming entry (the message is one line)."""


#: Tests an unsaved entry cannot answer, and the field that writes each.
_REFUSED: tuple[tuple[type, str], ...] = (
    (State, "is:"),
    (Place, "in:"),
    (Colour, "colour:"),
    (HasNote, "has:"),
    (HasHighlights, "has:"),
    (Note, "note:"),
)


def check_entry_query(text: str) -> Query:
    """``text`` parsed; raises :class:`EntryQueryError` when an entry cannot answer it."""
    text = clean_line(text)
    if not text:
        raise EntryQueryError("an ignore rule needs a query (e.g. title:sponsored)")
    try:
        query = parse_query(text)
    except QueryError as error:
        raise EntryQueryError(f"rule {text!r}: {error}"[:300]) from None
    if query.sort is not None:
        raise EntryQueryError(f"rule {text!r}: sort: means nothing in an ignore rule"[:300])
    for node in query.nodes():
        for kind, name in _REFUSED:
            if isinstance(node, kind):
                raise EntryQueryError(_refused(text, name))
        if isinstance(node, When) and node.field != "published":
            raise EntryQueryError(_refused(text, f"{node.field}:"))
        if isinstance(node, Text) and not any(ch.isalnum() for ch in node.value):
            raise EntryQueryError(f"rule {text!r}: {node.value!r} holds no word to look for"[:300])
    if query.where is None:
        raise EntryQueryError("an ignore rule needs a query (e.g. title:sponsored)")
    return query


def _refused(text: str, name: str) -> str:
    return (
        f"rule {text!r}: {name} is about stored articles; an ignore rule can use words, "
        '"phrases", title:, feed:, source:, tag: and published:'
    )[:300]


@dataclass(slots=True)
class EntryArticle(Article):
    """An incoming entry seen as an article, with the feed it came from (for ``feed:``)."""

    feed_title: str = ""
    """The feed's title (``feed:NAME``, :mod:`tui_reader.query.feed_match`)."""
    feed_url: str = ""
    """The feed's address."""


def entry_article(
    doc: Document, feed_title: str = "", feed_url: str = "", feed_tags: Sequence[str] = ()
) -> EntryArticle:
    """``doc`` as the evaluator sees an article: with its feed's tags and name."""
    return EntryArticle(
        id=doc.article_id(),
        title=doc.title,
        source=doc.source,
        url=doc.url,
        author=doc.author,
        published=doc.published,
        tags=tuple(dict.fromkeys([*feed_tags, *doc.tags])),
        origin=doc.origin,
        guid=doc.guid,
        feed_title=feed_title,
        feed_url=feed_url or doc.origin,
    )


def entry_hits(
    terms: Sequence[Text], article: Article, paragraphs: Sequence[Paragraph]
) -> dict[Text, TermHits]:
    """What each word or phrase matches in one unsaved entry, in the form the evaluator
    takes (:data:`~tui_reader.query.fulltext.TermHits`): the entry's id, or nothing.

    Found with the index's own word rules (:func:`tui_reader.index.snippet.find_matches`)
    in the title, source, tags and text, as search finds them in a stored article.
    """
    from tui_reader.index.snippet import find_matches

    head = f"{article.title}\n{article.source}\n{' '.join(article.tags)}"
    text = f"{head}\n{plain_text(list(paragraphs))}"
    hits: dict[Text, TermHits] = {}
    for term in terms:
        query = text_query(term)
        if not query:
            hits[term] = None  # no word in it: it holds for everything, as in a search
            continue
        found = {number for _, _, number in find_matches(text, query)}
        hits[term] = {article.id: 1.0} if len(found) == len(query.terms) else {}
    return hits


class _EntryMatcher(Matcher):
    """The evaluator over one unsaved entry, which has no highlights yet."""

    def records_of(self, article_id: str) -> list[Record]:
        """An incoming entry has no highlights."""
        return []


def entry_matches(
    queries: Sequence[Query],
    doc: Document,
    *,
    feed_title: str = "",
    feed_url: str = "",
    feed_tags: Sequence[str] = (),
    now: datetime | None = None,
) -> int | None:
    """The index of the first of ``queries`` that holds for the entry ``doc``, or None.

    Each query must have passed :func:`check_entry_query`.
    """
    if not queries:
        return None
    article = entry_article(doc, feed_title, feed_url, feed_tags)
    for n, query in enumerate(queries):
        hits = entry_hits(query.text_terms, article, doc.paragraphs)
        # no library: the entry answers its words itself and has no highlights
        if _EntryMatcher(None, query, now, hits=hits).matches(article):  # type: ignore[arg-type]
            return n
    return None
