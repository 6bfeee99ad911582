"""Errors the store raises; each carries a message fit to show a person."""

from __future__ import annotations


class StoreError(Exception):
    """Base class of every library error; ``str(error)`` is a one-line message."""


class ReadOnlyError(StoreError):
    """A change was asked of a library opened read-only."""


class LibraryLocked(StoreError):
    """Another process holds the library's write lock."""


class LibraryCorrupt(StoreError):
    """A library file does not parse and no good earlier generation exists."""


class StoreWriteError(StoreError):
    """Saving failed (disk full, I/O error); the file on disk is as it was."""


class NotFound(StoreError):
    """No article or highlight with the given id."""


class InvalidRecord(StoreError, ValueError):
    """A record the store refuses to write (bad id, colour or anchor); nothing was saved."""


class StaleQuote(InvalidRecord):
    """A highlight whose quote is not the stored text at its place: it was made on a text
    that has since been replaced (a refresh or re-import); nothing was saved."""
