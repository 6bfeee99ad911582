"""The one place the UI asks for an export (the export feature fills this in)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui_reader.ui.app import NewsreadApp


def run_export(app: NewsreadApp, article_ids: Sequence[str]) -> None:
    """Export the highlights and notes of ``article_ids``; until export exists, say so."""
    app.notify("Export arrives with the export feature.", severity="warning")
