"""Answering the highlights browser's queries fast, keystroke after keystroke.

A :class:`RowTable` holds every highlight row of the library once, with each
order (date, article, colour ...) sorted once and kept: a query then filters
an already ordered list instead of sorting its result. Filtering goes through
the query language's own evaluator (:class:`tui_reader.query.Matcher`), asked
as little as possible:

- the query's top-level conditions that only look at the article (words,
  ``is:``, ``title:`` ...) are asked once per article, not once per highlight;
- the conditions that look at the highlight (``tag:``, ``colour:``, ``note:``
  ...) are asked only for the rows of the articles that passed;
- when a query only adds conditions to the previous one (typing on: ``note:ti``
  then ``note:tid``, or a new term after a space), only the previous result is
  filtered, and only by the new conditions.

Nothing here imports Textual.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from tui_reader.gc_pause import gc_paused
from tui_reader.highlight_list import HighlightRow, RowOrder, sort_rows
from tui_reader.model import Article
from tui_reader.query import Matcher, Query
from tui_reader.query.highlight_table import highlight_table
from tui_reader.query.nodes import And, Colour, HasNote, Node, Not, Note, Or, Tag, Title, When
from tui_reader.query.title_match import title_holds
from tui_reader.store import Library

#: Asked between steps of a long selection: True to stop (a newer query came).
CancelCheck = Callable[[], bool] | None


def load_rows(library: Library) -> list[HighlightRow]:
    """Every highlight of ``library`` as a row, unsorted.

    The records come from the query language's table of highlights
    (:func:`~tui_reader.query.highlight_table.highlight_table`), so the notes
    are read from disk once for the browser and the queries together, and kept
    in step with saves.
    """
    with gc_paused():
        articles = {a.id: a for a in library.articles()}
        grouped = highlight_table(library).grouped()
        rows: list[HighlightRow] = []
        for article_id, records in grouped.items():
            article = articles.get(article_id)
            if article is not None:
                rows.extend(HighlightRow(record, article) for record in records)
    return rows


def conditions(query: Query) -> tuple[Node, ...]:
    """The query's top-level conditions, all of which must hold (none for everything)."""
    where = query.where
    if where is None:
        return ()
    return where.nodes if isinstance(where, And) else (where,)


def implies(new: Node, old: Node) -> bool:
    """True when every highlight ``new`` holds for, ``old`` holds for too (conservatively:
    the same condition, ``note:`` words that contain the old ones, or ``title:`` words
    holding the old ones as ``title:`` finds them)."""
    if new == old:
        return True
    if isinstance(new, Note) and isinstance(old, Note):
        return old.words.casefold() in new.words.casefold()
    if isinstance(new, Title) and isinstance(old, Title):
        # a title holding new's words holds old's wherever new's words do; a new word
        # still being typed (its * prefix) could end otherwise: never taken as implied
        return "*" not in new.words and title_holds(old.words, new.words)
    return False


@dataclass(slots=True)
class Selection:
    """What a query selected: the rows, in ``order``, and the conditions they passed."""

    rows: list[HighlightRow]
    order: RowOrder
    passed: tuple[Node, ...]
    version: int
    """The table's version the rows were selected from."""


#: Up to this many candidate rows, the new conditions of a query typed on are asked
#: row by row; above it, once per group of rows that look alike to them.
PER_ROW = 500

#: What a row looks like to a kind of condition: the fields its answer depends on
#: (see :mod:`tui_reader.query.evaluate`: ``tag:`` reads the article's and the
#: highlight's tags, ``colour:`` the colour, ``has:note``/``note:`` the highlight's
#: note, ``highlighted:`` when it was made; the rest only the article).
_LOOKS: dict[str, Callable[[HighlightRow], Hashable]] = {
    "article": lambda r: r.article.id,
    "tags": lambda r: (r.article.id, tuple(r.record.get("tags") or ())),
    "colour": lambda r: r.record.get("colour"),
    "note": lambda r: r.record.get("note"),
    "created": lambda r: r.record.get("created"),
}


def _looks_at(node: Node) -> str | None:
    """Which fields ``node``'s answer depends on (None: it combines others)."""
    if not Query(node).looks_at_highlights:
        return "article"
    if isinstance(node, Tag):
        return "tags"
    if isinstance(node, Colour):
        return "colour"
    if isinstance(node, HasNote | Note):
        return "note"
    if isinstance(node, When):
        return "created"
    return None


class RowTable:
    """Every highlight row, each order sorted once, and the last selection for the next.

    A condition is answered once per group of rows that look alike to it (the
    same article for words, the same note for ``note:`` ...), through the
    query language's own :class:`Matcher`, and the groups' rows are gathered
    in a set: ``tag:x`` over 100,000 highlights asks the matcher once per
    distinct (article, tags) pair, not 100,000 times.
    """

    def __init__(self, rows: Sequence[HighlightRow]) -> None:
        self.rows: list[HighlightRow] = list(rows)
        self._orders: dict[RowOrder, list[HighlightRow]] = {}
        self._groups: dict[str, list[list[HighlightRow]]] = {}
        self._everything: set[HighlightRow] | None = None
        self._lock = threading.RLock()
        self.version = 0
        """Bumped by every change, so a selection from before it is not built upon."""
        self.last: Selection | None = None

    def __len__(self) -> int:
        return len(self.rows)

    def ordered(self, order: RowOrder) -> list[HighlightRow]:
        """All rows in ``order`` (sorted on first use, then kept; do not change the list)."""
        with self._lock:
            done = self._orders.get(order)
            if done is None:
                ascending = self._orders.get(RowOrder(order.key, not order.descending))
                if ascending is not None:
                    done = ascending[::-1]
                else:
                    with gc_paused():
                        done = sort_rows(self.rows, order)
                self._orders[order] = done
            return done

    def replace(self, highlight_id: str, new: HighlightRow | None) -> None:
        """A highlight was edited (``new``) or deleted (None): keep the table in step."""
        with self._lock:
            self.rows = [r for r in self.rows if r.id != highlight_id]
            if new is not None:
                self.rows.append(new)
            self._orders.clear()  # sorted and grouped again on next use
            self._groups.clear()
            self._everything = None
            self.version += 1
            self.last = None

    def select(
        self, library: Library, query: Query, order: RowOrder, *, cancelled: CancelCheck = None
    ) -> Selection | None:
        """The rows ``query`` holds for, in ``order``; None when ``cancelled()`` said stop."""
        wanted = conditions(query)
        last = self.last
        version = self.version
        if (
            last is not None
            and last.version == version
            and last.order == order
            and all(any(implies(n, o) for n in wanted) for o in last.passed)
        ):
            candidates = last.rows
            extra = tuple(n for n in wanted if n not in last.passed)
        else:
            candidates = self.ordered(order)
            extra = wanted
        if not extra:
            rows: list[HighlightRow] | None = candidates
        elif len(candidates) <= PER_ROW:
            rows = _narrow(library, candidates, extra, cancelled)
        else:
            kept = self._rows_where(library, _all_of(list(extra)), cancelled)
            if kept is None:
                rows = None
            elif len(kept) == len(self.rows):
                rows = candidates  # every row passed
            else:
                rows = [r for r in candidates if r in kept]
        if rows is None:
            return None
        selection = Selection(rows, order, wanted, version)
        self.last = selection
        return selection

    def prepare(self, cancelled: CancelCheck = None) -> None:
        """Group the rows for every kind of condition now (a worker's idle time), so the
        first keystroke of each kind does not pay for it."""
        for looks in _LOOKS:
            if cancelled is not None and cancelled():
                return
            self._grouped(looks)
        self._all()

    def _grouped(self, looks: str) -> list[list[HighlightRow]]:
        """The rows in groups that look alike to conditions of kind ``looks``."""
        with self._lock:
            groups = self._groups.get(looks)
            if groups is None:
                key = _LOOKS[looks]
                by_key: dict[Hashable, list[HighlightRow]] = {}
                with gc_paused():
                    for row in self.rows:
                        by_key.setdefault(key(row), []).append(row)
                groups = self._groups[looks] = list(by_key.values())
            return groups

    def _all(self) -> set[HighlightRow]:
        with self._lock:
            if self._everything is None:
                self._everything = set(self.rows)
            return self._everything

    def _rows_where(
        self, library: Library, node: Node, cancelled: CancelCheck
    ) -> set[HighlightRow] | None:
        """The rows ``node`` holds for (None when cancelled)."""
        if cancelled is not None and cancelled():
            return None
        looks = _looks_at(node)
        if looks is not None:
            holds = Matcher(library, Query(node)).holds_for_record
            kept: set[HighlightRow] = set()
            for group in self._grouped(looks):
                first = group[0]
                if holds(first.article, first.record):
                    kept.update(group)
            return kept
        if isinstance(node, Not):
            inner = self._rows_where(library, node.node, cancelled)
            return None if inner is None else self._all() - inner
        assert isinstance(node, And | Or)
        parts = [self._rows_where(library, n, cancelled) for n in node.nodes]
        if any(p is None for p in parts):
            return None
        sets = [p for p in parts if p is not None]
        if isinstance(node, And):
            sets.sort(key=len)
            return sets[0].intersection(*sets[1:])
        return set().union(*sets)


def _narrow(
    library: Library,
    rows: list[HighlightRow],
    extra: tuple[Node, ...],
    cancelled: CancelCheck = None,
) -> list[HighlightRow] | None:
    """The ``rows`` every one of ``extra`` holds for, in the same order."""
    if not extra:
        return rows
    about_article = [n for n in extra if not Query(n).looks_at_highlights]
    about_highlight = [n for n in extra if Query(n).looks_at_highlights]
    if about_article:
        matcher = Matcher(library, Query(_all_of(about_article)))
        verdict: dict[str, bool] = {}
        kept = []
        for row in rows:
            article: Article = row.article
            ok = verdict.get(article.id)
            if ok is None:
                ok = verdict[article.id] = matcher.matches(article)
            if ok:
                kept.append(row)
        rows = kept
    if cancelled is not None and cancelled():
        return None
    if about_highlight:
        holds = Matcher(library, Query(_all_of(about_highlight))).holds_for_record
        rows = [row for row in rows if holds(row.article, row.record)]
    return rows


def _all_of(nodes: list[Node]) -> Node:
    return nodes[0] if len(nodes) == 1 else And(tuple(nodes))
