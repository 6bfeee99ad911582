"""Errors the exporters raise; each carries a one-line message fit to show a person."""

from __future__ import annotations


class ExportError(Exception):
    """An export could not be done (bad destination, unknown article, bad filter)."""


class BackupError(Exception):
    """A backup file cannot be restored (not JSON, wrong format or version, bad data)."""
