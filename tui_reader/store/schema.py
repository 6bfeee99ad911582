"""The library's schema version and the migrations between versions.

``MIGRATIONS[n]`` turns a library folder of version ``n`` into version
``n + 1``. A migration must be safe to kill at any moment and to run again:
it writes the new files beside the old ones and removes the old ones only
after :class:`~tui_reader.store.Library` has recorded the new version. Add one
here whenever the stored shape changes.

- 1 -> 2: one ``library.json`` catalog and 256 text and notes shards become
  catalog and notes shards of about 25 articles each and one file per
  article's text (:mod:`tui_reader.store.migrate_v1`); articles get a queue
  (inbox).
- 2 -> 3: the file per article's text becomes text packs written once per
  batch, named by each catalog record (:mod:`tui_reader.store.migrate_v2`).
- 3 -> 4: catalog shards may have 1 or 2 hex digits as well as 3
  (:mod:`tui_reader.store.catalog_keys`). Nothing to convert: a schema 3
  library is a schema 4 one (its version is recorded when it is opened for
  writing; read-only, it is read as it is). The version changes so that an
  earlier newsread, which would not see the shorter shards, refuses to write.
- 4 -> 5: the settings leave ``meta.json`` for ``settings.json``
  (:mod:`tui_reader.store.migrate_v4`): opening a library reads its schema and
  shard registry without parsing the settings (at 2,000 feeds followed, 3 MB),
  and a change of either rewrites only its own file. Read-only, a schema 3 or 4
  library is read as it is (its settings where they are).

:meth:`Library.open <tui_reader.store.Library.open>` records the version
reached after each step, so a kill in a later step resumes there.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

#: The version this newsread writes.
SCHEMA_VERSION = 5
#: Versions whose files this newsread reads as they are, opened read-only (their migration
#: changes no file, or nothing a reader cannot find where it was).
READABLE_AS_IS = frozenset({3, 4})

Progress = Callable[[str], None]
"""Receives one-line messages while a long migration runs."""

Migration = Callable[[Path, Progress, Progress], None]
"""``migration(folder, progress, warn)``: upgrade the folder by one version."""


def _v1_to_v2(folder: Path, progress: Progress, warn: Progress) -> None:
    from tui_reader.store.migrate_v1 import migrate_v1

    migrate_v1(folder, progress, warn)


def _v2_to_v3(folder: Path, progress: Progress, warn: Progress) -> None:
    from tui_reader.store.migrate_v2 import migrate_v2

    migrate_v2(folder, progress, warn)


def _v3_to_v4(folder: Path, progress: Progress, warn: Progress) -> None:
    """Nothing to convert: schema 3's catalog keys (3 hex digits) are schema 4 keys."""


def _v4_to_v5(folder: Path, progress: Progress, warn: Progress) -> None:
    from tui_reader.store.migrate_v4 import move_settings

    move_settings(folder)


#: Migrations by the version they start from.
MIGRATIONS: dict[int, Migration] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5}


def migrate(
    folder: Path,
    from_version: int,
    to_version: int = SCHEMA_VERSION,
    progress: Progress | None = None,
    warn: Progress | None = None,
) -> None:
    """Apply the migrations from ``from_version`` up to ``to_version`` in order."""
    for version in range(from_version, to_version):
        step = MIGRATIONS.get(version)
        if step is None:
            raise ValueError(f"no migration from schema version {version}")
        step(folder, progress or _quiet, warn or _quiet)


def _quiet(message: str) -> None:
    """Progress nobody asked to see."""
