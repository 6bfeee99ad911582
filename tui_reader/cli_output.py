"""Everything the ``newsread`` command line prints, sanitised on the way out.

Titles read back from the library, file names, server replies and error
messages can hold escape sequences and control characters (a file named
``ESC ] 0 ; ... BEL``, a reason phrase with ``ESC [ 2 J``, a library written by
another program). Every string printed by the CLI goes through
:func:`tui_reader.sanitize.terminal_text` here, and nothing in the ``cli`` package
prints any other way.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain, islice
from operator import itemgetter
from pathlib import Path
from typing import Any

import click

from tui_reader import output_guard
from tui_reader.cli_columns import GAP, fit_columns
from tui_reader.model import Queue, ReadingState
from tui_reader.sanitize import terminal_json, terminal_text

#: Exports and restores of at least this many articles show a progress bar on a terminal.
PROGRESS_THRESHOLD = 50


def field(value: object) -> str:
    """A value shown inside a line (a title, a file name, a reason): one safe line."""
    text = str(value)
    if text.isascii() and text.isprintable():
        return text  # nothing to replace (the common case: a table prints many)
    return terminal_text(text, one_line=True)


def echo(text: str = "", *, err: bool = False) -> None:
    """Print ``text`` (newlines kept, every control character made visible as ``?``)."""
    click.echo(terminal_text(text), err=err)


def error(message: str) -> None:
    """Print ``newsread: error: <message>`` on stderr as one line."""
    click.echo(f"newsread: error: {field(message)}", err=True)


def warning(message: str) -> None:
    """Print ``newsread: <message>`` on stderr as one line."""
    click.echo(f"newsread: {field(message)}", err=True)


def guard_library_output() -> None:
    """Send what libraries print on their own (unhandled log records, Python warnings)
    through :func:`warning`: their messages can quote a page, a header or a file name."""
    output_guard.guard_library_output(warning)


def echo_json(data: Any) -> None:
    """Print ``data`` as indented JSON whose strings carry no raw control character."""
    click.echo(terminal_text(terminal_json(json.dumps(data, ensure_ascii=False, indent=2))))


def _json(row: Any) -> str:
    """``row`` as ``json.dumps(row, ensure_ascii=False, indent=2)`` writes it, by orjson
    (seven times faster) unless it holds what orjson refuses (a lone surrogate)."""
    import orjson

    try:
        return orjson.dumps(row, option=orjson.OPT_INDENT_2).decode("utf-8")
    except (orjson.JSONEncodeError, UnicodeDecodeError):
        return json.dumps(row, ensure_ascii=False, indent=2)


def echo_json_rows(rows: Iterable[Any]) -> None:
    """Print ``rows`` as :func:`echo_json` prints a list of them, but each row as it comes."""
    out = sys.stdout
    out.write("[")
    first = True
    for row in rows:
        text = terminal_text(terminal_json(_json(row)))
        out.write(("\n  " if first else ",\n  ") + text.replace("\n", "\n  "))
        first = False
    out.write("]\n" if first else "\n]\n")
    out.flush()


# ---------------------------------------------------------------- the article table

_RIGHT = ("hl", "read")


#: Rows a page while :func:`print_table` prints the first rows it is asked to show early.
FIRST_PAGE_SIZE = 20

#: Every column of the article table, in the order of :func:`_values`.
_COLUMNS = ("id", "title", "source", "date", "tags", "hl", "read", "state", "queue")


def _values(row: dict[str, Any]) -> list[str]:
    """The cells of one row as printed, in :data:`_COLUMNS` order (not yet sanitised)."""
    return [
        row["id"][:8],
        str(row["title"]),
        str(row["source"]),
        (row["published"] or row["added"])[:10],
        ", ".join(row["tags"]),
        str(row["highlights"]),
        f"{row['progress']:.0%}",
        str(row["state"]),
        str(row.get("queue", "")),
    ]


def _cells(row: dict[str, Any]) -> dict[str, str]:
    return {name: field(value) for name, value in zip(_COLUMNS, _values(row), strict=True)}


def _is_tty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def print_table(
    rows: Iterable[dict[str, Any]], page_size: int = 200, *, first_rows: int = 0
) -> int:
    """The articles as a table (rows as ``newsread list --json`` gives them), printed a
    page at a time as they come; returns how many (see :func:`print_cells`)."""
    cells = ((_values(row), row.get("snippet")) for row in rows)
    return print_cells(cells, page_size, first_rows=first_rows)


#: A row of the article table: its cells in :data:`_COLUMNS` order (as :func:`_values`
#: gives them, not yet sanitised), and its snippet as ``--json`` gives it, or None.
TableRow = tuple[Sequence[str], "dict[str, Any] | None"]


def print_cells(rows: Iterable[TableRow], page_size: int = 200, *, first_rows: int = 0) -> int:
    """The articles as a table, printed a page at a time as they come; returns how many.

    The first ``first_rows`` rows are printed :data:`FIRST_PAGE_SIZE` at a time, so
    that they show while later ones are still read (a search's best hits, with their
    snippets); the rest ``page_size`` at a time: each page costs a layout and a write,
    and 30,000 rows in pages of 20 spent a quarter of ``list --search``'s time on them.

    The column widths are set by the first page and kept for every later one, so
    the columns stay put. On a terminal the columns share its width
    (:func:`fit_columns`) and what does not fit is cut with an ellipsis; into a
    pipe or a file every column is as wide as its longest value on the first
    page, and nothing is cut (``newsread list | grep`` sees whole titles): a later
    value wider than its column only makes its own line longer. A row with a
    ``snippet`` (a search) is followed by it, indented, its matched words bold.

    Lines are laid out here, cell widths measured as Rich measures them: a Rich
    ``Table`` costs about 2.5 ms a row (20,000 rows: 50 s), this about 10 us.
    """
    terminal = _is_tty(sys.stdout)  # not Rich's guess: FORCE_COLOR must not cut a pipe
    screen_width = shutil.get_terminal_size().columns
    # Bold and dim only where a terminal shows them (as Rich decides: TERM, NO_COLOR).
    styled = terminal and os.environ.get("TERM") != "dumb" and not os.environ.get("NO_COLOR")
    wide = not terminal or screen_width >= 110
    order = ["id", "title", "source", "date", *(["tags"] if wide else []), "hl", "read"]
    order += ["state", "queue"] if wide else []

    printed = 0
    pending = iter(rows)
    every = tuple(order) == _COLUMNS  # (into a pipe or a wide terminal: cells as they come)
    picks = itemgetter(*(_COLUMNS.index(name) for name in order))
    layout: _Layout | None = None
    while page := list(islice(pending, FIRST_PAGE_SIZE if printed < first_rows else page_size)):
        values: list[Sequence[str]] = [c if every else picks(c) for c, _ in page]
        # nothing to sanitise, one cell a character: each line is one format call
        plain = _plain("".join(chain.from_iterable(values)))
        if not plain:
            values = [[field(v) for v in row_values] for row_values in values]
        if layout is None:  # the widths of the first page hold for every page
            layout = _Layout(order, values, screen_width if terminal else 0)
        line_of = layout.plain_line if plain else layout.line
        lines: list[str] = []
        if not printed:
            header = layout.line(order)
            lines.append(click.style(header.rstrip(), bold=True) if styled else header.rstrip())
        for (_, snippet), row_values in zip(page, values, strict=True):
            lines.append(line_of(row_values).rstrip())
            if snippet is not None:
                cut = screen_width if terminal else 0
                lines.append(_snippet_line(snippet, cut, styled=styled))
        # Every value is printable ASCII or went through field(): the only escapes are
        # the styles added here, and only on a terminal.
        click.echo("\n".join(lines), color=styled)
        printed += len(page)
    return printed


#: The narrowest some columns are, whatever the first page holds: the widest value they
#: can take (or, for ``hl``, up to 999 highlights), so a later page does not widen them.
_KNOWN_WIDTHS = {
    "id": 8,
    "date": 10,
    "hl": 3,
    "read": 4,
    "state": max(map(len, ReadingState)),
    "queue": max(map(len, Queue)),
}


class _Layout:
    """The column widths of the article table, fixed by its first page of rows.

    On a terminal (``screen_width`` > 0) the columns share its width (:func:`fit_columns`)
    and a later value wider than its column is cut with an ellipsis; into a pipe
    (``screen_width`` 0) a later value wider than its column is printed whole, and only
    its own line is longer: the columns of every other line stay where the header put them.
    """

    def __init__(self, order: list[str], first: list[Sequence[str]], screen_width: int) -> None:
        natural = {
            name: max(len(name), _KNOWN_WIDTHS.get(name, 0), *(_width(v[i]) for v in first))
            for i, name in enumerate(order)
        }
        self.cut = screen_width > 0
        self.widths = fit_columns(natural, screen_width) if self.cut else natural
        self.shape = [(self.widths[n], n in _RIGHT) for n in order]
        self.gap = " " * GAP
        self.plain_line = _line_format(self.shape, self.gap, cut=self.cut)
        """Lays out a line of printable ASCII cells (one ``str.format`` call)."""

    def line(self, cells: Sequence[str]) -> str:
        """Lays out a line of sanitised cells, measured as a terminal shows them."""
        return self.gap.join(
            [
                _fit(c, w, right, cut=self.cut)
                for c, (w, right) in zip(cells, self.shape, strict=True)
            ]
        )


def _plain(text: str) -> bool:
    """True when ``text`` is printable ASCII: nothing to sanitise, one cell a character."""
    return text.isascii() and text.isprintable()


def _line_format(
    shape: list[tuple[int, bool]], gap: str, *, cut: bool
) -> Callable[[Sequence[str]], str]:
    """Lays out one line of printable ASCII cells as :func:`_fit` would: each padded to its
    width (right-aligned where asked); with ``cut``, one too wide is cut with an ellipsis."""
    layout = gap.join(f"{{:{'>' if right else '<'}{width}}}" for width, right in shape)
    widths = [width for width, _ in shape]
    if not cut:
        return lambda cells: layout.format(*cells)

    def line(cells: Sequence[str]) -> str:
        return layout.format(
            *[
                c if len(c) <= w else (c[: w - 1] + "…" if w else "")
                for c, w in zip(cells, widths, strict=True)
            ]
        )

    return line


def _width(text: str) -> int:
    """Cells ``text`` takes on a terminal (printable ASCII: one a character)."""
    if text.isascii():
        return len(text)  # field() left no control character in it
    from rich.cells import cell_len

    return cell_len(text)


def _fit(text: str, width: int, right: bool, *, cut: bool = True) -> str:
    """``text`` in exactly ``width`` cells: cut with an ellipsis, or padded; without
    ``cut``, a wider ``text`` is left whole."""
    if len(text) <= width and text.isascii():  # the common case: padded, no measuring
        return text.rjust(width) if right else text.ljust(width)
    from rich.cells import set_cell_size

    size = _width(text)
    if size > width and not cut:
        return text
    if size > width:
        text = set_cell_size(text, max(0, width - 1)) + "…" if width else ""
        size = width
    pad = " " * (width - size)
    return pad + text if right else text + pad


#: How far a snippet is indented under its row (past the id column).
SNIPPET_INDENT = 10


def _snippet_line(snippet: dict[str, Any], width: int = 0, *, styled: bool = False) -> str:
    """A snippet cut to ``width`` cells (0: whole); ``styled``: its matched words bold
    and the rest dim (styled from offsets, never from markup)."""
    from rich.cells import cell_len, set_cell_size

    text = field(snippet["text"])
    out = [" " * SNIPPET_INDENT]
    room = width - SNIPPET_INDENT if width else -1
    at = 0
    pieces: list[tuple[str, bool]] = []
    for start, end in snippet["matches"]:
        if start > at:
            pieces.append((text[at:start], False))
        pieces.append((text[start:end], True))
        at = end
    pieces.append((text[at:], False))
    for piece, matched in pieces:
        if room == 0:
            break
        if room > 0 and cell_len(piece) > room:
            piece = set_cell_size(piece, room)
        if room > 0:
            room -= cell_len(piece)
        if styled:
            piece = click.style(piece, bold=True) if matched else click.style(piece, dim=True)
        out.append(piece)
    return "".join(out).rstrip()


# ---------------------------------------------------------------- progress bars


def _stderr_bar(label: str, enabled: bool, *, named: bool = True) -> Any:
    """A transient Rich progress bar on stderr (``label``, bar, done/total and, when
    ``named``, the item's name, never read as markup); disabled off a terminal."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(stderr=True)
    name = [TextColumn("{task.fields[name]}", markup=False)] if named else []
    return Progress(
        TextColumn(field(label), markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        *name,
        console=console,
        transient=True,
        disable=not (enabled and console.is_terminal),
    )


def progress_callbacks(
    enabled: bool,
) -> tuple[
    Callable[[int], None], Callable[[str], None], Callable[[], None], Callable[[int, int], None]
]:
    """A Rich progress bar on stderr for an import, shown for more than one input on a terminal.

    Returns ``on_start(total)``, ``on_item(name)``, ``stop()`` and ``on_bytes(done, total)``,
    which shows (in megabytes) how far a large export has been read.
    """
    progress = _stderr_bar("importing", enabled)
    task: list[Any] = []

    def on_start(total: int) -> None:
        if total > 1:
            progress.start()
        task.append(progress.add_task("import", total=total, name=""))

    def on_item(name: str) -> None:
        if progress.disable:  # (not a terminal: 10,000 files spent 0.4 s on a hidden bar)
            return
        progress.update(task[0], advance=1, name=field(Path(name).name[:40]))

    reading: list[Any] = []

    def on_bytes(done: int, total: int) -> None:
        megabytes = max(1, -(-total // 2**20))
        if not reading:
            progress.start()
            reading.append(progress.add_task("read", total=megabytes, name="MB read"))
        progress.update(reading[0], completed=min(megabytes, done // 2**20), total=megabytes)

    return on_start, on_item, progress.stop, on_bytes


@contextmanager
def counting_bar(label: str, enabled: bool) -> Iterator[Callable[[int, int], None]]:
    """A Rich progress bar on stderr, started once the total reaches the threshold."""
    bar = _stderr_bar(label, enabled, named=False)
    task: list[Any] = []

    def update(done: int, total: int) -> None:
        if not task:
            if total < PROGRESS_THRESHOLD:
                return
            bar.start()
            task.append(bar.add_task(label, total=total))
        bar.update(task[0], completed=done, total=total)

    try:
        yield update
    finally:
        bar.stop()


@contextmanager
def refresh_bar(enabled: bool) -> Iterator[Callable[[Any], None]]:
    """A Rich progress bar on stderr for a refresh: feeds done of all, and what they
    brought so far (``12/200  34 new · 5 updated · 2 failed``).

    No feed is named: the feeds are fetched together, and the name of the last one done
    read as if it were the one being fetched. Yields ``on_event(event)`` for
    :class:`tui_reader.feeds.refresh.RefreshEvent`.
    """
    from tui_reader.feeds.refresh import FAILURES

    bar = _stderr_bar("refreshing", enabled)
    task = bar.add_task("refresh", total=None, name="")
    bar.start()
    tally = {"new": 0, "updated": 0, "failed": 0}

    def on_event(event: Any) -> None:
        tally["new"] += event.new
        tally["updated"] += event.updated
        tally["failed"] += event.status in FAILURES
        text = " · ".join(f"{count} {what}" for what, count in tally.items() if count)
        bar.update(task, completed=event.done, total=event.total, name=text)

    try:
        yield on_event
    finally:
        bar.stop()
