"""The parsed form of a query: a small tree of frozen dataclasses.

Tests on the article (``is:``, ``in:``, ``title:`` ...) and tests that can
look at a highlight (``tag:``, ``colour:``, ``has:note``, ``note:``,
``highlighted:``) are separate node types, so the evaluator knows when it
needs the highlights at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, TypeAlias

from tui_reader.query.dates import DateSpec

#: What ``sort:`` can order by.
#: (``article`` and ``colour`` order highlights; for articles they mean title and added.)
SortKey = Literal["added", "published", "title", "progress", "highlighted", "article", "colour"]
SORT_KEYS: tuple[SortKey, ...] = (
    "added",
    "published",
    "title",
    "progress",
    "highlighted",
    "article",
    "colour",
)
#: Dates a query can test.
DateField = Literal["added", "published", "highlighted"]


@dataclass(frozen=True, slots=True)
class Text:
    """A word or an ``"exact phrase"`` searched in the article's full text."""

    value: str
    phrase: bool = False


@dataclass(frozen=True, slots=True)
class Tag:
    """``tag:T``: the article or the highlight carries this tag (case ignored)."""

    tag: str


@dataclass(frozen=True, slots=True)
class Colour:
    """``colour:C``: a highlight of this colour."""

    colour: str


@dataclass(frozen=True, slots=True)
class HasNote:
    """``has:note``: the article or the highlight has a note."""


@dataclass(frozen=True, slots=True)
class HasHighlights:
    """``has:highlights``: the article has at least one highlight."""


@dataclass(frozen=True, slots=True)
class State:
    """``is:unread|reading|read``: the article's reading state."""

    state: str


@dataclass(frozen=True, slots=True)
class Place:
    """``in:inbox|later|archive``: the article's place in the reading queue."""

    place: str


@dataclass(frozen=True, slots=True)
class Feed:
    """``feed:NAME``: the article came from the feed titled NAME, at the address NAME or on
    the host NAME (:mod:`tui_reader.query.feed_match`)."""

    name: str


@dataclass(frozen=True, slots=True)
class Source:
    """``source:DOMAIN``: the article's site (or URL host) contains DOMAIN."""

    domain: str


@dataclass(frozen=True, slots=True)
class Title:
    """``title:WORDS``: the title holds these whole words, in this order (see title_match)."""

    words: str


@dataclass(frozen=True, slots=True)
class Note:
    """``note:WORDS``: the article's or the highlight's note contains these words."""

    words: str


@dataclass(frozen=True, slots=True)
class When:
    """``added:``/``published:``/``highlighted:`` with a date, a period or a range."""

    field: DateField
    spec: DateSpec


@dataclass(frozen=True, slots=True)
class Not:
    """``-X``: X does not hold."""

    node: Node


@dataclass(frozen=True, slots=True)
class And:
    """``X Y``: every part holds."""

    nodes: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """``X OR Y``: at least one part holds."""

    nodes: tuple[Node, ...]


Node: TypeAlias = (
    Text
    | Tag
    | Colour
    | HasNote
    | HasHighlights
    | State
    | Place
    | Feed
    | Source
    | Title
    | Note
    | When
    | Not
    | And
    | Or
)

#: Tests whose answer can differ between an article and each of its highlights.
HIGHLIGHT_TESTS = (Tag, Colour, HasNote, Note, When)


@dataclass(frozen=True, slots=True)
class Sort:
    """``sort:KEY`` (ascending) or ``sort:-KEY`` (descending)."""

    key: SortKey
    descending: bool = False


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: what to keep (None keeps everything) and how to order it."""

    where: Node | None = None
    sort: Sort | None = None
    text: str = ""
    """The text it was parsed from ("" for a query built in code)."""

    def nodes(self) -> Iterator[Node]:
        """Every node of the tree, parents before children."""
        stack = [self.where] if self.where is not None else []
        while stack:
            node = stack.pop()
            yield node
            if isinstance(node, Not):
                stack.append(node.node)
            elif isinstance(node, And | Or):
                stack.extend(reversed(node.nodes))

    @property
    def text_terms(self) -> tuple[Text, ...]:
        """The full-text words and phrases, each once, in order."""
        return tuple(dict.fromkeys(n for n in self.nodes() if isinstance(n, Text)))

    @property
    def looks_at_highlights(self) -> bool:
        """True when some test can hold for a highlight and not for its article."""
        for node in self.nodes():
            if isinstance(node, When):
                if node.field == "highlighted":
                    return True
            elif isinstance(node, HIGHLIGHT_TESTS):
                return True
        return False

    @property
    def needs_highlights(self) -> bool:
        """True when evaluating needs the highlights (``has:highlights`` counts them)."""
        if self.sort is not None and self.sort.key == "highlighted":
            return True
        return self.looks_at_highlights or any(isinstance(n, HasHighlights) for n in self.nodes())

    @property
    def is_empty(self) -> bool:
        """True when the query keeps everything in the default order."""
        return self.where is None and self.sort is None

    def narrowed(self, *nodes: Node) -> Query:
        """This query with ``nodes`` added as further conditions (AND)."""
        parts = [self.where, *nodes] if self.where is not None else list(nodes)
        if not parts:
            return self
        where = parts[0] if len(parts) == 1 else And(tuple(parts))
        return Query(where, self.sort, self.text)
