"""Finding highlights by the ids people type: the whole id or its first 8+ characters."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tui_reader.model import Highlight

#: The shortest prefix accepted: the short id that `newsread list --orphans` prints.
MIN_PREFIX = 8


class HighlightIdError(ValueError):
    """An id that names no highlight, or more than one (the message is one line)."""


def resolve_highlight_ids(typed: Sequence[str], highlights: Iterable[Highlight]) -> list[Highlight]:
    """The highlights ``typed`` names, in the order given (each once).

    Every id must name exactly one highlight: a prefix shorter than
    :data:`MIN_PREFIX`, an unknown id or an ambiguous prefix raises
    :class:`HighlightIdError` naming it, so that nothing is acted on.
    """
    wanted = [t.strip().lower() for t in typed]
    for raw, key in zip(typed, wanted, strict=True):
        if len(key) < MIN_PREFIX:
            raise HighlightIdError(
                f"highlight id {raw!r} is too short: give {MIN_PREFIX}+ characters"
            )
    found: dict[str, list[Highlight]] = {key: [] for key in wanted}
    for hl in highlights:
        for key, hits in found.items():
            if hl.id.startswith(key):
                hits.append(hl)
    chosen: dict[str, Highlight] = {}
    for raw, key in zip(typed, wanted, strict=True):
        hits = found[key]
        if not hits:
            raise HighlightIdError(f"no highlight with id {raw!r}")
        if len(hits) > 1:
            raise HighlightIdError(
                f"highlight id {raw!r} names {len(hits)} highlights: give more of it"
            )
        chosen.setdefault(hits[0].id, hits[0])
    return list(chosen.values())
