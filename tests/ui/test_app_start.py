"""The app starts headless through the shared factory and shows the library."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import catalog_file
from tests.ui.library_pilot import list_rows, notices, screen_text, settle
from tui_reader.config import Config, load_config
from tui_reader.importing import add_document
from tui_reader.store import Library
from tui_reader.ui.app import NewsreadApp, create_app
from tui_reader.ui.screens.library import LibraryScreen
from tui_reader.ui.widgets.library.article_list import ArticleList
from tui_reader.ui.widgets.save_indicator import SaveIndicator

ROOT = Path(__file__).resolve().parents[2]


async def test_app_starts_and_lists_the_samples(sample_library: Library) -> None:
    app = create_app(sample_library)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        titles = sorted(list_rows(app))
        assert titles == sorted(a.title for a in sample_library.articles())
        assert len(titles) == 10
        text = screen_text(app)
        assert "The Case for Slow Bread" in text
        assert "10 articles · sorted by added, newest first" in text
        assert app.focused is app.screen.query_one(ArticleList)
        assert app.screen.query_one(SaveIndicator).state == "saved"
        assert "✓ saved" in text


async def test_the_library_is_the_first_screen(library: Library) -> None:
    """No empty default screen under the library: composing, styling and drawing one cost
    every start (issue 12's start-up target)."""
    from tests.ui.library_pilot import article, put_articles

    put_articles(library, [article(1)])
    app = create_app(library, Config())
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        assert [type(screen) for screen in app.screen_stack] == [LibraryScreen]
        assert list_rows(app) == ["Article number 1"]


async def test_newest_first_by_default(library: Library) -> None:
    from tests.ui.library_pilot import article, put_articles

    put_articles(library, [article(1), article(3), article(2)])
    app = create_app(library, Config())
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        assert list_rows(app) == ["Article number 3", "Article number 2", "Article number 1"]


def test_the_ui_package_is_the_only_one_importing_textual() -> None:
    code = (
        "import sys, tui_reader.cli, tui_reader.importing, tui_reader.store, tui_reader.config;"
        "print('textual' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


async def test_keymap_from_the_config_file_remaps_a_binding(
    library: Library, tmp_path: Path
) -> None:
    from tests.ui.library_pilot import article, put_articles

    put_articles(library, [article(1), article(2)])
    config_file = tmp_path / "config.toml"
    config_file.write_text('[keymap]\n"list.down" = "n"\n"library.sort" = "z"\n', "utf-8")
    app = create_app(library)  # reads NEWSREAD_CONFIG, as the CLI does
    assert app.config.keymap == {"list.down": "n", "library.sort": "z"}
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        await pilot.press("j")
        assert articles.cursor == 0, "j was remapped away"
        await pilot.press("n")
        assert articles.cursor == 1
        await pilot.press("s")
        await settle(pilot)
        assert "sorted by added" in screen_text(app)
        await pilot.press("z")
        await settle(pilot)
        assert "sorted by published" in screen_text(app)
        assert " z Sort" in screen_text(app), "the footer shows the new key"


async def test_bad_keymap_entries_and_theme_are_reported(library: Library, tmp_path: Path) -> None:
    config_file = tmp_path / "config.toml"
    config_file.write_text(
        'theme = "no-such-theme"\n[keymap]\n"library.nope" = "x"\n"library.add" = "ctrl+"\n'
        '"library.delete" = "D"\n',
        "utf-8",
    )
    app = create_app(library, load_config(config_file))
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        messages = notices(app)
        assert any("'library.nope'" in m and "no binding" in m for m in messages)
        assert any("'library.add'" in m and "unusable keys" in m for m in messages)
        assert any("no-such-theme" in m for m in messages)
        assert app.theme == "textual-dark"
        assert app.screen.key_for("library.delete", "?") == "D"
        assert app.screen.key_for("library.add", "?") == "a"


async def test_theme_from_config_and_toggle(library: Library) -> None:
    app = create_app(library, Config(theme="nord"))
    async with app.run_test(size=(80, 20)) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        await pilot.press("ctrl+t")
        assert app.theme == "textual-light"
        assert not app.current_theme.dark
        await pilot.press("ctrl+t")
        assert app.theme == "nord", "toggling back returns to the user's dark theme"


async def test_command_palette_offers_the_main_actions(sample_library: Library) -> None:
    from textual.command import CommandPalette

    app = create_app(sample_library, Config())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"filter by tag")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        from tui_reader.ui.dialogs.tag_filter import FilterDialog

        assert isinstance(app.screen, FilterDialog)


async def test_palette_provider_lists_every_main_action(sample_library: Library) -> None:
    from tui_reader.ui.app import APP_PALETTE
    from tui_reader.ui.screens.library import LIBRARY_PALETTE

    names = {c.name for c in (*LIBRARY_PALETTE, *APP_PALETTE)}
    for wanted in (
        "Open article",
        "Search",
        "Filter by tag",
        "Add articles",
        "Export listed articles",
    ):
        assert wanted in names
    for wanted in ("Help", "Toggle light/dark theme", "Quit"):
        assert wanted in names
    app = create_app(sample_library, Config())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        for command in (*LIBRARY_PALETTE, *APP_PALETTE):
            target = app if command.action.startswith("app.") else screen
            name = command.action.removeprefix("app.")
            assert callable(getattr(target, f"action_{name}", None)), command.action


def test_every_binding_has_an_id() -> None:
    """Ids make keys remappable and put them in the help screen."""
    from textual.binding import Binding

    from tui_reader.ui.app import screen_classes
    from tui_reader.ui.dialogs.add import AddDialog
    from tui_reader.ui.dialogs.confirm import ConfirmScreen
    from tui_reader.ui.dialogs.help import HelpScreen
    from tui_reader.ui.dialogs.tag_filter import FilterDialog
    from tui_reader.ui.keymap import known_binding_ids

    classes = [NewsreadApp, LibraryScreen, ArticleList, HelpScreen, ConfirmScreen]
    classes += [AddDialog, FilterDialog]
    ids: list[str] = []
    for cls in classes:
        for binding in cls.__dict__["BINDINGS"]:
            assert isinstance(binding, Binding) and binding.id, (cls.__name__, binding)
            ids.append(binding.id)
    assert len(ids) == len(set(ids)), "binding ids are unique"
    assert set(ids) <= known_binding_ids([NewsreadApp, *screen_classes()])


def test_create_app_reads_the_config(tmp_path: Path, library: Library) -> None:
    (tmp_path / "config.toml").write_text('theme = "textual-light"\n', "utf-8")
    app = create_app(library)
    assert isinstance(app, NewsreadApp)
    assert app.config.theme == "textual-light"


async def test_a_damaged_catalog_is_reported_in_the_app(library_path: Path) -> None:
    from tui_reader.model import Document, Paragraph

    with Library.open(library_path, "write") as lib:
        aid = add_document(lib, Document(title="Lost", paragraphs=[Paragraph("Text.")])).article.id
    catalog = catalog_file(library_path, aid)
    catalog.write_bytes(b'{"articles": {"1": ')
    library = Library.open(library_path)
    try:
        app = create_app(library, Config())
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert any("damaged" in n and "no earlier good copy" in n for n in notices(app))
            assert app.is_running
        assert catalog.read_bytes() == b'{"articles": {"1": '  # left alone
    finally:
        library.close()


async def test_a_restored_catalog_is_reported_in_the_app(library_path: Path) -> None:
    from tui_reader.model import Document, Paragraph

    with Library.open(library_path, "write") as lib:
        aid = add_document(lib, Document(title="Kept", paragraphs=[Paragraph("Text.")])).article.id
        lib.set_tags(aid, ["x"])  # a second save: the first is kept as a generation
    catalog_file(library_path, aid).write_bytes(b"garbage")
    library = Library.open(library_path)
    try:
        app = create_app(library, Config())
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert any("restored the earlier copy" in n for n in notices(app))
            assert "Kept" in list_rows(app)
    finally:
        library.close()
