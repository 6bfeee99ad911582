"""The stats screen's figures at 100 and 100,000 articles.

Usage: python benchmarks/stats.py [CACHE_DIR] [--sizes 100,100000]

Libraries are generated once into CACHE_DIR (default /tmp/newsread-stats-bench)
and reused: one highlight per article, a third of the articles read (dated over
the last year), tags, 40 sites. Prints, for each size, the median of 5 runs of
``compute_stats`` (what the stats screen's worker and ``newsread stats`` run,
after opening the library; the first run, which loads the catalog and the
highlight shards, is printed apart), and the time from pressing ``%`` in the
library to the figures on screen. The screen counts in a worker whatever the
figure: it shows "Counting…" meanwhile, so keys never wait on it.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui_reader.model import (
    Anchor,
    Article,
    Highlight,
    Paragraph,
    Quote,
    ReadingState,
    short_hash,
)
from tui_reader.stats import compute_stats
from tui_reader.store import Library

TODAY = date(2026, 6, 1)
TAGS = ("news", "science", "food", "energy", "long-read", "history", "korea", "travel")
BATCH = 5_000


def build(folder: Path, count: int) -> None:
    """Generate ``count`` articles (and as many highlights) in ``folder`` unless done."""
    with Library.open(folder, "write") as library:
        if len(library) >= count:
            return
        start = datetime(2025, 6, 1, 12, tzinfo=UTC)
        for first in range(0, count, BATCH):
            records = []
            for i in range(first, min(count, first + BATCH)):
                aid = short_hash(f"article {i}")  # spread over the shards like real ids
                when = (start + timedelta(hours=i * 8760 / count)).isoformat(timespec="seconds")
                read = i % 3 == 0
                article = Article(
                    id=aid,
                    title=f"Article {i}",
                    url=f"https://www.site{i % 40}.example/a/{i}",
                    added=when,
                    tags=(TAGS[i % 8], TAGS[(i // 8) % 8]),
                    paragraph_count=1,
                    state=ReadingState.READ if read else ReadingState.UNREAD,
                    read_at=when if read else "",
                )
                text = f"Paragraph of article {i} about the river."
                hl = Highlight(
                    id=f"{i:032x}",
                    article_id=aid,
                    anchor=Anchor(0, 0, 9, Quote(text[:9])),
                    note="a note" if i % 4 == 0 else "",
                    tags=(TAGS[i % 5],),
                    created=when,
                    updated=when,
                )
                records.append((article, [Paragraph(text)], [hl]))
            library.put_many(records)
            print(f"  built {min(count, first + BATCH):,}", file=sys.stderr)


def time_compute(folder: Path, repeat: int = 5) -> tuple[float, float]:
    """(first run, median of the next ``repeat``) in ms."""
    with Library.open(folder, "read") as library:
        t = time.perf_counter()
        stats = compute_stats(library, today=TODAY, zone=UTC)
        first = (time.perf_counter() - t) * 1000
        runs = []
        for _ in range(repeat):
            t = time.perf_counter()
            compute_stats(library, today=TODAY, zone=UTC)
            runs.append((time.perf_counter() - t) * 1000)
        assert stats.articles >= 100
    return first, statistics.median(runs)


async def time_screen(folder: Path) -> tuple[float, float]:
    """ms from ``%`` in the library to the first frame of the stats screen ("Counting…"),
    and to the figures shown (the library already listed)."""
    from tui_reader.config import Config
    from tui_reader.ui.app import create_app
    from tui_reader.ui.screens.stats import StatsScreen

    with Library.open(folder, "read") as library:
        app = create_app(library, Config())
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(600):
                await pilot.pause(0.05)
                if not any(w.is_running for w in app.workers):
                    break
            from tui_reader.ui.screens import stats as stats_screen

            painted: list[float] = []
            real_clock = stats_screen.clock

            def clock():  # type: ignore[no-untyped-def]
                painted.append(time.perf_counter())  # the worker starts after the first frame
                return real_clock()

            stats_screen.clock = clock
            t = time.perf_counter()
            await pilot.press("percent_sign")
            screen = app.screen
            assert isinstance(screen, StatsScreen)
            while screen.stats is None:
                await pilot.pause(0.005)
            await pilot.pause()
            return (painted[0] - t) * 1000, (time.perf_counter() - t) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cache", nargs="?", default="/tmp/newsread-stats-bench")
    parser.add_argument("--sizes", default="100,100000")
    args = parser.parse_args()
    for count in (int(s) for s in args.sizes.split(",")):
        folder = Path(args.cache) / f"library-{count}"
        t = time.perf_counter()
        build(folder, count)
        print(f"{count:,} articles and highlights ready in {time.perf_counter() - t:.0f} s")
        first, median = time_compute(folder)
        print(f"  compute_stats: first {first:.0f} ms, then median {median:.0f} ms")
        with Library.open(folder, "read") as library:
            library.articles()
            t = time.perf_counter()
            rows = sum(1 for _ in library.highlight_records())
            read = (time.perf_counter() - t) * 1000
        print(f"    of which reading the {rows:,} highlight records: {read:.0f} ms")
        frame, shown = asyncio.run(time_screen(folder))
        print(f"  % to the screen's first frame (Counting…): {frame:.0f} ms")
        print(f"  % to figures on screen: {shown:.0f} ms")


if __name__ == "__main__":
    main()
