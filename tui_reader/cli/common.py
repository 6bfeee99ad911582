"""What every ``newsread`` command shares: the one-line error and opening the library."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TYPE_CHECKING, Any, NoReturn

import click

from tui_reader import cli_output as output
from tui_reader.config import library_dir
from tui_reader.store import Library, OpenMode, StoreError

if TYPE_CHECKING:
    from tui_reader.query import Query

EXIT_ERROR = 2
#: Exit code of a command stopped by Ctrl+C (128 + SIGINT), as shells report it.
EXIT_INTERRUPTED = 130


class CliError(click.ClickException):
    """A user-facing failure: printed as one line, exit code 2."""

    exit_code = EXIT_ERROR

    def show(self, file: Any = None) -> None:
        """Print ``newsread: error: <message>`` to stderr."""
        output.error(self.message)


def fail(message: str) -> NoReturn:
    """Stop with a one-line error."""
    raise CliError(message)


def stop_interrupted(kept: str, again: str) -> NoReturn:
    """End a job Ctrl+C stopped softly: say what is kept and how to finish; exit 130."""
    output.error(f"interrupted: {kept}; run {again} again to finish")
    sys.exit(EXIT_INTERRUPTED)


@contextmanager
def open_library(
    ctx: click.Context, mode: OpenMode, *, for_app: bool = False, create: bool = False
) -> Iterator[Library]:
    """Open the library chosen by ``--library``/``NEWSREAD_LIBRARY``, errors as CliError.

    Only commands that bring something in (``create``) make a missing library
    folder: the others refuse it, so a mistyped ``--library`` creates nothing.
    Its warnings (opened read-only and why, a file restored) are printed on
    stderr, except ``for_app``: the app shows them itself, where they can be seen.
    """
    folder = library_dir(ctx.obj.get("library"))
    if not create and not folder.exists():
        if any(parent.is_file() for parent in folder.parents):
            fail(f"cannot open library folder {folder}: a file is in its path")
        fail(f"no library at {folder} (nothing added yet: `newsread add FILE` creates it)")
    try:
        library = Library.open(folder, mode, progress=output.warning)
    except StoreError as error:
        fail(str(error))
    try:
        for warning in [] if for_app else library.take_warnings():
            output.warning(warning)
        yield library
    except StoreError as error:
        fail(str(error))
    finally:
        for warning in library.take_warnings():  # files read during the command
            output.warning(warning)
        library.close()


@contextmanager
def interrupt_sets(event: threading.Event) -> Iterator[threading.Event]:
    """Ctrl+C sets ``event`` (the job stops at its next safe point and reports what it did);
    a second Ctrl+C stops at once, as without this. Outside the main thread, nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield event
        return

    def stop_softly(signum: int, frame: FrameType | None) -> None:
        if event.is_set():
            raise KeyboardInterrupt
        event.set()

    previous = signal.signal(signal.SIGINT, stop_softly)
    try:
        yield event
    finally:
        signal.signal(signal.SIGINT, previous)


def build_query(parts: tuple[str, ...] | list[str], tags: tuple[str, ...] = ()) -> Query:
    """The query of the words given (joined by spaces), narrowed by ``--tag`` options."""
    from tui_reader.query import QueryError, parse_query
    from tui_reader.query.nodes import Tag
    from tui_reader.sanitize import clean_line

    for part in parts:
        if part.startswith("--") and len(part) > 2:
            name = clean_line(part.split("=", 1)[0])[:60]
            raise click.UsageError(f"No such option: {name}")
    text = " ".join(p for p in parts if p)
    try:
        query = parse_query(text)
    except QueryError as error:
        fail(f"query: {clean_line(str(error))[:300]}")
    return query.narrowed(*(Tag(t) for t in tags))
