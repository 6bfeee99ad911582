"""The error importers raise: one line, fit to show a person."""

from __future__ import annotations


class IngestError(Exception):
    """An input could not be imported; ``str(error)`` says why in one line."""


class Cancelled(IngestError):
    """An import stopped because its caller asked it to (the app is quitting)."""
