"""Every key of the library screen, pressed with Pilot: what changes on screen and in the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from tests.ui.library_pilot import article, list_rows, notices, put_articles, screen_text, settle
from tui_reader.config import Config
from tui_reader.model import Paragraph, ReadingState
from tui_reader.store import Library, NotFound
from tui_reader.ui.app import NewsreadApp, create_app
from tui_reader.ui.messages import ImportAdvanced
from tui_reader.ui.screens.library import LibraryScreen
from tui_reader.ui.widgets.library.article_list import ArticleList

SIZE = (100, 20)
#: Rows of articles on screen at SIZE: 20 lines minus header, status, footer and list header.
PAGE = 16


@pytest.fixture
def forty(library: Library) -> Library:
    """40 articles with fixed dates; article 39 is the newest. A few carry tags."""
    items = [
        article(n, tags=("science",) if n % 10 == 0 else ("cooking", "bread") if n == 7 else ())
        for n in range(40)
    ]
    record, _ = article(12, "Airships over the valley")
    items[12] = (record, [Paragraph("The zeppelin drifted over the hills.")])
    put_articles(library, items)
    return library


def cursor_line(app: NewsreadApp) -> str:
    """The screen line carrying the cursor marker."""
    return next(line for line in screen_text(app).splitlines() if line.startswith("▌"))


def articles(app: NewsreadApp) -> ArticleList:
    return app.screen.query_one(ArticleList)


async def test_j_k_and_arrows_move_the_cursor(forty: Library) -> None:
    app = create_app(forty, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = list_rows(app)
        assert titles[0] in cursor_line(app)
        await pilot.press("j")
        assert titles[1] in cursor_line(app)
        await pilot.press("down", "down")
        assert titles[3] in cursor_line(app)
        await pilot.press("k")
        assert titles[2] in cursor_line(app)
        await pilot.press("up", "up", "up")
        assert articles(app).cursor == 0, "the cursor stops at the first row"
        assert titles[0] in cursor_line(app)


async def test_page_keys_home_and_end(forty: Library) -> None:
    app = create_app(forty, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = list_rows(app)
        assert articles(app).page_rows == PAGE
        assert titles[PAGE] not in screen_text(app)
        await pilot.press("pagedown")
        assert articles(app).cursor == PAGE
        assert titles[PAGE] in cursor_line(app), "the list scrolled to show the cursor"
        await pilot.press("pageup")
        assert articles(app).cursor == 0
        await pilot.press("end")
        assert titles[-1] in cursor_line(app)
        assert titles[0] not in screen_text(app)
        await pilot.press("home")
        assert titles[0] in cursor_line(app)


async def test_g_and_capital_g_go_to_the_first_and_last_article(forty: Library) -> None:
    app = create_app(forty, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = list_rows(app)
        await pilot.press("G")
        assert articles(app).cursor == len(titles) - 1
        assert titles[-1] in cursor_line(app) and titles[0] not in screen_text(app)
        await pilot.press("g")
        assert articles(app).cursor == 0 and titles[0] in cursor_line(app)
        assert isinstance(app.screen, LibraryScreen)


async def test_enter_opens_the_reader_and_the_row_is_refreshed_on_return(
    forty: Library,
) -> None:
    from tui_reader.ui.screens.reader import ReaderScreen

    app = create_app(forty, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")
        chosen = articles(app).current
        assert chosen is not None
        assert "0%" in cursor_line(app) and "unread" in cursor_line(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article_id == chosen.id
        # What the reader would do: save a position and a highlight through the saver.
        saver = app.services.saver
        saver.submit("position", lambda library: library.set_position(chosen.id, 3))
        saver.submit("highlight", lambda library: library.create_highlight(chosen.id, 0, 0, 9))
        app.screen.dismiss()
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        line = cursor_line(app)
        assert chosen.title in line
        assert "75%" in line and "reading" in line
        assert line.split()[-3] == "1", "the highlight count was re-read"


async def test_slash_searches_as_you_type_and_escape_clears(forty: Library) -> None:
    app = create_app(forty, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*"valley")
        await settle(pilot)
        assert list_rows(app) == ["Airships over the valley"]
        assert "search: “valley”" in screen_text(app)
        await pilot.press(*["backspace"] * 6, *"BREAD")
        await settle(pilot)
        assert list_rows(app) == ["Article number 7"], "tags are searched, without case"
        # Full text: the word is only in the body of article 12.
        await pilot.press(*["backspace"] * 5, *"zeppelin")
        await settle(pilot)
        assert list_rows(app) == ["Airships over the valley"]
        await pilot.press("enter")
        assert app.focused is articles(app), "enter goes back to the list, keeping the search"
        await pilot.press("escape")
        await settle(pilot)
        assert len(list_rows(app)) == 40
        assert "search" not in screen_text(app)


async def test_t_filters_by_tag_and_empty_clears(forty: Library) -> None:
    from tui_reader.ui.dialogs.tag_filter import FilterDialog

    app = create_app(forty, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, FilterDialog)
        assert "science" in screen_text(app) and "cooking" in screen_text(app)
        await pilot.press(*"SCIENCE", "enter")
        await settle(pilot)
        assert sorted(list_rows(app)) == [f"Article number {n}" for n in (0, 10, 20, 30)]
        assert "tag: science" in screen_text(app)
        assert "4 of 40 articles" in screen_text(app)
        # Pick from the list instead of typing: the tags are listed most used first.
        await pilot.press("t", "down", "down", "enter")
        await settle(pilot)
        assert list_rows(app) == ["Article number 7"]
        await pilot.press("t", "backspace", "enter")
        await settle(pilot)
        assert len(list_rows(app)) == 40
        assert "tag:" not in screen_text(app)


async def test_escape_in_the_tag_dialog_keeps_the_filter(forty: Library) -> None:
    app = create_app(forty, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t", *"bread", "enter")
        await settle(pilot)
        assert list_rows(app) == ["Article number 7"]
        await pilot.press("t", "x", "escape")
        await settle(pilot)
        assert list_rows(app) == ["Article number 7"]
        await pilot.press("escape")  # escape on the list clears the filter
        await settle(pilot)
        assert len(list_rows(app)) == 40


async def test_s_cycles_the_sort(forty: Library) -> None:
    app = create_app(forty, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "sorted by added, newest first" in screen_text(app)
        assert "Added ▼" in screen_text(app)
        await pilot.press("s")
        await settle(pilot)
        assert "sorted by published" in screen_text(app)
        assert "Published ▼" in screen_text(app)
        await pilot.press("s")
        await settle(pilot)
        assert "sorted by title, A to Z" in screen_text(app)
        assert "Title ▲" in screen_text(app)
        rows = list_rows(app)
        assert rows == sorted(rows, key=str.casefold)
        assert rows[0] == "Airships over the valley"
        await pilot.press("s")
        await settle(pilot)
        assert "sorted by progress" in screen_text(app)
        await pilot.press("s")
        await settle(pilot)
        assert "sorted by added" in screen_text(app)


async def test_a_imports_a_file_and_selects_it(forty: Library, tmp_path: Path) -> None:
    from tui_reader.ui.dialogs.add import AddDialog

    source = tmp_path / "note.md"
    source.write_text("# A fresh note\n\nIt has a paragraph.\n", "utf-8")
    app = create_app(forty, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AddDialog)
        app.screen.query_one(Input).value = str(source)  # typing a long path is slow
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert any("1 added" in m for m in notices(app))
        assert "A fresh note" in cursor_line(app)
        assert len(forty) == 41


async def test_a_reports_a_bad_path_and_changes_nothing(forty: Library, tmp_path: Path) -> None:
    app = create_app(forty, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one(Input).value = str(tmp_path / "missing.txt")
        await pilot.press("enter")
        await settle(pilot)
        assert any("1 failed" in m for m in notices(app))
        assert any("missing.txt" in m for m in notices(app))
        assert len(forty) == 40


async def test_escape_cancels_the_add_dialog(forty: Library) -> None:
    app = create_app(forty, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a", "x", "escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert len(forty) == 40


async def test_d_asks_and_n_keeps_y_deletes(forty: Library) -> None:
    from tui_reader.ui.dialogs.confirm import ConfirmScreen

    app = create_app(forty, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        victim = articles(app).current
        assert victim is not None
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert f"Delete “{victim.title}”?" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert forty.get(victim.id) == victim
        await pilot.press("d", "y")
        await settle(pilot)
        with pytest.raises(NotFound):
            forty.get(victim.id)
        assert victim.title not in list_rows(app)
        assert "39 articles" in screen_text(app)
        assert any("Deleted" in m for m in notices(app))


async def test_question_mark_opens_help(forty: Library) -> None:
    from tui_reader.ui.dialogs.help import HelpScreen

    app = create_app(forty, Config())
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Delete the article (asks first)" in text
        assert "Next article" in text


@pytest.mark.parametrize("key", ["q", "ctrl+q"])
async def test_q_quits(forty: Library, key: str) -> None:
    app = create_app(forty, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await pilot.pause()
        assert app._exit


async def test_state_column_follows_the_store(forty: Library) -> None:
    first = forty.articles()[0]
    forty.set_state(first.id, ReadingState.READ)
    app = create_app(forty, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "100%" in cursor_line(app) and cursor_line(app).rstrip().endswith("read")


async def test_double_click_opens_and_click_moves(forty: Library) -> None:
    from tui_reader.ui.screens.reader import ReaderScreen

    app = create_app(forty, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.click(ArticleList, offset=(10, 3))
        await pilot.pause()
        assert articles(app).cursor == 2
        assert isinstance(app.screen, LibraryScreen)
        await pilot.double_click(ArticleList, offset=(10, 4))
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article_id == list_rows_ids(app, forty)[3]


def list_rows_ids(app: NewsreadApp, library: Library) -> list[str]:
    from tui_reader.ui.listing import SortMode, sort_articles

    return [a.id for a in sort_articles(library.articles(), SortMode.ADDED)]


async def test_a_shows_progress_for_a_folder(
    forty: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import ProgressBar

    folder = tmp_path / "inbox"
    folder.mkdir()
    for n in range(3):
        (folder / f"story{n}.txt").write_text(f"Story {n}\n\nBody of story {n}.\n", "utf-8")
    seen: list[tuple[float, float | None, bool]] = []
    original = LibraryScreen.on_import_advanced

    def spy(self: LibraryScreen, message: ImportAdvanced) -> None:
        original(self, message)
        bar = self.query_one("#import-progress", ProgressBar)
        seen.append((bar.progress, bar.total, self.query_one("#import-bar").display))

    monkeypatch.setattr(LibraryScreen, "on_import_advanced", spy)
    app = create_app(forty, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one(Input).value = str(folder)
        await pilot.press("enter")
        await settle(pilot)
        assert seen == [(1, 3, True), (2, 3, True), (3, 3, True)]
        assert not app.screen.query_one("#import-bar").display
        assert any("3 added" in m for m in notices(app))
        assert len(forty) == 43


async def test_enter_reads_the_article_off_the_ui_thread(
    forty: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from tui_reader.ui.screens.reader import ReaderScreen

    threads: list[threading.Thread] = []
    real = Library.paragraphs

    def paragraphs(self: Library, article_id: str):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return real(self, article_id)

    monkeypatch.setattr(Library, "paragraphs", paragraphs)
    app = create_app(forty, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert threads and threading.main_thread() not in threads


async def test_enter_reads_the_article_record_off_the_ui_thread(
    forty: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Library.get was called on the UI thread (the reader's constructor): memory once the
    # library is listed, but behind the library's lock, which the saver holds through a
    # whole write (0.25 s for 100 texts imported into 100,000 articles).
    import threading

    from tui_reader.ui.screens.reader import ReaderScreen

    threads: list[str] = []
    real = Library.get

    def get(self: Library, article_id: str):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return real(self, article_id)

    app = create_app(forty, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        monkeypatch.setattr(Library, "get", get)
        shown = app.screen.query_one(ArticleList).current
        assert shown is not None
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article_id == shown.id
        assert shown.title in screen_text(app)
        assert threads and threading.main_thread().name not in threads


async def test_at_80_columns_the_status_line_keeps_the_filter_in_sight(library: Library) -> None:
    tag = "municipal-elections-and-referendums"
    put_articles(library, [article(n, tags=(tag,) if n else ()) for n in range(3)])
    app = create_app(library, Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("t", *tag, "enter")
        await settle(pilot)
        status = screen_text(app).splitlines()[1]
        assert f"2 of 3 articles · tag: {tag} · sorted by" in status


async def test_enter_on_an_empty_add_box_says_what_is_expected(forty: Library) -> None:
    from tui_reader.ui.dialogs.add import AddDialog

    app = create_app(forty, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AddDialog), "the box stays open"
        assert "Type a file, a folder or a URL to import" in screen_text(app)
        await pilot.press("escape")  # the way out
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert len(forty) == 40
