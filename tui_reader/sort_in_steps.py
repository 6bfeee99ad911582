"""Sorting a big list without holding the GIL for the whole sort.

``sorted()`` over 100,000 items is one C call: it never lets another thread
run until it returns. Measured on these machines: sorting the library's
100,000 articles by (added, id) held the GIL for 140-250 ms, and the app's UI
thread (which only needs a few milliseconds every frame) could not run a frame
meanwhile: the longest frame gaps of a refresh at 100,000 articles were such
sorts, in the saver (the refresh matching entries against the library) and in
the listing worker (the list's order made again for the new articles).

:func:`sorted_in_steps` gives the same list as ``sorted()`` (stable, ``reverse``
included) as a series of short C calls: runs of :data:`STEP` items are sorted
alone, then merged two by two, a block at a time. Between two calls the
interpreter lets other threads run, so no call holds the GIL for long whatever
the size of the list; the whole sort costs about as much CPU as one call.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")

#: Items sorted, or merged, by one C call: a few milliseconds of GIL at most.
STEP = 2048


def sorted_in_steps(
    items: Iterable[T],
    key: Callable[[T], Any] | None = None,
    *,
    reverse: bool = False,
    step: int = STEP,
) -> list[T]:
    """``sorted(items, key=key, reverse=reverse)``, made of C calls over ``2 * step``
    items at most (each key is computed once)."""
    values = list(items)
    if len(values) <= step:
        return sorted(values, key=key, reverse=reverse)
    keys: list[Any] = values if key is None else [key(value) for value in values]
    slots = list(range(len(values)))
    if reverse:  # as sorted() does: reversed, sorted stably, reversed back (ties keep order)
        slots.reverse()
    key_of = keys.__getitem__
    runs = [sorted(slots[n : n + step], key=key_of) for n in range(0, len(slots), step)]
    while len(runs) > 1:
        runs = [
            merge_in_steps(runs[n], runs[n + 1], key_of, step) if n + 1 < len(runs) else runs[n]
            for n in range(0, len(runs), 2)
        ]
    order = runs[0]
    if reverse:
        order.reverse()
    return [values[slot] for slot in order]


def merge_in_steps(
    first: list[T], second: list[T], key: Callable[[T], Any], step: int = STEP
) -> list[T]:
    """The stable merge of two lists sorted by ``key`` (ties: ``first``'s items first),
    made a block of at most ``step`` items of each at a time."""
    merged: list[T] = []
    i = j = 0
    while i < len(first) and j < len(second):
        end = min(i + step, len(first))
        # Items of ``second`` that come before first[end] (and so among this block).
        upto = bisect_left(second, key(first[end - 1]), j, key=key)
        if upto - j > step:  # a long stretch of ``second``: a block of it instead
            upto = j + step
            end = bisect_right(first, key(second[upto - 1]), i, end, key=key)
        merged.extend(sorted(first[i:end] + second[j:upto], key=key))
        i, j = end, upto
    merged.extend(first[i:])
    merged.extend(second[j:])
    return merged
