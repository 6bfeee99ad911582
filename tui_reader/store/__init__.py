"""The library store: TinyDB files written atomically, one writer at a time."""

from tui_reader.store.errors import (
    LibraryCorrupt,
    LibraryLocked,
    NotFound,
    ReadOnlyError,
    StoreError,
    StoreWriteError,
)
from tui_reader.store.library import AddResult, AddStatus, Library, OpenMode

__all__ = [
    "AddResult",
    "AddStatus",
    "Library",
    "LibraryCorrupt",
    "LibraryLocked",
    "NotFound",
    "OpenMode",
    "ReadOnlyError",
    "StoreError",
    "StoreWriteError",
]
