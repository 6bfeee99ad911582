"""What a user's export template may print, and how: Markdown escaping by default.

Every ``{{ expression }}`` of a template goes through :func:`finalize`: its
value is escaped for Markdown the way the built-in export escapes it
(:mod:`.escape`), so an article title such as ``# <script>`` prints as those
characters and never as a heading or raw HTML. The filters below produce
text for other places (YAML front matter, block quotes, Obsidian tags) and
mark it :class:`Rendered` so that it is printed as they wrote it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from tui_reader.export.escape import escape_lines, escape_one_line, obsidian_tags
from tui_reader.sanitize import strip_unsafe


class Rendered(str):
    """Text a filter of ours made safe for where it goes: printed without escaping."""

    __slots__ = ()


def markdown(value: Any) -> str:
    """``value`` as Markdown text that renders literally: lines kept, markup escaped."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return str(value)
    return "\n".join(escape_lines(str(value)))


def finalize(value: Any) -> Any:
    """Jinja's ``finalize`` hook: escape every printed value unless a filter rendered it."""
    if type(value) is Rendered:
        return value
    return markdown(value)


# Characters YAML refuses in a document or reads as line breaks (YAML 1.1, PyYAML):
# C0 controls but tab and newline, DEL, C1 controls, line/paragraph separators, BOM,
# non-characters and lone surrogates. JSON escapes the C0 ones already.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def _yaml_scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    text = json.dumps(str(value), ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def yaml_value(value: Any) -> Rendered:
    """A YAML flow value that loads back to ``value``: strings double-quoted, lists in brackets.

    ``title: {{ article.title | yaml }}`` stays one valid line whatever the title holds.
    """
    if isinstance(value, list | tuple):
        return Rendered("[" + ", ".join(_yaml_scalar(v) for v in value) + "]")
    return Rendered(_yaml_scalar(value))


def blockquote(value: Any) -> Rendered:
    """Escaped text as a Markdown block quote: every line starts with ``>``."""
    lines = escape_lines(str(value or "")) or ["…"]
    return Rendered("\n".join(f"> {line}".rstrip() for line in lines))


def one_line(value: Any) -> Rendered:
    """Escaped text on one line (line breaks become spaces): for headings and list items."""
    return Rendered(escape_one_line(str(value or "")))


def hashtags(value: Any) -> Rendered:
    """Tags as Obsidian ``#tags`` separated by spaces (each made a valid tag, empty ones gone)."""
    tags = [value] if isinstance(value, str) else list(value or ())
    return Rendered(" ".join(f"#{tag}" for tag in obsidian_tags([str(t) for t in tags])))


def raw(value: Any) -> Rendered:
    """``value`` without Markdown escaping (control characters still removed).

    For text you wrote yourself in Markdown; article text printed this way may
    carry markup or HTML into the file.
    """
    return Rendered(strip_unsafe(str(value if value is not None else "")))


def date(value: Any, fmt: str = "%Y-%m-%d") -> str:
    """An ISO 8601 date or date-time formatted with ``strftime`` (other text unchanged)."""
    text = str(value or "")
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    return moment.strftime(fmt)


FILTERS: dict[str, Callable[..., Any]] = {
    "yaml": yaml_value,
    "blockquote": blockquote,
    "oneline": one_line,
    "hashtags": hashtags,
    "raw": raw,
    "date": date,
}

#: Jinja's own filters that would print text unescaped (``Markup``): left out.
REMOVED_FILTERS: Iterable[str] = ("safe", "escape", "e", "forceescape", "urlize", "xmlattr")
