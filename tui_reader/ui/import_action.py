"""The one place the UI imports: a thread worker reading inputs, writing through the saver.

The app runs it when a screen posts :class:`~tui_reader.ui.messages.ImportRequested`.
Reading files and fetching URLs happen on the worker's thread; every batch is
written by the saver (the app's one writer), the worker waiting for it on its
own thread. The requester hears :class:`ImportStarted`, :class:`ImportAdvanced`
and :class:`ImportFinished`. Setting ``cancel`` (quitting does) abandons a
running download and stops the import before its next input.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from textual.app import App
from textual.worker import Worker

from tui_reader.importing import AddResult, import_inputs
from tui_reader.ui.messages import ImportAdvanced, ImportFinished, ImportRequested, ImportStarted
from tui_reader.ui.services import Services


def run_import(
    app: App[object], services: Services, request: ImportRequested, cancel: threading.Event
) -> Worker[None]:
    """Import ``request.source`` in a thread worker of ``app``; ``cancel`` stops it."""
    requester = request.requester
    saver = services.saver

    def write(batch: Callable[[], list[AddResult]]) -> list[AddResult]:
        return saver.run("import", lambda _library: batch())

    def work() -> None:
        done = 0

        def advanced(name: str) -> None:
            nonlocal done
            done += 1
            requester.post_message(ImportAdvanced(name, done))

        try:
            report = import_inputs(
                services.library,
                [request.source],
                on_start=lambda total: requester.post_message(ImportStarted(total)),
                on_item=advanced,
                cancel=cancel,
                writer=write,
            )
        except Exception as error:  # the message is shown; the library is unchanged or whole
            requester.post_message(ImportFinished(None, str(error)))
        else:
            requester.post_message(ImportFinished(report))

    return app.run_worker(work, thread=True, group="import", exit_on_error=False, name="import")
