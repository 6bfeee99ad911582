"""What the full-text index is told about an article, and where it gets it from."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class IndexRecord:
    """The indexed fields of one article."""

    id: str
    title: str
    source: str
    tags: str
    """The tags joined by spaces."""
    body: str
    """The article's text: its paragraphs joined by blank lines."""
    signature: str
    """Changes whenever anything indexed changes (from the store's catalog alone)."""

    @property
    def body_hash(self) -> str:
        """A digest of :attr:`body`: whether the text indexed is still the store's text."""
        return body_hash(self.body)


def body_hash(body: str) -> str:
    """A short digest of an article's text."""
    return hashlib.blake2b(body.encode("utf-8", "surrogatepass"), digest_size=10).hexdigest()


class IndexSource(Protocol):
    """The store, as the index reads it (the index never imports the store)."""

    @property
    def identity(self) -> str:
        """Names the library and its schema: an index built for another one is rebuilt."""
        ...

    def exclusive(self) -> AbstractContextManager[object]:
        """Hold off store writes for the duration (the store's own lock)."""
        ...

    def count(self) -> int:
        """How many articles the library holds."""
        ...

    def ids(self) -> list[str]:
        """Every article id."""
        ...

    def record(self, article_id: str) -> IndexRecord | None:
        """The article's indexed fields, or None when it is not in the library."""
        ...

    def body(self, article_id: str) -> str | None:
        """The article's text as stored now, or None when there is none."""
        ...

    def head(self, article_id: str) -> tuple[str, str, str, str] | None:
        """``(title, source, tags, signature)`` without reading the text, or None."""
        ...

    def signatures(self) -> Iterable[tuple[str, str]]:
        """``(id, signature)`` of every article, from the catalog (no text read)."""
        ...


class ChangeSet(Protocol):
    """What one save of the store changed (the store's ``Changes``)."""

    @property
    def articles(self) -> frozenset[str]:
        """Articles whose record was written."""
        ...

    @property
    def texts(self) -> frozenset[str]:
        """Articles whose text was written."""
        ...

    @property
    def deleted(self) -> frozenset[str]:
        """Articles removed."""
        ...


def chunks(items: list[str], size: int) -> Iterator[list[str]]:
    """``items`` in consecutive lists of at most ``size``."""
    for at in range(0, len(items), size):
        yield items[at : at + size]
