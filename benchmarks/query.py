"""Query language benchmark: the median time of queries at 10,000 articles.

    python benchmarks/query.py                  # 10,000 articles
    python benchmarks/query.py --sizes 1000     # a quick run
    python benchmarks/query.py --sizes 100000 --per-article 2 --keep /tmp/qbench

The library is built through the public import path, as in benchmarks/run.py
(about 8 paragraphs and 5 highlights per article, one highlight in 7 with a
note); ``--keep DIR`` keeps it there and reuses it (building 100,000 articles
takes minutes). Each query runs with ``run_query`` as the library screen runs it (parse, full
text, fields on the catalog table, highlights when the query needs them,
sort), 5 times after one warm-up; the figure is the median (the warm-up's time is
printed too: the first query needing a column, the highlights, an order, or a tag's or
colour's mask makes it, then it is kept in step with saves). The
first query after opening pays for reading the catalog into its table: that
figure is printed apart, and so is a query right after a save.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from run import WORDS, sentence

from tui_reader.anchoring import make_anchor
from tui_reader.importing import import_inputs
from tui_reader.model import COLOURS, Highlight
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


def add_highlights(library: Library, rng: random.Random, per_article: int) -> int:
    """About ``per_article`` highlights on every article, one in 7 with a note, in bulk
    (a batch of articles at a time)."""
    made = 0
    articles = library.articles()
    for start in range(0, len(articles), 2000):
        batch = []
        for article in articles[start : start + 2000]:
            paragraphs = library.paragraphs(article.id)
            for _ in range(per_article):
                index = rng.randrange(len(paragraphs))
                text = paragraphs[index].text
                begin = rng.randrange(max(1, len(text) - 30))
                batch.append(
                    Highlight(
                        id=Highlight.new_id(),
                        article_id=article.id,
                        anchor=make_anchor(paragraphs, index, begin, begin + 25),
                        colour=rng.choice(COLOURS),
                        note="a note" if (made + len(batch)) % 7 == 0 else "",
                        tags=("bench",) if rng.random() < 0.3 else (),
                    )
                )
        made += library.put_highlights(batch)
    return made


def build(count: int, folder: Path, work: Path, per_article: int) -> None:
    """Import ``count`` articles into ``folder`` and highlight them (unless already done)."""
    done = folder / "query-bench.done"
    if done.exists():
        return
    rng = random.Random(count)
    source = work / f"articles-{count}"
    shutil.rmtree(source, ignore_errors=True)
    shutil.rmtree(folder, ignore_errors=True)
    write_articles(source, count, rng)
    with Library.open(folder, "write") as library:
        t = time.perf_counter()
        report = import_inputs(library, [str(source)])
        assert not report.failures, report.failures[:3]
        highlights = add_highlights(library, rng, per_article)
        built = time.perf_counter() - t
    shutil.rmtree(source, ignore_errors=True)
    done.write_text(f"{count} articles, {highlights} highlights (built in {built:.0f} s)\n")


def measure(folder: Path, repeat: int) -> None:
    """Time every query on the library in ``folder``."""
    print((folder / "query-bench.done").read_text().strip())
    with Library.open(folder, "write") as library:
        t = time.perf_counter()
        run_query(library, parse_query(QUERIES[0]), table=True)  # opens the index
        run_query(library, parse_query("is:unread"), table=True)  # the catalog table
        print(f"  first queries after opening: {(time.perf_counter() - t) * 1000:.0f} ms")
        count = len(library)
        print("  (wall-clock ms, and CPU ms: on a loaded machine the wall clock waits for the CPU;")
        print("  first: the query's first run, which also reads the columns, highlights, orders")
        print("  and tag or colour masks it is the first to need; they are then kept in step)")
        medians = []
        cpu_medians = []
        for text in QUERIES:
            query = parse_query(text)
            times = []
            cpu = []
            found = 0
            for _ in range(repeat + 1):
                t, c = time.perf_counter(), time.process_time()
                found = len(run_query(library, parse_query(text), table=True).articles)
                times.append((time.perf_counter() - t) * 1000)
                cpu.append((time.process_time() - c) * 1000)
            median = statistics.median(times[1:])
            medians.append(median)
            cpu_medians.append(statistics.median(cpu[1:]))
            kind = "highlights" if query.needs_highlights else "articles"
            print(
                f"  {median:8.1f} ms  cpu {cpu_medians[-1]:7.1f}  first {times[0]:7.1f}  "
                f"{found:>6} found  ({kind:10})  {text}"
            )
        overall = statistics.median(medians)
        verdict = "met" if overall <= TARGET_MS else "NOT met"
        print(
            f"query median at {count} articles: {overall:.1f} ms, cpu "
            f"{statistics.median(cpu_medians):.1f} ms (slowest {max(medians):.1f} ms); "
            f"target {TARGET_MS:.0f} ms: {verdict}"
        )
        after = []
        for article in library.articles()[:: max(1, count // 5)][:5]:
            library.set_tags(article.id, [*article.tags, "saved"])
            t = time.perf_counter()
            run_query(library, parse_query("tag:science is:unread sort:title"), table=True)
            after.append((time.perf_counter() - t) * 1000)
        print(f"  a query right after a tag was saved: {statistics.median(after):.1f} ms median")


def main() -> None:
    """Run the benchmark and print one line per query and the median."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--per-article", type=int, default=5, help="highlights per article")
    parser.add_argument("--keep", type=Path, help="keep the libraries here and reuse them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsread-query-bench-") as tmp:
        keep = args.keep or Path(tmp)
        for size in (int(s) for s in args.sizes.split(",") if s):
            folder = keep / f"query-library-{size}-{args.per_article}"
            build(size, folder, Path(tmp), args.per_article)
            measure(folder, args.repeat)


if __name__ == "__main__":
    main()
