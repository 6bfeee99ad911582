"""The app's first frame loads only what the library screen draws.

Every module imported before the first frame is paid for at every start (issue 12's
start-up target: 1.3x a minimal Textual app). The other screens, the query language,
the search index, the importers and the config file's parser load when first used.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.ui.library_pilot import article, put_articles
from tui_reader.store import Library

#: Started as the `newsread` console script starts it (tui_reader.launch.main, bare
#: `newsread --library DIR`), headless; prints the modules loaded when the library screen
#: first drew rows. The whole listing (which loads
#: the query language) comes after the first frame by design, in a worker that waits for
#: that frame only so long (a second): it is held here until the modules are sampled, so a
#: slow first frame on a loaded machine cannot let it load them first.
FIRST_FRAME = """
import json, sys, threading
from textual.app import App
from textual.screen import Screen
from tui_reader import launch
import tui_reader.ui.screens.library as library_screen
from tui_reader.ui.widgets.library.article_list import ArticleList

seen = []
sampled = threading.Event()
refresh = Screen._compositor_refresh
build_listing = library_screen.build_listing

def watched(self):
    refresh(self)
    if not seen and any(w.rows for w in self.query(ArticleList)):
        seen.append(sorted(sys.modules))
        sampled.set()
        self.app.exit()

def held(*args):
    sampled.wait(60)
    return build_listing(*args)

run = App.run
App.run = lambda self, **kw: run(self, headless=True, size=(100, 30))
Screen._compositor_refresh = watched
library_screen.build_listing = held
sys.argv = ["newsread", "--library", sys.argv[1]]
try:
    launch.main()
except SystemExit:
    pass
print(json.dumps(seen[0] if seen else []))
"""

#: Loaded later: by the screens and dialogs they belong to, the first full listing or
#: search (in a worker, after the first frame), or the command that needs them; and
#: never for the app: the command line's parser and its commands.
NOT_AT_START = [
    "click",
    "tui_reader.cli",
    "tui_reader.cli_output",
    "tui_reader.ui.screens.reader",
    "tui_reader.ui.screens.highlights",
    "tui_reader.ui.screens.review",
    "tui_reader.ui.screens.feeds",
    "tui_reader.ui.screens.stats",
    "tui_reader.ui.dialogs.help",
    "tui_reader.query.nodes",
    "tui_reader.query.parser",
    "tui_reader.query.evaluate",
    "tui_reader.store.searching",
    "tui_reader.index",
    "tui_reader.importing",
    "tui_reader.anchoring",  # placing highlights: needed by the first highlight made
    "tui_reader.highlighting",
    "tui_reader.feeds.subscriptions",  # the first start asks only whether there are any
    "tui_reader.export",
    "lark",
    "sqlite3",
    "tomllib",
    "httpx",
    "feedparser",
    "trafilatura",
    "jinja2",
]


def test_the_first_frame_loads_only_what_the_library_screen_draws(
    library: Library, tmp_path: Path
) -> None:
    put_articles(library, [article(n) for n in range(5)])
    folder = library.folder
    library.close()
    env = {**os.environ, "NEWSREAD_CONFIG": str(tmp_path / "no-such-dir" / "config.toml")}
    out = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME, str(folder)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    ).stdout
    loaded = set(json.loads(out.strip().splitlines()[-1]))
    assert "tui_reader.ui.screens.library" in loaded  # the frame was seen
    assert sorted(loaded & set(NOT_AT_START)) == []
