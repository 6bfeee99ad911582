"""The one place the UI exports: a thread worker around the core export.

The app runs it when a screen posts :class:`~tui_reader.ui.messages.ExportRequested`
(the library's ``e`` exports the articles it lists, the reader's ``e`` the
article being read). Files go to the config's ``export_dir`` (default
``./newsread-export``), laid out with the config's ``[export] template`` when
set; a notification says where, or why the export failed.
The requester hears :class:`ExportProgress` and :class:`ExportFinished`.

A request for some highlights only (the highlights browser's filtered list)
writes one file of its own, ``<export folder>/Highlights/<the filter>.md``:
the articles' own files hold all their highlights and a partial list must
never replace them.
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


#: The folder (inside the export folder) of the files of filtered highlight lists.
SELECTIONS_FOLDER = "Highlights"


def selection_file(folder: Path, selection: str) -> Path:
    """The file a filtered list of highlights is exported to, named after its filter."""
    from tui_reader.export.filenames import safe_stem

    return folder / SELECTIONS_FOLDER / f"{safe_stem(selection or 'Selection')}.md"


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

    partial = request.highlight_ids is not None
    if partial:
        out = selection_file(out, request.selection)
        template = None  # a template lays out one article's file

    def work() -> None:
        from tui_reader.export import ExportError, ExportFilter, export_articles

        try:
            chosen = ExportFilter(
                highlight_ids=request.highlight_ids, annotated_only=request.annotated_only
            )
            result = export_articles(
                services.library,
                ids,
                "md",
                out,
                filters=chosen,
                single_file=partial,
                progress=progress,
                template=template,
            )
        except (ExportError, OSError) as error:
            app.call_from_thread(
                app.notify, f"Export failed: {error}", severity="error", timeout=10
            )
        else:
            if not result.files:
                nothing = (
                    "Nothing to export: no article listed has highlights or notes."
                    if result.left_out
                    else "Nothing to export: no article matched."
                )
                app.call_from_thread(app.notify, nothing, severity="warning")
            else:
                summary = result.summary()
                if partial:
                    summary += (
                        " (only the highlights listed; the articles' own files are untouched)"
                    )
                app.call_from_thread(app.notify, summary, title="Export", timeout=10)
        finally:
            requester.post_message(ExportFinished())

    app.run_worker(work, thread=True, group="export", exit_on_error=False, name="export")
