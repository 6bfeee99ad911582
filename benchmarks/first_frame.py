"""Start an app in this fresh process and print when its first frame is ready.

Used by ``benchmarks/run.py``; prints one JSON line: the seconds from process
start to the first frame, page-down timings when asked, and peak RSS.

    python benchmarks/first_frame.py --minimal
    python benchmarks/first_frame.py --library DIR [--open ID] [--pagedowns N]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

START = time.perf_counter()
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def minimal_app():  # type: ignore[no-untyped-def]
    """The baseline: Header, Static, Footer."""
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Hello")
            yield Footer()

    return Minimal()


def main() -> None:
    """Run the chosen app headless and report."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--minimal", action="store_true")
    parser.add_argument("--library")
    parser.add_argument("--open", dest="article")
    parser.add_argument("--pagedowns", type=int, default=0)
    parser.add_argument("--width", type=int, default=120)
    parser.add_argument("--height", type=int, default=40)
    args = parser.parse_args()
    result: dict[str, object] = {}

    if args.minimal:
        app = minimal_app()
    else:
        from tui_reader.store import Library
        from tui_reader.ui.app import create_app

        library = Library.open(args.library, "read")
        app = create_app(library, open_article=args.article)

    async def auto_pilot(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause()
        if not args.minimal and not args.article:
            # the library's rows arrive from a worker: the frame counts once they are drawn
            from tui_reader.ui.widgets.article_list import ArticleList

            rows = app.screen.query_one(ArticleList)
            while not rows.rows:
                await pilot.pause(0.001)
            await pilot.pause()
        result["first_frame"] = time.perf_counter() - START
        if args.pagedowns:
            times = []
            for _ in range(args.pagedowns):
                t = time.perf_counter()
                await pilot.press("space")
                await pilot.pause()
                times.append(time.perf_counter() - t)
            result["pagedown"] = times
        app.exit()

    app.run(headless=True, size=(args.width, args.height), auto_pilot=auto_pilot)
    result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


if __name__ == "__main__":
    main()
