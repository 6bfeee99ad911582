"""The reader screen: an article's paragraphs beside their annotations (placeholder)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from tui_reader.store import Library


class ReaderScreen(Screen[None]):
    """Shows one article; ``q``/``escape`` goes back to the library."""

    BINDINGS = [("q,escape", "app.pop_screen", "Back")]

    def __init__(self, library: Library, article_id: str) -> None:
        super().__init__()
        self.library = library
        self.article_id = article_id

    def compose(self) -> ComposeResult:
        """Header, the article, footer."""
        yield Header()
        yield Static(self.library.get(self.article_id).title, markup=False)
        yield Footer()
