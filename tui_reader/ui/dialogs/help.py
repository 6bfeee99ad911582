"""The help screen, generated from the bindings that are active, so it cannot drift.

:func:`help_sections` reads ``screen.active_bindings`` (which already reflects
the user's keymap) and groups them by the widget, screen or app that owns them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


@dataclass(slots=True)
class HelpEntry:
    """One action and every key that runs it."""

    keys: list[str]
    description: str


@dataclass(slots=True)
class HelpSection:
    """The bindings of one widget, screen or the app."""

    title: str
    entries: list[HelpEntry] = field(default_factory=list)


def _title(node: DOMNode) -> str:
    return getattr(node, "BINDING_GROUP_TITLE", None) or type(node).__name__


def help_sections(screen: Screen[object]) -> list[HelpSection]:
    """The active bindings of ``screen``: the screen's first, then its widgets', then the app's.

    Only bindings with an ``id`` (the remappable ones, which is all of
    newsread's) are listed; Textual's own focus and copy keys are left out.
    Each entry uses the binding's tooltip (the long description) or else its
    footer description. Within a section, keys come in the order they are
    declared. Keys that only work in a mode (a screen's ``HELP_MODES``: title ->
    actions, such as the selection keys of the reader) get a section of their own.
    """
    app = screen.app
    sections: dict[int, tuple[DOMNode, HelpSection]] = {}
    by_action: dict[tuple[int, str, str], HelpEntry] = {}
    modes: dict[str, frozenset[str]] = getattr(screen, "HELP_MODES", {})
    moded = frozenset().union(*modes.values()) if modes else frozenset()

    def add(node: DOMNode, binding: Binding, title: str) -> None:
        description = binding.tooltip or binding.description
        if binding.system or not binding.id or not description:
            return
        _, section = sections.setdefault(id(node) + hash(title), (node, HelpSection(title)))
        key = (id(node) + hash(title), binding.action, description)
        entry = by_action.get(key)
        if entry is None:
            entry = by_action[key] = HelpEntry([], description)
            section.entries.append(entry)
            order[id(entry)] = _declared(node).get(binding.id, len(order))
        display = app.get_key_display(binding)
        if display not in entry.keys:
            entry.keys.append(display)

    order: dict[int, int] = {}
    for active in screen.active_bindings.values():
        if active.node is screen and _action_name(active.binding) in moded:
            continue
        add(active.node, active.binding, _title(active.node))
    for title, actions in modes.items():
        for bindings in screen._bindings.key_to_bindings.values():
            for binding in bindings:
                if _action_name(binding) in actions:
                    add(screen, binding, title)
    for _, section in sections.values():
        section.entries.sort(key=lambda entry: order.get(id(entry), 0))

    def rank(item: tuple[DOMNode, HelpSection]) -> int:
        node, section = item
        if node is screen:
            return 1 if section.title in modes else 0
        return 3 if node is app else 2

    return [section for _, section in sorted(sections.values(), key=rank)]


def _action_name(binding: Binding) -> str:
    """``move_start`` for ``move_start('word', 1)``."""
    return binding.action.split("(", 1)[0]


def _declared(node: DOMNode) -> dict[str, int]:
    """Binding id -> its place in the node class's ``BINDINGS``."""
    declared = getattr(type(node), "BINDINGS", [])
    return {b.id: i for i, b in enumerate(declared) if isinstance(b, Binding) and b.id is not None}


def render_section(section: HelpSection, key_width: int) -> Table:
    """A section as a two-column table: keys, then what they do (plain text, never markup)."""
    table = Table.grid(padding=(0, 2))
    table.add_column(width=key_width, no_wrap=True)
    table.add_column(ratio=1)
    for entry in section.entries:
        table.add_row(Text(", ".join(entry.keys), style="bold"), Text(entry.description))
    return table


class HelpScreen(ModalScreen[None]):
    """Lists the keys of the screen it was opened from; ``escape``, ``q`` or ``?`` closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close help", id="help.close"),
    ]

    def __init__(self, sections: list[HelpSection], title: str = "Keys") -> None:
        super().__init__()
        self.sections = sections
        self.title_text = title

    def compose(self) -> ComposeResult:
        """A scrolling list of sections in a bordered box."""
        key_width = max(
            (cell_len(", ".join(e.keys)) for s in self.sections for e in s.entries), default=4
        )
        with Vertical(classes="dialog", id="help") as box:
            box.border_title = self.title_text
            box.border_subtitle = "escape, q or ? closes"
            with VerticalScroll(id="help-body"):
                for section in self.sections:
                    yield Static(Content(section.title), classes="help-section-title")
                    yield Static(render_section(section, key_width), classes="help-section")

    def on_mount(self) -> None:
        """Focus the body so the arrow keys scroll it."""
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        """Back to the screen the help was opened from."""
        self.dismiss(None)
