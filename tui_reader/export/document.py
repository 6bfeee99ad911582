"""A Markdown file with a generated region: front matter, markers, and merging on re-export.

Layout of a file newsread writes::

    ---
    <YAML front matter>
    ---

    <!-- newsread:begin ... -->
    <generated Markdown>
    <!-- newsread:end ... -->

On re-export only the region between the markers and the keys newsread
writes in the front matter are replaced: text the user wrote above or below
the markers, and front matter keys the user added, are kept as they were.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

BEGIN = "<!-- newsread:begin: written by newsread; edits between these markers are replaced -->"
END = "<!-- newsread:end -->"
_BEGIN_MARK = "<!-- newsread:begin"
_END_MARK = "<!-- newsread:end"
# Line separators that YAML or editors may honour but CommonMark does not.
_ODD_BREAKS = ("\x85", "\u2028", "\u2029")


def dump_front_matter(data: dict[str, Any]) -> str:
    """YAML for ``data`` through PyYAML's safe emitter; always loads back to ``data``.

    Unicode is written as is where that round-trips; otherwise (odd line
    separators) everything non-ASCII is escaped.
    """
    from tui_reader.export import yamlio

    text = yamlio.dump(data, allow_unicode=True)
    if any(b in text for b in _ODD_BREAKS) or yamlio.load(text) != data:
        text = yamlio.dump(data, allow_unicode=False)
    return text


@dataclass(slots=True)
class Existing:
    """An existing file cut into the parts a re-export keeps and replaces."""

    front_matter: dict[str, Any] | None
    """The parsed front matter, or None when there was none (or it did not parse)."""
    front_matter_text: str
    """The front matter's YAML as written (without the ``---`` lines)."""
    before: str
    """Text between the front matter and the begin marker."""
    after: str
    """Text after the end marker (or the whole body when the markers are gone)."""
    has_markers: bool


def split_existing(text: str) -> Existing:
    """Cut ``text`` (a file newsread may have written before) into its parts."""
    text = text.replace("\r\n", "\n").removeprefix("\ufeff")
    lines = text.split("\n")
    front: dict[str, Any] | None = None
    front_text = ""
    body_start = 0
    if lines and lines[0].rstrip() == "---":
        for i in range(1, len(lines)):
            if lines[i].rstrip() in ("---", "..."):
                front_text = "\n".join(lines[1:i]) + "\n" if i > 1 else ""
                front = _load_yaml(front_text)
                body_start = i + 1
                break
    body = lines[body_start:]
    begin = next((i for i, line in enumerate(body) if line.startswith(_BEGIN_MARK)), None)
    end = None
    if begin is not None:
        end = next((i for i in range(begin + 1, len(body)) if body[i].startswith(_END_MARK)), None)
    if begin is None or end is None:
        return Existing(front, front_text, "\n", "\n".join(body).lstrip("\n"), False)
    before = "\n".join(body[:begin]) + "\n" if begin else ""
    after = "\n".join(body[end + 1 :])
    return Existing(front, front_text, before, after, True)


def _load_yaml(text: str) -> dict[str, Any] | None:
    import yaml

    from tui_reader.export import yamlio

    try:
        data = yamlio.load(text)
    except yaml.YAMLError:
        return None
    if data is None:
        return {}
    return data if isinstance(data, dict) else None


def compose(
    front_matter: dict[str, Any],
    generated: str,
    existing: str | None = None,
    generated_keys: Collection[str] = (),
) -> str:
    """The file's new text: ``front_matter`` and ``generated`` merged into ``existing``.

    Keys of the old front matter not in ``generated_keys`` (nor in ``front_matter``)
    are kept after the generated ones; the old text is kept verbatim when the
    merged data did not change.
    """
    generated = generated.rstrip("\n") + "\n\n"
    if existing is None:
        return f"---\n{dump_front_matter(front_matter)}---\n\n{BEGIN}\n{generated}{END}\n"
    old = split_existing(existing)
    merged = dict(front_matter)
    owned = set(generated_keys) | set(front_matter)
    if old.front_matter:
        merged.update({k: v for k, v in old.front_matter.items() if k not in owned})
    if old.front_matter is not None and old.front_matter == merged and old.front_matter_text:
        yaml_text = old.front_matter_text
    else:
        yaml_text = dump_front_matter(merged)
    after = old.after
    if not old.has_markers and after:
        after = "\n" + after
    if after and not after.endswith("\n"):
        after += "\n"
    return f"---\n{yaml_text}---\n{old.before}{BEGIN}\n{generated}{END}\n{after}"
