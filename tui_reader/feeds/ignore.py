"""Ignore rules (newsboat's killfile): queries that skip matching feed entries at refresh.

A rule is written in the library's query language (``docs/query.md``) and
tested against each incoming entry before it is stored: words and
``"phrases"`` (title, feed title, tags and text, whole words as search finds
them), ``title:``, ``feed:`` (the feed's title or address), ``source:``,
``tag:`` (the feed's tags) and ``published:``, combined with ``-``, ``OR``
and parentheses. Tests about what only a stored article has (``is:``, ``in:``,
``added:``, ``colour:``, ``has:``, ``note:``, ``highlighted:``, ``sort:``) are
refused when the rule is made, with one line.

Rules live in the library's settings (``settings["feed_ignore"]``, a list of
query strings, so they go into the JSON backup) and may also come from the
config file (``[feeds] ignore = [...]``). Matching goes through the query
module's own evaluator (:class:`~tui_reader.query.Matcher`), given a
one-entry stand-in for the library: there is no second matcher here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

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
    from tui_reader.feeds.subscriptions import Subscription
    from tui_reader.query.highlight_table import Record
    from tui_reader.store import Library

SETTINGS_KEY = "feed_ignore"
#: Where a rule comes from, as shown to the user.
FROM_LIBRARY = "library"
FROM_CONFIG = "config"


class IgnoreRuleError(ValueError):
    """A rule that cannot be used or found (the message is one line)."""


#: Fields an incoming entry cannot answer, with why (shown when a rule uses one).
_REFUSED: tuple[tuple[type, str], ...] = (
    (State, "is:"),
    (Place, "in:"),
    (Colour, "colour:"),
    (HasNote, "has:"),
    (HasHighlights, "has:"),
    (Note, "note:"),
)


def check_rule(text: str) -> Query:
    """The parsed rule; raises :class:`IgnoreRuleError` (one line) when it cannot be used."""
    text = clean_line(text)
    if not text:
        raise IgnoreRuleError("an ignore rule needs a query (e.g. title:sponsored)")
    try:
        query = parse_query(text)
    except QueryError as error:
        raise IgnoreRuleError(f"rule {text!r}: {error}"[:300]) from None
    if query.sort is not None:
        raise IgnoreRuleError(f"rule {text!r}: sort: means nothing in an ignore rule")
    for node in query.nodes():
        for kind, name in _REFUSED:
            if isinstance(node, kind):
                raise IgnoreRuleError(_refused(text, name))
        if isinstance(node, When) and node.field != "published":
            raise IgnoreRuleError(_refused(text, f"{node.field}:"))
        if isinstance(node, Text) and not any(ch.isalnum() for ch in node.value):
            raise IgnoreRuleError(f"rule {text!r}: {node.value!r} holds no word to look for")
    if query.where is None:
        raise IgnoreRuleError("an ignore rule needs a query (e.g. title:sponsored)")
    return query


def _refused(text: str, name: str) -> str:
    return (
        f"rule {text!r}: {name} is about stored articles; an ignore rule can use words, "
        '"phrases", title:, feed:, source:, tag: and published:'
    )[:300]


@dataclass(frozen=True, slots=True)
class IgnoreRule:
    """One rule: its text, where it comes from, and its parsed query."""

    text: str
    origin: str
    """:data:`FROM_LIBRARY` or :data:`FROM_CONFIG`."""
    query: Query


def library_rules(library: Library) -> list[str]:
    """The rule texts stored in the library, in the order they were added."""
    return rules_from_settings(library.settings())


def rules_from_settings(settings: dict[str, Any]) -> list[str]:
    """The rule texts in a settings dict (non-strings and repeats skipped)."""
    raw = settings.get(SETTINGS_KEY)
    found: list[str] = []
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, str) and (text := clean_line(item)) and text not in found:
            found.append(text)
    return found


def _save(library: Library, rules: Sequence[str]) -> None:
    library.set_settings({**library.settings(), SETTINGS_KEY: list(rules)})


def add_rule(library: Library, text: str) -> tuple[str, bool]:
    """Store a rule (checked first); returns its text and False when it was already there."""
    check_rule(text)
    text = clean_line(text)
    rules = library_rules(library)
    if text in rules:
        return text, False
    _save(library, [*rules, text])
    return text, True


def remove_rule(library: Library, key: str) -> str:
    """Forget a stored rule given by its number (from 1) or its exact text; returns it."""
    rules = library_rules(library)
    key = clean_line(key)
    if key.isdigit() and 1 <= int(key) <= len(rules):
        gone = rules[int(key) - 1]
    elif key in rules:
        gone = key
    else:
        shown = f"{len(rules)} rule{'' if len(rules) == 1 else 's'}"
        raise IgnoreRuleError(
            f"no ignore rule {key!r} in the library ({shown}; see `feeds ignore`)"
        )
    _save(library, [r for r in rules if r != gone])
    return gone


def load_rules(library: Library, config_rules: Iterable[str] = ()) -> list[IgnoreRule]:
    """The library's rules, then the config file's (already checked by ``load_config``).

    A stored rule that no longer parses (made by another version) is left out.
    """
    rules: list[IgnoreRule] = []
    for origin, texts in ((FROM_LIBRARY, library_rules(library)), (FROM_CONFIG, config_rules)):
        for text in texts:
            try:
                rules.append(IgnoreRule(clean_line(text), origin, check_rule(text)))
            except IgnoreRuleError:
                continue
    return rules


@dataclass(slots=True)
class EntryArticle(Article):
    """An incoming entry seen as an article, with the feed it came from (for ``feed:``)."""

    feed: str = ""
    """The feed's title and address (``feed:NAME`` looks for NAME in them)."""


class _OneEntry:
    """The part of a :class:`Library` the query evaluator reads, over one unsaved entry.

    Words and phrases are found with the index's own word rules
    (:func:`tui_reader.index.snippet.find_matches`), in the title, source, tags
    and text, as a library without a search index finds them.
    """

    def __init__(self, article: Article, paragraphs: Sequence[Paragraph]) -> None:
        self.article = article
        self.text = f"{article.title}\n{article.source}\n{' '.join(article.tags)}\n" + plain_text(
            list(paragraphs)
        )
        self._paragraphs = list(paragraphs)

    def search(self, query: str) -> list[Article]:
        """``[the entry]`` when every term of ``query`` is in it, else ``[]``."""
        from tui_reader.index import TextQuery
        from tui_reader.index.snippet import find_matches

        parsed = TextQuery.parse(query)
        found = {number for _, _, number in find_matches(self.text, parsed)}
        return [self.article] if parsed and len(found) == len(parsed.terms) else []

    def get(self, article_id: str) -> Article:
        """The entry (it is the only article here)."""
        return self.article

    def paragraphs(self, article_id: str) -> list[Paragraph]:
        """The entry's paragraphs."""
        return self._paragraphs


class _EntryMatcher(Matcher):
    """The query evaluator over one unsaved entry: it has no highlights yet."""

    def records_of(self, article_id: str) -> list[Record]:
        """An incoming entry has no highlights."""
        return []


def entry_article(doc: Document, sub: Subscription | None = None) -> EntryArticle:
    """``doc`` as the evaluator sees an article: with the feed's tags and name."""
    tags = tuple(dict.fromkeys([*(sub.tags if sub else ()), *doc.tags]))
    feed = f"{sub.title}\n{sub.url}" if sub is not None else doc.origin
    return EntryArticle(
        id=doc.article_id(),
        title=doc.title,
        source=doc.source,
        url=doc.url,
        author=doc.author,
        published=doc.published,
        tags=tags,
        origin=doc.origin,
        guid=doc.guid,
        feed=feed,
    )


class IgnoreFilter:
    """Rules ready to test entries: ``filter.match(doc, sub)`` names the first rule that holds."""

    def __init__(self, rules: Sequence[IgnoreRule], now: datetime | None = None) -> None:
        self.rules = list(rules)
        self.now = now

    def __bool__(self) -> bool:
        return bool(self.rules)

    def match(self, doc: Document, sub: Subscription | None = None) -> IgnoreRule | None:
        """The first rule that holds for the incoming entry ``doc`` of ``sub``, or None."""
        if not self.rules:
            return None
        article = entry_article(doc, sub)
        one = _OneEntry(article, doc.paragraphs)
        for rule in self.rules:
            matcher = _EntryMatcher(one, rule.query, self.now)  # type: ignore[arg-type]
            if matcher.matches(article):
                return rule
        return None

    def split(
        self, docs: Iterable[Document], sub: Subscription | None = None
    ) -> tuple[list[Document], list[Document]]:
        """``(kept, ignored)``: the entries no rule holds for, and the others, in order."""
        kept: list[Document] = []
        ignored: list[Document] = []
        for doc in docs:
            (ignored if self.match(doc, sub) is not None else kept).append(doc)
        return kept, ignored


def rules_from_config(table: object, where: str) -> tuple[list[str], list[str]]:
    """The usable rules of a config file's ``[feeds]`` table, and a line per problem.

    ``where`` names the file in the messages. A rule that does not parse is
    left out (and said); the others still apply.
    """
    if not isinstance(table, dict):
        return [], [f"config file {where}: [feeds] must be a table; ignored"]
    problems = [
        f"config file {where}: unknown setting feeds.{key} ignored"
        for key in table
        if key != "ignore"
    ]
    raw = table.get("ignore", [])
    if not isinstance(raw, list):
        problems.append(f"config file {where}: feeds.ignore must be a list of queries; ignored")
        return [], problems
    rules: list[str] = []
    for item in raw:
        if not isinstance(item, str):
            problems.append(f"config file {where}: feeds.ignore: {item!r} is not a query; skipped")
            continue
        try:
            check_rule(item)
        except IgnoreRuleError as error:
            problems.append(f"config file {where}: feeds.ignore: {error}; skipped")
            continue
        rules.append(clean_line(item))
    return rules, problems
