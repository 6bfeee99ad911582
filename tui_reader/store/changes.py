"""What a save changed, told to listeners such as the full-text index."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Changes:
    """The article ids touched by one save, by what was written."""

    articles: frozenset[str] = frozenset()
    """Articles whose record (title, tags, state, queue, ...) was written."""
    texts: frozenset[str] = frozenset()
    """Articles whose text was written (new, or replaced by a re-import)."""
    highlights: frozenset[str] = frozenset()
    """Articles whose highlights were added, changed or deleted."""
    deleted: frozenset[str] = frozenset()
    """Articles removed with their text and highlights."""
    reviews: frozenset[str] = frozenset()
    """Articles whose highlights' review cards were written."""

    def __bool__(self) -> bool:
        return bool(self.articles or self.texts or self.highlights or self.deleted or self.reviews)

    def merge(self, other: Changes) -> Changes:
        """Both sets of changes as one."""
        return Changes(
            self.articles | other.articles,
            self.texts | other.texts,
            self.highlights | other.highlights,
            self.deleted | other.deleted,
            self.reviews | other.reviews,
        )


Listener = Callable[[Changes], None]
"""Called with the :class:`Changes` of each save, after it is on disk."""
