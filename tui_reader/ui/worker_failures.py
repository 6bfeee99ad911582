"""Background jobs that fail say so.

Workers run with ``exit_on_error=False`` so that a failed job never takes the
app down; without this, such a failure would be silent (a key that seems to do
nothing). The app and the screens that run workers report it in one line.
"""

from __future__ import annotations

from typing import Any

from textual.worker import Worker, WorkerState

from tui_reader.sanitize import clean_line


def failure_message(worker: Worker[Any]) -> str:
    """One line naming the job and why it failed."""
    what = worker.name or worker.group or "a background job"
    error = worker.error
    reason = f"{type(error).__name__}: {error}" if error is not None else "unknown error"
    return clean_line(f"Something went wrong in the background ({what}): {reason}")[:300]


class ReportsFailedWorkers:
    """Mixin for the app and screens: a worker that ends in an error is notified."""

    app: Any

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Tell the user about a job that failed."""
        if event.state is WorkerState.ERROR:
            self.app.notify(failure_message(event.worker), severity="error", markup=False)
