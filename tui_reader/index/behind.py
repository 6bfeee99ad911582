"""New articles' index rows, inserted by a thread of their own behind a bulk import.

During a bulk import (``newsread add`` of a folder, a refresh's new entries) the
store's write of each batch returns as soon as its files are written; the
articles new to the index are handed to :class:`InsertsBehind`, whose thread
inserts them while the import reads, parses and writes the next batches.
SQLite tokenises without Python's GIL, so the two run on both cores.

Batches queue up rather than wait for one another: the thread takes every
article waiting (up to :data:`TAKE`) into one transaction. Bigger transactions
cost FTS5 less (10,000 generated articles of 8 KB: 11.6 s of CPU inserted 200
per transaction, 8.9 s 2,000 per transaction; ``/tmp`` probe, 2026-12-02), and
the store's writer no longer stood still while the previous batch was indexed
(a 10,000-article import spent 7.5 of its 14.8 s waiting so). A writer that
gets :data:`WAITING` articles ahead of the thread waits for it (memory stays
bounded).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable

from tui_reader.index.records import IndexRecord

#: Articles waiting for the thread before the store's writer waits for it.
WAITING = 2000
#: Most articles inserted in one transaction.
TAKE = 4000
THREAD_NAME = "newsread-index-insert"


class InsertsBehind:
    """A queue of new articles' :class:`IndexRecord` and the thread that inserts them.

    ``insert(records)`` runs on that thread, one transaction per call, and must not
    raise (the index marks itself damaged instead). The thread ends when the queue is
    empty and starts again with the next :meth:`put`: nothing is left running.
    """

    def __init__(self, insert: Callable[[list[IndexRecord]], None]) -> None:
        self._insert = insert
        self._ready = threading.Condition()
        self._waiting: deque[IndexRecord] = deque()
        self._held: set[str] = set()
        """Ids waiting or being inserted."""
        self._put = 0
        self._done = 0
        self._thread: threading.Thread | None = None
        self.dropped = False
        """True once :meth:`abandon` dropped articles (they are not in the index)."""

    def holds(self, ids: Iterable[str]) -> bool:
        """True when any of ``ids`` is waiting or being inserted."""
        with self._ready:
            return not self._held.isdisjoint(ids)

    def put(self, records: list[IndexRecord]) -> None:
        """Queue ``records`` for the thread (started if none runs); waits first while
        :data:`WAITING` articles are ahead of it."""
        if not records:
            return
        with self._ready:
            while len(self._waiting) >= WAITING and self._thread is not None:
                self._ready.wait()
            self._waiting.extend(records)
            self._held.update(r.id for r in records)
            self._put += len(records)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=THREAD_NAME)
                self._thread.start()

    def drain(self) -> None:
        """Wait until every article queued before this call is inserted (or dropped)."""
        with self._ready:
            target = self._put
            while self._done < target:
                self._ready.wait()

    def abandon(self) -> None:
        """Drop the articles still waiting (newsread is closing): the one transaction under
        way finishes, the rest is left for the next start to index from the store."""
        with self._ready:
            if self._waiting:
                self.dropped = True
                self._finish(list(self._waiting))
                self._waiting.clear()

    def _finish(self, records: list[IndexRecord]) -> None:
        self._held.difference_update(r.id for r in records)
        self._done += len(records)
        self._ready.notify_all()

    def _run(self) -> None:
        while True:
            with self._ready:
                if not self._waiting:
                    self._thread = None
                    self._ready.notify_all()
                    return
                take = [self._waiting.popleft() for _ in range(min(TAKE, len(self._waiting)))]
                self._ready.notify_all()  # room for a writer waiting to put
            try:
                self._insert(take)
            finally:
                with self._ready:
                    self._finish(take)


__all__ = ["TAKE", "WAITING", "InsertsBehind"]
