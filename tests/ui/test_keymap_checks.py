"""Issue 11 item 16: key names, conflicts, unknown settings and wrong types are reported,
and a binding whose remap is refused keeps its default key."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.library_pilot import notices, settle
from tests.ui.test_reader_support import import_seed
from tui_reader.config import load_config
from tui_reader.store import Library
from tui_reader.ui.app import create_app
from tui_reader.ui.dialogs.add import AddDialog
from tui_reader.ui.keymap import key_problem
from tui_reader.ui.screens.library import LibraryScreen
from tui_reader.ui.screens.reader import ReaderScreen


@pytest.mark.parametrize(
    "key",
    ["ctrl+shift+banana", "ctl+n", "banana", "ctrl+", "ctrl+ctrl+n", "f99", "a b", "+"],
)
def test_keys_that_do_not_exist_are_refused(key: str) -> None:
    assert key_problem(key) is not None


@pytest.mark.parametrize(
    "key",
    ["n", "D", "ctrl+n", "ctrl+shift+up", "question_mark", "slash", "f5", "pagedown", "escape"],
)
def test_real_keys_are_accepted(key: str) -> None:
    assert key_problem(key) is None


def test_unknown_settings_and_wrong_types_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'export_dir = 5\ntheme = ["dark"]\ncolour = "blue"\n[keymap]\n"library.add" = 3\n',
        "utf-8",
    )
    config = load_config(path)
    assert config.export_dir == "" and config.theme == "" and config.keymap == {}
    text = "\n".join(config.problems)
    assert "export_dir must be a string" in text
    assert "theme must be a string" in text
    assert "unknown setting 'colour'" in text
    assert "'library.add' must be a string" in text


async def test_bad_remaps_keep_their_defaults_and_are_reported(
    library: Library, tmp_path: Path
) -> None:
    article_id = import_seed(library)
    path = tmp_path / "config.toml"
    path.write_text(
        "export_dir = 5\n[keymap]\n"
        '"library.add" = "ctrl+shift+banana"\n'
        '"library.sort" = "ctl+n"\n'
        '"reader.export" = "q"\n'
        '"library.delete" = "D"\n',
        "utf-8",
    )
    app = create_app(library, load_config(path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        text = "\n".join(notices(app))
        assert "'library.add'" in text and "'banana' is not a key name" in text
        assert "'library.sort'" in text and "'ctl' is not a modifier" in text
        assert "'reader.export' = 'q' conflicts with 'reader.back'" in text
        assert "export_dir must be a string" in text
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        assert screen.key_for("library.add", "?") == "a"
        assert screen.key_for("library.sort", "?") == "s"
        assert screen.key_for("library.delete", "?") == "D"
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AddDialog), "the default key still works"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen), "q still goes back"
        assert not (tmp_path / "newsread-export").exists(), "q did not export"
        assert library.get(article_id) is not None
