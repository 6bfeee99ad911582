"""Taking notes out: Markdown for Obsidian-style vaults, JSON backup and restore, W3C.

The app and the CLI call :func:`export_articles` (and, for backups,
:func:`load_backup` / :func:`restore_backup`). Nothing here imports Textual;
PyYAML is imported only when Markdown is written.
"""

from tui_reader.export.backup import (
    BACKUP_FORMAT,
    BACKUP_VERSION,
    Backup,
    RestoreReport,
    load_backup,
    restore_backup,
)
from tui_reader.export.core import (
    DEFAULT_FOLDER,
    ExportFormat,
    ExportResult,
    Progress,
    export_articles,
    resolve_destination,
)
from tui_reader.export.errors import BackupError, ExportError
from tui_reader.export.selection import ExportFilter, parse_since

__all__ = [
    "BACKUP_FORMAT",
    "BACKUP_VERSION",
    "DEFAULT_FOLDER",
    "Backup",
    "BackupError",
    "ExportError",
    "ExportFilter",
    "ExportFormat",
    "ExportResult",
    "Progress",
    "RestoreReport",
    "export_articles",
    "load_backup",
    "parse_since",
    "resolve_destination",
    "restore_backup",
]
