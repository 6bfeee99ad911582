"""Saved searches in the library: pick one to switch to, or name the current search."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui_reader.query.saved import EVERY_ARTICLE, NAME_LIMIT, SavedSearch
from tui_reader.ui.labels import label


class SavedSearchesDialog(ModalScreen[SavedSearch | None]):
    """Lists the saved searches; dismisses with the one chosen, :data:`EVERY_ARTICLE`
    for the whole library, or None when cancelled. ``d`` removes the highlighted one
    through ``on_remove``, which returns False when it cannot (a read-only library: it
    says why, and the search stays listed)."""

    BINDING_GROUP_TITLE = "Saved searches"

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="saved.cancel"),
        Binding(
            "d,delete", "remove", "Remove", tooltip="Remove this saved search", id="saved.remove"
        ),
    ]

    def __init__(
        self,
        searches: list[SavedSearch],
        on_remove: Callable[[SavedSearch], bool],
        current: str = "",
    ) -> None:
        super().__init__()
        self.searches = list(searches)
        self.on_remove = on_remove
        self.current = current

    def compose(self) -> ComposeResult:
        """The whole library first, then each saved search with its query."""
        with Vertical(classes="dialog"):
            yield Static("Switch to a saved search", classes="dialog-title")
            yield OptionList(*self._options(), id="saved-list")
            hint = "enter switches · d removes · S on the library saves the current search"
            yield Static(
                hint if self.searches else "No saved searches yet. " + hint, classes="dialog-hint"
            )

    def _options(self) -> list[Option]:
        options = [Option(Content.assemble(("All articles", "bold")), id="all")]
        for i, search in enumerate(self.searches):
            text = Content.assemble((label(search.name), "bold"), "  ", label(search.query, 200))
            options.append(Option(text, id=f"s{i}"))
        return options

    def on_mount(self) -> None:
        """Start on the saved search shown now, if any."""
        options = self.query_one(OptionList)
        options.highlighted = 0
        for i, search in enumerate(self.searches):
            if search.query == self.current:
                options.highlighted = i + 1

    def _chosen(self) -> SavedSearch | None:
        index = self.query_one(OptionList).highlighted
        if index is None or index == 0:
            return None
        return self.searches[index - 1]

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._chosen() or EVERY_ARTICLE)

    def action_remove(self) -> None:
        """Remove the highlighted saved search (not the whole-library entry)."""
        if not self.query(OptionList):  # typed with the key that opened it: not drawn yet
            self.call_after_refresh(self.action_remove)
            return
        search = self._chosen()
        if search is None:
            self.notify(
                "All articles is the whole library, not a saved search: nothing to remove.",
                severity="warning",
            )
            return
        if not self.on_remove(search):
            return
        options = self.query_one(OptionList)
        index = options.highlighted or 0
        self.searches.remove(search)
        options.set_options(self._options())
        options.highlighted = min(index, len(self.searches))

    def action_cancel(self) -> None:
        """Close and keep the list shown."""
        self.dismiss(None)


class SaveSearchDialog(ModalScreen[str | None]):
    """Asks for a name for ``query``; dismisses with it, or None when cancelled."""

    BINDING_GROUP_TITLE = "Save search"

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="save_search.cancel")]

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query_text = query

    def compose(self) -> ComposeResult:
        """The query being saved and an input for its name."""
        with Vertical(classes="dialog"):
            yield Static("Save this search as a list", classes="dialog-title")
            yield Static(Content(label(self.query_text, 300)), classes="dialog-hint")
            yield Input(placeholder="a name", max_length=NAME_LIMIT, id="save-search-name")
            yield Static(
                "enter saves (a name in use is replaced) · escape cancels",
                classes="dialog-hint",
                id="save-search-hint",
            )

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        self.dismiss(name or None)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
