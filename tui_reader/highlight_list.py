"""Every highlight of the library as rows: gathered once, filtered and sorted on data.

Used by ``newsread highlights`` and the highlights browser. Nothing here
imports Textual. Filtering is the query language's (:mod:`tui_reader.query`):
a row is kept when the query holds for that highlight.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tui_reader.model import COLOURS, Article, Highlight
from tui_reader.store import Library

if TYPE_CHECKING:
    from tui_reader.query import Query, Sort

Record = dict[str, Any]
"""A highlight as the store keeps it (``Highlight.to_dict`` form): read, never changed."""

HighlightFilter = Callable[[Article, Record], bool]
"""Does this highlight (its record) of this article belong in the list?"""


class HighlightSort(StrEnum):
    """The orders the highlights can be listed in."""

    DATE = "date"
    """Newest made first."""
    ARTICLE = "article"
    """By article title, then in reading order."""
    COLOUR = "colour"
    """Yellow, green, blue, pink, purple; newest first within a colour."""


class HighlightRow:
    """One highlight with its article: the stored record, its :class:`Highlight` built only
    when asked for (a list of 100,000 rows builds objects for the rows drawn)."""

    __slots__ = ("_highlight", "article", "id", "record")

    def __init__(self, record: Record, article: Article, highlight: Highlight | None = None):
        self.record = record
        self.article = article
        self._highlight = highlight
        self.id = str(record.get("id", ""))
        """The highlight's id."""

    @classmethod
    def of(cls, hl: Highlight, article: Article) -> HighlightRow:
        """The row of a highlight object (one just edited)."""
        return cls(hl.to_dict(), article, hl)

    @property
    def highlight(self) -> Highlight:
        """The highlight (built from the record on first use)."""
        if self._highlight is None:
            self._highlight = Highlight.from_dict(self.record)
        return self._highlight

    @property
    def article_title(self) -> str:
        """The title of the highlight's article."""
        return self.article.title

    @property
    def date(self) -> str:
        """The day the highlight was made (``YYYY-MM-DD``), or ""."""
        return str(self.record.get("created", ""))[:10]

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict: the highlight's fields and its article's id and title."""
        hl = self.highlight
        return {
            "id": hl.id,
            "article_id": hl.article_id,
            "article_title": self.article_title,
            "colour": hl.colour,
            "quote": hl.anchor.quote.exact,
            "note": hl.note,
            "tags": list(hl.tags),
            "paragraph": hl.anchor.paragraph,
            "orphan": hl.orphan,
            "created": hl.created,
            "updated": hl.updated,
        }


def collect_rows(library: Library, keep: HighlightFilter | None = None) -> list[HighlightRow]:
    """Every highlight of ``library`` that ``keep`` accepts (all without one), unsorted."""
    articles = {a.id: a for a in library.articles()}
    rows: list[HighlightRow] = []
    for record in library.highlight_records():
        article = articles.get(record.get("article_id"))  # type: ignore[arg-type]
        if article is None or (keep is not None and not keep(article, record)):
            continue
        rows.append(HighlightRow(record, article))
    return rows


def filter_rows(rows: Iterable[HighlightRow], keep: HighlightFilter | None) -> list[HighlightRow]:
    """The rows ``keep`` accepts, in the same order (all of them without a filter)."""
    if keep is None:
        return list(rows)
    return [row for row in rows if keep(row.article, row.record)]


#: Put before an orphaned highlight's quote (one a re-import could not place in the
#: article's new text), in ``newsread highlights`` and in the app's browser.
ORPHAN_MARK = "[orphaned] "


_COLOUR_RANK = {colour: n for n, colour in enumerate(COLOURS)}


@dataclass(frozen=True, slots=True)
class RowOrder:
    """An order of the rows: a key, ascending or (``-`` in a query) the same list reversed.

    ``highlighted`` is when the highlight was made; ``article`` the article's
    title, then reading order; ``colour`` yellow to purple, newest first within
    a colour; ``added``, ``published`` and ``progress`` the article's, then
    reading order.
    """

    key: str = "highlighted"
    descending: bool = True

    @classmethod
    def of(cls, sort: HighlightSort) -> RowOrder:
        """The order the ``s`` key (or ``--sort``) names."""
        if sort is HighlightSort.ARTICLE:
            return cls("article", False)
        if sort is HighlightSort.COLOUR:
            return cls("colour", False)
        return cls("highlighted", True)

    @classmethod
    def of_query(cls, sort: Sort) -> RowOrder:
        """The order a query's ``sort:`` names (``title`` is the article's title)."""
        key = "article" if sort.key == "title" else str(sort.key)
        return cls(key, sort.descending)

    @property
    def sort(self) -> HighlightSort | None:
        """The ``s`` key's order this is, if it is one."""
        for choice in HighlightSort:
            if RowOrder.of(choice) == self:
                return choice
        return None

    @property
    def term(self) -> str:
        """This order as a query's ``sort:`` term."""
        return f"sort:{'-' if self.descending else ''}{self.key}"

    @property
    def label(self) -> str:
        """How the status line names it."""
        names = {
            ("highlighted", True): "date, newest first",
            ("highlighted", False): "date, oldest first",
            ("article", False): "article, then reading order",
            ("colour", False): "colour",
        }
        name = names.get((self.key, self.descending))
        return name or f"{self.key}{', reversed' if self.descending else ''}"

    @property
    def short_label(self) -> str:
        """The label for a narrow status line."""
        if self.key == "highlighted":
            return "newest first" if self.descending else "oldest first"
        return f"by {self.key}{', reversed' if self.descending else ''}"


def _created(row: HighlightRow) -> tuple[str, str]:
    return str(row.record.get("created", "")), row.id


def _place(row: HighlightRow) -> tuple[bool, int, int]:
    r = row.record
    return (bool(r.get("orphan")), int(r.get("paragraph", 0)), int(r.get("start", 0)))


def _article_place(row: HighlightRow) -> tuple[str, str, bool, int, int]:
    return (row.article.title.casefold(), row.article.id, *_place(row))


def _colour(row: HighlightRow) -> int:
    return _COLOUR_RANK.get(row.record.get("colour", ""), len(COLOURS))


_ARTICLE_FIELDS: dict[str, Callable[[Article], Any]] = {
    "added": lambda a: a.added,
    "published": lambda a: a.published,
    "progress": lambda a: a.progress,
}


def sort_rows(rows: Iterable[HighlightRow], order: HighlightSort | RowOrder) -> list[HighlightRow]:
    """``rows`` in ``order``; ties fall back to newest first, then by id (stable output)."""
    if isinstance(order, HighlightSort):
        order = RowOrder.of(order)
    oldest = sorted(rows, key=_created)
    if order.key == "highlighted":
        done = oldest
    else:
        newest = oldest[::-1]
        if order.key == "colour":
            done = sorted(newest, key=_colour)
        elif order.key in _ARTICLE_FIELDS:
            field = _ARTICLE_FIELDS[order.key]
            done = sorted(newest, key=lambda r: (field(r.article), r.article.id, *_place(r)))
        else:
            done = sorted(newest, key=_article_place)
    return done[::-1] if order.descending else done


def filter_for_query(library: Library, query: Query) -> HighlightFilter | None:
    """The highlights ``query`` holds for (None for a query that selects everything)."""
    from tui_reader.query import Matcher

    if query.where is None:
        return None
    return Matcher(library, query).holds_for_record


def filter_for(library: Library, text: str) -> HighlightFilter | None:
    """The filter for a query typed by the user; raises :class:`QueryError` when malformed."""
    from tui_reader.query import parse_query

    return filter_for_query(library, parse_query(text))
