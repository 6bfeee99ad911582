"""Making untrusted text safe to store and show.

Everything that comes from outside (article text, titles, notes, tags) goes
through here before it reaches the library: terminal control characters, ESC,
C1 controls, bidi overrides and lone surrogates are removed, and whitespace
inside a paragraph is folded to single spaces.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from typing import Protocol, TypeVar

# C0 controls except tab/newline/carriage return, DEL, C1 controls (0x80-0x9F).
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f"
# Bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) and
# the byte-order mark / interlinear annotation controls.
_BIDI = "\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb"
_SURROGATES = "\ud800-\udfff"
_UNSAFE = re.compile(f"[{_CONTROL}{_BIDI}{_SURROGATES}]")
# A full ANSI escape sequence (CSI, OSC, two-character escapes), dropped whole so
# that no parameter bytes like "[31m" are left behind as visible noise.
_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL or ST
    r"|\x1b[P^_X][^\x1b]*(?:\x1b\\)?"  # DCS/PM/APC/SOS strings
    r"|\x1b[@-Z\\-_]"  # two-character escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
# Runs of whitespace except a lone space (which folds to itself): one pass, few matches.
_SPACES_TO_FOLD = re.compile(
    r"(?! (?![ \t\r\n\u00a0\u2028\u2029\u200b]))[ \t\r\n\u00a0\u2028\u2029\u200b]+"
)
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029]")


def strip_unsafe(text: str) -> str:
    """Remove escape sequences, control characters, bidi overrides and lone surrogates.

    Tabs and newlines are kept; everything else that could drive a terminal or
    reorder text on screen is dropped.
    """
    if not text:
        return ""
    if text.isascii() and text.isprintable():
        return text  # no control character, so no escape sequence either (the common case)
    text = _ANSI.sub("", text)
    text = _NEWLINES.sub("\n", text)
    return _UNSAFE.sub("", text)


_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def strip_unsafe_markup(markup: str) -> str:
    """HTML or XML source with unsafe characters removed, as characters or as ``&#..;``.

    Run on a page before parsing, so that neither the parser nor the extractor
    ever holds an escape or control character (lxml refuses some in XML).
    """

    def replace(m: re.Match[str]) -> str:
        try:
            code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
            char = chr(code)
        except (ValueError, OverflowError):
            return ""
        if code in (9, 10, 13):
            return m.group(0)
        return "" if _UNSAFE.match(char) else m.group(0)

    return _CHAR_REF.sub(replace, strip_unsafe(markup))


def clean_line(text: str) -> str:
    """Sanitise ``text`` and fold all whitespace (newlines too) to single spaces."""
    text = strip_unsafe(text)
    if text.isascii() and not ("  " in text or "\t" in text or "\n" in text or "\r" in text):
        # After strip_unsafe the only ASCII whitespace left is space, tab, CR and LF:
        # with no double space and none of the others there is nothing to fold.
        return text.strip()
    return _SPACES_TO_FOLD.sub(" ", text).strip()


def clean_paragraph(text: str) -> str:
    """Sanitise one paragraph: unsafe characters removed, whitespace folded, NFC form."""
    return unicodedata.normalize("NFC", clean_line(text))


def clean_multiline(text: str) -> str:
    """Sanitise free text such as a note: unsafe characters removed, line breaks kept."""
    lines = [line.rstrip() for line in strip_unsafe(text).replace("\t", "    ").split("\n")]
    return "\n".join(lines).strip("\n")


def clean_tag(tag: str) -> str:
    """One tag made safe: no control characters, no leading ``#``, inner spaces as ``-``."""
    tag = clean_line(tag).lstrip("#").strip()
    return re.sub(r"\s+", "-", tag)


def clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags sanitised, empty ones dropped, duplicates removed (first spelling wins)."""
    seen: set[str] = set()
    out: list[str] = []
    for raw in tags:
        tag = clean_tag(str(raw))
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            out.append(tag)
    return tuple(out)


def parse_tag_list(text: str) -> tuple[str, ...]:
    """Tags typed by a person: separated by commas (or spaces when there is no comma)."""
    parts = text.split(",") if "," in text else text.split()
    return clean_tags(parts)


class _ArticleFields(Protocol):
    """What :func:`clean_article` needs: an Article or a Document."""

    title: str
    source: str
    url: str
    author: str
    published: str
    tags: tuple[str, ...]
    origin: str
    guid: str


_Record = TypeVar("_Record", bound=_ArticleFields)


def clean_article(record: _Record) -> _Record:
    """An article's (or document's) fields made safe: one-line fields folded, tags
    cleaned, the note (when it has one) kept multi-line, an empty title "Untitled".

    Used wherever article records enter the library: importing, restoring a backup
    and the store's write path. Paragraph text is cleaned by the importers (and by
    restore) before anchors are computed on it, so it is left alone here.

    A record whose fields are all clean already (most: the importers clean what they
    read, and the store cleans again what it writes) is returned as it is: a copy of
    each cost a refresh of 10,000 new entries about 0.2 s of its writer.
    """
    title = clean_line(record.title) or "Untitled"
    source = clean_line(record.source)
    url = clean_line(record.url)
    author = clean_line(record.author)
    published = clean_line(record.published)
    tags = _clean_tags_of(record.tags)
    origin = strip_unsafe(record.origin)
    guid = strip_unsafe(record.guid)
    note = getattr(record, "note", None)
    clean_note = clean_multiline(note) if isinstance(note, str) else note
    if (
        title == record.title
        and source == record.source
        and url == record.url
        and author == record.author
        and published == record.published
        and tags == record.tags
        and type(record.tags) is tuple
        and origin == record.origin
        and guid == record.guid
        and clean_note == note
    ):
        return record
    changes: dict[str, object] = {
        "title": title,
        "source": source,
        "url": url,
        "author": author,
        "published": published,
        "tags": tags,
        "origin": origin,
        "guid": guid,
    }
    if isinstance(note, str):
        changes["note"] = clean_note
    return replace(record, **changes)  # type: ignore[type-var]


def _clean_tags_of(tags: Iterable[str]) -> tuple[str, ...]:
    """:func:`clean_tags`, with the common case first: no tags."""
    return () if tags == () else clean_tags(tags)


# ---------------------------------------------------------------- terminal output

# What must never reach a terminal: C0 controls but tab and newline (CR too: it
# overwrites a line), ESC, DEL, C1 controls, bidi controls and marks, lone
# surrogates (undecodable file names). Each is shown as "?" (as ``ls`` does), so a
# hostile name stays recognisable and no escape sequence survives.
_TERMINAL_BIDI = _BIDI + "\u200e\u200f\u061c"
_TERMINAL_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_TERMINAL_BIDI}{_SURROGATES}]")
_TERMINAL_LINE_BREAKS = re.compile(r"[\t\n\u2028\u2029]")


def terminal_text(text: str, *, one_line: bool = False) -> str:
    """``text`` safe to print on a terminal: every control character becomes ``?``.

    The one sanitiser of command-line output (errors, tables, plain text,
    progress). ``one_line`` also turns tabs, newlines and line separators into
    spaces, for a value printed inside a line (a title, a file name).
    """
    if one_line:
        text = _TERMINAL_LINE_BREAKS.sub(" ", text)
    return _TERMINAL_UNSAFE.sub("?", text)


def terminal_json(text: str) -> str:
    """JSON text safe for a terminal and still the same JSON.

    ``json.dumps(..., ensure_ascii=False)`` escapes C0 controls but leaves C1
    controls, bidi controls and lone surrogates raw; they can only occur inside
    strings, where a ``\\uXXXX`` escape means the same character.
    """
    return _TERMINAL_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
