"""Queries about entries not stored yet (a feed's incoming entries, for ignore rules).

An unsaved :class:`~tui_reader.model.Document` can answer words and
``"phrases"`` (title, source, tags and text, as search finds them),
``title:``, ``feed:`` (its feed's title or address), ``source:``, ``tag:``
and ``published:``. What only a stored article has (``is:``, ``in:``,
``added:``, ``colour:``, ``has:``, ``note:``, ``highlighted:``, ``sort:``)
is refused by :func:`check_entry_query`, in one line.

:func:`entry_matches` runs the query module's own evaluator
(:class:`~tui_reader.query.evaluate.Matcher`) on the entry, through a
one-entry stand-in for the library: there is no second matcher.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from tui_reader.model import Article, Document, Paragraph, plain_text
from tui_reader.query.errors import QueryError
from tui_reader.query.evaluate import Matcher
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

    feed: str = ""
    """The feed's title and address (``feed:NAME`` looks for NAME in them)."""


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
        feed=f"{feed_title}\n{feed_url or doc.origin}",
    )


class _OneEntry:
    """The part of a :class:`Library` the evaluator reads, over one unsaved entry.

    Words and phrases are found with the index's own word rules
    (:func:`tui_reader.index.snippet.find_matches`) in the title, source, tags
    and text, as a library without a search index finds them.
    """

    def __init__(self, article: Article, paragraphs: Sequence[Paragraph]) -> None:
        self.article = article
        self._paragraphs = list(paragraphs)
        head = f"{article.title}\n{article.source}\n{' '.join(article.tags)}"
        self.text = f"{head}\n{plain_text(self._paragraphs)}"

    def search(self, query: str) -> list[Article]:
        """``[the entry]`` when every term of ``query`` is in it, else ``[]``."""
        from tui_reader.index import TextQuery
        from tui_reader.index.snippet import find_matches

        parsed = TextQuery.parse(query)
        found = {number for _, _, number in find_matches(self.text, parsed)}
        return [self.article] if parsed and len(found) == len(parsed.terms) else []

    def get(self, article_id: str) -> Article:
        """The entry (the only article here)."""
        return self.article

    def paragraphs(self, article_id: str) -> list[Paragraph]:
        """The entry's paragraphs."""
        return self._paragraphs


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
    one = _OneEntry(article, doc.paragraphs)
    for n, query in enumerate(queries):
        if _EntryMatcher(one, query, now).matches(article):  # type: ignore[arg-type]
            return n
    return None
