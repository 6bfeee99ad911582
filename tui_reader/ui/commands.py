"""The command palette (ctrl+p): newsread's main actions, found by typing a few letters.

Each screen lists its own commands (``Screen.COMMANDS = {palette(...)}``) and
the app lists those offered everywhere; Textual shows the app's and the current
screen's together. This module knows no screen.
"""

from __future__ import annotations

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


class PaletteProvider(Provider):
    """Offers :attr:`commands`, each run as an action of the screen under the palette."""

    commands: tuple[PaletteCommand, ...] = ()

    async def discover(self) -> Hits:
        """Every command, before anything is typed."""
        for command in self.commands:
            yield DiscoveryHit(command.name, self._runner(command), help=command.help)

    async def search(self, query: str) -> Hits:
        """Commands whose name matches what was typed."""
        matcher = self.matcher(query)
        for command in self.commands:
            score = matcher.match(command.name)
            if score > 0:
                runner = self._runner(command)
                yield Hit(score, matcher.highlight(command.name), runner, help=command.help)

    def _runner(self, command: PaletteCommand) -> partial[object]:
        return partial(self.screen.run_action, command.action)


def palette(name: str, *commands: PaletteCommand) -> type[PaletteProvider]:
    """A palette provider class offering ``commands`` (for a ``COMMANDS`` set)."""
    return type(name, (PaletteProvider,), {"commands": commands})
