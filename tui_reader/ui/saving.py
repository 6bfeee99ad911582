"""The app's one writer: a thread that runs every change to the library, in order.

Screens, widgets and workers never call the library's write methods
themselves: they hand a :class:`SaveRequest` to the :class:`Saver`, whose
thread runs the requests one after another (two quick edits are never written
out of order, and a slow disk never freezes the keyboard). When a request has
run, the saver posts :class:`SaveDone` or :class:`SaveFailed` to whoever asked
(the shape of toolong's line-reader thread), and :class:`SaverState` to the app,
which shows it in the save indicator.

Workers that must wait for a write (an import writing a batch) call
:meth:`Saver.run`, which blocks their own thread, never the UI's. Quitting
awaits :meth:`Saver.idle`, which waits without blocking the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, TypeVar

from textual.message import Message
from textual.message_pump import MessagePump

from tui_reader.store import Library, StoreError

#: The name of the saver's thread (a test checks that every write happens on it).
THREAD_NAME = "newsread-saver"

T = TypeVar("T")


@dataclass(frozen=True, slots=True, eq=False)
class SaveRequest:
    """One change to the library, and who wants to hear how it went."""

    label: str
    """What is being saved, for messages ("note", "highlight", "deletion")."""
    write: Callable[[Library], Any]
    """The change; runs on the saver thread with the library."""
    requester: MessagePump | None = None
    """Gets :class:`SaveDone` or :class:`SaveFailed` (None: nobody needs to know)."""
    context: Any = None
    """Anything the requester wants back with the answer (the edit that was saved...)."""
    future: Future[Any] | None = field(default=None, repr=False)
    """Set for :meth:`Saver.run`: the waiting worker thread reads the outcome here."""


@dataclass(eq=False, repr=False)
class SaveDone(Message, bubble=False):
    """A request ran: its change is on disk."""

    request: SaveRequest
    result: Any
    """What the write returned (the stored article, highlight...)."""


@dataclass(eq=False, repr=False)
class SaveFailed(Message, bubble=False):
    """A request failed (disk full, I/O error, read-only): nothing of it was written."""

    request: SaveRequest
    error: StoreError


@dataclass(eq=False, repr=False)
class SaverState(Message, bubble=False):
    """For the app: the saver is ``saving``, everything is ``saved``, or a save had an
    ``error``; or a change was ``refused`` (the library is read-only)."""

    state: str
    detail: str


class Saver:
    """The single writer thread of the app.

    ``report_to`` (the app) receives :class:`SaverState` messages. Start it once
    the app runs; :meth:`close` finishes the queued requests and ends the thread.
    """

    def __init__(self, library: Library, report_to: MessagePump) -> None:
        self._library = library
        self._report_to = report_to
        self._jobs: queue.Queue[SaveRequest | None] = queue.Queue()
        self._pending = 0
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()
        self._waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []
        self._closed = False
        self._thread = threading.Thread(target=self._run, name=THREAD_NAME, daemon=True)
        self._thread.start()

    # ------------------------------------------------------------------ asking

    @property
    def pending(self) -> int:
        """Requests queued or running."""
        return self._pending

    @property
    def read_only_reason(self) -> str | None:
        """Why changes cannot be saved, or None when they can."""
        if not self._library.read_only:
            return None
        return self._library.read_only_reason or "the library is read-only"

    def check_writable(self) -> bool:
        """True when changes can be saved; otherwise the app says why and this is False."""
        reason = self.read_only_reason
        if reason is None:
            return True
        self._report(SaverState("refused", reason))
        return False

    def submit(
        self,
        label: str,
        write: Callable[[Library], Any],
        *,
        requester: MessagePump | None = None,
        context: Any = None,
    ) -> bool:
        """Queue a change; False (and a notice from the app) when the library is read-only.

        ``requester`` later receives :class:`SaveDone` or :class:`SaveFailed`
        carrying the request (and so ``context``).
        """
        if not self.check_writable():
            return False
        self._enqueue(SaveRequest(label, write, requester, context))
        return True

    def run(self, label: str, write: Callable[[Library], T]) -> T:
        """Run a change on the saver thread and wait for it: for worker threads only.

        Raises what the write raised (a :class:`StoreError`). Never call it on
        the UI thread: it would freeze the screen until the write is done.
        """
        if threading.current_thread() is self._thread:
            raise RuntimeError("Saver.run called on the saver thread: it would wait for itself")
        future: Future[T] = Future()
        self._enqueue(SaveRequest(label, write, future=future))
        return future.result()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until every queued request has run: for worker threads and tests."""
        return self._idle.wait(timeout)

    async def idle(self, timeout: float | None = None) -> bool:
        """Wait, without blocking the event loop, until every queued request has run."""
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[None] = loop.create_future()
        with self._lock:
            if self._pending == 0:
                return True
            self._waiters.append((loop, waiter))
        try:
            await asyncio.wait_for(waiter, timeout)
        except TimeoutError:
            return False
        return True

    async def close(self, timeout: float = 10.0) -> bool:
        """Finish the queued requests (waiting without blocking), then end the thread.

        False when they were not all written within ``timeout`` seconds.
        """
        done = await self.idle(timeout)
        with self._lock:
            self._closed = True
        self._jobs.put(None)
        return done

    # ------------------------------------------------------------------ the thread

    def _enqueue(self, request: SaveRequest) -> None:
        with self._lock:
            if self._closed:
                raise RuntimeError("the saver is closed")
            self._pending += 1
            self._idle.clear()
        self._report(SaverState("saving", request.label))
        self._jobs.put(request)

    def _run(self) -> None:
        while True:
            request = self._jobs.get()
            if request is None:
                return
            try:
                result = request.write(self._library)
            except StoreError as error:
                self._finish(request, error=error)
            except Exception as error:  # never let the saver thread die silently
                self._finish(request, error=StoreError(f"{request.label}: {error}"))
            else:
                self._finish(request, result=result)

    def _finish(
        self, request: SaveRequest, result: Any = None, error: StoreError | None = None
    ) -> None:
        with self._lock:
            self._pending -= 1
            remaining = self._pending
            waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []
            if remaining == 0:
                self._idle.set()  # on disk now: waiters need not wait for the UI to hear of it
                waiters, self._waiters = self._waiters, []
        for loop, waiter in waiters:
            with contextlib.suppress(RuntimeError):  # that loop has closed
                loop.call_soon_threadsafe(_wake, waiter)
        if request.future is not None:
            if error is not None:
                request.future.set_exception(error)
            else:
                request.future.set_result(result)
        if error is not None:
            self._report(SaverState("error", f"{request.label}: {error}"))
            self._tell(request.requester, SaveFailed(request, error))
        else:
            if remaining == 0:
                self._report(SaverState("saved", request.label))
            self._tell(request.requester, SaveDone(request, result))

    def _report(self, message: SaverState) -> None:
        self._tell(self._report_to, message)

    @staticmethod
    def _tell(target: MessagePump | None, message: Message) -> None:
        """Post to ``target`` without waiting (post_message is thread-safe)."""
        if target is None:
            return
        with contextlib.suppress(Exception):  # it has closed: nothing left to tell
            target.post_message(message)


def _wake(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)
