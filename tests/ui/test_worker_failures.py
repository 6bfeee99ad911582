"""A background job that fails unexpectedly says so, instead of a key doing nothing."""

from __future__ import annotations

import pytest

from tests.conftest import shown_notifications
from tui_reader.store import Library
from tui_reader.ui.app import create_app


async def test_a_review_that_cannot_be_built_is_reported(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui_reader.review.queue as queue

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the \x1b[31mcards\x1b[0m are gone")

    monkeypatch.setattr(queue, "build_queue", broken)
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("R")
        await app.workers.wait_for_complete()
        await pilot.pause()
        [failed] = [n for n in shown_notifications(app) if n.severity == "error"]
        assert failed.message.startswith(
            "Something went wrong in the background (review): RuntimeError: the "
        )
        assert "cards" in failed.message and "\x1b" not in failed.message and not failed.markup


async def test_a_screen_worker_that_raises_is_reported(library: Library) -> None:
    from textual.screen import Screen

    from tui_reader.ui.worker_failures import ReportsFailedWorkers

    class Busy(ReportsFailedWorkers, Screen[None]):
        def on_mount(self) -> None:
            def boom() -> None:
                raise ValueError("[b]not markup[/b]")

            self.run_worker(boom, thread=True, name="busy work", exit_on_error=False)

    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.push_screen(Busy())
        for _ in range(50):  # the worker runs in a thread
            await pilot.pause(0.02)
            if any(n.severity == "error" for n in shown_notifications(app)):
                break
        errors = [n for n in shown_notifications(app) if n.severity == "error"]
        assert [n.message for n in errors] == [
            "Something went wrong in the background (busy work): ValueError: [b]not markup[/b]"
        ]
        assert not errors[0].markup
