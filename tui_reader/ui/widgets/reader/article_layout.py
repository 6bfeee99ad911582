"""Where each block of an article sits: rows wrapped on demand, heights exact or estimated.

:class:`BlockLayout` knows nothing about Textual: it is given a function that
lays out one block (as :class:`~tui_reader.ui.widgets.reader.article_rows.Row` s)
and one that guesses its height. It wraps blocks only when asked (the
viewport, a jump target, an idle batch), keeps recently wrapped blocks in an
LRU cache, and answers "which block is at line y" and "where does block b
start" from a Fenwick tree of heights.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Iterable

from tui_reader.ui.widgets.reader.article_heights import Heights
from tui_reader.ui.widgets.reader.article_rows import Row

CACHE_SIZE = 1024
"""How many wrapped blocks the LRU cache keeps."""


class BlockLayout:
    """The rows and heights of ``count`` blocks at one width."""

    def __init__(
        self,
        count: int,
        build: Callable[[int], list[Row]],
        estimate: Callable[[int], int],
        *,
        exact: bool,
        cache_size: int = CACHE_SIZE,
    ) -> None:
        """Wrap every block now when ``exact``, else start from estimated heights."""
        self._build = build
        self._cache: OrderedDict[int, list[Row]] = OrderedDict()
        self._cache_size = cache_size
        if exact:
            self.heights = Heights([0] * count)
            for block in range(count):
                self.rows(block)
        else:
            self.heights = Heights([estimate(b) for b in range(count)])

    def __len__(self) -> int:
        return len(self.heights)

    @property
    def total(self) -> int:
        """Lines in the whole article."""
        return self.heights.total

    @property
    def complete(self) -> bool:
        """True once every block's height is exact."""
        return self.heights.exact_count == len(self.heights)

    def start(self, block: int) -> int:
        """The first line of a block."""
        return self.heights.start(block)

    def find(self, line: int) -> tuple[int, int]:
        """The block at ``line`` and the line's offset in it."""
        return self.heights.find(line)

    def rows(self, block: int) -> list[Row]:
        """A block's rows, from the cache or freshly wrapped (its height then exact)."""
        rows = self._cache.get(block)
        if rows is not None:
            self._cache.move_to_end(block)
            return rows
        rows = self._build(block)
        self._cache[block] = rows
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        self.heights.set(block, len(rows))
        return rows

    def body_height(self, block: int) -> int:
        """A block's lines without the separator after it."""
        return sum(1 for row in self.rows(block) if row.body)

    def forget_rows(self) -> None:
        """Drop every cached row (styles changed); heights stay valid."""
        self._cache.clear()

    def relayout(self, blocks: Iterable[int], top: int) -> int:
        """Wrap ``blocks`` again; returns how far lines that were at ``top`` moved."""
        shift = 0
        for block in sorted(set(blocks)):
            self._cache.pop(block, None)
            start, old = self.start(block), self.heights[block]
            self.rows(block)
            if start + old <= top + shift:
                shift += self.heights[block] - old
        return shift

    def ensure_around(self, block: int, height: int) -> None:
        """Wrap the blocks a screen above and two below ``block``, so positions near it hold."""
        covered, b = 0, block
        while b >= 0 and covered < height:
            covered += len(self.rows(b))
            b -= 1
        covered, b = 0, block
        while b < len(self) and covered < 2 * height:
            covered += len(self.rows(b))
            b += 1

    def prepare(self, top: int, height: int) -> None:
        """Wrap every block from line ``top`` to two screens below it."""
        block, _ = self.find(top)
        y = self.start(block)
        end = top + 2 * height
        while block < len(self) and y < end:
            y += len(self.rows(block))
            block += 1

    def refine(
        self, first: int, batch: int, top: int, *, deadline: float | None = None
    ) -> tuple[int, int]:
        """Measure up to ``batch`` estimated blocks from ``first`` on, without caching them.

        Stops early once ``time.perf_counter()`` passes ``deadline`` (blocks
        crowded with margin notes cost more than plain ones). Returns the block
        to continue from (``len(self)`` when done) and how far the line at
        ``top`` moved.
        """
        shift = done = 0
        block = first
        while block < len(self) and done < batch:
            if deadline is not None and done and time.perf_counter() > deadline:
                break
            if not self.heights.is_exact(block):
                start = self.start(block)
                delta = self.heights.set(block, len(self._build(block)))
                if start < top + shift:  # above the line that was at ``top``
                    shift += delta
                done += 1
            block += 1
        return block, shift
