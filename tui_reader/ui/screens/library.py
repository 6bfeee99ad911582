"""The library screen: a table of every article (placeholder until the list lands)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header


class LibraryScreen(Screen[None]):
    """Lists the articles; ``enter`` opens one in the reader."""

    BINDINGS = [("q", "app.quit", "Quit"), ("enter", "open", "Open")]

    def compose(self) -> ComposeResult:
        """Header, the article table, footer."""
        yield Header()
        yield DataTable(id="articles", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        """Fill the table from the library."""
        table = self.query_one(DataTable)
        table.add_columns("Title", "Source", "Date")
        for article in self.app.library.articles():  # type: ignore[attr-defined]
            table.add_row(
                Text(article.title),
                Text(article.source),
                Text((article.published or article.added)[:10]),
                key=article.id,
            )
