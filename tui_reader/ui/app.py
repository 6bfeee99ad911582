"""The newsread Textual app and the factory the CLI and the tests share."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

from tui_reader.store import Library


class NewsreadApp(App[None]):
    """The newsread app: a library of articles."""

    TITLE = "newsread"
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library

    def compose(self) -> ComposeResult:
        """Header, the article table, footer."""
        yield Header()
        yield DataTable(id="articles", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        """Fill the table and tell the user about anything opening found."""
        table = self.query_one(DataTable)
        table.add_columns("Title", "Source", "Date")
        for article in self.library.articles():
            table.add_row(
                Text(article.title),
                Text(article.source),
                Text((article.published or article.added)[:10]),
                key=article.id,
            )
        for warning in self.library.warnings:
            self.notify(warning, severity="warning")


def create_app(library: Library) -> NewsreadApp:
    """Build the app for ``library``: the one wiring used by the CLI and the tests."""
    return NewsreadApp(library)
