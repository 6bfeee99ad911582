"""Block heights with fast prefix sums, for a view of thousands of paragraphs.

The reader knows the exact height of the paragraphs it has wrapped and only
an estimate for the rest. :class:`Heights` is a Fenwick tree: changing one
height, finding where a block starts and finding the block at a given line
all take O(log n), so refining heights as the reader scrolls stays cheap.
"""

from __future__ import annotations

from collections.abc import Sequence


class Heights:
    """Heights of ``n`` blocks, each marked exact or estimated."""

    def __init__(self, heights: Sequence[int]) -> None:
        self._values = [max(0, h) for h in heights]
        self._exact = bytearray(len(self._values))
        self._tree = [0] * (len(self._values) + 1)
        tree = self._tree
        for i, value in enumerate(self._values, 1):
            tree[i] += value
            parent = i + (i & -i)
            if parent <= len(self._values):
                tree[parent] += tree[i]
        self._step = 1 << (len(self._values).bit_length())

    def __len__(self) -> int:
        return len(self._values)

    def __getitem__(self, index: int) -> int:
        return self._values[index]

    @property
    def total(self) -> int:
        """The sum of all heights."""
        return self.start(len(self._values))

    def is_exact(self, index: int) -> bool:
        """True once block ``index`` has been measured."""
        return bool(self._exact[index])

    @property
    def exact_count(self) -> int:
        """How many blocks have been measured."""
        return sum(self._exact)

    def set(self, index: int, height: int, *, exact: bool = True) -> int:
        """Set a block's height; returns the change (new - old)."""
        height = max(0, height)
        delta = height - self._values[index]
        self._values[index] = height
        if exact:
            self._exact[index] = 1
        if delta:
            i = index + 1
            tree = self._tree
            while i < len(tree):
                tree[i] += delta
                i += i & -i
        return delta

    def start(self, index: int) -> int:
        """The first line of block ``index`` (the sum of the heights before it)."""
        total = 0
        i = min(index, len(self._values))
        tree = self._tree
        while i > 0:
            total += tree[i]
            i -= i & -i
        return total

    def find(self, line: int) -> tuple[int, int]:
        """The block holding ``line`` and the line's offset inside it.

        Lines past the end map to the last block; an empty list gives (0, line).
        """
        n = len(self._values)
        if n == 0:
            return (0, line)
        if line < 0:
            return (0, line)
        position = 0
        remaining = line
        step = self._step
        tree = self._tree
        while step:
            nxt = position + step
            if nxt <= n and tree[nxt] <= remaining:
                position = nxt
                remaining -= tree[nxt]
            step >>= 1
        if position >= n:
            last = n - 1
            return (last, line - self.start(last))
        return (position, remaining)
