"""Quitting during an import stops it: the download is abandoned, the app ends, and nothing
is left running that would hold the process open."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from textual.widgets import Input

from tests.ingest.test_deadline import Trickle, trickle  # noqa: F401 (a fixture)
from tests.ui.library_pilot import settle
from tui_reader import importing
from tui_reader.config import Config
from tui_reader.importing import ImportReport
from tui_reader.store import Library
from tui_reader.ui import import_action
from tui_reader.ui.app import create_app


async def test_quitting_abandons_a_running_import(
    library: Library,
    trickle: Trickle,  # noqa: F811 (the fixture imported above)
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The page trickles in one byte every 0.1 s: every read is on time, the whole never is."""
    ended = threading.Event()
    reports: list[ImportReport] = []

    def watched(*args: Any, **kwargs: Any) -> ImportReport:
        try:
            report = importing.import_inputs(*args, **kwargs)
            reports.append(report)
            return report
        finally:
            ended.set()

    monkeypatch.setattr(import_action, "import_inputs", watched)
    app = create_app(library, Config())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one(Input).value = trickle.url("/slow")
        await pilot.press("enter")
        for _ in range(100):
            if trickle.connections:
                break
            await pilot.pause(0.05)
        assert trickle.connections, "the download started"
        assert not ended.is_set()
        await pilot.press("ctrl+q")
        for _ in range(100):
            if not app.is_running:
                break
            await pilot.pause(0.05)
        assert not app.is_running
    # The fetch's own deadline is a minute away: only the cancel ends it this soon.
    assert ended.wait(10), "the import worker stopped"
    assert reports and reports[0].cancelled
    assert len(library) == 0
