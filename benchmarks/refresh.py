"""How long a refresh of many feeds takes, against feed servers on 127.0.0.1.

    python benchmarks/refresh.py                       # 200 feeds x 50 entries
    python benchmarks/refresh.py --feeds 50 --entries 20
    python benchmarks/refresh.py --existing 20000      # into a library that holds 20,000 already
    python benchmarks/refresh.py --library DIR         # into a copy of the library DIR
    python benchmarks/refresh.py --feeds 2000 --keep DIR  # leave the library in DIR

Issue 13's targets:

1. 200 feeds of 50 entries, 10% of them slow (2 s before answering), 5%
   failing (HTTP 500), the rest fresh: at most 5 s of wall time.
2. A second refresh where every feed answers 304: at most 1.5 s.
3. Adding 10,000 new entries (200 x 50) in one refresh to a library of
   100,000 articles (``--library`` a copy of one, e.g. benchmarks/run.py's
   ``--keep`` library): at most 10 s, and no stall of the calling thread
   (the app's UI thread) over 100 ms.

The feeds are spread over ten servers (ports) on 127.0.0.1, as real feeds are
spread over hosts (the per-host limit applies per host:port). Each entry
carries about 1.6 KB of HTML. The refresh runs through ``refresh_feeds``, the
core the CLI and the app both call, into a fresh library in a temp folder
(``--existing N`` first fills it with N plain articles through the store;
``--library DIR`` copies DIR and refreshes into the copy, DIR is never written;
``--keep DIR`` leaves the library in DIR, e.g. for the start-up and search
figures of a library of feed items: ``--feeds 2000`` makes 100,000 of them).
Wall and CPU seconds of this process are printed next to the targets.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.feeds.feedserver import Answer, FeedServer, running_server  # noqa: E402
from tui_reader.feeds.refresh import refresh_feeds  # noqa: E402
from tui_reader.feeds.subscriptions import Subscription, save_subscriptions  # noqa: E402
from tui_reader.model import Article, Paragraph, short_hash  # noqa: E402
from tui_reader.store import Library  # noqa: E402

WORDS = (
    "the of and to in is was for on that with as by at from it an are were be this which or "
    "tide lagoon bread soldier reader terminal river stone energy market council winter harvest "
    "signal archive ferry harbour vote"
).split()
SERVERS = 10
T = TypeVar("T")


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(8, 18))).capitalize() + "."


def feed_xml(feed: int, entries: int, rng: random.Random) -> bytes:
    """An RSS feed of ``entries`` full-content entries (about 1.6 KB of HTML each)."""
    items = []
    for n in range(entries):
        body = "".join(f"<p>{' '.join(_sentence(rng) for _ in range(3))}</p>" for _ in range(4))
        items.append(
            f"<item><title>Feed {feed} entry {n}: {_sentence(rng)[:40]}</title>"
            f"<link>https://feed{feed}.example.org/{n}</link>"
            f'<guid isPermaLink="false">f{feed}-e{n}</guid>'
            f"<pubDate>Mon, 02 Mar 2026 {n % 24:02d}:{n % 60:02d}:00 GMT</pubDate>"
            f"<content:encoded><![CDATA[{body}]]></content:encoded></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Feed {feed}</title><link>https://feed{feed}.example.org/</link>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def fill(library: Library, count: int) -> None:
    """``count`` plain articles, written in batches through the store."""
    batch: list[tuple[Article, list[Paragraph], tuple[()]]] = []
    for n in range(count):
        article = Article(id=short_hash(f"old {n}"), title=f"Old article {n}")
        batch.append((article, [Paragraph(f"Old text {n}.")], ()))
        if len(batch) == 2000:
            library.put_many(batch)
            batch.clear()
    if batch:
        library.put_many(batch)


def in_worker(work: Callable[[], T]) -> tuple[T, float]:
    """Run ``work`` in a thread (as the app's worker does) while this thread ticks every
    5 ms, as an event loop would; returns its result and the longest gap between ticks
    (how long the refresh kept this thread from running: a UI frame gap)."""
    done: list[T] = []
    worker = threading.Thread(target=lambda: done.append(work()))
    worker.start()
    longest, last = 0.0, time.perf_counter()
    while worker.is_alive():
        time.sleep(0.005)
        now = time.perf_counter()
        longest, last = max(longest, now - last - 0.005), now
    worker.join()
    return done[0], longest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--slow", type=float, default=2.0, help="seconds the slow feeds wait")
    parser.add_argument("--existing", type=int, default=0, help="articles in the library first")
    parser.add_argument("--library", type=Path, help="refresh into a copy of this library")
    parser.add_argument("--keep", type=Path, help="leave the library in this (new) folder")
    args = parser.parse_args()
    rng = random.Random(13)
    slow = {n for n in range(args.feeds) if n % 10 == 3}  # 10%
    failing = {n for n in range(args.feeds) if n % 20 == 7}  # 5%
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="newsread-refresh-") as tmp:
        servers: list[FeedServer] = [stack.enter_context(running_server()) for _ in range(SERVERS)]
        subs = []
        for n in range(args.feeds):
            server = servers[n % SERVERS]
            path = f"/feed{n}.xml"
            if n in failing:
                server.serve(path, Answer(500, b"<html>oops</html>"))
            else:
                body = feed_xml(n, args.entries, rng)
                delay = args.slow if n in slow else 0.0
                headers = {"Content-Type": "application/rss+xml"}
                server.serve(path, Answer(200, body, headers, etag=f'"{n}-1"', delay=delay))
            subs.append(Subscription(server.url(path), title=f"Feed {n}"))
        folder = args.keep or Path(tmp) / "library"
        if args.keep and args.keep.exists():
            parser.error(f"--keep {args.keep}: the folder exists")
        if args.library:
            started = time.perf_counter()
            shutil.copytree(args.library, folder, symlinks=True)
            print(f"library copied from {args.library} in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        library = Library.open(folder)
        stack.callback(library.close)
        if args.library:
            print(f"  opened: {len(library):,} articles in {time.perf_counter() - started:.1f} s")
        if args.existing:
            started = time.perf_counter()
            fill(library, args.existing)
            print(
                f"library filled with {args.existing:,} articles in "
                f"{time.perf_counter() - started:.1f} s"
            )
        save_subscriptions(library, subs)

        wall, cpu = time.perf_counter(), time.process_time()
        first, gap = in_worker(lambda: refresh_feeds(library))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(
            f"refresh 1: {args.feeds} feeds x {args.entries} entries, {len(slow)} slow "
            f"({args.slow:g} s), {len(failing)} failing: {wall:.2f} s wall ({cpu:.2f} s CPU), "
            f"{first.new:,} new articles, {len(first.failed)} failed   target <= 5 s"
        )
        print(
            f"  longest stall of the calling thread meanwhile: {gap * 1000:.0f} ms"
            "   (the app's UI thread: target <= 100 ms)"
        )
        for n in range(args.feeds):  # every feed now answers 304
            server, path = servers[n % SERVERS], f"/feed{n}.xml"
            if n in failing:
                server.serve(path, Answer(304))
            else:
                server.answers[path][0].delay = 0.0

        wall, cpu = time.perf_counter(), time.process_time()
        second, gap = in_worker(lambda: refresh_feeds(library))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        unchanged = sum(1 for f in second.feeds if f.status == "not modified")
        print(
            f"refresh 2: every feed answers 304: {wall:.2f} s wall ({cpu:.2f} s CPU), "
            f"{unchanged} not modified, {second.new} new   target <= 1.5 s"
        )
        print(f"  longest stall of the calling thread meanwhile: {gap * 1000:.0f} ms")


if __name__ == "__main__":
    main()
