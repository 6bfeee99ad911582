"""Start-up never pays for heavy importers, and the CLI loads Textual only to start the app.

That the core never imports Textual at all is an import-linter contract
(pyproject.toml, checked by tests/test_contracts.py): it sees imports inside
functions too. The CLI is allowed to import the UI, but only when it starts the app,
which is what the first test here checks.
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

CORE = [
    "tui_reader.model",
    "tui_reader.store",
    "tui_reader.query",
    "tui_reader.index",
    "tui_reader.ingest",
    "tui_reader.anchoring",
    "tui_reader.annotating",
    "tui_reader.highlighting",
    "tui_reader.history",
    "tui_reader.importing",
    "tui_reader.annotated_merge",
    "tui_reader.ingest.tools",
    "tui_reader.ingest.tools.kindle",
    "tui_reader.ingest.tools.koreader",
    "tui_reader.ingest.tools.omnivore",
    "tui_reader.ingest.tools.pocket",
    "tui_reader.config",
    "tui_reader.cli",
]


def modules_after_import(*names: str) -> set[str]:
    """The modules loaded in a fresh interpreter after importing ``names``."""
    code = "import sys\n" + "".join(f"import {n}\n" for n in names)
    code += "print('\\n'.join(sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    ).stdout
    return set(out.split())


def test_the_cli_loads_no_textual_until_it_starts_the_app() -> None:
    loaded = modules_after_import("tui_reader.cli")
    assert "textual" not in loaded
    assert not [m for m in loaded if m.startswith("textual.")]


def test_core_does_not_import_heavy_libraries_at_start() -> None:
    loaded = modules_after_import(*CORE)
    for heavy in ("trafilatura", "feedparser", "httpx", "lxml"):
        assert heavy not in loaded, heavy


def test_opening_a_library_does_not_load_the_search_index() -> None:
    # sqlite3 and the index load on the first search or write, after the first frame
    loaded = modules_after_import("tui_reader.store")
    assert "sqlite3" not in loaded
    assert "tui_reader.index" not in loaded


def test_the_first_frame_loads_neither_the_search_index_nor_the_parser() -> None:
    # What the app imports to draw the library: sqlite3 and lark wait for the first search
    # (round 2 loaded both at start-up, about 30 ms of a cold start).
    loaded = modules_after_import(
        "tui_reader.cli",
        "tui_reader.ui.app",
        "tui_reader.ui.screens.library",
        "tui_reader.ui.screens.reader",
        "tui_reader.ui.listing",
    )
    for deferred in ("sqlite3", "lark", "tui_reader.index.search_index", "hashlib"):
        assert deferred not in loaded, deferred


def test_the_library_screen_defers_evaluation_imports_and_dialogs() -> None:
    # Drawing the library's first frame needs none of these: the listing worker loads
    # evaluation and the index after the first paint, an import loads importing, a
    # dialog its module when it opens.
    loaded = modules_after_import(
        "tui_reader.cli",
        "tui_reader.ui.app",
        "tui_reader.ui.screens.library",
        "tui_reader.ui.listing",
    )
    for deferred in (
        "tui_reader.query.evaluate",
        "tui_reader.query.parser",
        "tui_reader.index",
        "tui_reader.importing",
        "tui_reader.ui.dialogs.saved_searches",
    ):
        assert deferred not in loaded, deferred
