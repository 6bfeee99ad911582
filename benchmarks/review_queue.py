"""Building today's review queue with 100,000 highlights (target: at most 100 ms).

Usage: python benchmarks/review_queue.py [CACHE_DIR]

The library (1,000 articles of 100 highlights, half of them with a review card
rated some day of the last month, so that most are due: a backlog, the costly
case) is generated once into CACHE_DIR (default
/tmp/newsread-bench-review) and reused. Prints: the first build after opening
the library (every highlight and card read from its shards), the median build
once the records are in memory (what the app pays from the second review on,
and after the forecast of a session), the median build after a rating was
saved (one article's cards re-read), and the median with a query.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui_reader.anchoring import make_anchor
from tui_reader.importing import add_documents
from tui_reader.model import COLOURS, Document, Highlight, Paragraph
from tui_reader.query import parse_query
from tui_reader.review.cards import Grade, make_scheduler, rate
from tui_reader.review.queue import build_queue
from tui_reader.store import Library

ARTICLES = 1_000
PER_ARTICLE = 100
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def build(folder: Path) -> None:
    """Generate the library in ``folder`` unless it already holds it."""
    with Library.open(folder, "write") as library:
        if len(library) >= ARTICLES:
            return
        docs = [
            Document(
                title=f"Review benchmark article {i}",
                paragraphs=[
                    Paragraph(f"Paragraph {j} of article {i}, long enough to highlight. " * 2)
                    for j in range(PER_ARTICLE)
                ],
                source=f"site{i % 37}.example",
                tags=(f"topic{i % 7}",),
            )
            for i in range(ARTICLES)
        ]
        results = add_documents(library, docs)
        made: list[Highlight] = []
        for result in results:
            aid = result.article.id
            paragraphs = library.paragraphs(aid)
            for j in range(PER_ARTICLE):
                made.append(
                    Highlight(
                        id=f"{len(made):032x}",
                        article_id=aid,
                        anchor=make_anchor(paragraphs, j, 0, 20),
                        colour=COLOURS[j % len(COLOURS)],
                        tags=(f"tag{j % 11}",),
                        created=f"2026-01-{1 + j % 28:02d}T10:00:00+00:00",
                    )
                )
        library.put_highlights(made)
        scheduler = make_scheduler()
        rng = random.Random(7)
        cards = []
        for hl in made[::2]:
            # reviewed some day of the last month (most are due again by now)
            when = NOW - timedelta(days=rng.randint(1, 30), hours=rng.randint(0, 12))
            grade = Grade.AGAIN if rng.random() < 0.2 else Grade.GOOD
            cards.append(rate(None, hl.article_id, hl.id, grade, when, scheduler))
        library.put_review_records(cards)


_cpu: list[float] = []


def timed(work: object) -> float:
    """Wall-clock milliseconds of ``work()`` (its CPU milliseconds go to ``_cpu``)."""
    start, cpu = time.perf_counter(), time.process_time()
    work()  # type: ignore[operator]
    _cpu.append((time.process_time() - cpu) * 1000)
    return (time.perf_counter() - start) * 1000


def cpu_median(count: int) -> float:
    """The median CPU time of the last ``count`` timings."""
    return statistics.median(_cpu[-count:])


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/newsread-bench-review") / "lib"
    build(folder)
    query = parse_query("tag:tag3")
    with Library.open(folder, "write") as library:
        cold = timed(lambda: build_queue(library, now=NOW))
        cold_cpu = cpu_median(1)
        queue = build_queue(library, now=NOW)
        warm = statistics.median(timed(lambda: build_queue(library, now=NOW)) for _ in range(7))
        warm_cpu = cpu_median(7)
        rated = []
        scheduler = make_scheduler()
        for item in queue.items[:5]:
            hl = item.highlight
            record = rate(item.card, hl.article_id, hl.id, Grade.GOOD, NOW, scheduler)
            library.put_review_records([record])
            rated.append(timed(lambda: build_queue(library, now=NOW)))
        rated_cpu = cpu_median(5)
        queried = statistics.median(
            timed(lambda: build_queue(library, now=NOW, query=query)) for _ in range(5)
        )
        queried_cpu = cpu_median(5)
        highlights = sum(1 for _ in library.highlight_records())
        cards = sum(1 for _ in library.review_records())
    print(f"review queue: {highlights:,} highlights, {cards:,} cards")
    print(
        f"  today's queue: {len(queue.items)} ({queue.due} due of {queue.due_total}, {queue.new} new)"
    )
    print("  (wall-clock ms, and CPU ms: on a loaded machine the wall clock waits for the CPU)")
    print(f"  first build after opening (reads every shard): {cold:7.1f} ms  cpu {cold_cpu:7.1f}")
    print(
        f"  build, records in memory (median of 7):        {warm:7.1f} ms  cpu {warm_cpu:7.1f}"
        "  (target <= 100 ms)"
    )
    print(
        f"  build after a rating (median of 5):            {statistics.median(rated):7.1f} ms"
        f"  cpu {rated_cpu:7.1f}"
    )
    print(
        f"  build with query tag:tag3 (median of 5):       {queried:7.1f} ms  cpu {queried_cpu:7.1f}"
    )


if __name__ == "__main__":
    main()
