"""The one place the UI exports: a thread worker around the core export.

The app runs it when a screen posts :class:`~tui_reader.ui.messages.ExportRequested`
(the library's ``e`` exports the articles it lists, the reader's ``e`` the
article being read). Files go to the config's ``export_dir`` (default
``./newsread-export``), laid out with the config's ``[export] template`` when
set; a notification says where, or why the export failed.
The requester hears :class:`ExportProgress` and :class:`ExportFinished`.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from tui_reader.config import Config
from tui_reader.ui.messages import ExportFinished, ExportProgress, ExportRequested
from tui_reader.ui.services import Services


def export_folder(config: Config) -> Path:
    """Where the app writes Markdown exports."""
    configured = config.export_dir
    return Path(configured).expanduser() if configured else Path.cwd() / "newsread-export"


def run_export(app: App[object], services: Services, request: ExportRequested) -> None:
    """Export the requested articles in a worker of ``app``; notify the result."""
    ids = list(request.article_ids)
    requester = request.requester
    if not ids:
        app.notify("No article to export.", severity="warning")
        requester.post_message(ExportFinished())
        return
    out = export_folder(services.config)
    template = services.config.export_template or None

    def progress(done: int, total: int) -> None:
        if total > 1:
            requester.post_message(ExportProgress(done, total))

    def work() -> None:
        from tui_reader.export import ExportError, ExportFilter, export_articles

        try:
            chosen = ExportFilter(highlight_ids=request.highlight_ids)
            result = export_articles(
                services.library,
                ids,
                "md",
                out,
                filters=chosen,
                progress=progress,
                template=template,
            )
        except (ExportError, OSError) as error:
            app.call_from_thread(
                app.notify, f"Export failed: {error}", severity="error", timeout=10
            )
        else:
            if not result.files:
                app.call_from_thread(
                    app.notify, "Nothing to export: no article matched.", severity="warning"
                )
            else:
                app.call_from_thread(app.notify, result.summary(), title="Export", timeout=10)
        finally:
            requester.post_message(ExportFinished())

    app.run_worker(work, thread=True, group="export", exit_on_error=False, name="export")
