"""`newsread export`: each option, where files go, and one-line errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.export.conftest import annotated
from tui_reader.cli import cli
from tui_reader.store import Library


def run(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def filled(library_path: Path) -> tuple[str, str]:
    """A library with two articles (ids returned), closed so the CLI can open it."""
    with Library.open(library_path, "write") as lib:
        first, second = annotated(lib)
    return first.id, second.id


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_default_markdown_folder_in_the_current_folder(
    filled: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run("export")
    assert code == 0, err
    folder = tmp_path / "newsread-export"
    assert out == (
        f"Exported 1 article (3 highlights) to {folder / 'First the article.md'}; "
        "1 article without highlights or notes left out\n"
    )
    assert files(folder) == [".newsread-export.json", "First the article.md"]
    code, out, err = run("export", "--all-articles")
    assert out == f"Exported 2 articles (3 highlights) to 2 files in {folder}\n"
    assert files(folder) == [".newsread-export.json", "First the article.md", "Second.md"]


def test_articles_without_highlights_or_notes_are_left_out_unless_named(
    filled: tuple[str, str], tmp_path: Path, library_path: Path
) -> None:
    """Like Readwise: an export holds what was annotated, not a "No highlights." file for
    every article; an article named with --article is exported as asked; a file exported
    before is brought up to date when its last highlight goes."""
    first, second = filled
    vault = tmp_path / "vault"
    code, out, _ = run("export", "--out", str(vault), "--query", "-tag:news")
    assert (code, out) == (
        0,
        "Nothing to export: the article chosen has no highlights or notes (--all-articles "
        "exports them anyway); nothing was written.\n",
    )
    assert files(vault) == []
    code, out, _ = run("export", "--out", str(vault), "--article", second)
    assert code == 0 and files(vault) == [".newsread-export.json", "Second.md"]
    with Library.open(library_path, "write") as lib:
        lib.set_note(first, "")
        for hl in lib.highlights(first):
            lib.delete_highlight(first, hl.id)
    code, out, _ = run("export", "--out", str(tmp_path / "empty"))
    assert (code, out) == (
        0,
        "Nothing to export: no article chosen has highlights or notes (--all-articles "
        "exports them anyway); nothing was written.\n",
    )
    code, out, _ = run("export", "--out", str(vault))  # exported before: kept up to date
    assert out.startswith("Exported 1 article (0 highlights)") and "Second.md" in out
    with Library.open(library_path, "write") as lib:
        lib.create_highlight(first, 0, 0, 5, "blue")
    run("export", "--out", str(vault))
    assert "Alpha" in (vault / "First the article.md").read_text(encoding="utf-8")
    with Library.open(library_path, "write") as lib:
        for hl in lib.highlights(first):
            lib.delete_highlight(first, hl.id)
    code, out, _ = run("export", "--out", str(vault))
    assert code == 0 and out.startswith("Exported 2 articles (0 highlights)")
    text = (vault / "First the article.md").read_text(encoding="utf-8")
    assert "Alpha" not in text and "No highlights." in text
    code, out, _ = run("export", "--single-file", "--out", str(tmp_path / "all.md"))
    assert "Nothing to export" in out and not (tmp_path / "all.md").exists()


def test_out_folder_and_single_file(filled: tuple[str, str], tmp_path: Path) -> None:
    code, out, _ = run("export", "--all-articles", "--out", str(tmp_path / "vault"))
    assert code == 0 and str(tmp_path / "vault") in out
    assert len(files(tmp_path / "vault")) == 3
    code, out, _ = run(
        "export", "--all-articles", "--single-file", "--out", str(tmp_path / "all.md")
    )
    assert code == 0 and out.strip().endswith(f"to {tmp_path / 'all.md'}")
    text = (tmp_path / "all.md").read_text(encoding="utf-8")
    assert "## First: the article" in text and "## Second" in text


def test_json_and_w3c_formats(filled: tuple[str, str], tmp_path: Path) -> None:
    code, out, _ = run("export", "--format", "json", "--out", str(tmp_path))
    assert code == 0
    (backup,) = tmp_path.glob("newsread-backup-*.json")
    assert re.fullmatch(r"newsread-backup-\d{8}-\d{6}\.json", backup.name)
    assert str(backup) in out
    assert json.loads(backup.read_text())["format"] == "newsread-backup"
    code, out, _ = run("export", "--format", "W3C", "--out", str(tmp_path / "a.jsonld"))
    assert code == 0
    data = json.loads((tmp_path / "a.jsonld").read_text())
    assert data["type"] == "AnnotationCollection" and data["total"] == 4


def test_filters(filled: tuple[str, str], tmp_path: Path) -> None:
    _first, second = filled
    code, out, _ = run("export", "--out", str(tmp_path / "a"), "--article", second[:6])
    assert code == 0 and files(tmp_path / "a") == [".newsread-export.json", "Second.md"]
    assert out == f"Exported 1 article (0 highlights) to {tmp_path / 'a' / 'Second.md'}\n"
    code, out, _ = run("export", "--out", str(tmp_path / "t"), "--tag", "news")
    assert code == 0 and files(tmp_path / "t") == [".newsread-export.json", "First the article.md"]
    code, out, _ = run(
        "export", "--out", str(tmp_path / "c"), "--color", "blue", "--colour", "green"
    )
    assert code == 0 and "1 article (2 highlights)" in out
    code, out, _ = run("export", "--out", str(tmp_path / "s"), "--since", "2000-01-01")
    assert code == 0 and "1 article (3 highlights)" in out
    code, out, _ = run("export", "--out", str(tmp_path / "n"), "--tag", "missing")
    assert code == 0 and out == "Nothing to export: no article matched; nothing was written.\n"
    assert not (tmp_path / "n").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf"], "unknown format 'pdf' (choose from md, json, w3c)"),
        (["--article", "deadbeef"], "no article with id 'deadbeef'"),
        (
            ["--colour", "red"],
            "unknown colour 'red' (choose from yellow, green, blue, pink, purple)",
        ),
        (
            ["--since", "last week"],
            "--since: not a date: 'last week' (YYYY-MM-DD, or as in a query: yesterday, 7d)",
        ),
        (["--format", "json", "--single-file"], "--single-file applies to Markdown"),
        (["--format", "json", "--colour", "blue"], "a JSON backup holds whole articles"),
        (["--out", "{file}"], "is a file; Markdown export writes a folder"),
        (["--out", "{file}/sub"], "cannot create folder"),
    ],
)
def test_errors_are_one_line_exit_2_and_write_nothing(
    filled: tuple[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    message: str,
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "notes.txt").write_text("mine")
    monkeypatch.chdir(work)
    args = [a.replace("{file}", str(work / "notes.txt")) for a in args]
    code, out, err = run("export", *args)
    assert code == 2
    assert err.startswith("newsread: error: ") and message in err
    assert len(err.strip().splitlines()) == 1
    assert out == ""
    assert files(work) == ["notes.txt"]


def test_export_works_while_the_app_holds_the_library(library: Library, tmp_path: Path) -> None:
    annotated(library)  # the fixture keeps the write lock, as a running app would
    code, out, err = run("export", "--all-articles", "--out", str(tmp_path / "o"))
    assert code == 0, err
    assert "2 articles" in out
