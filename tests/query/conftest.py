"""The constructed library of :mod:`tests.query.known` as a fixture."""

from __future__ import annotations

import pytest

from tests.query.known import fill_known
from tui_reader.store import Library


@pytest.fixture
def known(library: Library) -> Library:
    """An open library holding the known articles and highlights."""
    return fill_known(library)
