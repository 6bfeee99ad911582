"""Keeping Python's cycle collector off the big heap while a refresh runs.

A refresh into a large library makes a million or more long-lived objects
(catalog shards read and kept, article records, parsed entries). Each time
that many have piled up, the collector runs a full collection, which walks
every tracked object of the process (at 100,000 articles: 200 to 400 ms)
while holding the GIL: the app's UI thread cannot run a frame meanwhile
(measured: nine full collections in one refresh of 10,000 entries, 2.1 s in
all, the longest 418 ms; every UI stall over 100 ms was one of them).

:func:`collector_held` takes the heap as it is out of the collector's reach
(:func:`gc.freeze`) and holds full collections back while the refresh runs;
the young generations are still collected. At the end the refresh's own
survivors are frozen too (a full collection of them would be the same stall,
only later), and the thresholds are restored. Frozen objects are still
freed as soon as nothing refers to them (reference counting); only a cycle
among them that becomes garbage later stays in memory, which the records a
refresh keeps do not form.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: gen2's threshold while a refresh runs: no full collection in any real refresh.
HELD_THRESHOLD = 1 << 30

_lock = threading.Lock()
_depth = 0
_saved: tuple[int, ...] = ()


@contextmanager
def collector_held() -> Iterator[None]:
    """While inside: no full collection, and the objects alive on entry are never walked.

    Re-entrant and safe from several threads (the thresholds are restored when
    the last one leaves).
    """
    global _depth, _saved
    with _lock:
        gc.freeze()
        if _depth == 0:
            _saved = gc.get_threshold()
            young, middle = _saved[0], _saved[1]
            gc.set_threshold(young, middle, HELD_THRESHOLD)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            gc.freeze()
            if _depth == 0:
                gc.set_threshold(*_saved)
