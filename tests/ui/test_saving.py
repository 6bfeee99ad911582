"""The saver thread: ordered saves that never need the UI thread to finish."""

from __future__ import annotations

import threading

from tui_reader.config import Config
from tui_reader.store import Library
from tui_reader.ui.app import create_app


async def test_waiting_for_saves_on_the_ui_thread_does_not_deadlock(library: Library) -> None:
    app = create_app(library, Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        started = threading.Event()
        release = threading.Event()

        def slow_save() -> str:
            started.set()
            release.wait(5)
            return "done"

        reported: list[str] = []
        assert app.save("test", slow_save, on_done=reported.append)
        assert started.wait(5)
        assert app.save_state == "saving"
        release.set()
        # The UI thread blocks here; the saver must finish without it.
        assert app.wait_for_saves(timeout=5)
        await pilot.pause()
        assert reported == ["done"]
        assert app.save_state == "saved"


async def test_saves_run_in_the_order_they_were_made(library: Library) -> None:
    app = create_app(library, Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        order: list[int] = []
        for n in range(20):
            app.save("n", lambda n=n: order.append(n))
        assert app.wait_for_saves(timeout=5)
        await pilot.pause()
        assert order == list(range(20))
