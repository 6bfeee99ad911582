"""Start-up and search with a library of feed items (issue 13's third target).

    python benchmarks/refresh.py --feeds 2000 --keep DIR   # 100,000 feed items, once
    python benchmarks/feed_items.py DIR

Issue 12's start-up and search targets, measured on a library whose articles
all came from feeds by refresh (each with its feed's address, a guid, and
the library following 2,000 feeds), as benchmarks/run.py measures them on
plain articles: the newsread command's first frame in a terminal next to a
minimal Textual app's (<= 1.3x; the headless figure is shown too), a search
in the app (<= 50 ms to the first rows shown: the best matches' page a search
with more matches shows first, or the whole listing of one with fewer; then the
index's 100 best, the whole listing, and all the listing worker does before
the whole listing is shown: the listing and its column widths), ``newsread list --search`` (<= 1 s); and the library listing one
feed (``feed:``, as the feeds screen's enter does). The library is measured
on a copy (DIR is never written).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from run import first_frame
from targets import NEWSREAD, median_run
from terminal_start import measure as terminal_start

from tui_reader.feeds.subscriptions import subscriptions
from tui_reader.store import Library
from tui_reader.ui.listing import ListingQuery, build_listing, first_page
from tui_reader.ui.widgets.library.list_columns import widest_of

#: Words of benchmarks/refresh.py's entries (common, middling, absent).
QUERIES = ["lagoon harvest", "archive", "zzznotthere"]


def median_ms(action: object, repeat: int) -> float:
    """Median milliseconds of ``action()`` after one warm-up call."""
    return timed(action, repeat)[0]


def timed(action: object, repeat: int) -> tuple[float, float]:
    """Median milliseconds of ``action()`` after one warm-up call, of wall time and of
    this process's CPU time (on a shared machine the wall time says as much about the
    neighbours)."""
    action()  # type: ignore[operator]
    times = []
    cpu = []
    for _ in range(repeat):
        started, used = time.perf_counter(), time.process_time()
        action()  # type: ignore[operator]
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    return statistics.median(times), statistics.median(cpu)


def first_rows(library: Library, query: str) -> None:
    """What the library screen's listing worker does before the first rows of a search
    are shown: the best matches' page (:func:`first_page`) with its column widths, or,
    for a search whose matches fit on it, the whole listing with its widths."""
    search = ListingQuery(search=query)
    shown = first_page(library, search) or build_listing(library, search)
    widest_of(shown.rows)


def app_search(library: Library, query: str) -> None:
    """What the library screen's listing worker does for a search before it hands the
    rows to the list: the listing, then the widest title, source and tags of its rows."""
    widest_of(build_listing(library, ListingQuery(search=query)).rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("library", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsread-feed-items-") as tmp:
        folder = Path(tmp) / "library"
        shutil.copytree(args.library, folder, symlinks=True)
        # The processes first, while this one is small: Linux counts the memory of the
        # process that started a program in the program's peak RSS (a child started once
        # this one held the library reported this one's 300-400 MB as its own).
        # Start-up judged as benchmarks/run.py judges it: the newsread command in a
        # terminal of 80x24 against the minimal app, interleaved (its median of 2 x
        # repeat + 1 runs).
        term = terminal_start(folder, 2 * args.repeat + 1, (80, 24))
        minimal = first_frame("--minimal", repeat=args.repeat)["first_frame"]
        start = first_frame("--library", str(folder), "--search", QUERIES[0], repeat=args.repeat)
        cli = [*NEWSREAD, "--library", str(folder)]
        found = {q: median_run([*cli, "list", "--search", q], args.repeat) for q in QUERIES}

        with Library.open(folder, "read") as library:
            count, feeds = len(library), subscriptions(library)
            with_guid = sum(1 for a in library.articles() if a.guid and a.origin)
        print(f"{count:,} articles ({with_guid:,} from feeds), {len(feeds):,} feeds followed")
        print(
            f"start-up, newsread in a 80x24 terminal: {term['newsread_s'] * 1000:.0f} ms vs "
            f"the minimal app's {term['minimal_s'] * 1000:.0f} ms: ratio {term['ratio']:.2f}"
            "   target <= 1.3"
        )
        ratio = start["first_frame"] / minimal
        print(
            f"  the app headless (first_frame.py): {start['first_frame'] * 1000:.0f} ms vs "
            f"{minimal * 1000:.0f} ms: ratio {ratio:.2f}"
        )
        print(f"  app RSS after a search: {start['maxrss_mb']:.0f} MB   target <= 250 MB")

        with Library.open(folder, "write") as library:
            for query in QUERIES:
                best = timed(lambda q=query: library.search(q, limit=100), args.repeat)
                listing = timed(
                    lambda q=query: build_listing(library, ListingQuery(search=q)), args.repeat
                )
                worker = timed(lambda q=query: app_search(library, q), args.repeat)
                first = timed(lambda q=query: first_rows(library, q), args.repeat)
                print(
                    f"search {query!r} in the app: first rows shown after {first[0]:.1f} ms "
                    f"(CPU {first[1]:.1f} ms)   target <= 50 ms"
                )
                print(
                    f"  index 100 best {best[0]:.1f} ms, whole listing {listing[0]:.1f} ms, "
                    f"the listing worker's whole work {worker[0]:.1f} ms (CPU {best[1]:.1f} / "
                    f"{listing[1]:.1f} / {worker[1]:.1f} ms)"
                )
            if feeds:  # (none in a library of plain articles, measured for comparison)
                one = feeds[len(feeds) // 2]
                shown = build_listing(library, ListingQuery(feed=one.url))
                listing = median_ms(
                    lambda: build_listing(library, ListingQuery(feed=one.url)), args.repeat
                )
                named = median_ms(
                    lambda: build_listing(library, ListingQuery(search=f'feed:"{one.title}"')),
                    args.repeat,
                )
                print(
                    f"one feed's articles (feeds screen, enter): {listing:.1f} ms "
                    f'({len(shown.rows)} rows); feed:"{one.title}" {named:.1f} ms'
                )
        for query, run in found.items():
            print(
                f"newsread list --search {query!r}: {run.seconds:.2f} s "
                f"({run.maxrss_mb:.0f} MB, {run.cpu_s:.2f} s CPU)   target <= 1 s"
            )


if __name__ == "__main__":
    main()
