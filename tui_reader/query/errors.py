"""The one error a malformed query raises."""

from __future__ import annotations


class QueryError(ValueError):
    """A query that cannot be understood, with the column (1-based) of the mistake.

    ``str(error)`` is one line: ``column 8: unknown colour 'red' (...)``.
    """

    def __init__(self, message: str, column: int) -> None:
        super().__init__(f"column {column}: {message}")
        self.message = message
        """What is wrong, without the position."""
        self.column = column
        """Where the mistake starts, counting characters from 1."""
