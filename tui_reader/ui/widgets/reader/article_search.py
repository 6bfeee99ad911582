"""The search bar of the reader: find text in the article, step through the hits."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static


class SearchInput(Input):
    """The query field: ``down``/``up`` step through hits instead of scrolling."""

    BINDINGS = [
        Binding("down", "step(1)", "Next hit", id="reader.search_next", key_display="⏎/↓"),
        Binding("shift+enter,up", "step(-1)", "Previous hit", id="reader.search_previous"),
    ]

    def action_step(self, direction: int) -> None:
        """Ask the search bar for the next or previous hit."""
        self.post_message(ArticleSearch.Step(direction))


class ArticleSearch(Horizontal):
    """An input and a hit counter; hidden until the reader opens it with ``/``.

    Typing shows the hits; ``enter`` (or ``down``) goes to the next hit,
    ``shift+enter`` (or ``up``) to the previous one, ``escape`` closes.
    """

    DEFAULT_CSS = """
    ArticleSearch {
        display: none;
        height: 1;
        background: $panel;
    }
    ArticleSearch.-open { display: block; }
    ArticleSearch > Input {
        width: 1fr;
        height: 1;
        border: none;
        padding: 0 1;
        background: $panel;
    }
    ArticleSearch > Input:focus { border: none; background: $boost; }
    ArticleSearch > .article-search--count {
        width: auto;
        min-width: 12;
        padding: 0 1;
        color: $newsread-muted;
    }
    """

    BINDINGS = [
        Binding("escape", "close", "Close search", id="reader.search_close"),
    ]

    @dataclass
    class Changed(Message):
        """The query changed."""

        query: str

    @dataclass
    class Step(Message):
        """Go to the next (1) or previous (-1) hit."""

        direction: int

    class Closed(Message):
        """The search bar closed."""

    def compose(self) -> ComposeResult:
        """The query input and the hit counter."""
        yield SearchInput(placeholder="search in this article", id="search-input")
        yield Static("", classes="article-search--count")

    @property
    def query_text(self) -> str:
        """The text being searched for."""
        return self.query_one(Input).value

    @property
    def is_open(self) -> bool:
        """True while the bar is shown."""
        return self.has_class("-open")

    def open(self) -> None:
        """Show the bar and focus its input (keeping the last query, selected)."""
        self.add_class("-open")
        field = self.query_one(Input)
        field.focus()
        field.select_all()

    def show_count(self, current: int | None, total: int) -> None:
        """Show "3/12", "12 hits" or "no hits"."""
        if not self.query_text.strip():
            label = ""
        elif total == 0:
            label = "no hits"
        elif current is None:
            label = f"{total} hit{'s' if total != 1 else ''}"
        else:
            label = f"{current + 1}/{total}"
        self.query_one(".article-search--count", Static).update(Text(label))

    def on_input_changed(self, event: Input.Changed) -> None:
        """Report the new query."""
        event.stop()
        self.post_message(self.Changed(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter: the next hit."""
        event.stop()
        self.post_message(self.Step(1))

    def action_close(self) -> None:
        """Hide the bar."""
        self.remove_class("-open")
        self.post_message(self.Closed())
