"""The reader's status line: where you are, what mode, whether it is saved."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class ReaderStatus(Static):
    """One line: paragraph and progress, highlight count, selection mode, save state."""

    DEFAULT_CSS = """
    ReaderStatus {
        height: 1;
        background: $panel;
        color: $text-muted;
        padding: 0 1;
    }
    """

    def show(
        self,
        *,
        paragraph: int,
        count: int,
        highlights: int,
        selecting: bool,
        save_state: str,
        read: bool,
    ) -> None:
        """Redraw the line from the reader's state."""
        parts = Text()
        if count:
            percent = 100 if count <= 1 else round(100 * paragraph / (count - 1))
            parts.append(f"¶ {paragraph + 1}/{count}  {percent}%")
        else:
            parts.append("empty")
        if read:
            parts.append("  ✓ read")
        parts.append(f"  ·  {highlights} highlight{'s' if highlights != 1 else ''}")
        if selecting:
            parts.append("  ·  ")
            parts.append("SELECT", style="bold")
            parts.append("  W/B }/{ move its start")
        state = {"saving": "saving…", "error": "not saved!", "read-only": "read-only"}.get(
            save_state, "saved"
        )
        parts.append(f"  ·  {state}", style="bold" if save_state != "saved" else "")
        self.update(parts)
