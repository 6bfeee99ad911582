"""The error importers raise: one line, fit to show a person."""

from __future__ import annotations


class IngestError(Exception):
    """An input could not be imported; ``str(error)`` says why in one line."""
