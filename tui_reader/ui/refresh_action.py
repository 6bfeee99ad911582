"""Refreshing feeds from the app: a thread worker running ``refresh_feeds``, writing
through the saver, its progress and outcome shown on every open screen.

The app runs it when a screen posts :class:`~tui_reader.ui.messages.RefreshRequested`
(``r`` in the library, ``r``/``R`` on the feeds screen). Downloads and parsing
happen on the worker's thread; each batch of entries is written by the saver
(the app's one writer), the worker waiting for it on its own thread. Progress
and the end come back to the app as :class:`RefreshProgress` and
:class:`RefreshFinished`, which it hands to every screen in its stack (the
library shows a progress line and then lists the new articles; the feeds
screen updates its counts) and sums up in one notification. Setting
``cancel`` (quitting does) stops the refresh; what was stored stays, and the
next refresh completes the rest.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, TypeVar

from textual.app import App
from textual.worker import Worker, WorkerState

from tui_reader.ui.labels import label
from tui_reader.ui.messages import RefreshFinished, RefreshProgress, RefreshRequested
from tui_reader.ui.services import Services

if TYPE_CHECKING:
    from tui_reader.feeds.refresh import RefreshEvent, RefreshReport

T = TypeVar("T")

#: The worker group of a refresh (one at a time).
GROUP = "refresh"

#: Failing feeds named in the notification before the rest are counted.
NAMED_FAILURES = 3


def refresh_running(app: App[object]) -> bool:
    """True while a refresh worker is running."""
    return any(
        w.group == GROUP and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
        for w in app.workers
    )


def run_refresh(
    app: App[object], services: Services, request: RefreshRequested, cancel: threading.Event
) -> Worker[None] | None:
    """Refresh ``request.keys`` (every feed when None) in a thread worker of ``app``;
    ``cancel`` stops it. None (and a notice) when one is already running or the library
    is read-only."""
    if refresh_running(app):
        app.notify("A refresh is already running.", severity="warning")
        return None
    if not services.saver.check_writable():
        return None
    saver = services.saver

    def write(batch: Callable[[], T]) -> T:
        return saver.run("refresh", lambda _library: batch())

    def progress(event: RefreshEvent) -> None:
        app.post_message(RefreshProgress(event.done, event.total, event.feed))

    def work() -> None:
        from tui_reader.feeds.refresh import refresh_feeds, select_feeds
        from tui_reader.feeds.subscriptions import subscriptions

        try:
            total = len(select_feeds(subscriptions(services.library), request.keys))
            app.post_message(RefreshProgress(0, total, ""))
            report = refresh_feeds(
                services.library, request.keys, writer=write, progress=progress, cancel=cancel
            )
        except Exception as error:  # one line; what was stored stays, whole
            app.post_message(RefreshFinished(None, str(error)))
        else:
            app.post_message(RefreshFinished(report))

    return app.run_worker(work, thread=True, group=GROUP, exit_on_error=False, name="refresh")


#: Said when a refresh finds no feed followed, unless the app gives its keys.
NO_FEEDS = "No feeds followed yet."


def pass_on(
    app: App[object], message: RefreshProgress | RefreshFinished, no_feeds: str = NO_FEEDS
) -> None:
    """On the UI thread: show ``message`` on every screen in the stack; at the end, one
    notification sums the refresh up (and another names the failing feeds). ``no_feeds``
    is what to say when no feed is followed (the app's keys to follow one)."""
    for screen in app.screen_stack:
        screen.post_message(replace(message))
    if isinstance(message, RefreshFinished):
        for text, severity in outcome(message, no_feeds):
            app.notify(text, title="Refresh", severity=severity, timeout=10)


def outcome(message: RefreshFinished, no_feeds: str = NO_FEEDS) -> list[tuple[str, str]]:
    """The notifications a finished refresh gives: (text, severity); ``no_feeds`` when
    no feed is followed."""
    report = message.report
    if report is None:
        return [(f"Refresh failed: {label(message.error, 300)}", "error")]
    if report.total == 0 and not report.cancelled:
        return [(no_feeds, "warning")]
    shown = [(summary(report), "information")]
    failed = report.failed
    if failed:
        names = [
            f"{label(f.sub.name, 60)} ({label(f.error, 80) or f.status})"
            for f in failed[:NAMED_FAILURES]
        ]
        more = len(failed) - NAMED_FAILURES
        text = f"{len(failed)} feed{'' if len(failed) == 1 else 's'} failed: " + "; ".join(names)
        if more > 0:
            text += f"; and {more} more (F lists them)"
        shown.append((text, "error"))
    return shown


def summary(report: RefreshReport) -> str:
    """One line: new and updated articles, highlights re-placed, feeds refreshed."""
    done = sum(1 for f in report.feeds if not f.failed and f.status != "skipped")
    feeds = f"{done} of {report.total} feed{'' if report.total == 1 else 's'} refreshed"
    parts = [f"{report.new:,} new article{'' if report.new == 1 else 's'}"]
    if report.updated:
        parts.append(f"{report.updated:,} updated")
    marks = [f.highlights() for f in report.feeds]
    stayed, moved, orphaned = (sum(m[i] for m in marks) for i in range(3))
    if moved or orphaned:  # the highlights of updated articles that did not simply stay
        parts.append(f"highlights: {stayed:,} stayed, {moved:,} moved, {orphaned:,} orphaned")
    parts.append(feeds)
    text = ", ".join(parts)
    return f"Refresh stopped: {text}" if report.cancelled else text
