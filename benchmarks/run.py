"""newsread benchmarks: prints the figures the performance targets are judged by.

    python benchmarks/run.py                 # 100, 1,000 and 10,000 articles + the book
    python benchmarks/run.py --sizes 100     # a quick run
    python benchmarks/run.py --sizes 100000 --keep ~/bench   # issue 12's targets at 100,000

The largest size is also measured against issue 12's targets (benchmarks/targets.py):
plain-text articles imported with ``newsread add DIR`` in a fresh process, cached
in ``--keep DIR`` (generating and importing 100,000 articles takes minutes), every
figure printed next to its target. Sizes of 100,000 and more get only that.

Libraries are built through the public import path (Markdown files written to
a temp folder, then ``import_inputs``), about 8 paragraphs and 5 highlights per
article. Cold starts run in fresh processes next to a minimal Textual app (Header,
Static, Footer) started the same way: headless (benchmarks/first_frame.py) and, for
the start-up target, the real ``newsread`` command in a pseudo-terminal
(benchmarks/terminal_start.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui_reader.anchoring import make_anchor  # noqa: E402
from tui_reader.importing import import_inputs  # noqa: E402
from tui_reader.model import COLOURS, Highlight  # noqa: E402
from tui_reader.store import Library  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from targets import measure_targets  # noqa: E402
from terminal_start import measure as terminal_start  # noqa: E402

WORDS = (
    "the of and to in is was for on that with as by at from his her it an are were be this "
    "which or had not but what all when tide lagoon bread dough soldier reader terminal quiet "
    "river stone energy market council winter harvest signal archive"
).split()
QUERIES = ["lagoon harvest", "archive", "signal winter", "zzznotthere", "council market"]
FIRST_FRAME = Path(__file__).resolve().parent / "first_frame.py"


def sentence(rng: random.Random, words: int) -> str:
    """A sentence of ``words`` random words."""
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def write_articles(folder: Path, count: int, rng: random.Random) -> None:
    """``count`` Markdown articles of about 8 paragraphs each."""
    folder.mkdir(parents=True)
    for i in range(count):
        paragraphs = "\n\n".join(
            " ".join(sentence(rng, rng.randint(8, 20)) for _ in range(4)) for _ in range(8)
        )
        tags = ", ".join(rng.sample(["news", "science", "food", "energy", "long-read"], 2))
        (folder / f"article-{i:05}.md").write_text(
            f"---\ntitle: Article {i}: {sentence(rng, 6)}\nurl: https://example.org/a/{i}\n"
            f"date: 2025-{1 + i % 12:02}-{1 + i % 28:02}\ntags: [{tags}]\n---\n\n{paragraphs}\n",
            encoding="utf-8",
        )


def write_book(path: Path, rng: random.Random, paragraphs: int = 10_000) -> None:
    """One book-length article: ``paragraphs`` paragraphs, about 1.5 MB."""
    body = "\n\n".join(sentence(rng, rng.randint(22, 38)) for _ in range(paragraphs))
    path.write_text(
        f"---\ntitle: The Long Book\nurl: https://example.org/book\n---\n\n{body}\n",
        encoding="utf-8",
    )


def add_highlights(library: Library, rng: random.Random, per_article: int = 5) -> int:
    """About ``per_article`` highlights on every article, in bulk."""
    highlights = []
    for article in library.articles():
        paragraphs = library.paragraphs(article.id)
        for _ in range(per_article):
            index = rng.randrange(len(paragraphs))
            text = paragraphs[index].text
            start = rng.randrange(max(1, len(text) - 30))
            highlights.append(
                Highlight(
                    id=Highlight.new_id(),
                    article_id=article.id,
                    anchor=make_anchor(paragraphs, index, start, start + 25),
                    colour=rng.choice(COLOURS),
                    note=sentence(rng, 8) if rng.random() < 0.3 else "",
                    tags=("bench",) if rng.random() < 0.3 else (),
                )
            )
    return library.put_highlights(highlights)


def percentile(values: list[float], fraction: float) -> float:
    """The ``fraction`` percentile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def first_frame(*args: str, repeat: int) -> dict[str, Any]:
    """Median time from launching a fresh process to its first frame (and the last run's rest).

    One warm-up run comes first, and bytecode caching is on (as in an installed
    newsread), so the figures are of starts, not of compiling the sources.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    runs = []
    for n in range(repeat + 1):
        spawned = time.time()
        out = subprocess.run(
            [sys.executable, str(FIRST_FRAME), *args],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env=env,
        ).stdout
        if n:
            run = json.loads(out.strip().splitlines()[-1])
            run["first_frame"] = run["frame_at"] - spawned  # from launch: a real cold start
            runs.append(run)
    result = runs[-1]
    result["first_frame"] = statistics.median(r["first_frame"] for r in runs)
    result["maxrss_mb"] = max(r["maxrss_mb"] for r in runs)
    return result


def measure_size(count: int, work: Path, repeat: int, minimal: float) -> dict[str, Any]:
    """Build a library of ``count`` articles and measure it."""
    rng = random.Random(count)
    source = work / f"articles-{count}"
    write_articles(source, count, rng)
    folder = work / f"library-{count}"
    row: dict[str, Any] = {"articles": count}
    with Library.open(folder, "write") as library:
        t = time.perf_counter()
        report = import_inputs(library, [str(source)])
        row["import_s"] = time.perf_counter() - t
        assert not report.failures, report.failures[:3]
        row["highlights"] = add_highlights(library, rng)
        ids = [a.id for a in library.articles()]
        saves = []
        for _ in range(100):
            aid = rng.choice(ids)
            t = time.perf_counter()
            library.create_highlight(aid, 0, 0, 10, "green")
            saves.append((time.perf_counter() - t) * 1000)
        row["save_median_ms"] = statistics.median(saves)
        row["save_p95_ms"] = percentile(saves, 0.95)
        t = time.perf_counter()
        library.search(QUERIES[0])
        row["search_first_ms"] = (time.perf_counter() - t) * 1000
        searches = []
        for _ in range(4):
            for query in QUERIES:
                t = time.perf_counter()
                library.search(query)
                searches.append((time.perf_counter() - t) * 1000)
        row["search_median_ms"] = statistics.median(searches)
        if count >= 10_000:
            row.update(measure_export(library, work))
    start = first_frame("--library", str(folder), "--search", QUERIES[0], repeat=repeat)
    row["cold_start_s"] = start["first_frame"]
    row["cold_start_ratio"] = start["first_frame"] / minimal
    row["app_maxrss_mb"] = start["maxrss_mb"]  # the app after a full-text search
    return row


def measure_export(library: Library, work: Path) -> dict[str, Any]:
    """Time exporting every highlight to Markdown."""
    try:
        from tui_reader.export import export_articles
    except ImportError:
        return {"export_s": None}
    out = work / "export"
    t = time.perf_counter()
    result = export_articles(library, None, "md", out)
    return {"export_s": time.perf_counter() - t, "export_result": str(result)[:80]}


def measure_book(work: Path, repeat: int, minimal: float) -> dict[str, Any]:
    """Open a 10,000-paragraph article and page down in it."""
    rng = random.Random(99)
    book = work / "book.md"
    write_book(book, rng)
    folder = work / "library-book"
    with Library.open(folder, "write") as library:
        import_inputs(library, [str(book)])
        article = library.articles()[0]
        size = book.stat().st_size
    opened = first_frame(
        "--library", str(folder), "--open", article.id, "--pagedowns", "20", repeat=repeat
    )
    return {
        "book_mb": size / 1e6,
        "paragraphs": article.paragraph_count,
        "open_s": opened["first_frame"],
        "open_ratio": opened["first_frame"] / minimal,
        "pagedown_median_ms": statistics.median(opened["pagedown_cpu"]) * 1000,
        "pagedown_max_ms": max(opened["pagedown_cpu"]) * 1000,
    }


def main() -> None:
    """Run the benchmarks and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--repeat", type=int, default=5, help="cold starts per figure")
    parser.add_argument("--json", action="store_true", help="print JSON, not a table")
    parser.add_argument(
        "--keep", type=Path, help="cache the generated texts and imported libraries here"
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    with tempfile.TemporaryDirectory(prefix="newsread-bench-") as tmp:
        work = Path(tmp)
        keep = args.keep.expanduser() if args.keep else work / "cache"
        keep.mkdir(parents=True, exist_ok=True)
        minimal = first_frame("--minimal", repeat=args.repeat)["first_frame"]
        rows = [measure_size(n, work, args.repeat, minimal) for n in sizes if n < 100_000]

        def start_up(folder: Path) -> dict[str, Any]:
            start = first_frame(
                "--library", str(folder), "--search", QUERIES[0], repeat=args.repeat
            )
            # As a person starts it: the newsread command in a terminal of 80x24 (the
            # size the target is judged at) and of 160x48, against the minimal app.
            runs = 2 * args.repeat + 1
            return {
                "cold_start_s": start["first_frame"],
                "cold_start_ratio": start["first_frame"] / minimal,
                "app_maxrss_mb": start["maxrss_mb"],
                "terminal": terminal_start(folder, runs, (80, 24)),
                "terminal_large": terminal_start(folder, runs, (160, 48)),
            }

        targets = [
            measure_targets(n, keep, work, args.repeat, start_up) for n in sorted({100, max(sizes)})
        ]
        book = measure_book(work, args.repeat, minimal)
    machine = (
        f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}"
    )
    if args.json:
        print(
            json.dumps(
                {
                    "minimal_s": minimal,
                    "sizes": rows,
                    "targets": targets,
                    "book": book,
                    "machine": machine,
                }
            )
        )
        return
    print(f"machine: {machine}, {_cores()} cores")
    print(f"minimal Textual app, first frame: {minimal * 1000:.0f} ms (median of {args.repeat})")
    print()
    header = (
        f"{'articles':>8} {'import':>8} {'cold start':>11} {'ratio':>6} {'save med':>9} "
        f"{'save p95':>9} {'search':>8} {'RSS MB':>7}"
    )
    print(header)
    for r in rows:
        print(
            f"{r['articles']:>8} {r['import_s']:>7.1f}s {r['cold_start_s'] * 1000:>9.0f}ms "
            f"{r['cold_start_ratio']:>6.2f} {r['save_median_ms']:>7.2f}ms {r['save_p95_ms']:>7.2f}ms "
            f"{r['search_median_ms']:>6.1f}ms {r['app_maxrss_mb']:>7.0f}"
        )
    if len(rows) > 1:
        growth = rows[-1]["save_median_ms"] / rows[0]["save_median_ms"]
        print(f"\nhighlight save at {rows[-1]['articles']} vs {rows[0]['articles']}: {growth:.2f}x")
    for r in rows:
        if r.get("export_s") is not None:
            print(
                f"export of {r['highlights'] + 100} highlights to Markdown: {r['export_s']:.2f} s"
            )
    print_targets(targets[-1], targets[0], minimal)
    print(
        f"\nbook: {book['paragraphs']} paragraphs, {book['book_mb']:.1f} MB; first frame "
        f"{book['open_s'] * 1000:.0f} ms (ratio {book['open_ratio']:.2f}); page down "
        f"(key to repainted screen, CPU time) median {book['pagedown_median_ms']:.1f} ms, "
        f"max {book['pagedown_max_ms']:.1f} ms"
    )


def print_targets(big: dict[str, Any], small: dict[str, Any], minimal: float) -> None:
    """Issue 12's targets for the largest library, each figure next to its target."""
    n = big["articles"]
    print(
        f"\ntargets at {n:,} articles (plain text, {big['text_bytes'] / 1e6:.0f} MB; "
        f"figures are medians; the library was imported by `newsread add DIR`)"
    )
    lines: list[tuple[str, str, str, bool | None]] = []

    def line(name: str, figure: str, target: str, met: bool | None) -> None:
        lines.append((name, figure, target, met))

    line(
        "import (newsread add DIR)",
        f"{big['import_s']:.1f} s{_cpu(big, 'import_cpu_s')}",
        "<= 120 s",
        big["import_s"] <= 120,
    )
    line(
        "import peak RSS",
        f"{big['import_maxrss_mb']:.0f} MB",
        "<= 400 MB",
        big["import_maxrss_mb"] <= 400,
    )
    for name, key in (("80x24", "terminal"), ("160x48", "terminal_large")):
        term = big[key]
        line(
            f"start-up, newsread in a {name} terminal",
            f"{term['ratio']:.2f} ({term['newsread_s'] * 1000:.0f} ms vs the minimal app's "
            f"{term['minimal_s'] * 1000:.0f} ms)",
            "<= 1.3" if key == "terminal" else "",
            term["ratio"] <= 1.3 if key == "terminal" else None,
        )
    line(
        "start-up, the app headless (first_frame.py)",
        f"{big['cold_start_ratio']:.2f} ({big['cold_start_s'] * 1000:.0f} ms vs "
        f"{minimal * 1000:.0f} ms)",
        "",
        None,
    )
    line(
        "search in the app (index, 100 best)",
        f"{big['search_ms']:.1f} ms (max {big['search_max_ms']:.0f})",
        "<= 50 ms",
        big["search_ms"] <= 50,
    )
    line(
        "search in the app (whole listing)",
        f"{big['listing_ms']:.1f} ms",
        "<= 50 ms",
        big["listing_ms"] <= 50,
    )
    for query, found in big["cli_search"].items():
        line(
            f"newsread list --search {query[:24]}",
            f"{found['s']:.2f} s, {found['rows']} rows, {found['maxrss_mb']:.0f} MB",
            "<= 1 s",
            found["s"] <= 1,
        )
    line(
        "app RSS after a search",
        f"{big['app_maxrss_mb']:.0f} MB",
        "<= 250 MB",
        big["app_maxrss_mb"] <= 250,
    )
    for kind in ("highlight", "tag", "note", "position", "queue"):
        key = f"save_{kind}_ms"
        ratio = big[key] / small[key] if small[key] else 0.0
        line(
            f"save a {kind}",
            f"{big[key]:.2f} ms ({ratio:.2f}x the {small['articles']} "
            f"articles' {small[key]:.2f} ms)",
            "<= 10 ms, <= 1.5x",
            big[key] <= 10 and ratio <= 1.5,
        )
    line(
        f"add 1,000 articles to {n:,}",
        f"{big['add_1000_s']:.1f} s{_cpu(big, 'add_1000_cpu_s')}",
        "<= 5 s",
        big["add_1000_s"] <= 5,
    )
    line(
        "newsread list --json",
        f"{big['list_json_s']:.2f} s ({big['list_json_maxrss_mb']:.0f} MB)",
        "<= 5 s",
        big["list_json_s"] <= 5,
    )
    ratio = big["folder_bytes"] / big["text_bytes"]
    parts = [("the search index", "index_bytes"), ("texts", "texts_bytes")]
    parts.append(("catalog", "catalog_bytes"))
    shares = ", ".join(
        f"{name} {big[key] / big['text_bytes']:.2f}x" for name, key in parts if key in big
    )
    line(
        "library folder / text imported",
        f"{ratio:.2f} ({big['folder_bytes'] / 1e6:.0f} MB: {shares})",
        "<= 1.5",
        ratio <= 1.5,
    )
    width = max(len(name) for name, *_ in lines)
    fig_width = max(len(figure) for _, figure, *_ in lines)
    for name, figure, target, met in lines:
        verdict = "" if met is None else "met" if met else "NOT MET"
        print(f"  {name:<{width}}  {figure:<{fig_width}}  {target:<18} {verdict}".rstrip())
    print(
        f"  (catalog load {big['catalog_load_s']:.2f} s; benchmark process peak RSS "
        f"{big['bench_maxrss_mb']:.0f} MB)"
    )


def _cpu(figures: dict[str, Any], key: str) -> str:
    """`` (CPU 98.2 s)``: the process's user + system time, when measured (a library cached
    by an older run has none)."""
    return f" (CPU {figures[key]:.1f} s)" if key in figures else ""


def _cores() -> int:
    return os.cpu_count() or 0


if __name__ == "__main__":
    main()
