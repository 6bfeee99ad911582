"""Kindle ``My Clippings.txt``: highlights, notes and bookmarks of every book, one file.

Each clipping is a title line ``Title (Author)``, a line of metadata
(``- Your Highlight on page 12 | Location 180-182 | Added on ...``), a blank
line, the text, and a line of ten ``=``. The metadata is written in the
device's language and changed wording over the years; this reader looks for
the words that tell a highlight from a note or a bookmark, for the location
numbers and for the date, in English, German, French, Spanish, Italian,
Portuguese and Japanese, old and new formats alike.

The file is read line by line (a long-used Kindle's file reaches hundreds of
megabytes). Bookmarks are skipped; a note is attached to the highlight at its
location; a highlight edited on the device (written again, longer or shorter,
at an overlapping location) keeps only its last version.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tui_reader.ingest.errors import IngestError
from tui_reader.ingest.tools.annotated import (
    AnnotatedDocument,
    ImportedHighlight,
    ToolExport,
    book_key,
)
from tui_reader.ingest.tools.dates import from_words

NAME = "Kindle"
SEPARATOR = "=========="
_SEPARATOR_BYTES = SEPARATOR.encode()

#: The word that says what a clipping is, in every language (one search per line).
_KIND = re.compile(
    r"(?P<bookmark>bookmark|lesezeichen|signet|marcador|segnalibro|marcapáginas|ブックマーク)"
    r"|(?P<highlight>highlight|markierung|surlignement|subrayado|evidenziazione|destaque|ハイライト|clip)"
    r"|(?P<note>\bnote\b|notiz|\bnota\b|メモ)",
    re.I,
)
_LOCATION = re.compile(
    r"(?:location|loc\.|position|emplacement|posición|posicion|posizione|posição|posicao|位置no\.?)"
    r"\s*(\d[\d,.]*)(?:\s*-\s*(\d[\d,.]*))?",
    re.I,
)
_PAGE = re.compile(
    r"(?:page|seite|página|pagina|pág\.?)\s*(\d+)(?:\s*-\s*(\d+))?|(\d+)\s*ページ", re.I
)
_TITLE_AUTHOR = re.compile(r"^(.*\S)\s*\(([^()]*)\)\s*$")


def sniff(head: bytes, path: Path) -> bool:
    """True when ``head`` looks like the start of a clippings file."""
    if _SEPARATOR_BYTES not in head:
        return False  # (every file imported is sniffed: most are no clippings file)
    text = head.decode("utf-8", "replace").lstrip("\ufeff")
    lines = text.splitlines()
    if len(lines) < 3 or not lines[1].startswith("- "):
        return False
    try:
        parse_meta(lines[1])
    except ValueError:
        return False
    return any(line.strip() == SEPARATOR for line in lines[:400])


@dataclass(slots=True)
class Clipping:
    """One entry of the file, read but not yet grouped."""

    title: str
    author: str
    kind: str
    """``highlight``, ``note`` or ``bookmark``."""
    start: int
    end: int
    page: int
    added: str
    text: str
    index: int
    """Its order in the file."""
    first: int = 0
    """Where the first version of an edited highlight started: its identity across exports."""


@dataclass(slots=True)
class _Book:
    title: str
    author: str
    clippings: list[Clipping] = field(default_factory=list)


def parse_meta(line: str) -> tuple[str, int, int, int, str]:
    """(kind, start, end, page, added) from a metadata line; raises ValueError if unreadable."""
    meta = line.lstrip("-").strip()
    found = _KIND.search(meta)
    if found is None:
        raise ValueError("not a clipping")
    kind = found.lastgroup or ""
    start = end = page = 0
    loc = _LOCATION.search(meta)
    if loc:
        start = _number(loc.group(1))
        end = _number(loc.group(2)) if loc.group(2) else start
        if loc.group(2) and end < start:  # the old format abbreviates: "Loc. 1998-02"
            digits = str(start)
            short = loc.group(2).replace(",", "").replace(".", "")
            end = int(digits[: len(digits) - len(short)] + short)
            if end < start:  # it carried over: "1998-02" is 1998-2002
                end += 10 ** len(short)
            if end < start:
                end = start
    pages = _PAGE.search(meta)
    if pages:
        page = int(pages.group(1) or pages.group(3))
    if not loc and not pages:
        raise ValueError("no location")
    parts = meta.split("|")
    added = from_words(parts[-1]) if len(parts) > 1 and kind != "bookmark" else ""
    return kind, start, end, page, added


def _number(text: str) -> int:
    return int(re.sub(r"[,.]", "", text))


def split_title(line: str) -> tuple[str, str]:
    """``Title (Author)`` -> (title, author); the author is the last bracketed group."""
    line = line.replace("\ufeff", "").strip()
    m = _TITLE_AUTHOR.match(line)
    if m and m.group(1).strip():
        return m.group(1).strip(), m.group(2).strip()
    return line, ""


def read_lines(
    path: Path, progress: Callable[[int, int], None] | None, stats: dict[str, int]
) -> Iterator[str]:
    """The file's lines, decoded one by one (UTF-8, else Windows-1252), without line ends."""
    try:
        total = path.stat().st_size
        handle = path.open("rb")
    except OSError as error:
        raise IngestError(f"cannot read: {error.strerror or error}") from None
    done = 0
    step = max(1 << 20, total // 200)
    next_report = step
    with handle:
        for raw in handle:
            done += len(raw)
            if progress and done >= next_report:
                progress(done, total)
                next_report = done + step
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                line = raw.decode("cp1252", "replace")
                stats["recoded"] = stats.get("recoded", 0) + 1
            yield line.rstrip("\r\n").replace("\ufeff", "")
    if progress:
        progress(total, total)


def clippings(lines: Iterator[str], stats: dict[str, int]) -> Iterator[Clipping]:
    """The clippings in a stream of lines; unreadable entries are counted, not fatal."""
    entry: list[str] = []
    index = 0
    for line in lines:
        if line.strip() != SEPARATOR:
            entry.append(line)
            continue
        while entry and not entry[0].strip():
            entry.pop(0)
        if entry:
            clip = _clipping(entry, index)
            if clip is None:
                stats["unreadable"] = stats.get("unreadable", 0) + 1
            else:
                index += 1
                yield clip
        entry = []
    if any(line.strip() for line in entry):
        stats["unreadable"] = stats.get("unreadable", 0) + 1


def _clipping(entry: list[str], index: int) -> Clipping | None:
    if len(entry) < 2:
        return None
    try:
        kind, start, end, page, added = parse_meta(entry[1])
    except ValueError:
        return None
    title, author = split_title(entry[0])
    text = "\n".join(entry[2:]).strip()
    return Clipping(title, author, kind, start, end, page, added, text, index)


def load(
    path: Path, max_size: int, progress: Callable[[int, int], None] | None = None
) -> ToolExport:
    """Every book with a highlight or note in a clippings file (streamed; no size limit)."""
    stats: dict[str, int] = {}
    books: dict[tuple[str, str], _Book] = {}
    for clip in clippings(read_lines(path, progress, stats), stats):
        if clip.kind == "bookmark":
            stats["bookmarks"] = stats.get("bookmarks", 0) + 1
            continue
        if not clip.text:
            continue
        book = books.setdefault((clip.title, clip.author), _Book(clip.title, clip.author))
        _add(book, clip)
    if not books:
        raise IngestError("no highlight or note found in the clippings file")
    export = ToolExport(NAME, [_document(book) for book in books.values()])
    if stats.get("recoded"):
        n = stats["recoded"]
        export.warnings.append(
            f"{n} line{' was' if n == 1 else 's were'} not UTF-8 and "
            f"{'was' if n == 1 else 'were'} read as Windows-1252"
        )
    if stats.get("unreadable"):
        export.warnings.append(f"{stats['unreadable']} entries could not be read and were skipped")
    return export


def _overlaps(a: Clipping, b: Clipping) -> bool:
    if a.start and b.start:
        return a.start <= b.end and b.start <= a.end
    return a.page == b.page and bool(a.page)


def _add(book: _Book, clip: Clipping) -> None:
    """Add a clipping; an edited highlight (overlapping, same words or more) replaces its old one.

    A note written again at the same location (edited on the device) replaces the old one too.
    """
    if clip.kind == "note":
        for i, old in enumerate(book.clippings):
            if old.kind == "note" and (old.start, old.page) == (clip.start, clip.page):
                clip.index = old.index
                book.clippings[i] = clip
                return
    if clip.kind == "highlight":
        for i, old in enumerate(book.clippings):
            if old.kind != "highlight" or not _overlaps(old, clip):
                continue
            same_text = old.text == clip.text
            edited = old.text in clip.text or clip.text in old.text or old.start == clip.start
            if same_text or edited:
                # The first version's place in the file and identity, the last one's words.
                clip.index = old.index
                clip.first = old.first or old.start or old.page
                clip.added = clip.added or old.added
                book.clippings[i] = clip
                return
    book.clippings.append(clip)


def _document(book: _Book) -> AnnotatedDocument:
    highlights: list[ImportedHighlight] = []
    notes: list[Clipping] = []
    for clip in book.clippings:
        if clip.kind == "note":
            notes.append(clip)
            continue
        first = clip.first or clip.start or clip.page
        highlights.append(
            ImportedHighlight(
                quote=clip.text,
                key=f"{'loc' if clip.start else 'page'}:{first}",
                created=clip.added,
                updated=clip.added,
                order=(clip.start or 0, clip.page, clip.index),
            )
        )
    loose: list[str] = []
    for note in notes:
        target = _highlight_for(note, book, highlights)
        if target is None:
            where = f"location {note.start}" if note.start else f"page {note.page}"
            loose.append(f"{where}: {note.text}")
            continue
        target.note = f"{target.note}\n\n{note.text}".strip() if target.note else note.text
        if note.added > target.updated:
            target.updated = note.added
    _unique_keys(highlights)
    return AnnotatedDocument(
        title=book.title or "Untitled",
        key=book_key(book.title, book.author),
        author=book.author,
        source="Kindle",
        added=min((h.created for h in highlights if h.created), default=""),
        note="\n\n".join(loose),
        highlights=sorted(highlights, key=lambda h: h.order),
    )


def _highlight_for(
    note: Clipping, book: _Book, highlights: list[ImportedHighlight]
) -> ImportedHighlight | None:
    """The highlight a note was written on: the one whose location holds the note's (latest)."""
    found: ImportedHighlight | None = None
    spots = [c for c in book.clippings if c.kind == "highlight"]
    for clip, hl in zip(spots, highlights, strict=True):
        if (note.start and clip.start <= note.start <= clip.end) or (
            not note.start and note.page and clip.page == note.page and not clip.start
        ):
            found = hl
    return found


def _unique_keys(highlights: list[ImportedHighlight]) -> None:
    seen: dict[str, int] = {}
    for hl in highlights:
        count = seen.get(hl.key, 0)
        seen[hl.key] = count + 1
        if count:
            hl.key = f"{hl.key}#{count}"
