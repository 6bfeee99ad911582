"""The one place the UI asks for an export: a thread worker around the core export.

The library screen's ``e`` exports the articles it lists (the current search
or tag filter), the reader's ``e`` the article being read. Files go to the
config's ``export_dir`` (default ``./newsread-export``); a notification says
where, and an export failure is a notification too.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from tui_reader.export import ExportResult
    from tui_reader.ui.app import NewsreadApp


@runtime_checkable
class ShowsProgress(Protocol):
    """A screen that can show the progress of long work."""

    def show_progress(self, label: str, done: int, total: int) -> None:
        """Show ``done`` of ``total`` under ``label``."""

    def hide_progress(self) -> None:
        """Hide the progress display."""


def export_folder(app: NewsreadApp) -> Path:
    """Where the app writes Markdown exports."""
    configured = app.config.export_dir
    return Path(configured).expanduser() if configured else Path.cwd() / "newsread-export"


def run_export(app: NewsreadApp, article_ids: Sequence[str]) -> None:
    """Export the highlights and notes of ``article_ids`` in a worker; notify the result."""
    if not article_ids:
        app.notify("No article to export.", severity="warning")
        return
    ids = list(article_ids)
    out = export_folder(app)
    screen = app.screen

    def progress(done: int, total: int) -> None:
        if isinstance(screen, ShowsProgress) and total > 1:
            app.call_from_thread(screen.show_progress, "Exporting", done, total)

    def work() -> None:
        from tui_reader.export import ExportError, export_articles

        try:
            result = export_articles(app.library, ids, "md", out, progress=progress)
        except (ExportError, OSError) as error:
            app.call_from_thread(_finished, app, screen, None, str(error))
        else:
            app.call_from_thread(_finished, app, screen, result, "")

    app.run_worker(work, thread=True, group="export", exit_on_error=False, name="export")


def _finished(app: NewsreadApp, screen: object, result: ExportResult | None, error: str) -> None:
    if isinstance(screen, ShowsProgress):
        screen.hide_progress()
    if result is None:
        app.notify(f"Export failed: {error}", severity="error", timeout=10)
    elif not result.files:
        app.notify("Nothing to export: no article matched.", severity="warning")
    else:
        app.notify(result.summary(), title="Export", timeout=10)
