"""What a screen is given to work with, instead of reaching into the app."""

from __future__ import annotations

from dataclasses import dataclass

from tui_reader.config import Config
from tui_reader.store import Library
from tui_reader.ui.saving import Saver


@dataclass(frozen=True, slots=True)
class Services:
    """The app's shared objects, handed to every screen it builds.

    Screens read from ``library`` (in workers) and write only through ``saver``;
    for anything else (opening another screen, exporting, importing) they post
    a message from :mod:`tui_reader.ui.messages` and the app does it.
    """

    library: Library
    """The open library: for reading. Changes go through ``saver``."""
    saver: Saver
    """The app's one writer."""
    config: Config
    """The settings the app was started with."""
