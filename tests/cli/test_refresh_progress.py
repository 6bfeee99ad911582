"""``newsread refresh``'s progress bar: feeds done and what they brought, never the name of
the last feed done (it read as the one being fetched)."""

from __future__ import annotations

from typing import Any

import pytest

from tui_reader import cli_output
from tui_reader.feeds.refresh import FeedStatus, RefreshEvent


class _Bar:
    """Stands for the Rich progress bar: records what it was asked to show."""

    def __init__(self) -> None:
        self.shown: list[dict[str, Any]] = []
        self.stopped = False

    def add_task(self, description: str, **fields: Any) -> int:
        return 0

    def start(self) -> None:
        pass

    def stop(self) -> None:
        self.stopped = True

    def update(self, task: int, **fields: Any) -> None:
        self.shown.append(fields)


def test_the_refresh_bar_counts_feeds_and_articles_and_names_no_feed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bar = _Bar()
    monkeypatch.setattr(cli_output, "_stderr_bar", lambda label, enabled, **kw: bar)
    events = [
        RefreshEvent(1, 4, "Harbour News", "http://127.0.0.1/a", FeedStatus.REFRESHED, 3, 1),
        RefreshEvent(2, 4, "Quiet Blog", "http://127.0.0.1/b", FeedStatus.NOT_MODIFIED),
        RefreshEvent(3, 4, "Broken Feed", "http://127.0.0.1/c", FeedStatus.FAILED, error="500"),
        RefreshEvent(4, 4, "Ferry Times", "http://127.0.0.1/d", FeedStatus.REFRESHED, 2),
    ]
    with cli_output.refresh_bar(True) as on_event:
        for event in events:
            on_event(event)
    assert bar.stopped
    assert [(s["completed"], s["total"]) for s in bar.shown] == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert [s["name"] for s in bar.shown] == [
        "3 new · 1 updated",
        "3 new · 1 updated",
        "3 new · 1 updated · 1 failed",
        "5 new · 1 updated · 1 failed",
    ]
    shown = " ".join(s["name"] for s in bar.shown)
    assert not any(event.feed in shown for event in events)
