"""Checking the ``[keymap]`` table of the config file before handing it to Textual.

Textual silently ignores a keymap entry whose binding id does not exist; a
person who mistyped an id deserves to hear about it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import KEY_NAME_REPLACEMENTS, Keys


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


#: Modifiers Textual understands in a key name (``ctrl+shift+up``).
MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})

#: Key names that are neither one character nor the name of a printable ASCII character.
NAMED_KEYS = frozenset(
    {key.value for key in Keys if "+" not in key.value and "-" not in key.value}
    | set(KEY_NAME_REPLACEMENTS.values())
    | {"space", "newline", "tab", "enter", "escape", "backspace", "delete", "insert"}
)


def _known_key(name: str) -> bool:
    """Whether ``name`` (the part after any modifiers) names a key a terminal can send."""
    if len(name) == 1:
        return name.isprintable()
    if name in NAMED_KEYS:
        return True
    try:  # "question_mark", "left_square_bracket": printable ASCII by Unicode name
        character = unicodedata.lookup(name.replace("_", " ").upper())
    except KeyError:
        return False
    return character.isascii() and character.isprintable()


def key_problem(key: str) -> str | None:
    """Why ``key`` (one key of a binding, e.g. ``ctrl+n``) is not a usable key, or None."""
    if not key or " " in key:
        return "empty or contains a space"
    *modifiers, name = key.split("+")
    if not name:
        return "ends in '+'"
    for modifier in modifiers:
        if modifier not in MODIFIERS:
            return f"{modifier!r} is not a modifier (ctrl, shift, alt, meta, super, hyper)"
    if len(set(modifiers)) != len(modifiers):
        return "a modifier is repeated"
    if not _known_key(name):
        return f"{name!r} is not a key name"
    return None


def check_keymap(keymap: Mapping[str, str], known: set[str]) -> tuple[dict[str, str], list[str]]:
    """The usable entries of ``keymap`` (keys tidied) and one message per entry left out:
    unknown binding ids and key names that do not exist keep the binding's default."""
    usable: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in keymap.items():
        if binding_id not in known:
            problems.append(f"keymap: no binding with id {binding_id!r}; entry ignored")
            continue
        parts = [k.strip() for k in keys.split(",")]
        why = next((f"{k!r}: {p}" for k in parts if (p := key_problem(k))), None)
        if why is not None:
            problems.append(
                f"keymap: {binding_id!r} has unusable keys {keys!r} ({why}); default kept"
            )
        else:
            usable[binding_id] = ",".join(parts)
    return usable, problems


def _bindings(classes: Iterable[type[DOMNode]]) -> list[Binding]:
    found: list[Binding] = []
    for cls in classes:
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id:
                found.append(binding)
    return found


def check_conflicts(
    keymap: Mapping[str, str], scopes: Iterable[Iterable[type[DOMNode]]]
) -> tuple[dict[str, str], list[str]]:
    """Leave out remaps that give one key two actions on one screen.

    ``scopes`` are groups of classes whose bindings are active together (a
    screen, the widgets on it, the app). A remapped binding whose key another
    binding of its scope already uses is reported and keeps its default.
    """
    usable = dict(keymap)
    problems: list[str] = []
    for scope in scopes:
        bindings = _bindings(scope)
        owners: dict[str, str] = {}
        for binding in bindings:  # defaults first: a remap never takes a key away
            if binding.id not in usable:
                for key in binding.key.split(","):
                    owners.setdefault(key.strip(), binding.id or "")
        for binding in bindings:
            if binding.id not in usable:
                continue
            clash = next(
                (
                    (key, owners[key])
                    for key in usable[binding.id].split(",")
                    if owners.get(key, binding.id) != binding.id
                ),
                None,
            )
            if clash is None:
                for key in usable[binding.id].split(","):
                    owners[key] = binding.id or ""
                continue
            key, other = clash
            problems.append(
                f"keymap: {binding.id!r} = {usable[binding.id]!r} conflicts with "
                f"{other!r} (both on {key!r}); default kept"
            )
            del usable[binding.id]
            for key in binding.key.split(","):
                owners.setdefault(key.strip(), binding.id or "")
    return usable, problems
