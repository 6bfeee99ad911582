"""Escaping untrusted text for Markdown, and tags for Obsidian.

Quoted article text, titles and notes are data: after :func:`escape_lines`
they render as the same characters and never become a heading, list, quote,
table, link, tag, block reference, comment, math or raw HTML, in CommonMark
and in Obsidian's extensions (``[[links]]``, ``#tags``, ``^ids``, ``%%``,
``==``, ``$``).
"""

from __future__ import annotations

import re
import unicodedata

#: ASCII punctuation that Markdown or Obsidian give a meaning anywhere in a line.
_BACKSLASHED = frozenset("\\`*_[]#|!~$%^=")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_ORDERED = re.compile(r"^(\d+)([.)])")
# Characters that end a line for some tools (CommonMark only knows \n and \r).
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
# C0 controls but tab and newline, DEL and C1 controls: terminal commands, not text.
# The importers drop them; text stored another way may still hold them.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


_ESCAPES = str.maketrans({**{c: "\\" + c for c in _BACKSLASHED}, **_ENTITIES})


def escape_inline(text: str) -> str:
    """Escape one line of text so that it renders literally (leading and trailing spaces go).

    Control characters (ESC above all) are dropped: a file that is shown in a
    terminal must not drive it.
    """
    line = _CONTROLS.sub("", text).strip().translate(_ESCAPES).rstrip()
    if line[:1] in ("-", "+"):
        line = "\\" + line
    return _ORDERED.sub(r"\1\\\2", line)


def escape_lines(text: str) -> list[str]:
    """Escape free text, one entry per line; blank lines stay blank (paragraph breaks).

    Leading indentation is dropped so that no line turns into a code block.
    """
    lines = _LINE_BREAKS.sub("\n", text).split("\n")
    escaped = [escape_inline(line) for line in lines]
    while escaped and not escaped[0]:
        escaped.pop(0)
    while escaped and not escaped[-1]:
        escaped.pop()
    return escaped


def escape_one_line(text: str) -> str:
    """Escape text that must stay on one line (a heading): line breaks become spaces."""
    return escape_inline(" ".join(_LINE_BREAKS.sub("\n", text).split()))


def obsidian_tag(tag: str) -> str:
    """``tag`` as a valid Obsidian tag body (without ``#``); empty when nothing is left.

    Spaces become ``-``; only letters, digits, ``_``, ``-`` and ``/`` (nesting) stay;
    a tag of digits only gets a leading ``_`` (Obsidian needs a non-digit).
    """
    text = unicodedata.normalize("NFC", tag).strip().lstrip("#")
    text = re.sub(r"\s+", "-", text)
    text = "".join(c for c in text if c.isalnum() or c in "_-/")
    text = re.sub(r"/{2,}", "/", text).strip("/")
    if text and text.replace("/", "").isdigit():
        text = "_" + text
    return text


def obsidian_tags(tags: tuple[str, ...] | list[str]) -> list[str]:
    """Each tag made safe, empty ones dropped, duplicates (ignoring case) removed."""
    seen: set[str] = set()
    out: list[str] = []
    for raw in tags:
        tag = obsidian_tag(raw)
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            out.append(tag)
    return out


def block_id(highlight_id: str) -> str:
    """The Obsidian block id of a highlight: ``hl-`` and the first 8 characters of its id."""
    head = highlight_id[:8]
    if not (head.isascii() and head.isalnum()):  # our ids are hex: this is for foreign ones
        head = "".join(c for c in highlight_id if c.isascii() and c.isalnum())[:8]
    short = head
    return f"hl-{short or 'x'}"
