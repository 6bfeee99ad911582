"""CSV exports: decoding, header checks and rows as dicts.

Readwise, Readwise Reader, Instapaper and Pocket export CSV files with a
header row. A file is recognised by its header (the names it must hold), and
a file whose header lacks a required column is refused with the header shown.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Iterable, Iterator

from tui_reader.ingest.errors import IngestError
from tui_reader.ingest.files import decode
from tui_reader.sanitize import clean_line

#: Longest field accepted (a highlight or an excerpt), in characters.
FIELD_LIMIT = 1 << 20


def header_of(head: bytes) -> str:
    """The first line of a file, made safe to show (for error messages)."""
    first = head.decode("utf-8", "replace").lstrip("\ufeff").splitlines()[:1]
    line = clean_line(first[0]) if first else ""
    return (line[:120] + "…") if len(line) > 120 else (line or "(empty)")


@functools.lru_cache(maxsize=1)  # each file is sniffed for three CSV exports
def columns(head: bytes) -> frozenset[str]:
    """The column names in a CSV file's first line, lower-cased (empty when not CSV)."""
    end = head.find(b"\n")  # only the first line is decoded (every file imported is sniffed)
    text = (head if end < 0 else head[:end]).decode("utf-8", "replace").lstrip("\ufeff")
    first = text.strip("\r")
    try:
        row = next(csv.reader([first]))
    except (csv.Error, StopIteration):
        return frozenset()
    return frozenset(name.strip().lower() for name in row)


def has_columns(head: bytes, required: Iterable[str]) -> bool:
    """True when the file's header holds every ``required`` column (case-insensitive)."""
    found = columns(head)
    return all(name.lower() in found for name in required)


def rows(data: bytes, required: Iterable[str], what: str) -> Iterator[dict[str, str]]:
    """The rows of a CSV export as dicts keyed by lower-cased column name.

    Raises :class:`IngestError` when a required column is missing or the CSV is malformed.
    """
    text = decode(data)
    csv.field_size_limit(FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip().lower() for name in next(reader)]
    except StopIteration:
        raise IngestError("CSV file is empty") from None
    except csv.Error as error:
        raise IngestError(f"not a readable CSV file ({error})") from None
    missing = [name for name in required if name.lower() not in header]
    if missing:
        raise IngestError(
            f"not a {what} CSV export: column {missing[0]!r} is missing "
            f"(header: {clean_line(', '.join(header))[:120]})"
        )
    line = 1
    try:
        for line, row in enumerate(reader, 2):  # noqa: B007
            if not any(cell.strip() for cell in row):
                continue
            yield {name: (row[i] if i < len(row) else "") for i, name in enumerate(header)}
    except csv.Error as error:
        raise IngestError(f"not a readable CSV file (line {line}: {error})") from None


def tag_list(text: str) -> tuple[str, ...]:
    """Tags written as a JSON list (``["a", "b"]``), or separated by commas or ``|``."""
    text = text.strip()
    if not text:
        return ()
    if text.startswith("["):
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            value = None
        if isinstance(value, list):
            return tuple(str(v) for v in value if isinstance(v, str | int) and str(v).strip())
        text = text.strip("[]")
    separator = "|" if "|" in text else ","
    return tuple(t.strip().strip("'\"") for t in text.split(separator) if t.strip().strip("'\""))
