"""The saver is the only writer in the app: every call that changes the library, from any
screen or worker (deleting, importing, annotating, the position saved on leaving and
at shutdown), runs on the saver's thread."""

from __future__ import annotations

import functools
import inspect
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest.mock import ANY

import pytest
from textual.widgets import Input

from tests.ui.library_pilot import article, put_articles, settle
from tui_reader.config import Config
from tui_reader.store import Library
from tui_reader.ui.app import create_app
from tui_reader.ui.saving import THREAD_NAME
from tui_reader.ui.widgets.reader.article_view import ArticleView

#: Library methods that change what is on disk.
WRITES = frozenset(
    {
        "put_article",
        "put_many",
        "delete",
        "set_tags",
        "set_note",
        "set_position",
        "set_state",
        "set_queue",
        "create_highlight",
        "put_highlight",
        "put_highlights",
        "update_highlight",
        "delete_highlight",
        "delete_highlights",
        "set_settings",
        "put_review_records",
        "bulk",
    }
)

#: Public Library methods that only read (or release the library when it closes).
READS = frozenset(
    {
        "open",
        "close",
        "take_warnings",
        "recent",
        "articles",
        "get",
        "get_many",
        "resolve",
        "find_by_url",
        "paragraphs",
        "text",
        "tag_counts",
        "highlight_tag_counts",
        "warm_search",
        "interrupt_index_build",
        "search",
        "search_hits",
        "highlight_counts",
        "highlight_tallies",
        "meta_record",
        "saved",
        "text_order",
        "highlights",
        "highlight_count",
        "all_highlights",
        "highlight_records",
        "get_highlight",
        "orphans",
        "check",
        "settings",
        "registry",
        "subscribe",
        "review_records",
        "review_record",
    }
)


def public_methods() -> set[str]:
    """The names of Library's public methods (properties aside)."""
    return {
        name
        for name, value in vars(Library).items()
        if not name.startswith("_")
        and (inspect.isfunction(value) or isinstance(value, classmethod | staticmethod))
    }


def test_every_library_method_is_known_as_a_read_or_a_write() -> None:
    """A new write method must join WRITES, or the guard below would not watch it."""
    assert public_methods() == WRITES | READS


def guard_writes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, tuple[Any, ...]]]:
    """Record (method, thread name, arguments) for every write to any Library from now on."""
    calls: list[tuple[str, str, tuple[Any, ...]]] = []
    for name in WRITES:
        original = getattr(Library, name)

        def wrapper(
            *args: Any, __name: str = name, __original: Callable[..., Any] = original, **kw: Any
        ) -> Any:
            calls.append((__name, threading.current_thread().name, args[1:]))
            return __original(*args, **kw)

        monkeypatch.setattr(Library, name, functools.wraps(original)(wrapper))
    return calls


async def test_every_write_in_a_session_happens_on_the_saver_thread(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    put_articles(library, [article(n, paragraphs=8) for n in range(1, 6)])
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n in range(3):
        body = "\n\n".join(f"Paragraph {p} of story {n}." for p in range(8))
        (inbox / f"story{n}.txt").write_text(f"Story {n}\n\n{body}\n", "utf-8")
    app = create_app(library, Config())
    calls = guard_writes(monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("d", "y")  # delete an article
        await settle(pilot)
        await pilot.press("a")  # import a folder
        await pilot.pause()
        app.screen.query_one(Input).value = str(inbox)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # open the reader
        await settle(pilot)
        await pilot.press("h", "2", "n")  # highlight, colour it, write a note
        await pilot.pause()
        await pilot.press(*"a note", "ctrl+s")
        await settle(pilot)
        await pilot.press("T")  # the article's tags
        await pilot.pause()
        await pilot.press(*"kept", "enter")
        await settle(pilot)
        await pilot.press("u", "ctrl+r", "x", "j", "j", "q")  # undo, redo, delete, move, back
        await settle(pilot)
        await pilot.press("enter")  # open again, move, and quit from the reader
        await settle(pilot)
        await pilot.press("j", "j", "j")
        await pilot.pause()
        reader_article = app.screen.article_id  # type: ignore[attr-defined]
        cursor = app.screen.query_one(ArticleView).cursor
        assert cursor == 5, "j j after reopening at paragraph 2"
        await pilot.press("ctrl+q")
        for _ in range(40):
            if not app.is_running:
                break
            await pilot.pause(0.05)
    written = {name for name, _, _ in calls}
    assert {"delete", "put_many", "put_highlight", "delete_highlight", "set_tags"} <= written
    elsewhere = [(name, thread) for name, thread, _ in calls if thread != THREAD_NAME]
    assert elsewhere == [], "written outside the saver thread"
    assert calls[-1][::2] == ("set_position", (reader_article, cursor)), "saved at shutdown"
    assert library.get(reader_article).position == cursor


async def test_the_guard_sees_a_write_made_elsewhere(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check above can fail: a write made on the UI thread is caught."""
    put_articles(library, [article(1)])
    app = create_app(library, Config())
    calls = guard_writes(monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        library.set_note(article(1)[0].id, "written on the UI thread")
    assert calls == [("set_note", threading.current_thread().name, (article(1)[0].id, ANY))]
