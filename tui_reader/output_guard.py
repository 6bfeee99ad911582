"""What libraries print on their own, sent through newsread's sanitiser.

Unhandled log records and Python warnings can quote a page, a header or a file
name: escape sequences in them must not reach the terminal. Click-free, so the
bare ``newsread`` (the app) can install it without loading the command line.
"""

from __future__ import annotations

import logging
import sys
import warnings
from collections.abc import Callable
from typing import Any

from tui_reader.sanitize import terminal_text


def stderr_line(message: str) -> None:
    """Print ``newsread: <message>`` on stderr as one sanitised line."""
    sys.stderr.write(f"newsread: {terminal_text(message, one_line=True)}\n")
    sys.stderr.flush()


def os_error_message(error: OSError) -> str:
    """An OS error as one line: ``FILE: reason`` (lower case), or the reason alone."""
    reason = (error.strerror or str(error)).lower()
    return f"{error.filename}: {reason}" if error.filename else reason


class _SanitisingLastResort(logging.Handler):
    """Prints a log record nobody handles as ``newsread: warning: ...``, sanitised."""

    def __init__(self, emit: Callable[[str], None]) -> None:
        super().__init__(logging.WARNING)
        self._emit = emit

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._emit(f"warning: {record.name}: {record.getMessage()}")
        except Exception:  # a broken record must not stop the command
            self.handleError(record)


def guard_library_output(emit: Callable[[str], None] = stderr_line) -> None:
    """Send unhandled log records and Python warnings through ``emit`` (one line each)."""

    def show_warning(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: Any = None,
        line: str | None = None,
    ) -> None:
        emit(f"warning: {category.__name__}: {message}")

    logging.lastResort = _SanitisingLastResort(emit)
    warnings.showwarning = show_warning
