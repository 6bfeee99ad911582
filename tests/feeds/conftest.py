"""The feed tests use the importer tests' web server on 127.0.0.1, and a feed server of their own."""

from collections.abc import Iterator

import pytest

from tests.feeds.feedserver import FeedServer, running_server
from tests.ingest.conftest import server  # noqa: F401  (the fixture)


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """The refresh tests' feed server on 127.0.0.1 (see tests/feeds/feedserver.py)."""
    with running_server() as running:
        yield running
