"""The reader's status line: where you are, what mode, whether it is saved."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events
from textual.widgets import Static

#: Between two parts of the line.
SEPARATOR = "  ·  "


#: One part of the line: its priority (the lowest is left out first), the string put
#: before it when it follows another part, and its text.
Part = tuple[int, str, Text]


def _join(parts: list[Part]) -> Text:
    line = Text()
    for i, (_, joiner, text) in enumerate(parts):
        if i:
            line.append(joiner)
        line.append_text(text)
    return line


def fit_parts(parts: list[Part], width: int) -> Text:
    """Join ``parts``, leaving out the lowest priorities until the line fits ``width``
    cells, so no separator is ever left dangling at the end. Parts keep their order;
    when even the most important one does not fit, it is cut with ``…``."""
    kept = list(parts)
    while True:
        line = _join(kept)
        if width <= 0 or line.cell_len <= width or len(kept) <= 1:
            break
        lowest = min(range(len(kept)), key=lambda i: (kept[i][0], -i))
        del kept[lowest]
    if width > 0 and line.cell_len > width:
        line.truncate(width, overflow="ellipsis")
    return line


class ReaderStatus(Static):
    """One line: paragraph and progress, highlight count, selection mode, the orphan
    being placed, save state."""

    DEFAULT_CSS = """
    ReaderStatus {
        height: 1;
        background: $panel;
        color: $newsread-muted;
        padding: 0 1;
    }
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._parts: list[Part] = []

    def show(
        self,
        *,
        paragraph: int,
        count: int,
        highlights: int,
        selecting: bool,
        save_state: str,
        read: bool,
        placing: bool = False,
    ) -> None:
        """Redraw the line from the reader's state; what does not fit is left out, the
        selection hint first."""
        if count:
            percent = 100 if count <= 1 else round(100 * paragraph / (count - 1))
            where = Text(f"¶ {paragraph + 1}/{count}  {percent}%")
        else:
            where = Text("empty")
        if read:
            where.append("  ✓ read")
        plural = "s" if highlights != 1 else ""
        parts: list[Part] = [
            (4, "", where),
            (2, SEPARATOR, Text(f"{highlights} highlight{plural}")),
        ]
        if selecting:
            parts.append((5, SEPARATOR, Text("SELECT", style="bold")))
            parts.append((1, "  ", Text("W/B }/{ move its start")))
        if placing:
            parts.append((3, SEPARATOR, Text("orphan chosen: p places it", style="bold")))
        shown = {"saving": "saving…", "error": "not saved!", "read-only": "read-only"}
        state = shown.get(save_state, "deleted: read-only" if save_state == "deleted" else "saved")
        parts.append((4, SEPARATOR, Text(state, style="bold" if save_state != "saved" else "")))
        self._parts = parts
        self._redraw()

    def _redraw(self) -> None:
        self.update(fit_parts(self._parts, self.content_region.width))

    def on_resize(self, event: events.Resize) -> None:
        """Fit the line again to the new width."""
        if self._parts:
            self._redraw()
