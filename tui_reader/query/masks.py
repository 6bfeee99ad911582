"""Row masks: which rows of a table a test holds for, one byte (0 or 1) per row.

A mask is ``bytes`` of length n. Building one from a column runs in C
(``bytes(map(str.__contains__, column, repeat(word)))``), and combining two
goes through ``int.from_bytes``: a byte holding 0 or 1 stays 0 or 1 under
``&``, ``|`` and ``^ ones``, so 100,000 rows cost a few microseconds, not a
Python call each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import compress, repeat
from typing import Any

Mask = bytes


def none(n: int) -> Mask:
    """No row."""
    return bytes(n)


def every(n: int) -> Mask:
    """Every row."""
    return b"\x01" * n


def of_rows(n: int, rows: Iterable[int]) -> Mask:
    """The mask holding ``rows`` (numbers below ``n``)."""
    out = bytearray(n)
    for row in rows:
        out[row] = 1
    return bytes(out)


def of_set(n: int, rows: set[int] | frozenset[int]) -> Mask:
    """The mask holding the rows in ``rows`` (a membership test per row, in C)."""
    return bytes(map(rows.__contains__, range(n)))


def test(column: Sequence[Any], check: Callable[..., Any], *args: Any) -> Mask:
    """``check(value, *args)`` (a bool) for each value of ``column``, as a mask.

    ``check`` should be a built-in (``str.__contains__``, ``operator.ge``): then
    the whole column is tested in C.
    """
    if not args:
        return bytes(map(check, column))
    return bytes(map(check, column, *(repeat(a) for a in args)))


def both(a: Mask, b: Mask) -> Mask:
    """Rows in both."""
    return (int.from_bytes(a) & int.from_bytes(b)).to_bytes(len(a))


def either(a: Mask, b: Mask) -> Mask:
    """Rows in either."""
    return (int.from_bytes(a) | int.from_bytes(b)).to_bytes(len(a))


def invert(a: Mask) -> Mask:
    """Rows not in ``a``."""
    return a.translate(_FLIP)


_FLIP = bytes([1, 0]) + bytes(254)


def rows(mask: Mask) -> Iterator[int]:
    """The row numbers held, in order."""
    return compress(range(len(mask)), mask)


def lift(mask: Mask, owner: Sequence[int]) -> Mask:
    """A mask over items owned by rows (``owner[i]``: the row of item i): item i is held
    when its row is."""
    return bytes(map(mask.__getitem__, owner))


def project(items: Mask, owner: Sequence[int], n: int) -> Mask:
    """The rows (of ``n``) owning at least one held item."""
    return of_set(n, set(compress(owner, items)))
