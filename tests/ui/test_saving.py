"""The saver thread: ordered saves, typed answers to whoever asked, quitting that never
freezes the screen."""

from __future__ import annotations

import threading
from typing import Any

from textual import on
from textual.app import App, ComposeResult
from textual.widgets import Static

from tests.ui.library_pilot import article, put_articles, settle
from tui_reader.config import Config
from tui_reader.store import Library, StoreError
from tui_reader.ui.app import create_app
from tui_reader.ui.saving import THREAD_NAME, SaveDone, SaveFailed, Saver, SaverState
from tui_reader.ui.widgets.library.article_list import ArticleList


class Requester(Static):
    """A widget that asks the saver for writes and records the answers."""

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[tuple[str, Any, Any]] = []

    @on(SaveDone)
    def _done(self, message: SaveDone) -> None:
        self.answers.append(("done", message.request.context, message.result))

    @on(SaveFailed)
    def _failed(self, message: SaveFailed) -> None:
        self.answers.append(("failed", message.request.context, str(message.error)))


class SaverHost(App[None]):
    """A bare app owning a saver, recording the states it reports."""

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.states: list[tuple[str, str]] = []
        self.saver: Saver | None = None

    def compose(self) -> ComposeResult:
        yield Requester()

    def on_mount(self) -> None:
        self.saver = Saver(self.library, self)

    @on(SaverState)
    def _state(self, message: SaverState) -> None:
        self.states.append((message.state, message.detail))

    async def on_unmount(self) -> None:
        assert self.saver is not None
        await self.saver.close()


async def test_answers_go_to_the_requester_as_typed_messages_in_order(library: Library) -> None:
    put_articles(library, [article(1)])
    aid = article(1)[0].id
    app = SaverHost(library)
    async with app.run_test() as pilot:
        assert app.saver is not None
        requester = app.query_one(Requester)
        threads: list[str] = []

        def tag(name: str) -> Any:
            def write(lib: Library) -> Any:
                threads.append(threading.current_thread().name)
                return lib.set_tags(aid, [name]).tags

            return write

        def fail(_: Library) -> None:
            raise StoreError("disk full")

        for n in range(5):
            assert app.saver.submit("tags", tag(f"t{n}"), requester=requester, context=n)
        assert app.saver.submit("note", fail, requester=requester, context="bad")
        assert await app.saver.idle(5)
        await pilot.pause()
        assert requester.answers == [
            *[("done", n, (f"t{n}",)) for n in range(5)],
            ("failed", "bad", "disk full"),
        ]
        assert threads == [THREAD_NAME] * 5
        assert library.get(aid).tags == ("t4",)
        assert ("error", "note: disk full") in app.states
        assert app.states[0] == ("saving", "tags")


async def test_an_unexpected_exception_is_a_failure_not_a_dead_thread(library: Library) -> None:
    app = SaverHost(library)
    async with app.run_test() as pilot:
        assert app.saver is not None
        requester = app.query_one(Requester)

        def broken(_: Library) -> None:
            raise ValueError("a bug")

        app.saver.submit("note", broken, requester=requester)
        app.saver.submit("note", lambda _: "still alive", requester=requester)
        assert await app.saver.idle(5)
        await pilot.pause()
        assert requester.answers == [("failed", None, "note: a bug"), ("done", None, "still alive")]


async def test_run_waits_on_the_worker_thread_and_raises_what_the_write_raised(
    library: Library,
) -> None:
    app = SaverHost(library)
    async with app.run_test():
        saver = app.saver
        assert saver is not None
        outcome: list[object] = []

        def worker() -> None:
            outcome.append(saver.run("x", lambda _: threading.current_thread().name))
            try:
                saver.run("y", lambda _: (_ for _ in ()).throw(StoreError("no space")))
            except StoreError as error:
                outcome.append(str(error))

        thread = threading.Thread(target=worker)
        thread.start()
        thread.join(5)
        assert outcome == [THREAD_NAME, "no space"]


async def test_a_read_only_library_refuses_and_the_app_says_why(library_path: Any) -> None:
    Library.open(library_path, "write").close()
    read_only = Library.open(library_path, "read")
    try:
        app = SaverHost(read_only)
        async with app.run_test() as pilot:
            assert app.saver is not None
            assert app.saver.read_only_reason
            assert not app.saver.submit("note", lambda _: None)
            await pilot.pause()
            assert app.states == [("refused", app.saver.read_only_reason)]
    finally:
        read_only.close()


async def test_the_save_state_follows_the_saver(library: Library) -> None:
    app = create_app(library, Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        started = threading.Event()
        release = threading.Event()

        def slow_save(_: Library) -> str:
            started.set()
            release.wait(5)
            return "done"

        assert app.services.saver.submit("test", slow_save)
        assert started.wait(5)
        await pilot.pause()
        assert app.save_state == "saving"
        release.set()
        assert await app.services.saver.idle(5)
        await pilot.pause()
        assert app.save_state == "saved"


async def test_quitting_waits_for_saves_without_freezing_the_screen(library: Library) -> None:
    put_articles(library, [article(n) for n in range(1, 4)])
    aid = article(1)[0].id
    app = create_app(library, Config())
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        gate = threading.Event()

        def slow_note(lib: Library) -> None:
            gate.wait(10)
            lib.set_note(aid, "written before exit")

        assert app.services.saver.submit("note", slow_note)
        await pilot.press("ctrl+q")
        await pilot.pause()
        # Quitting is waiting for the saver, and the UI still answers keys meanwhile.
        assert app.is_running
        articles = app.screen.query_one(ArticleList)
        before = articles.cursor
        await pilot.press("j")
        await pilot.pause()
        assert articles.cursor == before + 1
        gate.set()
        await app.services.saver.idle(5)
        for _ in range(20):
            if not app.is_running:
                break
            await pilot.pause(0.05)
        assert not app.is_running
    assert library.get(aid).note == "written before exit"
