"""The keys document names every binding id of every screen and dialog."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding

from tui_reader.ui.app import NewsreadApp
from tui_reader.ui.dialogs.add import AddDialog
from tui_reader.ui.dialogs.confirm import ConfirmScreen
from tui_reader.ui.dialogs.help import HelpScreen
from tui_reader.ui.dialogs.note_editor import NoteEditor
from tui_reader.ui.dialogs.tag_editor import TagEditor
from tui_reader.ui.dialogs.tag_filter import FilterDialog
from tui_reader.ui.screens.highlights import HighlightsScreen
from tui_reader.ui.screens.library import LibraryScreen
from tui_reader.ui.screens.reader import ReaderScreen
from tui_reader.ui.screens.review import ReviewScreen
from tui_reader.ui.screens.stats import StatsScreen
from tui_reader.ui.widgets.highlights.highlight_list_view import HighlightListView
from tui_reader.ui.widgets.library.article_list import ArticleList

DOC = Path(__file__).resolve().parents[2] / "docs" / "keys.md"


def test_every_binding_id_is_documented() -> None:
    text = DOC.read_text("utf-8")
    classes = (NewsreadApp, LibraryScreen, ArticleList, ConfirmScreen, AddDialog, FilterDialog)
    screens = (HelpScreen, ReaderScreen, NoteEditor, TagEditor, HighlightsScreen, HighlightListView)
    screens += (ReviewScreen,)
    screens += (StatsScreen,)
    for cls in (*classes, *screens):
        for binding in cls.__dict__["BINDINGS"]:
            assert isinstance(binding, Binding)
            assert f"`{binding.id}`" in text, binding.id
