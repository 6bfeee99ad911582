"""The tag filter dialog: type a tag (with suggestions) or pick one from the list."""

from __future__ import annotations

from collections import Counter

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui_reader.ui.labels import label


class FilterDialog(ModalScreen[str | None]):
    """Dismisses with the chosen tag, ``""`` to clear the filter, or None when cancelled."""

    BINDING_GROUP_TITLE = "Filter by tag"

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="filter.cancel"),
        Binding("down", "to_list", "Pick from the list", show=False, id="filter.to_list"),
    ]

    def __init__(self, tag_counts: Counter[str], current: str = "") -> None:
        super().__init__()
        self.tag_counts = tag_counts
        self.current = current

    def compose(self) -> ComposeResult:
        """Input with suggestions, then every tag with its count."""
        tags = [tag for tag, _ in self.tag_counts.most_common()]
        with Vertical(classes="dialog"):
            yield Static("Show only articles tagged…", classes="dialog-title")
            yield Input(
                value=self.current,
                placeholder="a tag (empty shows every article)",
                suggester=SuggestFromList(tags, case_sensitive=False),
                id="filter-input",
            )
            options = [
                Option(Content.assemble((label(tag), "bold"), f"  {count}"), id=f"t{i}")
                for i, (tag, count) in enumerate(self.tag_counts.most_common())
            ]
            if options:
                yield OptionList(*options, id="filter-tags")
            else:
                yield Static("No article has a tag yet.", classes="dialog-hint")
            yield Static(
                "enter applies · ↓ tag list · empty clears · escape cancels",
                classes="dialog-hint",
            )

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(self.completed(event.value.strip()))

    def completed(self, typed: str) -> str:
        """What enter applies: the tag suggested in grey for ``typed`` (the first tag, most
        used first, that starts with it, as the input's suggester shows), else ``typed``."""
        if not typed:
            return ""
        folded = typed.casefold()
        tags = [tag for tag, _ in self.tag_counts.most_common()]
        if any(tag.casefold() == folded for tag in tags):
            return typed
        return next((tag for tag in tags if tag.casefold().startswith(folded)), typed)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        index = int(str(event.option.id)[1:])
        self.dismiss(self.tag_counts.most_common()[index][0])

    def action_to_list(self) -> None:
        """Move from the input into the tag list."""
        for options in self.query(OptionList):
            options.focus()
            if options.highlighted is None:
                options.highlighted = 0

    def action_cancel(self) -> None:
        """Close and keep the current filter."""
        self.dismiss(None)
