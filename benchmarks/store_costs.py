"""What the store costs as the library grows: import, saves, adding more, folder size.

    python benchmarks/store_costs.py                  # 100 and 10,000 articles
    python benchmarks/store_costs.py --sizes 100,100000

Builds each library through the public import path (``import_inputs`` on a
folder of plain-text articles of 9 paragraphs, as issue 12 measured), then
prints next to each target of issue 12 part 1:

- the import time and the peak RSS of the process while importing;
- the median time of saving a highlight, a tag, a note, a reading position
  and a queue move (each durable: fsync), and its ratio to the smallest size;
- adding 1,000 more articles to the library;
- the library folder's size right after the import against the imported text
  (bytes of the input files; ``du``-style allocated blocks as well as file sizes).

Saves are measured once every article has a highlight (as in benchmarks/run.py):
the first highlight in a notes shard also records the shard in ``meta.json``,
which happens at most 4,096 times in a library's life.

Each size runs in a fresh process so that peak RSS belongs to it alone.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = (
    "the of and to in is was for on that with as by at from his her it an are were be this "
    "which or had not but what all when tide lagoon bread dough soldier reader terminal quiet "
    "river stone energy market council winter harvest signal archive treaty drought museum"
).split()
SAVES = 30


def write_articles(folder: Path, start: int, count: int, rng: random.Random) -> int:
    """``count`` plain-text articles of 9 paragraphs (a title line first); their bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(start, start + count):
        paragraphs = [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(100, 160))).capitalize() + "."
            for _ in range(9)
        ]
        text = f"Article {i}: {rng.choice(WORDS)} {rng.choice(WORDS)}\n\n" + "\n\n".join(paragraphs)
        data = text.encode()
        (folder / f"a{i:06}.txt").write_bytes(data)
        total += len(data)
    return total


def folder_size(folder: Path) -> tuple[int, int]:
    """(sum of file sizes, allocated bytes) under ``folder``."""
    size = blocks = 0
    for path in folder.rglob("*"):
        if path.is_file():
            stat = path.stat()
            size += stat.st_size
            blocks += stat.st_blocks * 512
    return size, blocks


def median_ms(action: Callable[[int], object]) -> float:
    times = []
    for n in range(SAVES):
        t = time.perf_counter()
        action(n)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def measure(count: int, work: Path) -> dict[str, Any]:
    """Build a library of ``count`` articles and measure it (run in a child process)."""
    from tui_reader.anchoring import make_anchor
    from tui_reader.importing import import_inputs
    from tui_reader.model import Highlight
    from tui_reader.store import Library

    rng = random.Random(count)
    source = work / "in"
    text_bytes = write_articles(source, 0, count, rng)
    folder = work / "library"
    row: dict[str, Any] = {"articles": count, "text_mb": text_bytes / 1e6}
    with Library.open(folder, "write") as library:
        t = time.perf_counter()
        report = import_inputs(library, [str(source)])
        row["import_s"] = time.perf_counter() - t
        assert not report.failures, report.failures[:3]
        row["import_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        size, blocks = folder_size(folder)
        row["folder_mb"] = blocks / 1e6
        row["folder_ratio"] = size / text_bytes
        row["folder_blocks_ratio"] = blocks / text_bytes
        ids = sorted(a.id for a in library.recent())
        picks = [rng.choice(ids) for _ in range(SAVES)]
        # Steady state: every article already has a highlight (the first highlight of a
        # shard also registers the shard in meta.json, once in the library's life).
        everything = library.articles()
        library.put_highlights(
            Highlight(Highlight.new_id(), a.id, make_anchor(library.paragraphs(a.id), 0, 0, 5))
            for a in everything
        )
        del everything
        row["save_highlight_ms"] = median_ms(
            lambda n: library.create_highlight(picks[n], 0, 0, 10, "green")
        )
        row["save_tags_ms"] = median_ms(lambda n: library.set_tags(picks[n], [f"t{n}"]))
        row["save_note_ms"] = median_ms(lambda n: library.set_note(picks[n], f"note {n}"))
        row["save_position_ms"] = median_ms(lambda n: library.set_position(picks[n], 1 + n % 7))
        row["save_queue_ms"] = median_ms(
            lambda n: library.set_queue(picks[n], ("later", "archive", "inbox")[n % 3])
        )
        more = work / "more"
        write_articles(more, count, 1000, rng)
        t = time.perf_counter()
        import_inputs(library, [str(more)])
        row["add_1000_s"] = time.perf_counter() - t
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,10000")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        with tempfile.TemporaryDirectory(prefix="newsread-store-") as tmp:
            print(json.dumps(measure(args.child, Path(tmp))))
        return
    rows = []
    for size in (int(s) for s in args.sizes.split(",") if s):
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(size)],
            capture_output=True,
            text=True,
            check=True,
        )
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"{os.cpu_count()} cores; medians of {SAVES} durable saves\n")
    keys = [
        ("import_s", "import (s)", "<= 120 s at 100,000"),
        ("import_rss_mb", "import peak RSS (MB)", "<= 400 MB"),
        ("save_highlight_ms", "save highlight (ms)", "<= 10 ms, flat"),
        ("save_tags_ms", "save tags (ms)", "<= 10 ms, flat"),
        ("save_note_ms", "save note (ms)", "<= 10 ms, flat"),
        ("save_position_ms", "save position (ms)", "<= 10 ms, flat"),
        ("save_queue_ms", "save queue move (ms)", "<= 10 ms, flat"),
        ("add_1000_s", "add 1,000 more (s)", "<= 5 s at 100,000"),
        ("text_mb", "imported text (MB)", ""),
        ("folder_mb", "library folder on disk (MB)", ""),
        ("folder_ratio", "folder / text (file sizes)", "<= 1.5"),
        ("folder_blocks_ratio", "folder / text (disk blocks)", "<= 1.5"),
    ]
    header = f"{'figure':<30}" + "".join(f"{r['articles']:>12,}" for r in rows) + "  target"
    print(header)
    for key, label, target in keys:
        cells = "".join(f"{r[key]:>12.2f}" for r in rows)
        print(f"{label:<30}{cells}  {target}")
    if len(rows) > 1:
        for key, label, _ in keys[2:7]:
            ratio = rows[-1][key] / rows[0][key]
            print(f"{label} at {rows[-1]['articles']:,} vs {rows[0]['articles']:,}: {ratio:.2f}x")


if __name__ == "__main__":
    main()
