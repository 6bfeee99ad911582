"""The command palette (ctrl+p): newsread's main actions, found by typing a few letters."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


@dataclass(frozen=True, slots=True)
class PaletteCommand:
    """One entry of the palette: a name, a line of help and the action it runs."""

    name: str
    help: str
    action: str
    """An action string run on the screen (``"open"``) or the app (``"app.help"``)."""


#: Commands offered on the library screen.
LIBRARY_COMMANDS = (
    PaletteCommand("Open article", "Read the article under the cursor", "open"),
    PaletteCommand("Search", "Search titles, sources, tags and full text", "search"),
    PaletteCommand("Filter by tag", "Show only the articles with a tag", "filter_tag"),
    PaletteCommand("Add articles", "Import a file, a folder or a URL", "add"),
    PaletteCommand("Export article", "Export the highlights and notes of this article", "export"),
    PaletteCommand("Delete article", "Delete the article under the cursor", "delete"),
    PaletteCommand("Change sort", "Sort by added, published, title or progress", "cycle_sort"),
)

#: Commands offered everywhere.
APP_COMMANDS = (
    PaletteCommand("Help", "Show the keys of this screen", "app.help"),
    PaletteCommand(
        "Toggle light/dark theme", "Switch between a light and a dark theme", "app.toggle_theme"
    ),
    PaletteCommand("Quit", "Quit newsread (changes are already saved)", "app.quit"),
)


class NewsreadCommands(Provider):
    """Offers the library actions on the library screen, and help, theme and quit anywhere."""

    def _commands(self) -> list[tuple[PaletteCommand, Callable[[], object]]]:
        from tui_reader.ui.screens.library import LibraryScreen

        screen = self.screen
        commands = list(APP_COMMANDS)
        if isinstance(screen, LibraryScreen):
            commands = [*LIBRARY_COMMANDS, *commands]
        return [(c, partial(screen.run_action, c.action)) for c in commands]

    async def discover(self) -> Hits:
        """Every command, before anything is typed."""
        for command, run in self._commands():
            yield DiscoveryHit(command.name, run, help=command.help)

    async def search(self, query: str) -> Hits:
        """Commands whose name matches what was typed."""
        matcher = self.matcher(query)
        for command, run in self._commands():
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(score, matcher.highlight(command.name), run, help=command.help)
