"""The highlights browser at 100 and 100,000 highlights.

Usage: python benchmarks/highlights_browser.py [CACHE_DIR]

Libraries are generated once into CACHE_DIR (default /tmp/newsread-bench) and
reused. Prints, for each size: the browser's first frame (pushed on the
library screen: the time until its list is first drawn, rows still loading in
a worker), the time until its rows are listed, and the median time from a
filter keystroke to the updated list, for plain words and for field terms
(target: first frame within 1.3x of the 100-highlight case; a keystroke at
most 50 ms median).

The first frame used to be read after ``pilot.pause()``, which waits until the
whole process is idle (up to a second), worker threads included: it measured
the loading of the rows, not the frame.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual.pilot import Pilot
from textual.strip import Strip
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
    """Until no worker of the app is running."""
    while any(w.is_running for w in app.workers):  # type: ignore[attr-defined]
        await asyncio.sleep(0.005)


async def keystrokes(pilot: Pilot[None], screen: HighlightsScreen, words: tuple[str, ...]) -> float:
    """Median seconds from typing each word's last key (the rest typed and listed before)
    to the list updated for it."""
    box = screen.query_one("#filter", Input)
    times = []
    for word in words:
        box.value = word[:-1]
        box.cursor_position = len(box.value)
        await idle(pilot.app)
        await pilot.pause()
        asked = screen._generation + 1  # the run the keystroke asks for
        start = time.perf_counter()
        box.insert_text_at_cursor(word[-1])  # the keystroke measured: to the list updated
        while screen.shown_generation < asked:
            await asyncio.sleep(0.001)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


async def measure(folder: Path) -> dict[str, float]:
    """Seconds to the first frame, to the rows listed, and median filter keystrokes."""
    library = Library.open(folder, "write")
    app = create_app(library, Config())
    drawn: list[float] = []
    render_line = HighlightListView.render_line

    def spy(view: HighlightListView, y: int) -> Strip:
        if not drawn:
            drawn.append(time.perf_counter())
        return render_line(view, y)

    HighlightListView.render_line = spy  # type: ignore[method-assign]
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            begin = time.perf_counter()
            screen = HighlightsScreen(app.services)
            await app.push_screen(screen)
            while not drawn:  # the browser's first frame: its list drawn on screen
                await asyncio.sleep(0.001)
            first_frame = drawn[0] - begin
            while not screen.shown_generation:
                await asyncio.sleep(0.001)
            listed = time.perf_counter() - begin
            screen.query_one("#filter", Input).focus()
            await pilot.pause()
            words = await keystrokes(pilot, screen, WORDS_TYPED)
            fields = await keystrokes(pilot, screen, FIELDS_TYPED)
    finally:
        HighlightListView.render_line = render_line  # type: ignore[method-assign]
    library.close()
    return {"first": first_frame, "listed": listed, "words": words, "fields": fields}


#: Words typed in the filter (full text: answered per article).
WORDS_TYPED = ("tide", "ferry", "bread", "note", "choir", "harbour", "tag3", "river")
#: Field terms typed in the filter (answered per highlight; typing on narrows the last list).
FIELDS_TYPED = ("note:tide", "tag:tag3", "colour:blue", "note:ferry has:note", "tag:tag3 -has:note")


def main() -> None:
    """Build (once) and measure each size."""
    cache = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/newsread-bench")
    for articles, per in SIZES:
        folder = cache / f"highlights-{articles * per}"
        build(folder, articles, per)
        asyncio.run(measure(folder))  # warm imports and the OS cache
        got = asyncio.run(measure(folder))
        print(
            f"{articles * per:>7} highlights: first frame {got['first'] * 1000:6.1f} ms, "
            f"rows listed {got['listed'] * 1000:7.1f} ms, filter keystroke median: "
            f"words {got['words'] * 1000:6.1f} ms, fields {got['fields'] * 1000:6.1f} ms"
        )


if __name__ == "__main__":
    main()
