"""`newsread list QUERY` and `newsread export --query QUERY` on the known library."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.query.known import fill_known
from tui_reader.cli import cli
from tui_reader.store import Library


@pytest.fixture(autouse=True)
def known(library_path: Path) -> None:
    with Library.open(library_path, "write") as library:
        fill_known(library)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def titles(*args: str) -> list[str]:
    code, out, err = run("list", "--json", *args)
    assert code == 0, err
    return [row["title"] for row in json.loads(out)]


def test_list_takes_a_query() -> None:
    assert titles("tag:korea has:note -colour:yellow") == ["Korea trade deal"]
    # Several arguments are one query, as if joined by spaces.
    assert titles("--", "tag:korea", "has:note", "-colour:yellow") == ["Korea trade deal"]
    assert titles("is:read sort:title") == ["Archived drought piece", "Korea trade deal"]
    assert titles("sort:-title") == [
        "Museum treaty",
        "Korea trade deal",
        "Japan election",
        "Archived drought piece",
    ]
    assert titles('"climate change"') == ["Korea trade deal"]


def test_a_query_starting_with_a_minus_is_a_query_not_an_option() -> None:
    assert titles("-tag:korea") == titles("--", "-tag:korea")
    assert "Korea trade deal" not in titles("-tag:korea")
    assert titles("tag:korea", "-colour:yellow", "has:note") == ["Korea trade deal"]
    code, out, _ = run("highlights", "--json", "-colour:yellow")
    assert code == 0 and all(row["colour"] != "yellow" for row in json.loads(out))
    code, out, _ = run("review", "-tag:korea", "--json")
    assert code == 0
    code, out, _ = run("searches", "add", "not korea", "-tag:korea")
    assert code == 0 and out.strip() == "Saved search 'not korea': -tag:korea"
    # A mistyped long option is still an error, not a query word.
    code, out, err = run("list", "--jsn")
    assert code == 2 and out == ""
    assert "No such option: --jsn" in err


def test_search_and_tag_options_stay_as_aliases() -> None:
    assert titles("--search", "climate") == ["Japan election", "Korea trade deal"]
    # Japan election is not tagged korea, but its highlight is.
    assert titles("--search", "climate", "--tag", "korea") == ["Japan election", "Korea trade deal"]
    assert titles("--search", "seoul", "--tag", "korea") == ["Korea trade deal"]
    assert titles("is:read", "--tag", "old") == ["Archived drought piece"]
    assert titles("--tag", "korea", "--tag", "old") == ["Archived drought piece"]


def test_list_table_says_when_nothing_matches() -> None:
    code, out, _ = run("list", "colour:blue")
    assert code == 0 and out.strip() == "No articles match."
    code, out, _ = run("list", "colour:yellow")
    assert "Japan election" in out and "Korea trade deal" in out and "Museum" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "colour:red"], "query: column 8: unknown colour 'red'"),
        (["list", "(tag:a"], "query: column 1: this '(' is never closed"),
        (["list", "--search", 'say "hi'], "query: column 5: this quote is never closed"),
        (["export", "--query", "is:done"], "query: column 4: is: takes unread, reading, read"),
    ],
)
def test_a_malformed_query_is_one_line_and_exit_2(
    args: list[str], message: str, tmp_path: Path
) -> None:
    code, out, err = run(*args, "--out", str(tmp_path / "x")) if args[0] == "export" else run(*args)
    assert code == 2
    assert err.startswith(f"newsread: error: {message}")
    assert err.count("\n") == 1 and out == ""
    assert not (tmp_path / "x").exists()


def test_query_errors_are_sanitised() -> None:
    code, _, err = run("list", "colour:\x1b[31m\u202e")
    assert code == 2 and "unknown colour" in err
    assert "\x1b" not in err and "\u202e" not in err


def test_export_query_chooses_articles_and_highlights(tmp_path: Path) -> None:
    out = tmp_path / "md"
    code, _, err = run("export", "--query", "colour:yellow", "--out", str(out))
    assert code == 0, err
    files = {p.name: p.read_text() for p in out.glob("*.md")}
    assert len(files) == 2
    text = "\n".join(files.values())
    assert "^hl-11111111" in text and "^hl-33333333" in text
    assert "^hl-22222222" not in text


def test_export_query_with_the_old_options(tmp_path: Path) -> None:
    out = tmp_path / "w3c.jsonld"
    code, _, err = run(
        "export", "--format", "w3c", "--query", "is:read", "--colour", "green", "--out", str(out)
    )
    assert code == 0, err
    items = json.loads(out.read_text())["first"]["items"]
    ids = [item["id"] for item in items]
    assert ids == ["urn:uuid:22222222-2222-2222-2222-222222222222"]
    out2 = tmp_path / "tagged"
    code, _, err = run("export", "--query", "note:korea", "--tag", "japan", "--out", str(out2))
    assert code == 0, err
    (only,) = out2.glob("*.md")
    assert "^hl-33333333" in only.read_text() and "Japan election" in only.read_text()


def test_export_json_query_matching_nothing_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "backup.json"
    code, stdout, err = run("export", "--format", "json", "--query", "title:zzz", "--out", str(out))
    assert code == 0, err
    assert "Nothing to export" in stdout and not out.exists()


def test_export_json_backup_takes_the_query_articles(tmp_path: Path) -> None:
    out = tmp_path / "backup.json"
    code, _, err = run("export", "--format", "json", "--query", "is:read", "--out", str(out))
    assert code == 0, err
    backup = json.loads(out.read_text())
    assert sorted(a["article"]["title"] for a in backup["articles"]) == [
        "Archived drought piece",
        "Korea trade deal",
    ]


def test_saved_searches_add_list_use_remove(library_path: Path) -> None:
    code, out, _ = run("searches")
    assert code == 0 and "No saved searches" in out
    code, out, err = run("searches", "add", "Korea notes", "tag:korea has:note")
    assert code == 0, err
    assert out.strip() == "Saved search 'Korea notes': tag:korea has:note"
    code, out, err = run("searches", "add", "unread", "--", "is:unread", "-tag:old")
    assert code == 0, err
    code, out, _ = run("searches")
    assert out.splitlines() == [
        "Korea notes  tag:korea has:note",
        "unread       is:unread -tag:old",
    ]
    rows = json.loads(run("searches", "--json")[1])
    assert rows == [
        {"name": "Korea notes", "query": "tag:korea has:note"},
        {"name": "unread", "query": "is:unread -tag:old"},
    ]
    assert titles("--saved", "korea NOTES") == ["Japan election", "Korea trade deal"]
    assert titles("--saved", "Korea notes", "--", "-colour:yellow") == ["Korea trade deal"]
    run("searches", "add", "either", "tag:japan OR tag:old sort:-title")
    assert titles("--saved", "either") == ["Japan election", "Archived drought piece"]
    assert titles("--saved", "either", "is:read") == ["Archived drought piece"]
    run("searches", "remove", "either")
    # Saving under a name that exists replaces its query, and says so.
    code, out, _ = run("searches", "add", "KOREA notes", "tag:korea")
    assert out.strip() == (
        "Replaced saved search 'KOREA notes': tag:korea (was: tag:korea has:note)"
    )
    code, out, _ = run("searches", "add", "KOREA notes", "tag:korea")
    assert out.strip() == "Saved search 'KOREA notes' already is: tag:korea"
    assert run("searches", "--json")[1].count("tag:korea") == 1
    code, out, _ = run("searches", "remove", "korea notes")
    assert code == 0 and out.strip() == "Removed saved search 'KOREA notes'."
    assert [r["name"] for r in json.loads(run("searches", "--json")[1])] == ["unread"]
    with Library.open(library_path, "read") as library:
        assert library.settings()["saved_searches"] == [
            {"name": "unread", "query": "is:unread -tag:old"}
        ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["searches", "add", "x", "is:x"],
            "query: column 4: is: takes unread, reading, read, not 'x'",
        ),
        (["searches", "add", " ", "a"], "a saved search needs a name"),
        (["searches", "remove", "nope"], "no saved search called 'nope'"),
        (["list", "--saved", "nope"], "no saved search called 'nope'"),
    ],
)
def test_saved_search_errors(args: list[str], message: str) -> None:
    code, out, err = run(*args)
    assert code == 2 and out == ""
    assert err == f"newsread: error: {message}\n"


@pytest.mark.parametrize(("query", "column"), [("🎉", 1), ("-🎉", 2), ('"!!" OR _', 1)])
def test_a_query_of_terms_with_no_word_in_them_is_a_mistake(query: str, column: int) -> None:
    """Found in tmux: `newsread list 🎉` listed every article (as if each held 🎉). The
    index keeps only letters and digits: such a query is named as a mistake."""
    code, out, err = run("list", query)
    assert code == 2 and out == ""
    assert f"column {column}:" in err and "holds no word to look for" in err


@pytest.mark.parametrize(
    ("query", "same_as"),
    [
        ("korea -🎉", "korea"),
        ('korea -"!!"', "korea"),
        ("tag:korea * & -(🎉 OR ?)", "tag:korea"),
        ("korea OR 🎉", "korea"),
    ],
)
def test_a_term_with_no_word_in_it_is_left_out(query: str, same_as: str) -> None:
    """Found in tmux: `newsread list 'korea -🎉'` listed nothing at all (the term held
    for every article, so leaving it out left none); it is left out, as punctuation."""
    assert titles(query) == titles(same_as) != []
