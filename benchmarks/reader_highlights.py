"""The reader on one article with a very large number of highlights.

Builds a library holding one article (40 paragraphs) and N highlights on it
(random spans over every paragraph, or all in one paragraph), then reports:
the store's time to read the highlights back, and the reader's first frame,
page-down cost and peak memory in a fresh process (``first_frame.py``).

    python benchmarks/reader_highlights.py                 # 10,000 and 100,000
    python benchmarks/reader_highlights.py --count 1000000 --layout one
    python benchmarks/reader_highlights.py --keep DIR      # build once, reuse

Prints one line per case. Figures, not assertions: see tests/ui for what is checked.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui_reader.anchoring import make_anchor  # noqa: E402
from tui_reader.importing import add_document  # noqa: E402
from tui_reader.model import Document, Highlight, Paragraph  # noqa: E402
from tui_reader.store import Library  # noqa: E402

FIRST_FRAME = Path(__file__).resolve().parent / "first_frame.py"
WORDS = ["tide", "lagoon", "harvest", "archive", "signal", "winter", "council", "market"]


def build(folder: Path, count: int, layout: str, seed: int = 1) -> str:
    """A library with one article and ``count`` highlights; returns the article id."""
    rng = random.Random(seed)
    paragraphs = [
        Paragraph(" ".join(rng.choice(WORDS) for _ in range(rng.randrange(40, 120))) + ".")
        for _ in range(40)
    ]
    with Library.open(folder, "write") as lib:
        doc = Document(title="Many highlights", paragraphs=paragraphs)
        aid = add_document(lib, doc).article.id
        # One anchor per span, reused: make_anchor costs the article's length each call.
        anchors: dict[tuple[int, int, int], object] = {}

        def highlights():  # type: ignore[no-untyped-def]
            for n in range(count):
                p = 3 if layout == "one" else rng.randrange(len(paragraphs))
                size = len(paragraphs[p].text)
                start = rng.randrange(size - 1)
                end = min(size, start + rng.randrange(1, 60))
                key = (p, start, end)
                anchor = anchors.get(key)
                if anchor is None:
                    anchor = anchors[key] = make_anchor(paragraphs, p, start, end)
                yield Highlight(
                    id=Highlight.new_id(),
                    article_id=aid,
                    anchor=anchor,  # type: ignore[arg-type]
                    colour=("yellow", "green", "blue")[n % 3],
                    note=f"note {n}" if n % 4 == 0 else "",
                    created="2025-01-01T00:00:00+00:00",
                    updated="2025-01-01T00:00:00+00:00",
                )

        lib.put_highlights(highlights())
    return aid


def measure(folder: Path, aid: str) -> dict[str, object]:
    """Store read-back time, then the reader's first frame in a fresh process."""
    with Library.open(folder, "read") as lib:
        started = time.perf_counter()
        loaded = len(lib.highlights(aid))
        load = time.perf_counter() - started
    out = subprocess.run(
        [
            sys.executable,
            str(FIRST_FRAME),
            *("--library", str(folder), "--open", aid, "--pagedowns", "5"),
            *("--width", "160", "--height", "48"),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=1800,
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result.update(loaded=loaded, store_load_s=load)
    return result


def main() -> None:
    """Build and measure each requested case."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, action="append")
    parser.add_argument("--layout", choices=["spread", "one"], default="spread")
    parser.add_argument("--keep", help="build the libraries here (reused when present)")
    args = parser.parse_args()
    counts = args.count or [10_000, 100_000]
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="newsread-bench-"))
    for count in counts:
        folder = base / f"{args.layout}-{count}"
        marker = folder / "article-id"
        if marker.exists():
            aid = marker.read_text()
        else:
            started = time.perf_counter()
            aid = build(folder, count, args.layout)
            marker.write_text(aid)
            print(f"built {count:,} highlights in {time.perf_counter() - started:.1f}s", flush=True)
        r = measure(folder, aid)
        pagedown = sorted(r["pagedown_cpu"])  # type: ignore[arg-type]
        print(
            f"{count:>9,} highlights ({args.layout}): store read {r['store_load_s']:.2f}s, "
            f"reader first frame {r['first_frame']:.2f}s, page down median "
            f"{1000 * pagedown[len(pagedown) // 2]:.1f} ms, peak RSS {r['maxrss_mb']:.0f} MB",
            flush=True,
        )


if __name__ == "__main__":
    main()
