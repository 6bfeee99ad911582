"""Time to first frame of the library screen at 100 and 10,000 articles.

Usage: python benchmarks/library_first_frame.py [CACHE_DIR]

Libraries are generated once into CACHE_DIR (default /tmp/newsread-bench) and
reused. Prints, for each size: opening the store, the first frame of the
screen (the list drawn, rows still loading in a worker), and the rows on
screen with their highlight counts.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui_reader.config import Config
from tui_reader.importing import add_documents
from tui_reader.model import Document, Paragraph
from tui_reader.store import Library
from tui_reader.ui.app import create_app
from tui_reader.ui.widgets.library.article_list import ArticleList

SIZES = (100, 10_000)


def build(folder: Path, count: int) -> None:
    """Generate ``count`` articles in ``folder`` unless it already holds them."""
    with Library.open(folder, "write") as library:
        if len(library) >= count:
            return
        docs = [
            Document(
                title=f"Benchmark article {i} about something or other",
                paragraphs=[Paragraph(f"Paragraph {j} of article {i}. " * 8) for j in range(5)],
                source=f"site{i % 37}.example",
                url=f"https://site{i % 37}.example/{i}",
                tags=(f"tag{i % 7}",),
            )
            for i in range(count)
        ]
        add_documents(library, docs)


async def measure(folder: Path) -> tuple[float, float, float]:
    """Seconds to open the store, to the first frame, and to rows with counts on screen."""
    start = time.perf_counter()
    library = Library.open(folder, "write")
    opened = time.perf_counter() - start
    app = create_app(library, Config())
    first_frame = rows_ready = 0.0
    begin = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        first_frame = time.perf_counter() - begin
        articles = app.screen.query_one(ArticleList)
        while not articles.rows or articles.count_for(articles.rows[0].id) is None:
            await pilot.pause(0.005)
        rows_ready = time.perf_counter() - begin
    library.close()
    return opened, first_frame, rows_ready


def main() -> None:
    """Build (once) and measure each size."""
    cache = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/newsread-bench")
    for count in SIZES:
        folder = cache / f"lib-{count}"
        build(folder, count)
        asyncio.run(measure(folder))  # warm imports and the OS cache
        opened, first, ready = asyncio.run(measure(folder))
        print(
            f"{count:>6} articles: open {opened * 1000:6.1f} ms, "
            f"first frame {first * 1000:6.1f} ms, rows and counts {ready * 1000:6.1f} ms"
        )


if __name__ == "__main__":
    main()
