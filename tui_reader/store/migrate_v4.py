"""Schema 4 -> 5: the settings leave ``meta.json`` for ``settings.json``.

``meta.json`` is read to open a library (its schema, its shard registry); the
settings it also held (every feed followed with the entries it has shown, the
deleted entries, saved searches, ignore rules) were parsed with it, 3 MB at
2,000 feeds, and rewritten with every change of the registry.

The move is killable: ``settings.json`` is written first, then ``meta.json``
without the settings. A kill between the two leaves the settings in both, and
the next open moves them again (``meta.json`` holds them until the step is done,
so it is the copy taken); a kill after them leaves nothing to move.
"""

from __future__ import annotations

from pathlib import Path

from tui_reader.store import layout
from tui_reader.store.storage import AtomicJSONStorage


def move_settings(folder: Path) -> None:
    """Move the settings of ``folder``'s ``meta.json`` to ``settings.json``."""
    meta = AtomicJSONStorage(folder / layout.META, generations=layout.META_GENERATIONS)
    tables = meta.tables()
    row = dict((tables.get("meta") or {}).get("1") or {})
    if "settings" not in row:
        return  # moved already (killed after the move), or never had any
    settings = row.pop("settings")
    store = AtomicJSONStorage(folder / layout.SETTINGS, generations=layout.SETTINGS_GENERATIONS)
    store.write({layout.SETTINGS_TABLE: {"1": settings if isinstance(settings, dict) else {}}})
    tables["meta"] = {"1": row}
    meta.write(tables)
