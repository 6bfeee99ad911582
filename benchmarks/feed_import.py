"""How long a big feed takes to import: parsing alone, and into a fresh library.

    python benchmarks/feed_import.py                    # 1,000 / 8,000 / 50,000 entries
    python benchmarks/feed_import.py --sizes 1000       # a quick run
    python benchmarks/feed_import.py --parse-only       # no library writes

Each entry carries its article as HTML (four paragraphs, a list, a link and
an image, about 1.6 KB), as full-content feeds do; a few entries repeat an
earlier link, so duplicate detection is exercised too. The feed is written to
a temp file and imported through the public path (``load_path`` for parsing,
``import_inputs`` for the whole import). Wall-clock seconds are printed with
the CPU seconds of this process beside them: on a busy machine the first
grow, the second much less.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui_reader.importing import import_inputs  # noqa: E402
from tui_reader.ingest import load_path  # noqa: E402
from tui_reader.store import Library  # noqa: E402

WORDS = (
    "the of and to in is was for on that with as by at from his her it an are were be this "
    "which or had not but what all when tide lagoon bread dough soldier reader terminal quiet "
    "river stone energy market council winter harvest signal archive ferry harbour vote"
).split()


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 18))
    return " ".join(words).capitalize() + "."


def _entry(n: int, rng: random.Random) -> str:
    link = n if n % 97 else n - 1  # every 97th entry repeats the link before it
    paragraphs = "".join(f"<p>{' '.join(_sentence(rng) for _ in range(3))}</p>" for _ in range(4))
    body = (
        f"{paragraphs}<ul><li>{_sentence(rng)}</li><li>{_sentence(rng)}</li></ul>"
        f'<p>More at <a href="https://example.org/more/{n}">the council page</a>.</p>'
        f'<p><img src="https://example.org/img/{n}.jpg" alt="a picture"></p>'
    )
    body = body.replace("]]>", "]]&gt;")
    return (
        f"<item><title>Entry {n}: {_sentence(rng)[:40]}</title>"
        f"<link>https://news.example.org/{link}</link>"
        f'<guid isPermaLink="false">entry-{n}</guid>'
        f"<pubDate>Mon, 02 Mar 2026 {n % 24:02d}:{n % 60:02d}:00 GMT</pubDate>"
        f"<description>{_sentence(rng)}</description>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item>"
    )


def write_feed(path: Path, entries: int) -> int:
    """Write an RSS 2.0 feed of ``entries`` items to ``path``; returns its size in bytes."""
    rng = random.Random(entries)
    items = "".join(_entry(n, rng) for n in range(1, entries + 1))
    text = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>Benchmark News</title><link>https://news.example.org/</link>"
        f"<description>A big feed</description>{items}</channel></rss>"
    )
    path.write_text(text, encoding="utf-8")
    return path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 8000, 50000])
    parser.add_argument("--parse-only", action="store_true", help="skip the library import")
    args = parser.parse_args()
    print(
        f"{'entries':>8} {'feed MB':>8} {'parse s':>8} {'cpu s':>6} {'import s':>9} {'cpu s':>6} "
        f"{'articles':>9}"
    )
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            feed = Path(tmp) / "big.rss"
            megabytes = write_feed(feed, size) / 1e6
            start, cpu = time.perf_counter(), time.process_time()
            docs = load_path(feed, max_size=1 << 31)
            parsed = time.perf_counter() - start
            parsed_cpu = time.process_time() - cpu
            imported, imported_cpu, articles = "-", "-", str(len(docs))
            if not args.parse_only:
                library = Library.open(Path(tmp) / "library")
                start, cpu = time.perf_counter(), time.process_time()
                report = import_inputs(library, [str(feed)], max_size=1 << 31)
                imported = f"{time.perf_counter() - start:.1f}"
                imported_cpu = f"{time.process_time() - cpu:.1f}"
                articles = str(len(library.articles()))
                assert not report.failures, report.failures
            print(
                f"{size:>8,} {megabytes:>8.1f} {parsed:>8.1f} {parsed_cpu:>6.1f} {imported:>9} "
                f"{imported_cpu:>6} {articles:>9}"
            )


if __name__ == "__main__":
    main()
