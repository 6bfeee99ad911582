"""Reading files ahead of an import: the next files are read and parsed in a thread
while the batch before them is written.

A batch write spends most of its time waiting on the disk (and SQLite tokenising,
which needs no GIL), so the files after it are read and parsed meanwhile. Files
come back in their order, each with what reading it gave: another tool's export
(its :class:`~tui_reader.ingest.tools.Tool`), documents, or the error raised,
which the caller handles as if it had read the file itself. URLs are not read
ahead (a download is the caller's, with its cancel).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tui_reader.ingest.files import read_start

if TYPE_CHECKING:
    from tui_reader.ingest.tools import Tool
    from tui_reader.model import Document

#: Files read ahead of the one being added: more than a batch of the import (200), so
#: that the next batch is read and parsed while one is written.
WINDOW = 256


@dataclass(frozen=True, slots=True)
class ReadFile:
    """What reading one input file gave."""

    tool: Tool | None = None
    """Another tool's export: the caller loads it (after writing what came before)."""
    docs: list[Document] | None = None


def read_file(path: Path, load: Callable[[Path, bytes | None], list[Document]]) -> ReadFile:
    """Recognise ``path`` as another tool's export, or load its documents with ``load(path,
    data)`` (``data``: the whole file when its start, read to recognise it, was all of it).
    Raises what recognising or loading raises."""
    from tui_reader.ingest.tools import HEAD, detect

    start = read_start(path, HEAD)
    tool = detect(path, start[0]) if start is not None else None
    if tool is not None:
        return ReadFile(tool=tool)
    return ReadFile(docs=load(path, start[0] if start is not None and start[1] else None))


def read_ahead(
    items: Iterable[tuple[str | Path, str | None]],
    read: Callable[[Path], ReadFile],
    stop: threading.Event | None = None,
    window: int = WINDOW,
) -> Iterator[tuple[str | Path, str | None, Future[ReadFile] | None]]:
    """``(item, problem, future)`` for every item in order; ``future`` gives ``read(item)``,
    run in a thread up to ``window`` files ahead (None for URLs and items with a problem).

    Closing the iterator (or setting ``stop``) abandons the files not read yet; the one
    being read is finished first.
    """
    queue: deque[tuple[str | Path, str | None, Future[ReadFile] | None]] = deque()
    source = iter(items)
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsread-read-ahead")
    finished = False
    try:
        while True:
            while len(queue) < window and not (stop is not None and stop.is_set()):
                try:
                    item, problem = next(source)
                except StopIteration:
                    break
                ahead = isinstance(item, Path) and not problem
                future = pool.submit(read, item) if ahead else None  # type: ignore[arg-type]
                queue.append((item, problem, future))
            if not queue:
                finished = True
                return
            yield queue.popleft()
    finally:
        # Exhausted: every file was handed out and is read to its end. Closed early: the
        # files not handed out yet are dropped (the one being read is finished first).
        pool.shutdown(wait=True, cancel_futures=not finished)
