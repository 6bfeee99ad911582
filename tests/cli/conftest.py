"""CLI test fixtures: the local web server of the importer tests."""

from __future__ import annotations

from tests.ingest.conftest import server

__all__ = ["server"]
