"""A query answered on the catalog table: whole columns tested at once, then ordered.

The same rules as :mod:`tui_reader.query.evaluate` (which states them and
remains the evaluator for single articles and highlights): a query holds for
an article when it holds for the article itself or for one of its
highlights. Here each test is a mask over the table's article slots (the
article itself) and, when the query looks at highlights, a mask over its
highlight slots (an article-level test lifted to each of its highlights);
the highlights that hold mark their articles.
"""

from __future__ import annotations

from datetime import datetime
from itertools import compress
from operator import itemgetter

from tui_reader.query import masks
from tui_reader.query.catalog_table import CatalogTable, Highlights, stamp
from tui_reader.query.fulltext import TermHits, summed_scores
from tui_reader.query.masks import Mask
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
    Sort,
    Source,
    State,
    Tag,
    Text,
    Title,
    When,
)

#: The stored states each ``is:`` value stands for.
STATES = {
    "unread": frozenset({"unread"}),
    "reading": frozenset({"reading"}),
    "read": frozenset({"read", "archived"}),
}


class TableQuery:
    """One query's answer on one table, at one moment."""

    def __init__(
        self,
        table: CatalogTable,
        hits: dict[Text, TermHits],
        now: datetime,
    ) -> None:
        self.table = table
        self.hits = hits
        self.now = now
        self._article_masks: dict[Node, Mask] = {}
        self._hit_masks: dict[int, Mask] = {}
        """Masks of the terms' hits by the identity of their map (the terms searched
        together share one)."""

    # ------------------------------------------------------------------ selecting

    def select(self, where: Node | None, per_highlight: bool) -> Mask:
        """The article slots ``where`` holds for (live ones only)."""
        table = self.table
        if where is None:
            return bytes(table.alive)
        found = masks.both(self.on_articles(where), bytes(table.alive))
        if per_highlight:
            hls = table.highlights()
            held = masks.both(self.on_highlights(where, hls), bytes(hls.alive))
            found = masks.either(found, masks.project(held, hls.owner, len(table)))
        return found

    def on_articles(self, node: Node) -> Mask:
        """The mask of ``node`` over article slots, for the article itself."""
        known = self._article_masks.get(node)
        if known is None:
            known = self._article_masks[node] = self._article(node)
        return known

    def _article(self, node: Node) -> Mask:
        table = self.table
        n = len(table)
        if isinstance(node, And):
            out = self.on_articles(node.nodes[0])
            for part in node.nodes[1:]:
                out = masks.both(out, self.on_articles(part))
            return out
        if isinstance(node, Or):
            out = self.on_articles(node.nodes[0])
            for part in node.nodes[1:]:
                out = masks.either(out, self.on_articles(part))
            return out
        if isinstance(node, Not):
            return masks.invert(self.on_articles(node.node))
        if isinstance(node, Text):
            ids = self.hits.get(node)
            if ids is None:
                return masks.every(n)
            known = self._hit_masks.get(id(ids))
            if known is None:
                known = self._hit_masks[id(ids)] = self._slots_of(ids)
            return known
        if isinstance(node, Tag):
            return table.tag_mask(node.tag.casefold())
        if isinstance(node, Colour):
            return masks.none(n)
        if isinstance(node, HasNote):
            return bytes(table.has_note)
        if isinstance(node, HasHighlights):
            hls = table.highlights()
            return masks.of_set(n, {s for s, slots in hls.of_article.items() if slots})
        if isinstance(node, Note):
            return masks.test(table.note, str.__contains__, node.words.casefold())
        if isinstance(node, State):
            return bytes(map(STATES[node.state].__contains__, table.state))
        if isinstance(node, Place):
            return masks.test(table.queue, str.__eq__, node.place)
        if isinstance(node, Feed):
            return self._feed(node.name)
        if isinstance(node, Source):
            domain = node.domain.casefold()
            return masks.either(
                masks.test(table.source, str.__contains__, domain),
                masks.test(table.host, str.__contains__, domain),
            )
        if isinstance(node, Title):
            words = " ".join(node.words.split()).casefold()
            return masks.test(table.title, str.__contains__, words)
        if isinstance(node, When):
            if node.field == "highlighted":
                return masks.none(n)
            column = table.added if node.field == "added" else table.published
            return self._dates(column, node)
        raise TypeError(f"unknown query node {node!r}")  # pragma: no cover

    def _slots_of(self, ids: dict[str, float]) -> Mask:
        """The mask of the slots of the articles ``ids``."""
        table = self.table
        if len(ids) > len(table) // 2:
            # Most of the table: each of its ids looked up in ``ids`` by one C call (93,000
            # ids of 95,000: 10 against 17 ms); a live slot is the slot of its id.
            return masks.both(bytes(map(ids.__contains__, table.ids)), bytes(table.alive))
        out = bytearray(len(table))
        for slot in [slot for slot in map(table.slot_of.get, ids) if slot is not None]:
            out[slot] = 1
        return bytes(out)

    def _feed(self, name: str) -> Mask:
        """``feed:NAME`` (:mod:`tui_reader.query.feed_match`): each distinct origin of
        the articles with a guid is asked once, those without match followed addresses."""
        from tui_reader.query.feed_match import FeedQuery

        table = self.table
        query = FeedQuery(name, table.library.settings())
        wanted = {
            o for o in set(compress(table.feed, table.from_feed)) if query.origin_holds(o, True)
        }
        found = masks.both(masks.test(table.feed, wanted.__contains__), bytes(table.from_feed))
        plain = query.plain_origins()
        return masks.either(found, masks.test(table.feed, plain.__contains__)) if plain else found

    def on_highlights(self, node: Node, hls: Highlights) -> Mask:
        """The mask of ``node`` over highlight slots."""
        if not _about_highlights(node):
            # about the article alone: each highlight answers as its article does (one
            # lift for the whole subtree; lifting commutes with and, or, not)
            return hls.lift(self.on_articles(node))
        if isinstance(node, And):
            out = self.on_highlights(node.nodes[0], hls)
            for part in node.nodes[1:]:
                out = masks.both(out, self.on_highlights(part, hls))
            return out
        if isinstance(node, Or):
            out = self.on_highlights(node.nodes[0], hls)
            for part in node.nodes[1:]:
                out = masks.either(out, self.on_highlights(part, hls))
            return out
        if isinstance(node, Not):
            return masks.invert(self.on_highlights(node.node, hls))
        if isinstance(node, Tag):
            own = hls.value_mask("tags", node.tag.casefold())
            return masks.either(own, hls.lift(self.on_articles(node)))
        if isinstance(node, Colour):
            return hls.value_mask("colour", node.colour)
        if isinstance(node, HasNote):
            return bytes(hls.has_note)
        if isinstance(node, Note):
            return masks.test(hls.note, str.__contains__, node.words.casefold())
        if isinstance(node, When) and node.field == "highlighted":
            return self._dates(hls.created, node)
        return hls.lift(self.on_articles(node))  # pragma: no cover (_about_highlights)

    def _dates(self, column: list[float], node: When) -> Mask:
        low, high = node.spec.bounds(self.now)
        if low is None and high is None:  # any date at all (NaN is not equal to itself)
            return bytes(map(float.__eq__, column, column))
        out: Mask | None = None
        if low is not None:
            out = masks.test(column, float.__ge__, stamp(low))
        if high is not None:
            below = masks.test(column, float.__lt__, stamp(high))
            out = below if out is None else masks.both(out, below)
        assert out is not None
        return out

    # ------------------------------------------------------------------ ordering

    def ordered(self, found: Mask, sort: Sort | None) -> list[int]:
        """The slots of ``found`` in the order ``sort`` asks for (ties newest added first).

        Without ``sort``: best match first when the query's words were looked up,
        else newest added first.
        """
        table = self.table
        if sort is None:
            newest = _kept(table.order("added", True), found)
            if any(h is not None for h in self.hits.values()):
                return self._by_score(newest)
            return newest
        down = sort.descending
        if sort.key in ("added", "colour"):
            newest = _kept(table.order("added", True), found)
            return newest if down else newest[::-1]
        if sort.key in ("title", "article"):
            return _kept(table.order("title", down), found)
        if sort.key in ("progress", "published"):
            return _kept(table.order(sort.key, down), found)
        return self._by_highlighted(found, down)

    def _by_score(self, slots: list[int]) -> list[int]:
        """``slots`` best match first (:func:`summed_scores`, as the evaluator's
        ``Matcher.score_of``); ties keep their order."""
        scores = summed_scores(self.hits, list(map(self.table.ids.__getitem__, slots)))
        places = sorted(range(len(slots)), key=scores.__getitem__, reverse=True)
        return list(map(slots.__getitem__, places))

    def _by_highlighted(self, found: Mask, down: bool) -> list[int]:
        """Articles by their latest highlight, then those without one (newest added first)."""
        return _kept(self.table.order("highlighted", down), found)


#: The tests a highlight answers for itself (any other is answered by its article).
_OWN = (Tag, Colour, HasNote, Note)


def _about_highlights(node: Node) -> bool:
    """True when a test under ``node`` looks at a highlight itself."""
    if isinstance(node, And | Or):
        return any(map(_about_highlights, node.nodes))
    if isinstance(node, Not):
        return _about_highlights(node.node)
    return isinstance(node, _OWN) or (isinstance(node, When) and node.field == "highlighted")


def _kept(order: list[int], found: Mask) -> list[int]:
    """The slots of ``order`` that ``found`` holds, in that order (``found``'s bytes
    gathered in that order by one C call)."""
    if len(order) < 2:
        return [s for s in order if found[s]]
    return list(compress(order, itemgetter(*order)(found)))
