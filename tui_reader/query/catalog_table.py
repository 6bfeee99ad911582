"""A compact table of the catalog, kept in step with the store: what queries filter and sort.

Each article has a slot: a row number into columns of plain values (folded
title, source, feed, note, tags, state, queue, dates as timestamps,
progress), and each highlight has one in a second set of columns (its
article's slot, colour, note, tags, creation time). Queries test whole
columns at once (:mod:`tui_reader.query.masks`) and turn only the rows
they keep into articles, so a field query over 100,000 articles never calls
Python code per article.

Slots never move: a deleted article's slot is marked dead, a new one is
appended, so the table follows a save by re-reading only the articles it
names (:meth:`Library.subscribe`), when the next query comes. The orders
(newest added first, by title ...) are sorted once and kept until a save
changes what they sort by.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from itertools import compress, repeat
from operator import itemgetter
from typing import Any

from tui_reader.model import Article
from tui_reader.query.dates import moment
from tui_reader.query.highlight_table import Record, highlight_table
from tui_reader.sort_in_steps import merge_in_steps, sorted_in_steps
from tui_reader.store import Library
from tui_reader.store.changes import Changes
from tui_reader.store.derived import PerLibrary

#: Masks of single values (a tag, a colour) kept per table: each costs a byte per row.
KEPT_MASKS = 64
#: No date (compares false with every bound).
NO_DATE = math.nan
_EPOCH = datetime(1970, 1, 1)


def stamp(when: datetime | None) -> float:
    """Seconds since 1970 (UTC) of an aware datetime, NaN for None (never overflows)."""
    if when is None:
        return NO_DATE
    offset = when.utcoffset()
    seconds = (when.replace(tzinfo=None) - _EPOCH).total_seconds()
    return seconds - (offset.total_seconds() if offset is not None else 0.0)


def date_stamp(text: str) -> float:
    """A stored ISO date as :func:`stamp`."""
    return stamp(moment(text))


def host_of(url: str) -> str:
    """The host of ``url`` folded, or "" (``source:`` looks in it too)."""
    _, sep, rest = url.partition("://")
    return rest.split("/", 1)[0].casefold() if sep else ""


def _tag_list(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(dict.fromkeys(t.casefold() for t in value if isinstance(t, str)))


def _folded(tags: Sequence[str]) -> tuple[str, ...]:
    """Tags folded for comparing, each once."""
    if not tags:
        return ()
    return tuple(dict.fromkeys(t.casefold() for t in tags))


def _text(record: Record, key: str) -> str:
    value = record.get(key)
    return value if isinstance(value, str) else ""


def _published(article: Article) -> float:
    return date_stamp(article.published) if article.published else NO_DATE


#: The columns worked out on first use: name -> (value of an article, value of a dead slot).
COLUMNS: dict[str, tuple[Callable[[Article], Any], Any]] = {
    "title": (lambda a: a.title.casefold(), ""),
    "source": (lambda a: a.source.casefold(), ""),
    "host": (lambda a: host_of(a.url) if a.url else "", ""),
    "feed": (lambda a: a.origin.casefold(), ""),
    "from_feed": (lambda a: 1 if a.guid else 0, 0),
    "note": (lambda a: a.note.casefold(), ""),
    "has_note": (lambda a: 1 if a.note.strip() else 0, 0),
    "state": (lambda a: str(a.state), ""),
    "queue": (lambda a: str(a.queue), ""),
    "progress": (lambda a: a.progress, 0.0),
    "added": (lambda a: date_stamp(a.added), NO_DATE),
    "published": (_published, NO_DATE),
}


class Highlights:
    """The highlight columns: one slot per highlight record, dead ones marked."""

    def __init__(self) -> None:
        self.owner: list[int] = []
        """The article slot of each highlight."""
        self.records: list[Record | None] = []
        self.colour: list[str] = []
        self.note: list[str] = []
        """The note folded ("" for none)."""
        self.has_note: bytearray = bytearray()
        self.tags: list[tuple[str, ...]] = []
        self.created: list[float] = []
        self.alive = bytearray()
        self.dead = 0
        self.of_article: dict[int, list[int]] = {}
        """Article slot -> its highlights' slots."""
        self._latest: dict[int, float] | None = None
        self._gather: tuple[int, Callable[[Sequence[int]], Any]] | None = None
        self._masks: dict[tuple[str, str], bytearray] = {}

    def __len__(self) -> int:
        return len(self.owner)

    def lift(self, mask: bytes) -> bytes:
        """A mask over article slots lifted to the highlights: a highlight is held when
        its article is (one C call gathering every highlight's article byte)."""
        count = len(self.owner)
        if count < 2:
            return bytes(map(mask.__getitem__, self.owner))
        if self._gather is None or self._gather[0] != count:
            self._gather = (count, itemgetter(*self.owner))
        return bytes(self._gather[1](mask))

    def value_mask(self, column: str, value: str) -> bytes:
        """The highlight slots whose ``colour`` is ``value``, or whose ``tags`` hold it,
        kept from one query to the next: the columns only grow (a changed highlight gets
        a new slot), so a kept mask is extended by the slots added since."""
        kept = self._masks.get((column, value))
        if kept is None:
            kept = self._masks[(column, value)] = bytearray()
            while len(self._masks) > KEPT_MASKS:
                del self._masks[next(iter(self._masks))]
        if len(kept) < len(self.owner):
            values = self.colour if column == "colour" else self.tags
            check = str.__eq__ if column == "colour" else tuple.__contains__
            kept += bytes(map(check, values[len(kept) :], repeat(value)))
        return bytes(kept)

    def latest(self) -> dict[int, float]:
        """Article slot -> when its latest highlight was made (articles whose highlights
        have a date), worked out once until the highlights change."""
        if self._latest is None:
            latest: dict[int, float] = {}
            created = self.created
            for slot, slots in self.of_article.items():
                dates = [m for m in map(created.__getitem__, slots) if m == m]  # not NaN
                if dates:
                    latest[slot] = max(dates)
            self._latest = latest
        return self._latest

    def add(self, article_slot: int, records: Sequence[Record]) -> None:
        """Append the highlights of one article."""
        self._latest = None
        slots = self.of_article.setdefault(article_slot, [])
        for record in records:
            slots.append(len(self.owner))
            self.owner.append(article_slot)
            self.records.append(record)
            self.colour.append(_text(record, "colour"))
            note = _text(record, "note")
            self.note.append(note.casefold())
            self.has_note.append(1 if note.strip() else 0)
            self.tags.append(_tag_list(record.get("tags")))
            self.created.append(date_stamp(_text(record, "created")))
            self.alive.append(1)

    def drop(self, article_slot: int) -> None:
        """Mark one article's highlights dead."""
        self._latest = None
        for slot in self.of_article.pop(article_slot, ()):
            self.alive[slot] = 0
            self.records[slot] = None
            self.dead += 1


class CatalogTable:
    """Every article of one library as columns, refreshed after each save.

    Read it inside :meth:`reading` (one reader at a time; saves only note what
    they changed, in the saving thread).
    """

    def __init__(self, library: Library) -> None:
        self.library = library
        self._lock = threading.Lock()
        self._reading = threading.RLock()
        self._stale: set[str] | None = None
        """Articles to read again (None: read everything on next use)."""
        self._stale_highlights: set[str] = set()
        self._loaded = False
        self.version = 0
        """Counts the changes applied (a cache of masks keys on it)."""
        self._reset()
        self._highlights: Highlights | None = None
        self._tag_counts: tuple[int, Counter[str]] | None = None
        self.unsubscribe = library.subscribe(self._changed)

    def _reset(self) -> None:
        self.ids: list[str] = []
        self.slot_of: dict[str, int] = {}
        self.articles: list[Article | None] = []
        self.added_key: list[tuple[str, str]] = []
        self._columns: dict[str, list[Any]] = {}
        """Columns worked out so far (each on first use: see :data:`COLUMNS`)."""
        self._tags: list[tuple[str, ...]] | None = None
        self._tag_slots: dict[str, set[int]] = {}
        self._tag_masks: dict[str, bytearray] = {}
        """Folded tag -> the mask of the slots carrying it (made on first use, then kept
        in step with every save like :attr:`tag_slots`)."""
        self.alive = bytearray()
        self.dead = 0
        self._orders: dict[tuple[str, bool], list[int]] = {}
        self._unplaced: list[int] = []
        """Slots appended since the kept ``added`` order was made: merged into it on its
        next use (:meth:`_place_unplaced`), not the whole order sorted again."""
        self._highlights = None

    def column(self, name: str) -> list[Any]:
        """The column ``name`` of :data:`COLUMNS`, one value a slot (worked out on first
        use, then kept in step with each save)."""
        found = self._columns.get(name)
        if found is None:
            make, empty = COLUMNS[name]
            found = [empty if a is None else make(a) for a in self.articles]
            self._columns[name] = found
        return found

    @property
    def tag_slots(self) -> dict[str, set[int]]:
        """Folded tag -> the slots of the articles carrying it."""
        if self._tags is None:
            self._tags = [() if a is None else _folded(a.tags) for a in self.articles]
            for slot, tags in enumerate(self._tags):
                for tag in tags:
                    self._tag_slots.setdefault(tag, set()).add(slot)
        return self._tag_slots

    def tag_mask(self, tag: str) -> bytes:
        """The mask of the slots carrying the folded ``tag``."""
        kept = self._tag_masks.get(tag)
        if kept is None:
            kept = bytearray(len(self.ids))
            for slot in self.tag_slots.get(tag, ()):
                kept[slot] = 1
            self._tag_masks[tag] = kept
            while len(self._tag_masks) > KEPT_MASKS:
                del self._tag_masks[next(iter(self._tag_masks))]
        return bytes(kept)

    def tag_counts(self) -> Counter[str]:
        """:meth:`Library.tag_counts`, counted once until the next save (read it, never
        change it)."""
        with self.reading():
            if self._tag_counts is None or self._tag_counts[0] != self.version:
                self._tag_counts = (self.version, self.library.tag_counts())
            return self._tag_counts[1]

    def _changed(self, changes: Changes) -> None:
        # In the saving thread, the store's lock held: only note the ids.
        with self._lock:
            if self._stale is not None:
                self._stale |= changes.articles | changes.texts | changes.deleted
            self._stale_highlights |= changes.highlights | changes.deleted

    # ------------------------------------------------------------------ reading

    @contextmanager
    def reading(self) -> Iterator[CatalogTable]:
        """The table brought up to date, held still while the caller reads it."""
        with self._reading:
            self._refresh()
            yield self

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def loaded(self) -> bool:
        """True once the catalog was read into the table (it then follows every save)."""
        with self._lock:
            return self._stale is not None

    @property
    def count(self) -> int:
        """Articles in the library."""
        return len(self.ids) - self.dead

    def _refresh(self) -> None:
        with self._lock:
            stale, self._stale = self._stale, set()
            stale_highlights, self._stale_highlights = self._stale_highlights, set()
        if stale is None:
            with self.library.mutex:  # no save between the articles and their notice
                articles = self.library.articles()
            self._load(articles)
            self.version += 1
            return
        if not stale and not stale_highlights:
            return
        if stale:
            found = self.library.get_many(stale)
            for article_id in stale:
                if self._update(article_id, found.get(article_id)):
                    stale_highlights.add(article_id)  # a new slot: its highlights with it
        if self._highlights is not None and stale_highlights:
            self._refresh_highlights(stale_highlights)
        if self.dead > 1000 and self.dead > len(self.ids) // 2:
            with self._lock:
                self._stale = None
            self._refresh()
        self.version += 1

    def _load(self, articles: list[Article]) -> None:
        """Read every article's id and added date (the other columns wait for a query)."""
        self._reset()
        self.articles = list(articles)
        self.ids = [a.id for a in articles]
        self.slot_of = {aid: slot for slot, aid in enumerate(self.ids)}
        self.added_key = [(a.added, a.id) for a in articles]
        self.alive = bytearray(b"\x01" * len(articles))

    def _append(self, article: Article) -> int:
        slot = len(self.ids)
        self.ids.append(article.id)
        self.slot_of[article.id] = slot
        self.articles.append(article)
        self.added_key.append(("", ""))
        for name, values in self._columns.items():
            values.append(COLUMNS[name][1])
        if self._tags is not None:
            self._tags.append(())
        for mask in self._tag_masks.values():
            mask.append(0)
        self.alive.append(1)
        self._fill(slot, article)
        return slot

    def __getattr__(self, name: str) -> list[Any]:
        # title, source, host, feed, from_feed, note, has_note, state, queue, progress, dates
        if name in COLUMNS:
            return self.column(name)
        raise AttributeError(name)

    def _fill(self, slot: int, article: Article) -> None:
        """Write ``article``'s values into its slot (of the columns worked out so far)."""
        self.articles[slot] = article
        self.added_key[slot] = (article.added, article.id)
        for name, values in self._columns.items():
            values[slot] = COLUMNS[name][0](article)
        self._set_tags(slot, _folded(article.tags))

    def _set_tags(self, slot: int, tags: tuple[str, ...]) -> None:
        if self._tags is None:
            return
        masks = self._tag_masks
        for tag in self._tags[slot]:
            self._tag_slots[tag].discard(slot)
            if tag in masks:
                masks[tag][slot] = 0
        for tag in tags:
            self._tag_slots.setdefault(tag, set()).add(slot)
            if tag in masks:
                masks[tag][slot] = 1
        self._tags[slot] = tags

    def _update(self, article_id: str, article: Article | None) -> bool:
        """Bring ``article_id``'s slot up to date; True when it got a new slot."""
        slot = self.slot_of.get(article_id)
        if article is None:
            if slot is not None and self.alive[slot]:
                self.alive[slot] = 0
                self.dead += 1
                self.articles[slot] = None
                self._set_tags(slot, ())
                if self._highlights is not None:
                    self._highlights.drop(slot)
            return False
        if slot is None or not self.alive[slot]:
            if slot is not None:  # came back after a delete: a new slot
                del self.slot_of[article_id]
            new_slot = self._append(article)
            newest = self._orders.get(("added", True))
            self._orders.clear()
            if newest is None:
                self._unplaced.clear()
            else:  # kept: the new slot is merged into it on next use
                self._orders[("added", True)] = newest
                self._unplaced.append(new_slot)
            return True
        old = self.articles[slot]
        self._fill(slot, article)
        if old is None or old.added != article.added:
            self._orders.clear()
            self._unplaced.clear()
            return False
        for key, changed in (
            ("title", old.title != article.title),
            ("progress", old.progress != article.progress),
            ("published", old.published != article.published),
        ):
            if changed:
                self._orders.pop((key, False), None)
                self._orders.pop((key, True), None)
        return False

    # ------------------------------------------------------------------ highlights

    def highlights(self) -> Highlights:
        """The highlight columns (every highlight read on first use)."""
        if self._highlights is None:
            grouped = highlight_table(self.library).grouped()
            table = Highlights()
            for article_id, records in grouped.items():
                slot = self.slot_of.get(article_id)
                if slot is not None and self.alive[slot]:
                    table.add(slot, records)
            self._highlights = table
        return self._highlights

    def _refresh_highlights(self, article_ids: set[str]) -> None:
        table = self._highlights
        assert table is not None
        self._orders.pop(("highlighted", False), None)
        self._orders.pop(("highlighted", True), None)
        grouped = highlight_table(self.library).grouped()
        for article_id in article_ids:
            slot = self.slot_of.get(article_id)
            if slot is None:
                continue
            table.drop(slot)
            records = grouped.get(article_id)
            if records and self.alive[slot]:
                table.add(slot, records)
        if table.dead > 1000 and table.dead > len(table) // 2:
            self._highlights = None

    # ------------------------------------------------------------------ orders

    def order(self, key: str, descending: bool) -> list[int]:
        """Every live slot in ``key`` order (``added``, ``title``, ``progress``,
        ``published``, ``highlighted``: by the latest highlight, those without one last),
        ties newest added first; kept until a save changes it."""
        if key == "added":
            descending = True  # the base order; ascending is its reverse
            if self._unplaced:
                self._place_unplaced()
        cached = self._orders.get((key, descending))
        if cached is not None:
            return cached
        if key == "added":
            live = compress(range(len(self.ids)), self.alive)
            made = sorted_in_steps(live, key=self.added_key.__getitem__, reverse=True)
        elif key == "published":
            newest = self.order("added", True)
            published = self.published
            dated = [s for s in newest if not math.isnan(published[s])]
            undated = [s for s in newest if math.isnan(published[s])]
            made = sorted_in_steps(dated, key=published.__getitem__, reverse=descending) + undated
        elif key == "highlighted":
            latest = self.highlights().latest()
            newest = self.order("added", True)
            dated = [s for s in newest if s in latest]
            undated = [s for s in newest if s not in latest]
            made = sorted_in_steps(dated, key=latest.__getitem__, reverse=descending) + undated
        else:
            column: list[Any] = self.title if key == "title" else self.progress
            made = sorted_in_steps(
                self.order("added", True), key=column.__getitem__, reverse=descending
            )
        self._orders[(key, descending)] = made
        return made

    def _place_unplaced(self) -> None:
        """Merge the slots appended since the ``added`` order was made into it.

        A refresh adds thousands of articles to a table of 100,000: sorting the whole
        order again cost half a second of the listing worker (and, as one ``sorted()``,
        held the GIL and the app's UI thread for up to 250 ms); the new slots are sorted
        alone and merged in, a block at a time (:func:`merge_in_steps`). Keys are unique
        (an id is alive in one slot at most), so the result is the full sort's.
        """
        unplaced, self._unplaced = self._unplaced, []
        newest = self._orders.get(("added", True))
        if newest is None:
            return
        key = self.added_key.__getitem__
        merged = merge_in_steps(newest[::-1], sorted_in_steps(unplaced, key=key), key)
        merged.reverse()
        self._orders[("added", True)] = merged

    def rows(self, slots: Sequence[int]) -> list[Article]:
        """The articles in ``slots`` (live ones), in that order."""
        if len(slots) < 2:
            return [self.articles[s] for s in slots]  # type: ignore[misc]
        return list(itemgetter(*slots)(self.articles))


#: The table of a library (made, and subscribed to its saves, on first use).
catalog_table: PerLibrary[CatalogTable] = PerLibrary(CatalogTable)
