"""Column widths of the ``newsread list`` table on a terminal of a given width.

The short columns (id, date, counts, state) always get their full width;
title, source and tags share the rest. Each first gets its floor; the title
then grows up to :data:`TITLE_SHARE` of that room (or all it needs, if less);
source and tags share what is left evenly, and whatever they do not need goes
back to the title. A value is cut (with an ellipsis, by the table) only when
the terminal is too narrow for the whole table, and never below its floor.
"""

from __future__ import annotations

#: The columns that stretch and shrink.
FLEXIBLE = ("title", "source", "tags")
#: The narrowest a flexible column is cut to.
FLOORS = {"title": 16, "source": 14, "tags": 10}
#: The part of the shared room the title may take before source and tags grow.
TITLE_SHARE = 0.7
#: Space between two columns (one cell of padding on each side).
GAP = 2


def _grow(widths: dict[str, int], natural: dict[str, int], names: list[str], room: int) -> int:
    """Share ``room`` evenly among ``names`` up to their natural widths; returns what is left."""
    wanting = [name for name in names if widths[name] < natural[name]]
    while room > 0 and wanting:
        share = max(1, room // len(wanting))
        for name in list(wanting):
            grant = min(share, natural[name] - widths[name], room)
            widths[name] += grant
            room -= grant
            if widths[name] >= natural[name]:
                wanting.remove(name)
            if room == 0:
                break
    return room


def fit_columns(natural: dict[str, int], width: int) -> dict[str, int]:
    """Widths for the columns of ``natural`` (column -> width of its widest cell, header
    included) so that the table, with its gaps, fits in ``width`` cells when it can."""
    widths = dict(natural)
    flexible = [name for name in FLEXIBLE if name in natural]
    for name in flexible:
        widths[name] = min(natural[name], FLOORS[name])
    fixed = sum(w for name, w in natural.items() if name not in flexible)
    shared = width - GAP * (len(natural) - 1) - fixed
    room = shared - sum(widths[name] for name in flexible)
    if room <= 0:
        return widths
    if "title" in widths:
        target = min(natural["title"], max(widths["title"], int(shared * TITLE_SHARE)))
        grant = min(room, target - widths["title"])
        widths["title"] += grant
        room -= grant
    room = _grow(widths, natural, [n for n in flexible if n != "title"], room)
    _grow(widths, natural, [n for n in flexible if n == "title"], room)
    return widths
