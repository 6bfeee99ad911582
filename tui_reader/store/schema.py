"""The library's schema version and the migrations between versions.

Each migration takes the catalog's TinyDB tables (a plain dict, as stored)
and returns them in the next version's shape. ``MIGRATIONS[n]`` turns version
``n`` into ``n + 1``. Add one here whenever the stored shape changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Tables = dict[str, dict[str, Any]]

#: The version this newsread writes.
SCHEMA_VERSION = 1

#: Migrations by the version they start from.
MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {}


def migrate(tables: Tables, from_version: int, to_version: int = SCHEMA_VERSION) -> Tables:
    """Apply the migrations from ``from_version`` up to ``to_version`` in order."""
    for version in range(from_version, to_version):
        step = MIGRATIONS.get(version)
        if step is None:
            raise ValueError(f"no migration from schema version {version}")
        tables = step(tables)
    return tables
