"""Fixtures for the importers of other tools' exports: fixture files and a local web server."""

from __future__ import annotations

from pathlib import Path

from tests.ingest.conftest import server
from tui_reader.importing import ImportReport, import_inputs
from tui_reader.store import Library

DATA = Path(__file__).resolve().parent / "data"

__all__ = ["DATA", "bring", "server"]


def bring(library: Library, *paths: Path | str, fetch: bool = False) -> ImportReport:
    """Import files into ``library`` the way ``newsread add`` does."""
    return import_inputs(library, [str(p) for p in paths], fetch=fetch)
