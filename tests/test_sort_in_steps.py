"""Sorting in steps: the same list as ``sorted()``, made of short C calls (none over more
than two steps' worth of items), so that no sort holds the GIL for long."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui_reader import sort_in_steps as module
from tui_reader.sort_in_steps import merge_in_steps, sorted_in_steps

# (key, position): equal keys tell whether the sort kept them in their order (stable).
ITEMS = st.lists(st.tuples(st.integers(0, 6), st.integers()), max_size=300)


@given(items=ITEMS, step=st.integers(1, 40), reverse=st.booleans())
def test_the_same_list_as_sorted(items: list[tuple[int, int]], step: int, reverse: bool) -> None:
    def first(item: tuple[int, int]) -> int:
        return item[0]

    expected = sorted(items, key=first, reverse=reverse)
    assert sorted_in_steps(items, first, reverse=reverse, step=step) == expected
    assert sorted_in_steps(items, reverse=reverse, step=step) == sorted(items, reverse=reverse)


@given(
    first=st.lists(st.integers(0, 20), max_size=200),
    second=st.lists(st.integers(0, 20), max_size=200),
    step=st.integers(1, 30),
)
def test_a_merge_keeps_ties_of_the_first_list_first(
    first: list[int], second: list[int], step: int
) -> None:
    a = sorted((n, "first", i) for i, n in enumerate(first))
    b = sorted((n, "second", i) for i, n in enumerate(second))

    def key(item: tuple[int, str, int]) -> int:
        return item[0]

    assert merge_in_steps(a, b, key, step) == sorted(a + b, key=key)


@pytest.mark.parametrize(
    "shape",
    [
        lambda n: [(n * 7919) % 10007 for n in range(n)],  # shuffled
        lambda n: list(range(n)),  # sorted already
        lambda n: list(range(n))[::-1],  # reversed
        lambda n: [5] * n,  # all equal
        lambda n: list(range(n // 2, n)) + list(range(n // 2)),  # two runs, one after the other
    ],
)
def test_no_call_sorts_more_than_two_steps(
    shape: Callable[[int], list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The GIL is held by one ``sorted()`` at a time: each over a block, never the list."""
    sizes: list[int] = []

    def counted(values: Any, **kwargs: Any) -> list[Any]:
        values = list(values)
        sizes.append(len(values))
        return sorted(values, **kwargs)

    items = shape(10_000)
    monkeypatch.setattr(module, "sorted", counted, raising=False)
    got = sorted_in_steps(items, lambda n: n, reverse=True, step=256)
    monkeypatch.undo()
    assert got == sorted(items, reverse=True)
    assert sizes and max(sizes) <= 2 * 256
    assert sum(sizes) >= len(items)
