"""How long a refresh of many feeds takes, against feed servers on 127.0.0.1.

    python benchmarks/refresh.py                       # 200 feeds x 50 entries
    python benchmarks/refresh.py --feeds 50 --entries 20
    python benchmarks/refresh.py --existing 20000      # into a library that holds 20,000 already
    python benchmarks/refresh.py --library DIR         # into a copy of the library DIR
    python benchmarks/refresh.py --feeds 2000 --keep DIR  # leave the library in DIR
    python benchmarks/refresh.py --app --library DIR   # refresh in the app (r), frame gaps

Issue 13's targets:

1. 200 feeds of 50 entries, 10% of them slow (2 s before answering), 5%
   failing (HTTP 500), the rest fresh: at most 5 s of wall time.
2. A second refresh where every feed answers 304: at most 1.5 s.
3. Adding 10,000 new entries (200 x 50) in one refresh to a library of
   100,000 articles (``--library`` a copy of one, e.g. benchmarks/run.py's
   ``--keep`` library): at most 10 s, and no stall of the calling thread
   (the app's UI thread) over 100 ms.

The feeds are spread over ten servers (ports) on 127.0.0.1, as real feeds are
spread over hosts (the per-host limit applies per host:port), the slow and the
failing ones spread over them too. The servers run in a process of their own,
so that only the refresh's own work is in this process (its CPU time, and its
hold on the GIL). Each entry carries about 1.6 KB of HTML. The refresh runs
through ``refresh_feeds``, the core the CLI and the app both call, into a fresh
library in a temp folder
(``--existing N`` first fills it with N plain articles through the store;
``--library DIR`` copies DIR and refreshes into the copy, DIR is never written;
``--keep DIR`` leaves the library in DIR, e.g. for the start-up and search
figures of a library of feed items: ``--feeds 2000`` makes 100,000 of them).
Wall and CPU seconds of this process are printed next to the targets, and its
CPU split into user and system time (feed bodies are parsed in a worker
process of their own for 24 feeds or more: its CPU is not counted).

The stall figure: without ``--app``, the longest time this process's main thread
could not run while the refresh ran in a worker thread (it ticks every 5 ms, as
an event loop would). With ``--app``, the app itself: the real app
(``create_app``, headless through Textual's ``run_test``) on the library, ``r``
pressed, its refresh worker writing through its saver and its screens taking
the progress and the new articles; a task on the app's event loop (the UI
thread) wakes every 5 ms, and the longest gap between two wake-ups, from the
key press until the refresh and the list's reload are done, is the frame gap.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import resource
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from multiprocessing.connection import Connection
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


def serve_feeds(
    conn: Connection, feeds: int, entries: int, slow: set[int], failing: set[int], delay: float
) -> None:
    """The feed servers, in a process of their own: sends the feeds' URLs, then on
    ``"304"`` makes every feed answer 304 (no delay) and says ``"ok"``; ``"stop"`` ends."""
    rng = random.Random(13)
    with ExitStack() as stack:
        servers: list[FeedServer] = [stack.enter_context(running_server()) for _ in range(SERVERS)]
        urls = []
        for n in range(feeds):
            server, path = servers[n % SERVERS], f"/feed{n}.xml"
            if n in failing:
                server.serve(path, Answer(500, b"<html>oops</html>"))
            else:
                body = feed_xml(n, entries, rng)
                headers = {"Content-Type": "application/rss+xml"}
                wait = delay if n in slow else 0.0
                server.serve(path, Answer(200, body, headers, etag=f'"{n}-1"', delay=wait))
            urls.append(server.url(path))
        conn.send(urls)
        while (command := conn.recv()) != "stop":
            if command == "304":
                for n in range(feeds):
                    server, path = servers[n % SERVERS], f"/feed{n}.xml"
                    if n in failing:
                        server.serve(path, Answer(304))
                    else:
                        server.answers[path][0].delay = 0.0
                conn.send("ok")


async def in_app(library: Library) -> tuple[int, float, float, float, int]:
    """Press ``r`` in the app on ``library`` and wait for the refresh and its aftermath;
    returns (new articles, wall s, CPU s, longest frame gap s, gaps over 100 ms)."""
    from tui_reader.config import Config
    from tui_reader.ui.app import NewsreadApp, create_app

    before = len(library)
    app = create_app(library, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app, NewsreadApp)
        for _ in range(3):  # the library screen loads its list in workers
            await app.workers.wait_for_complete()
            await pilot.pause(0.2)
        gaps: list[float] = []
        ticking = True

        async def tick() -> None:
            last = time.perf_counter()
            while ticking:
                await asyncio.sleep(0.005)
                now = time.perf_counter()
                gaps.append(now - last - 0.005)
                last = now

        ticker = asyncio.create_task(tick())
        wall, cpu = time.perf_counter(), time.process_time()
        await pilot.press("r")
        while True:  # the worker, its last write, then the screens' answers to the news
            await pilot.pause(0.05)
            if not any(w.group == "refresh" and not w.is_finished for w in app.workers):
                break
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        ticking = False
        await ticker
    return len(library) - before, wall, cpu, max(gaps, default=0.0), sum(g > 0.1 for g in gaps)


def refresh_round(library: Library, app: bool) -> tuple[int, int, float, float, float, str]:
    """One refresh, in a worker thread or in the app; (new articles, failed feeds, wall,
    CPU, longest stall, what the stall is)."""
    if app:
        new, wall, cpu, gap, over = asyncio.run(in_app(library))
        failed = sum(1 for s in _subscriptions(library) if s.last_error)
        return (
            new,
            failed,
            wall,
            cpu,
            gap,
            f"longest frame gap of the app's UI thread ({over} > 100 ms)",
        )
    wall, cpu = time.perf_counter(), time.process_time()
    report, gap = in_worker(lambda: refresh_feeds(library))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return report.new, len(report.failed), wall, cpu, gap, "longest stall of the calling thread"


def _subscriptions(library: Library) -> list[Subscription]:
    from tui_reader.feeds.subscriptions import subscriptions

    return subscriptions(library)


def _user_system(before: resource.struct_rusage) -> str:
    """User and system CPU seconds of this process since ``before`` (the system share is
    mostly the file system creating files: on a loaded machine it varies several-fold)."""
    now = resource.getrusage(resource.RUSAGE_SELF)
    return f"user {now.ru_utime - before.ru_utime:.2f} s, system {now.ru_stime - before.ru_stime:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--slow", type=float, default=2.0, help="seconds the slow feeds wait")
    parser.add_argument("--existing", type=int, default=0, help="articles in the library first")
    parser.add_argument("--library", type=Path, help="refresh into a copy of this library")
    parser.add_argument("--keep", type=Path, help="leave the library in this (new) folder")
    parser.add_argument("--app", action="store_true", help="refresh in the app (r), headless")
    args = parser.parse_args()
    # Feed n is on server n % SERVERS; the slow (10%) and failing (5%) ones are spread
    # over the servers, as over hosts: not all on one, whose per-host limit (6 at once)
    # would make 20 slow feeds wait in 4 rounds of 2 s, in sequence.
    slow = {n for n in range(args.feeds) if (n // SERVERS) % 10 == 3}
    failing = {n for n in range(args.feeds) if (n // SERVERS) % 20 == 7}
    context = multiprocessing.get_context("spawn")
    conn, child_conn = context.Pipe()
    servers = context.Process(
        target=serve_feeds,
        args=(child_conn, args.feeds, args.entries, slow, failing, args.slow),
        daemon=True,
    )
    servers.start()
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="newsread-refresh-") as tmp:
        stack.callback(servers.join, 10)
        stack.callback(conn.send, "stop")
        urls: list[str] = conn.recv()
        subs = [Subscription(url, title=f"Feed {n}") for n, url in enumerate(urls)]
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

        used = resource.getrusage(resource.RUSAGE_SELF)
        new, failed, wall, cpu, gap, what = refresh_round(library, args.app)
        print(
            f"refresh 1: {args.feeds} feeds x {args.entries} entries, {len(slow)} slow "
            f"({args.slow:g} s), {len(failing)} failing: {wall:.2f} s wall ({cpu:.2f} s CPU), "
            f"{new:,} new articles, {failed} failed   target <= 5 s"
        )
        print(f"  this process's CPU: {_user_system(used)}")
        print(f"  {what} meanwhile: {gap * 1000:.0f} ms   (target <= 100 ms)")
        conn.send("304")  # every feed now answers 304
        conn.recv()

        used = resource.getrusage(resource.RUSAGE_SELF)
        new, failed, wall, cpu, gap, what = refresh_round(library, args.app)
        print(
            f"refresh 2: every feed answers 304: {wall:.2f} s wall ({cpu:.2f} s CPU), "
            f"{new} new   target <= 1.5 s"
        )
        print(f"  this process's CPU: {_user_system(used)}")
        print(f"  {what} meanwhile: {gap * 1000:.0f} ms")


if __name__ == "__main__":
    main()
