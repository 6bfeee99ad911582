"""`newsread list`: full-text search with snippets, and output printed as it is found."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tui_reader.cli import cli
from tui_reader.cli_output import echo_json_rows, print_table
from tui_reader.index import INDEX_FILE


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Harbour notes\nThe harbour froze in January.\nA second paragraph on the dry season.\n"
    )
    (folder / "b.txt").write_text("Dry season\nNothing froze here, but the season was dry.\n")
    (folder / "c.txt").write_text("Unrelated\nBread and dough.\n")
    for n in range(8):  # most articles do not hold the words searched for, as in a library
        (folder / f"other{n}.txt").write_text(f"Other {n}\nSoup number {n}.\n")
    assert run("add", str(folder))[0] == 0
    return folder


def test_search_lists_the_best_match_first_with_its_snippet(articles: Path) -> None:
    code, out, _ = run("list", "--search", "dry season")
    assert code == 0
    lines = out.splitlines()
    titles = [line for line in lines if "Dry season" in line or "Harbour notes" in line]
    assert "Dry season" in titles[0]  # the words in the title rank first
    assert "Unrelated" not in out
    assert any("…" in line or "season was dry" in line for line in lines)


def test_search_json_carries_snippet_text_and_match_offsets(articles: Path) -> None:
    rows = json.loads(run("list", "--search", '"dry season"', "--json")[1])
    assert [r["title"] for r in rows] == ["Dry season", "Harbour notes"]
    assert rows[0]["snippet"]["matches"] == []  # in the title only: the text's start
    snippet = rows[1]["snippet"]
    assert [snippet["text"][s:e] for s, e in snippet["matches"]] == ["dry season"]


def test_search_phrase_prefix_and_no_hit(articles: Path) -> None:
    assert [r["title"] for r in json.loads(run("list", "--search", "harb*", "--json")[1])] == [
        "Harbour notes"
    ]
    code, out, _ = run("list", "--search", "zzzz")
    assert code == 0 and out.strip() == "No articles match."
    assert json.loads(run("list", "--search", "zzzz", "--json")[1]) == []


def test_search_builds_a_missing_index_and_says_so(articles: Path, library_path: Path) -> None:
    for path in library_path.glob(INDEX_FILE + "*"):
        path.unlink()
    code, out, err = run("list", "--search", "froze", "--json")
    assert code == 0
    assert {r["title"] for r in json.loads(out)} == {"Harbour notes", "Dry season"}
    assert "building the search index (11 articles)" in err
    assert "Built the search index (11 articles)." in err
    assert (library_path / INDEX_FILE).exists()


def test_json_output_is_exactly_the_indented_array() -> None:
    rows = [{"id": "a", "tags": ["x", "y"], "n": 1}, {"id": "b\nc", "tags": [], "n": 2}]
    for sample in (rows, rows[:1], []):
        out = io.StringIO()
        sys_stdout, sys.stdout = sys.stdout, out
        try:
            echo_json_rows(iter(sample))
        finally:
            sys.stdout = sys_stdout
        assert out.getvalue() == json.dumps(sample, ensure_ascii=False, indent=2) + "\n"


def table_row(n: int) -> dict[str, Any]:
    """Row ``n`` of a plain article table (titled ``title-n``)."""
    return {
        "id": f"{n:08}",
        "title": f"title-{n}",
        "source": "s",
        "published": "",
        "added": "2025-01-01",
        "tags": [],
        "highlights": 0,
        "progress": 0.0,
        "state": "unread",
    }


def stream_probe(out: io.StringIO, count: int) -> Iterator[dict[str, Any]]:
    """Rows that check, before each is produced, that the ones before are already printed."""
    for n in range(count):
        if n:
            assert f"title-{n - 1}" in out.getvalue(), f"row {n - 1} not printed yet"
        yield table_row(n)


def test_json_and_search_tables_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    echo_json_rows(stream_probe(out, 5))
    assert len(json.loads(out.getvalue())) == 5
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    assert print_table(stream_probe(out, 5), page_size=1) == 5


def test_a_tables_first_rows_print_in_small_pages_then_the_rest_in_big_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    printed_when_asked: list[int] = []

    def rows() -> Iterator[dict[str, Any]]:
        for n in range(500):
            printed_when_asked.append(out.getvalue().count("title-"))
            yield table_row(n)

    assert print_table(rows(), page_size=200, first_rows=40) == 500
    # rows 0-39 twenty at a time (the first show before later ones are read), then 200
    assert printed_when_asked[20] == 20 and printed_when_asked[40] == 40
    assert printed_when_asked[239] == 40 and printed_when_asked[240] == 240
    assert out.getvalue().count("title-") == 500


def test_list_holds_the_cycle_collector_while_it_reads(
    articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from tui_reader.query import evaluate

    seen: list[bool] = []
    real = evaluate.stream_query

    def watched(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(evaluate, "stream_query", watched)
    assert gc.isenabled()
    code, out, _ = run("list", "harbour")
    assert code == 0 and "Harbour notes" in out
    assert seen == [False]
    assert gc.isenabled()


@pytest.mark.parametrize(
    "title",
    [
        "plain",
        "Le Musée \u202e",
        "bell \x07 and C1 \x85",
        "lone \ud800 surrogate",
        "tab\tnew\nline",
    ],
)
def test_json_rows_print_what_json_dumps_prints_made_safe(
    monkeypatch: pytest.MonkeyPatch, title: str
) -> None:
    from tui_reader.sanitize import terminal_json, terminal_text

    row = {"id": "a1", "title": title, "tags": ["x"], "progress": 0.5, "snippet": None}
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    echo_json_rows([row])
    expected = terminal_text(terminal_json(json.dumps(row, ensure_ascii=False, indent=2)))
    assert out.getvalue() == "[\n  " + expected.replace("\n", "\n  ") + "\n]\n"
