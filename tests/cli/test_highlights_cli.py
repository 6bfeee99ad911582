"""``newsread highlights [QUERY] [--json]``: every highlight of the library, filtered and sorted."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tests.highlights_fixture import seed_highlights
from tui_reader.cli import cli
from tui_reader.store import Library


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def seeded(library_path: Path) -> None:
    with Library.open(library_path, "write") as library:
        seed_highlights(library)


def test_lines_newest_first_with_note_tags_and_title(library_path: Path) -> None:
    seeded(library_path)
    code, out, err = run("highlights")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert len(lines) == 4
    assert lines[0] == "pink    2026-01-04  “Apples”  — on fruit  · apple essay"
    assert lines[3] == "yellow  2026-01-01  “the flies”  #insects #korea  · Zebra notes"


def test_query_sort_and_json(library_path: Path) -> None:
    seeded(library_path)
    code, out, _ = run("highlights", "zebra", "--sort", "colour", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [(r["quote"], r["colour"]) for r in rows] == [
        ("the flies", "yellow"),
        ("Zebras run", "blue"),
    ]
    assert rows[0]["article_title"] == "Zebra notes" and rows[0]["tags"] == ["insects", "korea"]
    assert (
        run("highlights", "--search", "fruit", "--json")[1]
        == run("highlights", "fruit", "--json")[1]
    )
    code, out, _ = run("highlights", "no-such-word")
    assert (code, out) == (0, "No highlights match.\n")


def test_empty_library_bad_sort_and_bad_query(library: Library) -> None:
    library.close()
    assert run("highlights") == (0, "No highlights.\n", "")
    code, _, err = run("highlights", "--sort", "size")
    assert code == 2 and "size" in err
    code, out, err = run("highlights", "colour:red")
    assert (code, out) == (2, "")
    assert err.startswith("newsread: error: query: column ") and err.count("\n") == 1


def test_hostile_text_is_printed_safely(library_path: Path) -> None:
    with Library.open(library_path, "write") as library:
        made = seed_highlights(library)
        library.update_highlight(
            made["run"].article_id, made["run"].id, note="evil\x1b]0;title\x07\nnext"
        )
    code, out, _ = run("highlights", "note:evil")
    assert code == 0 and out.startswith("blue    2026-01-03  “Zebras run”  — evil")
    assert "\x1b" not in out and "\x07" not in out and out.count("\n") == 1, "one safe line"


def test_a_sort_in_the_query_wins_over_the_option(library_path: Path) -> None:
    seeded(library_path)
    code, out, _ = run("highlights", "sort:highlighted", "--sort", "colour", "--json")
    assert code == 0
    assert [r["quote"] for r in json.loads(out)] == ["the flies", "Gravity", "Zebras run", "Apples"]
    code, out, _ = run("highlights", "zebra sort:-colour", "--json")
    assert [r["quote"] for r in json.loads(out)] == ["Zebras run", "the flies"]
    code, _, err = run("highlights", "sort:size")
    assert code == 2 and "article, colour" in err
