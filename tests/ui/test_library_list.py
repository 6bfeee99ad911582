"""The library list: bounded widgets, lazy counts, layout, sorting, empty states, hostile text."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from tests.ui.library_pilot import (
    add_generated,
    article,
    list_rows,
    notices,
    put_articles,
    screen_text,
    settle,
)
from tui_reader.config import Config
from tui_reader.importing import add_documents
from tui_reader.model import Article, Document, Paragraph, ReadingState
from tui_reader.sanitize import clean_tag
from tui_reader.store import Library
from tui_reader.ui.app import create_app
from tui_reader.ui.listing import SortMode, sort_articles
from tui_reader.ui.widgets.library.article_list import ArticleList
from tui_reader.ui.widgets.library.list_columns import GAP, LEAD, layout_columns

HOSTILE = [
    "[bold]",
    "see x [/b] y",
    "[ b @click=app.quit]x",
    "[$accent @click=app.bell]x",
    "[link=file:///etc/passwd]x[/link]",
]


async def _mounted_widgets(library: Library) -> tuple[int, int]:
    app = create_app(library, Config())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        rows = len(app.screen.query_one(ArticleList).rows)
        return len(list(app.screen.walk_children(with_self=True))), rows


async def test_widget_count_does_not_grow_with_the_library(tmp_path: object) -> None:
    small = Library.open(tmp_path / "small", "write")  # type: ignore[operator]
    big = Library.open(tmp_path / "big", "write")  # type: ignore[operator]
    try:
        add_generated(small, 10)
        add_generated(big, 2000)
        small_widgets, small_rows = await _mounted_widgets(small)
        big_widgets, big_rows = await _mounted_widgets(big)
    finally:
        small.close()
        big.close()
    assert (small_rows, big_rows) == (10, 2000)
    assert small_widgets == big_widgets


async def test_counts_are_fetched_only_for_rows_on_screen(library: Library) -> None:
    add_generated(library, 300)
    target = sort_articles(library.articles(), SortMode.ADDED)[1]
    library.create_highlight(target.id, 0, 0, 4)
    library.create_highlight(target.id, 0, 5, 9)
    app = create_app(library, Config())
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        known = [a.id for a in articles.rows if articles.count_for(a.id) is not None]
        assert 0 < len(known) <= articles.page_rows
        assert articles.count_for(target.id) == 2
        line = next(x for x in screen_text(app).splitlines() if target.title in x)
        assert line.split()[-3] == "2"
        await pilot.press("end")
        await settle(pilot)
        assert articles.count_for(articles.rows[-1].id) == 0, "scrolling fetches the new rows"


def test_columns_fill_the_width_and_the_title_flexes() -> None:
    for width in (40, 60, 78, 98, 158, 238):
        columns = layout_columns(width)
        assert LEAD + sum(c.width for c in columns) + GAP * (len(columns) - 1) == width
        assert columns[0].key == "title"
        assert {"date", "highlights", "progress", "state"} <= {c.key for c in columns}
    wide = {c.key: c.width for c in layout_columns(158)}
    narrow = {c.key: c.width for c in layout_columns(78)}
    assert wide["title"] > narrow["title"] >= 16
    assert {"source", "tags"} <= narrow.keys()
    assert "tags" not in {c.key for c in layout_columns(50)}


def test_sorts() -> None:
    a = Article(id="a", title="beta", added="2024-01-01", published="2023-05-01")
    b = Article(id="b", title="Alpha", added="2024-02-01", published="")
    c = Article(
        id="c", title="gamma", added="2024-01-15", published="2023-09-09", paragraph_count=5
    )
    c.position, c.state = 2, ReadingState.READING
    assert [x.id for x in sort_articles([a, b, c], SortMode.ADDED)] == ["b", "c", "a"]
    assert [x.id for x in sort_articles([a, b, c], SortMode.PUBLISHED)] == ["c", "a", "b"]
    assert [x.id for x in sort_articles([a, b, c], SortMode.TITLE)] == ["b", "a", "c"]
    assert [x.id for x in sort_articles([a, b, c], SortMode.PROGRESS)] == ["c", "b", "a"]
    assert [m.next() for m in SortMode] == [*list(SortMode)[1:], SortMode.ADDED]


async def test_an_empty_library_says_how_to_add_articles(library: Library) -> None:
    app = create_app(library, Config())
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Your library is empty." in text
        assert "Press a to add" in text
        assert "newsread add PATH" in text
        await pilot.press("d")
        assert "No article to delete." in notices(app)


async def test_an_empty_search_says_so_and_how_to_clear_it(library: Library) -> None:
    put_articles(library, [article(1), article(2, tags=("x",))])
    app = create_app(library, Config())
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await pilot.press("t", "x", "enter", "slash", *"nothing-like-this")
        await settle(pilot)
        text = screen_text(app)
        assert "No articles match." in text
        assert "Press esc to clear the search." in text
        assert "Press t, then enter on an empty line" in text
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert len(list_rows(app)) == 2
        assert "No articles match." not in screen_text(app)


@pytest.fixture
def hostile(library: Library) -> Library:
    """Articles whose title, source and tags are markup and escape sequences."""
    items = []
    for n, text in enumerate(HOSTILE):
        record, body = article(n, f"T {text}", source=f"S {text}", tags=(f"g{text}",))
        items.append((record, body))
    record, body = article(9, "Bell \x1b]8;;file:///etc/passwd\x07link\x1b]8;;\x07 \x1b[31mred")
    items.append((record, body))
    put_articles(library, items)
    return library


async def test_hostile_text_is_shown_literally_and_never_acts(hostile: Library) -> None:
    app = create_app(hostile, Config())
    bells: list[bool] = []
    app.bell = lambda: bells.append(True)  # type: ignore[method-assign]
    async with app.run_test(size=(200, 30)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        for raw in HOSTILE:
            assert f"T {raw}" in text
            # Source and tag columns are narrower: their start is shown, cut with an ellipsis.
            assert f"S {raw}"[:18] in text
            # The store cleans tags on the way in (inner spaces become "-"); the markup stays.
            assert clean_tag(f"g{raw}")[:18] in text
        assert "Bell link red" in text.replace("  ", " ")
        articles = app.screen.query_one(ArticleList)
        for y in range(len(articles.rows) + 1):
            for segment in articles.render_line(y):
                assert "\x1b" not in segment.text
                style = segment.style
                assert style is None or not style.link
                assert style is None or set(style.meta) <= {"row"}
        # Clicking titles only moves the cursor.
        for row in range(len(articles.rows)):
            await pilot.click(ArticleList, offset=(5, row + 1))
            await pilot.pause()
            assert articles.cursor == row
        assert not app._exit and not bells
        # The search box, the status line, the tag dialog and the confirmation show them too.
        await pilot.press("slash")
        app.screen.query_one("#search", Input).value = HOSTILE[2]
        await settle(pilot)
        assert f"search: “{HOSTILE[2]}”" in screen_text(app)
        await pilot.press("escape", "t")
        await pilot.pause()
        dialog_text = screen_text(app)
        for raw in HOSTILE:
            assert clean_tag(f"g{raw}") in dialog_text
        await pilot.press(*"g[bold]", "enter")
        await settle(pilot)
        assert list_rows(app) == ["T [bold]"]
        assert "tag: g[bold]" in screen_text(app)
        await pilot.press("d")
        await pilot.pause()
        assert "Delete “T [bold]”?" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert "Deleted “T [bold]”." in notices(app)
        assert not app._exit and not bells


async def test_first_listing_comes_from_the_recent_cache_then_the_catalog(library: Library) -> None:
    from tui_reader.model import Document, Paragraph
    from tui_reader.ui.widgets.library.article_list import ArticleList

    add_documents(
        library,
        [Document(title=f"Article {i}", paragraphs=[Paragraph(f"Text {i}.")]) for i in range(130)],
    )
    seen: list[tuple[bool, int]] = []
    original = ArticleList.set_rows

    def spy(self: ArticleList, rows, **options) -> None:  # type: ignore[no-untyped-def]
        rows = list(rows)
        seen.append((self.screen.listing.partial, len(rows)))  # type: ignore[attr-defined]
        original(self, rows, **options)

    ArticleList.set_rows = spy  # type: ignore[method-assign]
    try:
        app = create_app(library, Config())
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert seen[0] == (True, 100)
            assert seen[-1] == (False, 130)
            assert "130 articles" in screen_text(app)
    finally:
        ArticleList.set_rows = original  # type: ignore[method-assign]


async def test_the_first_frame_shows_the_newest_articles(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The newest articles (recent.json) are read by the factory, before the app runs: the
    library screen's first frame shows them, not an empty list drawn again once a worker
    has read them (start-up to first frame, issue 12). A worker reading them is made slow
    here, so a first frame without them would be seen."""
    import threading
    import time

    from textual.screen import Screen

    from tui_reader.ui.screens.library import LibraryScreen

    add_documents(library, [Document(f"Article {i}", [Paragraph(f"Text {i}.")]) for i in range(5)])
    main = threading.main_thread()
    recent = Library.recent

    def slow_in_a_worker(self: Library) -> list[Article]:
        if threading.current_thread() is not main:
            time.sleep(0.5)
        return recent(self)

    monkeypatch.setattr(Library, "recent", slow_in_a_worker)
    first_frame: list[int] = []
    refresh = Screen._compositor_refresh

    def watched(self: Screen[object]) -> None:
        refresh(self)
        if isinstance(self, LibraryScreen) and not first_frame:
            first_frame.append(len(self.query_one(ArticleList).rows))

    monkeypatch.setattr(Screen, "_compositor_refresh", watched)
    app = create_app(library, Config())
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        assert len(list_rows(app)) == 5
    assert first_frame == [5]


async def test_the_rows_widths_are_measured_off_the_ui_thread(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Measuring every row's title, source and tags cost the UI thread 0.3 s at 100,000
    articles, at every reload (a refresh reloads the list when it ends): the listing
    worker measures them and the list takes its figures."""
    import threading

    from tui_reader.ui.screens import library as library_screen
    from tui_reader.ui.widgets.library import article_list, list_columns

    measured: list[tuple[str, int]] = []

    def measuring(rows: list[Article]) -> list_columns.Widest:
        measured.append((threading.current_thread().name, len(rows)))
        return list_columns.widest_of(rows)

    monkeypatch.setattr(library_screen, "widest_of", measuring)
    monkeypatch.setattr(article_list, "widest_of", measuring)
    add_generated(library, 150)
    add_documents(library, [Document("An unusually long title " * 4, [Paragraph("Text.")])])
    app = create_app(library, Config())
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleList)
        assert len(view.rows) == 151
        assert view._widest == list_columns.widest_of(view.rows)  # the worker's figures
    main = threading.main_thread().name
    assert {count for thread, count in measured if thread != main} == {151}
    assert all(count <= 100 for thread, count in measured if thread == main)  # recent.json
