"""``newsread add`` with other tools' exports: one command, one summary, one-line errors."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from tests.importers.conftest import DATA
from tests.ingest.conftest import Server
from tui_reader.cli import cli
from tui_reader.store import Library


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_add_clippings_prints_each_book_and_the_quote_counts(library_path: Path) -> None:
    result = run("add", str(DATA / "clippings_en.txt"))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split("  ", 1)[1] for line in lines[:2]] == ["The Pragmatic Programmer", "Walden"]
    assert lines[-1] == (
        "2 added, 0 updated, 0 already there, 0 failed, 3 highlights added, 0 updated; "
        "quotes: 0 placed, 0 placed approximately, 0 unplaced, 3 listed (no article text)"
    )
    again = run("add", str(DATA / "clippings_en.txt"))
    assert again.stdout.splitlines()[-1].startswith("0 added, 0 updated, 2 already there")


def test_add_fetch_hypothesis_reports_placed_and_unplaced(server: Server, tmp_path: Path) -> None:
    url = server.page("/garden", (DATA / "hypothesis_page.html").read_text(encoding="utf-8"))
    path = tmp_path / "annotations.json"
    text = (DATA / "hypothesis_api.json").read_text(encoding="utf-8")
    path.write_text(text.replace("https://example.org/garden", url), encoding="utf-8")
    result = run("add", "--fetch", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].endswith(
        "quotes: 2 placed, 1 placed approximately, 1 unplaced"
    )
    assert f"newsread: warning: {path}: 1 reply skipped" in result.stderr
    orphans = run("list", "--orphans")
    assert "This sentence was removed from the article entirely." in orphans.stdout


def test_a_bad_export_is_one_line_and_exit_2(tmp_path: Path, library_path: Path) -> None:
    bad = tmp_path / "metadata.epub.lua"
    bad.write_text("return 'not a table'\n", encoding="utf-8")
    result = run("add", str(bad))
    assert result.exit_code == 2
    assert result.stderr == (
        f"newsread: error: {bad}: not a KOReader sidecar: the file does not return a Lua table\n"
    )
    assert "Traceback" not in result.output
    with Library.open(library_path, "read") as library:
        assert len(library) == 0


def test_one_highlight_is_counted_in_the_singular(library_path: Path) -> None:
    result = run("add", str(DATA / "clippings_fr.txt"))
    assert result.stdout.splitlines()[-1].startswith(
        "1 added, 0 updated, 0 already there, 0 failed, 1 highlight added, 0 updated; "
    )
