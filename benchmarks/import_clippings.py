"""How long a very large Kindle clippings file takes to import, and the memory it needs.

    python benchmarks/import_clippings.py [--mb 200] [--books 2000] [--per-book 50]

Writes the file in a temp folder (never in the repo), imports it into a new
temp library the way ``newsread add`` does, and prints one JSON line: file
size, seconds to import, peak RSS, books and highlights stored, and how many
progress reports the import made.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.clippings_file import write_clippings
from tui_reader.importing import import_inputs
from tui_reader.store import Library


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=200)
    parser.add_argument("--books", type=int, default=2000)
    parser.add_argument("--per-book", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsread-clippings-") as folder:
        path = Path(folder) / "My Clippings.txt"
        books, distinct = write_clippings(
            path, int(args.mb * 1024 * 1024), args.books, args.per_book
        )
        reports: list[int] = []
        library = Library.open(Path(folder) / "library", "write")
        start = time.perf_counter()
        report = import_inputs(
            library, [str(path)], on_bytes=lambda done, total: reports.append(done)
        )
        seconds = time.perf_counter() - start
        stored = sum(library.highlight_count(a.id) for a in library.articles())
        articles = len(library)
        library.close()
        print(
            json.dumps(
                {
                    "file_mb": round(path.stat().st_size / 1024 / 1024, 1),
                    "seconds": round(seconds, 1),
                    "peak_rss_mb": round(
                        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
                    ),
                    "books": articles,
                    "expected_books": books,
                    "highlights": stored,
                    "expected_highlights": distinct,
                    "progress_reports": len(reports),
                    "failures": report.failures,
                }
            )
        )


if __name__ == "__main__":
    main()
