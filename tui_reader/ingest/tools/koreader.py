"""KOReader's sidecar files: ``<book>.sdr/metadata.<ext>.lua``.

A sidecar is a Lua table (``return { ... }``) written by KOReader's own
serialiser. It is read with ``slpp``, a Lua table parser — never run as Lua.
Highlights come from the ``annotations`` list (KOReader 2024 and later:
``text, note, chapter, pageno, datetime, datetime_updated, color, drawer,
pos0, pos1``; items without ``drawer`` are page bookmarks and are skipped) or,
in older sidecars, from the ``highlight`` table (highlights by page) with
their notes in ``bookmarks``. The book's title and authors come from
``doc_props``, its read state from ``summary.status`` and
``percent_finished``.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path
from typing import Any

from tui_reader.ingest.errors import IngestError
from tui_reader.ingest.files import decode, read_bytes
from tui_reader.ingest.tools.annotated import (
    AnnotatedDocument,
    ImportedHighlight,
    ToolExport,
    book_key,
    colour_of,
)
from tui_reader.ingest.tools.dates import from_iso
from tui_reader.model import ReadingState

NAME = "KOReader"
_RETURN = re.compile(r"\A(?:\s*--[^\n]*\n)*\s*return\s*", re.S)
_ESCAPE = re.compile(r"\\(\d{1,3}|x[0-9a-fA-F]{2}|[abfnrtv\\\"'\n]|z\s*)")
_SIMPLE = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_STATES = {
    "complete": ReadingState.READ,
    "finished": ReadingState.READ,
    "reading": ReadingState.READING,
    "abandoned": ReadingState.ARCHIVED,
}


def sniff(head: bytes, path: Path) -> bool:
    """True for a KOReader sidecar (a Lua ``return {`` with its keys)."""
    if b"return" not in head:
        return False  # (every file imported is sniffed: most are no sidecar)
    text = head.decode("utf-8", "replace")
    if not _RETURN.match(text) or "{" not in text[:4096]:
        return False
    return any(
        key in text
        for key in ('["annotations"]', '["highlight"]', '["doc_props"]', '["bookmarks"]')
    )


def parse_table(text: str) -> dict[Any, Any]:
    """The table a sidecar returns, parsed as data; raises IngestError if it is not a table."""
    from slpp import slpp  # a Lua table parser: never evaluated as code

    match = _RETURN.match(text)
    body = text[match.end() :] if match else text
    if not body.lstrip().startswith("{"):
        raise IngestError("not a KOReader sidecar: the file does not return a Lua table")
    noise = io.StringIO()
    try:
        with contextlib.redirect_stdout(noise):
            value = slpp.decode(body)
    except RecursionError:
        raise IngestError("not a KOReader sidecar: the Lua table is nested too deeply") from None
    except Exception as error:  # slpp raises its own ParseError and plain exceptions
        reason = " ".join(str(error).split())[:120] or type(error).__name__
        raise IngestError(
            f"not a KOReader sidecar: the Lua table cannot be read ({reason})"
        ) from None
    if noise.getvalue().strip() or not isinstance(value, dict | list):
        raise IngestError("not a KOReader sidecar: the Lua table cannot be read")
    if isinstance(value, list):
        value = dict(enumerate(value, 1))
    return value


def lua_string(value: Any) -> str:
    """A string as slpp leaves it, with Lua's escapes (``\\n``, ``\\"``, ``\\ddd``) resolved."""
    if not isinstance(value, str):
        return "" if value is None else str(value)

    def replace(m: re.Match[str]) -> str:
        code = m.group(1)
        if code.isdigit():
            return chr(int(code)) if int(code) < 256 else ""
        if code.startswith("x"):
            return chr(int(code[1:], 16))
        if code.startswith("z"):
            return ""
        return _SIMPLE.get(code, code)

    text = _ESCAPE.sub(replace, value)
    try:  # \ddd escapes spell UTF-8 bytes one by one
        return text.encode("latin-1").decode("utf-8") if any(ord(c) > 127 for c in text) else text
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def _items(value: Any) -> list[Any]:
    """A Lua list (a Python list, or a dict keyed 1..n) as a list in key order."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        keys = sorted((k for k in value if isinstance(k, int | float)), key=float)
        return [value[k] for k in keys]
    return []


def load(path: Path, max_size: int, progress: Any = None) -> ToolExport:
    """The book of one KOReader sidecar, with its highlights and notes."""
    table = parse_table(decode(read_bytes(path, max_size)))
    props = table.get("doc_props") if isinstance(table.get("doc_props"), dict) else {}
    title = lua_string(props.get("title")).strip() or _title_from_path(path, table)
    author = lua_string(props.get("authors")).replace("\n", ", ").strip()
    summary = table.get("summary") if isinstance(table.get("summary"), dict) else {}
    state = _STATES.get(lua_string(summary.get("status")).lower())
    try:
        finished = float(table.get("percent_finished") or 0)
    except (TypeError, ValueError):
        finished = 0.0
    highlights: list[ImportedHighlight] = []
    skipped = 0
    if "annotations" in table:
        highlights, skipped = _annotations(table.get("annotations"))
    elif "highlight" in table:
        highlights = _legacy(table.get("highlight"), table.get("bookmarks"))
    if not highlights and not props:
        raise IngestError("not a KOReader sidecar: no annotations, highlights or book details")
    doc = AnnotatedDocument(
        title=title or "Untitled",
        key=book_key(title, author),
        author=author,
        source="KOReader",
        state=state,
        progress=min(1.0, max(0.0, finished)) or None,
        tags=tuple(t for t in lua_string(props.get("keywords")).split("\n") if t.strip()),
        highlights=highlights,
        added=min((h.created for h in highlights if h.created), default=""),
    )
    export = ToolExport(NAME, [doc])
    if skipped:
        export.warnings.append(f"{skipped} page bookmark{'' if skipped == 1 else 's'} skipped")
    return export


def _title_from_path(path: Path, table: dict[Any, Any]) -> str:
    doc_path = lua_string(table.get("doc_path"))
    if doc_path:
        return Path(doc_path).stem
    parent = path.parent.name
    return parent.removesuffix(".sdr") if parent.endswith(".sdr") else ""


def _annotations(value: Any) -> tuple[list[ImportedHighlight], int]:
    found: list[ImportedHighlight] = []
    bookmarks = 0
    for n, item in enumerate(_items(value)):
        if not isinstance(item, dict):
            continue
        if not item.get("drawer"):
            bookmarks += 1
            continue
        text = lua_string(item.get("text"))
        if not text.strip():
            continue
        created = from_iso(lua_string(item.get("datetime")))
        pageno = item.get("pageno") if isinstance(item.get("pageno"), int | float) else 0
        found.append(
            ImportedHighlight(
                quote=text,
                key=f"{lua_string(item.get('pos0') or item.get('page'))}|{created}",
                note=lua_string(item.get("note")),
                colour=colour_of(lua_string(item.get("color"))),
                created=created,
                updated=from_iso(lua_string(item.get("datetime_updated"))) or created,
                order=(float(pageno), n),
            )
        )
    return found, bookmarks


def _legacy(highlight: Any, bookmarks: Any) -> list[ImportedHighlight]:
    """Highlights of the old ``highlight`` table (by page), notes from ``bookmarks``."""
    notes: dict[str, str] = {}
    for bm in _items(bookmarks):
        if isinstance(bm, dict) and bm.get("highlighted") and bm.get("datetime"):
            text = lua_string(bm.get("text"))
            quoted = lua_string(bm.get("notes"))
            if text and text != quoted and not text.startswith(("Page ", "in ")):
                notes[lua_string(bm.get("datetime"))] = text
    found: list[ImportedHighlight] = []
    pages = highlight.items() if isinstance(highlight, dict) else enumerate(_items(highlight), 1)
    for page, items in sorted(pages, key=lambda kv: float(kv[0]) if _numeric(kv[0]) else 0.0):
        for n, item in enumerate(_items(items)):
            if not isinstance(item, dict):
                continue
            text = lua_string(item.get("text"))
            if not text.strip():
                continue
            stamp = lua_string(item.get("datetime"))
            created = from_iso(stamp)
            found.append(
                ImportedHighlight(
                    quote=text,
                    key=f"{lua_string(item.get('pos0') or page)}|{created}",
                    note=notes.get(stamp, ""),
                    colour=colour_of(lua_string(item.get("color"))),
                    created=created,
                    updated=created,
                    order=(float(page) if _numeric(page) else 0.0, n),
                )
            )
    return found


def _numeric(value: Any) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True
