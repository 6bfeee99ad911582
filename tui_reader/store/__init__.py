"""The library store: TinyDB files written atomically, one writer at a time."""

from tui_reader.store.errors import (
    InvalidRecord,
    LibraryCorrupt,
    LibraryLocked,
    NotFound,
    ReadOnlyError,
    StaleQuote,
    StoreError,
    StoreWriteError,
)
from tui_reader.store.library import Library, OpenMode

__all__ = [
    "InvalidRecord",
    "Library",
    "LibraryCorrupt",
    "LibraryLocked",
    "NotFound",
    "OpenMode",
    "ReadOnlyError",
    "StaleQuote",
    "StoreError",
    "StoreWriteError",
]
