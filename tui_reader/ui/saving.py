"""Saving off the UI thread, in order.

Every change the user makes goes to the store through :class:`SaveQueue`: one
background thread runs the store calls one after another (so two quick edits
are never written out of order), and reports back on the UI thread.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tui_reader.store import StoreError


@dataclass(slots=True)
class SaveJob:
    """One store call and what to do when it finishes."""

    label: str
    """What is being saved, for error messages ("note", "highlight")."""
    call: Callable[[], Any]
    on_done: Callable[[Any], None] | None = None
    on_error: Callable[[StoreError], None] | None = None


class SaveQueue:
    """A single writer thread for store calls.

        ``post(fn)`` must deliver a callable to the UI thread (the app passes
        a message to the app: it must not block, or a UI thread waiting for the saver
    would deadlock); ``on_state`` receives ``"saving"``, ``"saved"`` or
        ``"error"`` on the UI thread.
    """

    def __init__(
        self,
        post: Callable[[Callable[[], None]], None],
        on_state: Callable[[str, str], None],
    ) -> None:
        self._post = post
        self._on_state = on_state
        self._jobs: queue.Queue[SaveJob | None] = queue.Queue()
        self._pending = 0
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()
        self._thread = threading.Thread(target=self._run, name="newsread-saver", daemon=True)
        self._thread.start()

    @property
    def pending(self) -> int:
        """Jobs queued or running."""
        return self._pending

    def submit(self, job: SaveJob) -> None:
        """Queue a store call; call from the UI thread."""
        with self._lock:
            self._pending += 1
            self._idle.clear()
        self._on_state("saving", job.label)
        self._jobs.put(job)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until every queued job has run (used at exit and in tests)."""
        return self._idle.wait(timeout)

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the queued jobs, then end the thread."""
        self._jobs.put(None)
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            try:
                result = job.call()
            except StoreError as error:
                self._finish(job, error=error)
            except Exception as error:  # never let the saver thread die silently
                self._finish(job, error=StoreError(f"{job.label}: {error}"))
            else:
                self._finish(job, result=result)

    def _finish(self, job: SaveJob, result: Any = None, error: StoreError | None = None) -> None:
        with self._lock:
            self._pending -= 1
            remaining = self._pending

        def report() -> None:
            if error is not None:
                self._on_state("error", f"{job.label}: {error}")
                if job.on_error:
                    job.on_error(error)
            else:
                if remaining == 0:
                    self._on_state("saved", job.label)
                if job.on_done:
                    job.on_done(result)

        with self._lock:
            if self._pending == 0:
                self._idle.set()  # on disk now: waiters need not wait for the UI to hear of it
        with contextlib.suppress(Exception):  # the app is gone: nothing left to tell
            self._post(report)
