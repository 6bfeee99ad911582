"""Checking the ``[keymap]`` table of the config file before handing it to Textual.

Textual silently ignores a keymap entry whose binding id does not exist; a
person who mistyped an id deserves to hear about it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.binding import Binding
from textual.dom import DOMNode


def _subclasses(cls: type[DOMNode]) -> list[type[DOMNode]]:
    found: list[type[DOMNode]] = []
    stack = [cls]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(current.__subclasses__())
    return found


def known_binding_ids(roots: Iterable[type[DOMNode]]) -> set[str]:
    """Every binding id declared by ``roots`` (the app and the screens it can show, which
    the app passes in) and by every widget class loaded along with them."""
    ids: set[str] = set()
    for cls in {*roots, *_subclasses(DOMNode)}:
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id:
                ids.add(binding.id)
    return ids


def _bad_keys(keys: str) -> bool:
    parts = [k.strip() for k in keys.split(",")]
    return any(
        not part or " " in part or any(not piece for piece in part.split("+")) for part in parts
    )


def check_keymap(keymap: Mapping[str, str], known: set[str]) -> tuple[dict[str, str], list[str]]:
    """The usable entries of ``keymap`` (keys tidied) and one message per entry left out."""
    usable: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in keymap.items():
        if binding_id not in known:
            problems.append(f"keymap: no binding with id {binding_id!r}; entry ignored")
        elif _bad_keys(keys):
            problems.append(f"keymap: {binding_id!r} has unusable keys {keys!r}; entry ignored")
        else:
            usable[binding_id] = ",".join(k.strip() for k in keys.split(","))
    return usable, problems
