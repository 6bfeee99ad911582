"""``newsread list WORDS`` streams: the best-ranked candidates are read and printed first,
in exactly the order :func:`run_query` gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.query.test_catalog_table import fill
from tui_reader.model import Article, Paragraph
from tui_reader.query import evaluate, parse_query, run_query
from tui_reader.query.evaluate import stream_query
from tui_reader.store import Library

QUERIES = ["harbour", "harbour treaty", "lagoon -is:read", "winter tag:news", "lag* OR river"]


@pytest.mark.parametrize("page", [1, 3, 100])
def test_stream_gives_run_query_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page: int
) -> None:
    monkeypatch.setattr(evaluate, "FIRST_PAGE", page)
    with Library.open(tmp_path / "lib", "write") as library:
        fill(library, 40)
        # twins: the same words in the same lengths score alike (ties go newest first)
        twins = [
            (
                Article(
                    id=f"{n:016x}",
                    title="Twin harbour",
                    added=f"2026-02-0{n - 900}T10:00:00+00:00",
                    paragraph_count=1,
                ),
                [Paragraph("harbour walls and harbour lights")],
                [],
            )
            for n in range(901, 906)
        ]
        library.put_many(twins)
        for text in QUERIES:
            query = parse_query(text)
            expected = [a.id for a in run_query(library, query).articles]
            stream = stream_query(library, query)
            assert [a.id for a in stream.articles] == expected, text
            assert stream.expected >= len(expected)


def test_first_rows_before_the_rest_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(evaluate, "FIRST_PAGE", 2)
    with Library.open(tmp_path / "lib", "write") as library:
        fill(library, 40)
        reads: list[int] = []
        get_many = Library.get_many

        def counted(self: Library, ids: object) -> dict[str, Article]:
            found = get_many(self, ids)  # type: ignore[arg-type]
            reads.append(len(found))
            return found

        monkeypatch.setattr(Library, "get_many", counted)
        stream = stream_query(library, parse_query("harbour"))
        first = next(stream.articles)
        assert reads and reads[0] < stream.expected, "only the first page was read"
        assert len(reads) == 1
        rest = list(stream.articles)
        assert len(reads) == 2, "then the rest at once"
        assert [first.id, *(a.id for a in rest)] == [
            a.id for a in run_query(library, parse_query("harbour")).articles
        ]
