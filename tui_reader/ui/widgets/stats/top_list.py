"""A titled list of names with counts and bars, as many rows as fit (top tags, sources)."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from tui_reader.sanitize import terminal_text

#: The widest bar drawn, in cells.
MAX_BAR = 20


class TopList(Widget):
    """``name  ███████ 12`` rows under a title, longest bar for the largest count."""

    DEFAULT_CSS = """
    TopList {
        width: 1fr;
        height: 1fr;
        min-height: 4;
    }
    """

    def __init__(self, title: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title = title
        self.items: list[tuple[str, int]] = []

    def show(self, items: list[tuple[str, int]]) -> None:
        """Show ``items`` (name, count), largest first."""
        self.items = list(items)
        self.refresh()

    def render(self) -> Content:
        """The title, then one row per item that fits."""
        lines = [Content.styled(self.title, "bold")]
        width = max(10, self.size.width)
        room = max(0, self.size.height - 1)
        shown = self.items[:room]
        if not shown:
            lines.append(Content.styled("none yet", "$newsread-muted"))
        top = max((n for _, n in shown), default=1) or 1
        count_width = max((len(f"{n:,}") for _, n in shown), default=1)
        bar_room = max(1, min(MAX_BAR, width // 3))
        longest = max(
            (Content(terminal_text(n, one_line=True)).cell_length for n, _ in shown), default=4
        )
        name_width = max(4, min(longest + 1, width - bar_room - count_width - 3))
        for name, n in shown:
            label = Content(terminal_text(name, one_line=True))
            label = label.truncate(name_width, ellipsis=True, pad=True)
            bar = "█" * max(1, round(bar_room * n / top))
            lines.append(
                Content.assemble(
                    label,
                    " ",
                    (bar.ljust(bar_room), "$newsread-accent"),
                    " ",
                    (f"{n:,}".rjust(count_width), "$newsread-muted"),
                )
            )
        return Content("\n").join(lines)
