"""Start an app in this fresh process and report when its first frame is drawn.

``frame_at`` is the wall-clock time of that frame, so the caller can measure
from the moment it started the process (interpreter start-up included).

Used by ``benchmarks/run.py``; prints one JSON line: seconds from process start
to the end of the first screen refresh that drew the content (the article
list's rows, the article's text, or the minimal app's Static), page-down
timings when asked, and peak RSS.

    python benchmarks/first_frame.py --minimal
    python benchmarks/first_frame.py --library DIR [--open ID] [--pagedowns N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

START = time.perf_counter()
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual.app import App, ComposeResult  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.widgets import Footer, Header, Static  # noqa: E402

MARKS: dict[str, float] = {}
PAINTED: list[bool] = []


class Minimal(App[None]):
    """The baseline: Header, Static, Footer."""

    def compose(self) -> ComposeResult:
        """Three widgets."""
        yield Header()
        yield Static("Hello")
        yield Footer()


def watch_paint(widget_class: type, has_content: Any) -> None:
    """Note when ``widget_class`` first draws a line while ``has_content(widget)``."""
    original = widget_class.render_line

    def render_line(self: Any, y: int) -> Any:
        if not PAINTED and has_content(self):
            PAINTED.append(True)
        return original(self, y)

    widget_class.render_line = render_line


def watch_frames() -> None:
    """Record the end of the first screen refresh after the content was drawn."""
    original = Screen._compositor_refresh

    def refresh(self: Screen[Any]) -> None:
        original(self)
        if PAINTED and "frame" not in MARKS:
            MARKS["frame"] = time.perf_counter() - START
            MARKS["frame_at"] = time.time()
            MARKS["frame_cpu"] = time.process_time()  # CPU of this process (all threads)

    Screen._compositor_refresh = refresh  # type: ignore[method-assign]


def main() -> None:
    """Run the chosen app headless and report."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--minimal", action="store_true")
    parser.add_argument("--library")
    parser.add_argument("--open", dest="article")
    parser.add_argument("--pagedowns", type=int, default=0)
    parser.add_argument(
        "--search", default="", help="after the frame, search the full text (loads it all)"
    )
    parser.add_argument("--width", type=int, default=120)
    parser.add_argument("--height", type=int, default=40)
    args = parser.parse_args()
    result: dict[str, object] = {}
    watch_frames()
    if args.minimal:
        watch_paint(Static, lambda widget: True)
        app: App[Any] = Minimal()
    else:
        from tui_reader.store import Library
        from tui_reader.ui.app import create_app

        if args.article:
            from tui_reader.ui.widgets.reader.article_view import ArticleView

            watch_paint(ArticleView, lambda widget: True)
        else:
            from tui_reader.ui.widgets.library.article_list import ArticleList

            watch_paint(ArticleList, lambda widget: bool(widget.rows))
        library = Library.open(args.library, "read")
        app = create_app(library, open_article=args.article)

    async def auto_pilot(pilot: Any) -> None:
        while "frame" not in MARKS:
            await asyncio.sleep(0.001)
        result["first_frame"] = MARKS["frame"]
        result["frame_at"] = MARKS["frame_at"]
        result["frame_cpu"] = MARKS["frame_cpu"]
        if args.search:
            await pilot.pause()
            app.library.search(args.search)  # type: ignore[attr-defined]
        if args.pagedowns:
            await pilot.pause()  # let background measuring finish first
            cpu = []
            for _ in range(args.pagedowns):
                before = time.process_time()
                await pilot.press("space")
                await pilot.pause()
                cpu.append(time.process_time() - before)
            result["pagedown_cpu"] = cpu
        app.exit()

    app.run(headless=True, size=(args.width, args.height), auto_pilot=auto_pilot)
    result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


if __name__ == "__main__":
    main()
