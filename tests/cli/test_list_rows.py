"""`newsread list`'s table is made from each article's cells (no row dict): byte for byte
what the rows of ``--json`` printed by :func:`print_table` give."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.query.test_catalog_table import fill
from tui_reader import cli_output
from tui_reader.cli import _article_row, _table_row, cli
from tui_reader.index import Snippet
from tui_reader.model import Article, Paragraph, Queue, ReadingState
from tui_reader.store import Library

#: Articles whose cells are easy to get wrong: progress at rounding edges and out of
#: range, read with no position, foreign text, control characters, no dates but added.
ODD = [
    Article(id="a" * 16, title="Half way", paragraph_count=9, position=4),
    Article(id="b" * 16, title="An eighth", paragraph_count=9, position=1),
    Article(id="c" * 16, title="Past the end", paragraph_count=3, position=7),
    Article(id="d" * 16, title="One paragraph", paragraph_count=1, position=3),
    Article(id="e" * 16, title="Read at 0", state=ReadingState.READ, paragraph_count=5),
    Article(id="f" * 16, title="Archived", state=ReadingState.ARCHIVED, queue=Queue.ARCHIVE),
    Article(id="1" * 16, title="Ünïcode — 東京 harbour", source="例え.jp", tags=("日本", "x")),
    Article(id="2" * 16, title="Bell\x07 and \x1b[2J escape", source="s\x1bource"),
    Article(id="3" * 16, title="Dated", published="2025-01-02T03:04:05Z", queue=Queue.LATER),
    Article(id="4" * 16, title="Reading", state=ReadingState.READING, paragraph_count=7),
]


@pytest.fixture
def library(tmp_path: Path) -> Library:
    with Library.open(tmp_path / "lib", "write") as lib:
        fill(lib, 60)
        lib.put_many([(a, [Paragraph(f"{a.title} harbour text.")], []) for a in ODD])
        yield lib


def printed(print_rows: object, rows: object, first: int) -> str:
    out = io.StringIO()
    stdout, sys.stdout = sys.stdout, out
    try:
        print_rows(rows, first_rows=first)  # type: ignore[operator]
    finally:
        sys.stdout = stdout
    return out.getvalue()


@pytest.mark.parametrize("terminal", [False, True])
def test_cells_print_as_the_json_rows_do(
    library: Library, monkeypatch: pytest.MonkeyPatch, terminal: bool
) -> None:
    snippet = Snippet("…the harbour froze…", ((4, 11),))
    articles = library.articles()
    assert len(articles) == 70
    made = []
    for n, article in enumerate(articles):
        cut = snippet if n % 7 == 0 else None
        hl = n % 4
        row = _article_row(article, hl, 1, cut)
        cells, snip = _table_row(article, hl, cut)
        assert list(cells) == cli_output._values(row), article.title
        assert snip == row.get("snippet")
        made.append(row)
    monkeypatch.setattr(cli_output, "_is_tty", lambda stream: terminal)
    for first in (0, 3):
        expected = printed(cli_output.print_table, iter(made), first)
        table = (
            _table_row(a, n % 4, snippet if n % 7 == 0 else None) for n, a in enumerate(articles)
        )
        assert printed(cli_output.print_cells, table, first) == expected


def test_list_prints_the_table_and_json_of_its_rows(library: Library) -> None:
    folder = str(library.folder)
    library.close()
    runner = CliRunner()
    for query in ([], ["harbour"], ["harbour", "-is:read"]):
        table = runner.invoke(cli, ["--library", folder, "list", *query]).stdout
        rows = json.loads(
            runner.invoke(cli, ["--library", folder, "list", *query, "--json"]).stdout
        )
        assert len(rows) > 10
        out = io.StringIO()
        stdout, sys.stdout = sys.stdout, out
        try:
            cli_output.print_table(iter(rows), first_rows=100 if query else 0)
        finally:
            sys.stdout = stdout
        assert table == out.getvalue(), query
