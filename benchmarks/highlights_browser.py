"""The highlights browser at 100 and 100,000 highlights.

Usage: python benchmarks/highlights_browser.py [CACHE_DIR]

Libraries are generated once into CACHE_DIR (default /tmp/newsread-bench) and
reused. Prints, for each size: the browser's first frame (pushed on the
library screen, rows still loading in a worker), the time until its rows are
listed, and the median time from a filter keystroke to the updated list
(target: first frame within 1.3x of the 100-highlight case; a keystroke at
most 50 ms median).
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual.widgets import Input

from tui_reader.anchoring import make_anchor
from tui_reader.config import Config
from tui_reader.importing import add_documents
from tui_reader.model import COLOURS, Document, Highlight, Paragraph
from tui_reader.store import Library
from tui_reader.ui.app import create_app
from tui_reader.ui.screens.highlights import HighlightsScreen
from tui_reader.ui.widgets.highlights.highlight_list_view import HighlightListView

SIZES = ((10, 10), (1_000, 100))
"""(articles, highlights per article)."""
WORDS = ("river", "mountain", "harbour", "ferry", "bread", "choir", "tide", "avocet")


def build(folder: Path, articles: int, per_article: int) -> None:
    """Generate the library in ``folder`` unless it already holds it."""
    with Library.open(folder, "write") as library:
        if len(library) >= articles:
            return
        docs = [
            Document(
                title=f"Benchmark article {i} about {WORDS[i % len(WORDS)]}",
                paragraphs=[
                    Paragraph(f"Paragraph {j} of article {i} on the {WORDS[j % 8]}. " * 3)
                    for j in range(per_article)
                ],
                source=f"site{i % 37}.example",
            )
            for i in range(articles)
        ]
        results = add_documents(library, docs)
        made: list[Highlight] = []
        for result in results:
            aid = result.article.id
            paragraphs = library.paragraphs(aid)
            for j in range(per_article):
                made.append(
                    Highlight(
                        id=f"{len(made):032x}",
                        article_id=aid,
                        anchor=make_anchor(paragraphs, j, 0, 20),
                        colour=COLOURS[j % len(COLOURS)],
                        note=f"note {j} on the {WORDS[(j + 3) % 8]}" if j % 3 == 0 else "",
                        tags=(f"tag{j % 11}",),
                    )
                )
        library.put_highlights(made)


async def idle(app: object) -> None:
    """Until no worker of the app is running (exclusive workers get cancelled: no waiting
    on them)."""
    while any(w.is_running for w in app.workers):  # type: ignore[attr-defined]
        await asyncio.sleep(0.005)


async def measure(folder: Path) -> tuple[float, float, float]:
    """Seconds to the first frame, to the rows listed, and the median filter keystroke."""
    library = Library.open(folder, "write")
    app = create_app(library, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        begin = time.perf_counter()
        screen = HighlightsScreen(app.services)
        await app.push_screen(screen)
        await pilot.pause()
        first_frame = time.perf_counter() - begin
        view = screen.query_one(HighlightListView)
        while not view.rows:
            await pilot.pause(0.005)
        listed = time.perf_counter() - begin
        box = screen.query_one("#filter", Input)
        box.focus()
        await pilot.pause()
        times = []
        for word in ("tide", "ferry", "bread", "note", "choir", "harbour", "tag3", "river"):
            box.value = word[:-1]
            await idle(app)
            await pilot.pause()
            shown = view.rows
            start = time.perf_counter()
            box.insert_text_at_cursor(word[-1])  # the keystroke measured: to the list updated
            while view.rows is shown:
                await asyncio.sleep(0.001)
            times.append(time.perf_counter() - start)
    library.close()
    return first_frame, listed, statistics.median(times)


def main() -> None:
    """Build (once) and measure each size."""
    cache = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/newsread-bench")
    for articles, per in SIZES:
        folder = cache / f"highlights-{articles * per}"
        build(folder, articles, per)
        asyncio.run(measure(folder))  # warm imports and the OS cache
        first, listed, key = asyncio.run(measure(folder))
        print(
            f"{articles * per:>7} highlights: first frame {first * 1000:6.1f} ms, "
            f"rows listed {listed * 1000:7.1f} ms, filter keystroke median {key * 1000:6.1f} ms"
        )


if __name__ == "__main__":
    main()
