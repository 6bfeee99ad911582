"""Query language benchmark: the median time of queries at 10,000 articles.

    python benchmarks/query.py                  # 10,000 articles
    python benchmarks/query.py --sizes 1000     # a quick run

The library is built through the public import path, as in benchmarks/run.py
(about 8 paragraphs and 5 highlights per article). Each query runs with
``run_query`` as the library screen and ``newsread list`` run it (parse, full
text, fields, highlights when the query needs them, sort), 5 times after one
warm-up; the figure is the median.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from run import WORDS, add_highlights, sentence

from tui_reader.importing import import_inputs
from tui_reader.query import parse_query, run_query
from tui_reader.store import Library

QUERIES = [
    "lagoon harvest",
    '"signal winter"',
    "archive -council",
    f"{WORDS[-1]} OR {WORDS[-2]}",
    "tag:science",
    "tag:science OR tag:food is:unread",
    "title:lagoon sort:title",
    "published:2025-03..2025-06 sort:-published",
    "colour:yellow",
    "tag:energy has:note -colour:yellow",
    "highlighted:7d sort:-highlighted",
]
TARGET_MS = 50.0


def write_articles(folder: Path, count: int, rng: random.Random) -> None:
    """``count`` Markdown articles of about 8 paragraphs, with tags and a date."""
    folder.mkdir(parents=True)
    for i in range(count):
        paragraphs = "\n\n".join(
            " ".join(sentence(rng, rng.randint(8, 20)) for _ in range(4)) for _ in range(8)
        )
        tags = ", ".join(rng.sample(["news", "science", "food", "energy", "long-read"], 2))
        title = f"Article {i} {sentence(rng, 6)}".replace(":", "")
        (folder / f"article-{i:05}.md").write_text(
            f'---\ntitle: "{title}"\nurl: https://example.org/a/{i}\n'
            f"date: 2025-{1 + i % 12:02}-{1 + i % 28:02}\ntags: [{tags}]\n---\n\n{paragraphs}\n",
            encoding="utf-8",
        )


def measure(count: int, work: Path, repeat: int) -> None:
    """Build a library of ``count`` articles and time every query."""
    rng = random.Random(count)
    source = work / f"articles-{count}"
    write_articles(source, count, rng)
    with Library.open(work / f"library-{count}", "write") as library:
        t = time.perf_counter()
        report = import_inputs(library, [str(source)])
        assert not report.failures, report.failures[:3]
        built = time.perf_counter() - t
        highlights = add_highlights(library, rng)
        for hl in list(library.all_highlights())[::7]:
            library.update_highlight(hl.article_id, hl.id, note="a note")
        print(f"{count} articles, {highlights} highlights (built in {built:.0f} s)")
        run_query(library, parse_query(QUERIES[0]))  # the first full-text search loads texts
        medians = []
        for text in QUERIES:
            query = parse_query(text)
            times = []
            found = 0
            for _ in range(repeat + 1):
                t = time.perf_counter()
                found = len(run_query(library, parse_query(text)).articles)
                times.append((time.perf_counter() - t) * 1000)
            median = statistics.median(times[1:])
            medians.append(median)
            kind = "highlights" if query.needs_highlights else "articles"
            print(f"  {median:8.1f} ms  {found:>6} found  ({kind:10})  {text}")
        overall = statistics.median(medians)
        verdict = "met" if overall <= TARGET_MS else "NOT met"
        print(
            f"query median at {count} articles: {overall:.1f} ms "
            f"(slowest {max(medians):.1f} ms); target {TARGET_MS:.0f} ms: {verdict}"
        )


def main() -> None:
    """Run the benchmark and print one line per query and the median."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsread-query-bench-") as tmp:
        for size in (int(s) for s in args.sizes.split(",") if s):
            measure(size, Path(tmp), args.repeat)


if __name__ == "__main__":
    main()
