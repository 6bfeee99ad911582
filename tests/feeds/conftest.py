"""The feed tests use the importer tests' web server on 127.0.0.1."""

from tests.ingest.conftest import server  # noqa: F401  (the fixture)
