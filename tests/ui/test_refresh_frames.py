"""What a refresh costs the UI thread: each progress step, and each write's "saving" and
"saved", redraws its own cell; none lays the whole screen out and draws it again (with
a refresh's workers holding the GIL meanwhile, such a frame went past 100 ms)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from textual.widgets import Static

from tests.ui.library_pilot import settle
from tui_reader.config import Config
from tui_reader.model import Article
from tui_reader.store import Library
from tui_reader.ui.app import create_app
from tui_reader.ui.messages import RefreshProgress
from tui_reader.ui.screens.library import LibraryScreen
from tui_reader.ui.widgets.library.list_columns import widest_of


def count_layouts(screen: Any, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that gets an item each time ``screen``'s kind lays itself out (until the
    patch is undone)."""
    layouts: list[int] = []
    real = type(screen)._refresh_layout

    def counted(self: Any, *args: Any, **kwargs: Any) -> None:
        layouts.append(1)
        real(self, *args, **kwargs)

    monkeypatch.setattr(type(screen), "_refresh_layout", counted)
    return layouts


async def test_progress_steps_do_not_lay_the_screen_out_again(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(library, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        screen.post_message(RefreshProgress(0, 200, ""))  # the bar appears: a layout
        await pilot.pause()
        layouts = count_layouts(screen, monkeypatch)
        for done in range(1, 6):
            screen.post_message(RefreshProgress(done, 200, f"Feed {done}"))
            await pilot.pause()
        monkeypatch.undo()
        label = str(screen.query_one("#import-label", Static).render())
        assert label == "Refreshing feeds 5/200"
        assert layouts == [], "each step redrew the bar, not the screen"


async def test_saving_and_saved_redraw_the_indicator_not_the_screen(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each write of a refresh turns the indicator to "saving" and back: one cell to draw
    again, not the whole screen to lay out (and draw) again."""
    app = create_app(library, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        layouts = count_layouts(screen, monkeypatch)
        shown: list[str] = []
        for state in ("saving", "saved", "saving", "saved"):
            app.save_state = state
            await pilot.pause()
            shown.append(str(screen.query_one("#save-indicator").render()))
        monkeypatch.undo()
        assert shown == ["… saving", "✓ saved", "… saving", "✓ saved"]
        assert layouts == []
        app.save_state = "error"  # wider: laid out again
        await pilot.pause()
        assert str(screen.query_one("#save-indicator").render()) == "✗ not saved"


class _Walked(list[Article]):
    """A list of rows that counts the walks over it."""

    walks = 0

    def __iter__(self) -> Iterator[Article]:
        _Walked.walks += 1
        return super().__iter__()


async def test_the_new_listing_is_shown_without_walking_its_rows(library: Library) -> None:
    """The worker measured the rows and found the article the cursor stays on: the UI
    thread neither copies nor walks the 100,000 rows a refresh's listing hands it."""
    rows = _Walked(Article(id=f"{n:016x}", title=f"Tide {n}") for n in range(500))
    app = create_app(library, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        _Walked.walks = 0
        screen.article_list.set_rows(
            rows, keep=rows[321].id, keep_at=321, widest=widest_of(rows[:1])
        )
        await pilot.pause()
        assert _Walked.walks == 0
        current = screen.article_list.current
        assert current is not None and current.id == rows[321].id
        # A wrong hint is checked, and the rows searched.
        screen.article_list.set_rows(rows, keep=rows[7].id, keep_at=321)
        current = screen.article_list.current
        assert current is not None and current.id == rows[7].id
