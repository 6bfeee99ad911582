"""`newsread restore`: into an empty library, --merge, and one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import library_files as snapshot
from tests.export.conftest import add_article, annotated
from tui_reader.cli import cli
from tui_reader.store import Library


def run(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def backup_file(library_path: Path, tmp_path: Path) -> Path:
    with Library.open(library_path, "write") as lib:
        annotated(lib)
        lib.set_settings({"theme": "nord"})
    path = tmp_path / "backup.json"
    code, _, err = run("export", "--format", "json", "--out", str(path))
    assert code == 0, err
    return path


def test_restore_into_a_new_library(backup_file: Path, library_path: Path, tmp_path: Path) -> None:
    new = tmp_path / "new-lib"
    code, out, err = run("--library", str(new), "restore", str(backup_file))
    assert code == 0, err
    assert out == "Restored 2 articles and 3 highlights, and the settings.\n"
    again = tmp_path / "again.json"
    assert run("--library", str(new), "export", "--format", "json", "--out", str(again))[0] == 0
    assert backup_file.read_bytes() == again.read_bytes()


def test_restore_refuses_a_library_that_is_not_empty(backup_file: Path, library_path: Path) -> None:
    before = snapshot(library_path)
    code, out, err = run("restore", str(backup_file))
    assert code == 2 and out == ""
    assert err == (
        "newsread: error: the library has 2 articles; restore into an empty library, "
        "or use --merge to merge by id\n"
    )
    assert snapshot(library_path) == before


def test_merge_reports_counts(backup_file: Path, library_path: Path) -> None:
    with Library.open(library_path, "write") as lib:
        article = add_article(lib, "Only here", ["Local text."])
        first = next(a for a in lib.articles() if a.title.startswith("First"))
        dropped = lib.highlights(first.id)[0]
        lib.delete_highlight(first.id, dropped.id)
        lib.delete(next(a for a in lib.articles() if a.title == "Second").id)
    code, out, err = run("restore", "--merge", str(backup_file))
    assert code == 0, err
    assert out == (
        "Merged: 1 article added, 1 already there; highlights: 1 added, 0 updated, 2 unchanged.\n"
    )
    with Library.open(library_path, "read") as lib:
        assert len(lib) == 3 and lib.get(article.id).title == "Only here"
        assert lib.get_highlight(first.id, dropped.id) == dropped


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{broken", "bad.json is not valid JSON"),
        (b'{"type": "AnnotationCollection"}', "bad.json is not a newsread backup"),
        (b'{"format": "newsread-backup", "version": 7, "articles": []}', "backup version 7"),
        (b'{"format": "newsread-backup", "version": 1}', "'articles' must be a list"),
        (None, "cannot read"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(
    tmp_path: Path, library_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "bad.json"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run("restore", str(path))
    assert code == 2 and out == ""
    assert err.startswith("newsread: error: ") and message in err
    assert len(err.strip().splitlines()) == 1
    assert snapshot(library_path) == {}


def test_restore_a_folder_is_refused(tmp_path: Path) -> None:
    code, _, err = run("restore", str(tmp_path))
    assert code == 2 and err == f"newsread: error: {tmp_path} is a folder, not a backup file\n"


def test_restore_refuses_a_library_in_use(backup_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "busy"
    with Library.open(other, "write"):
        code, _, err = run("--library", str(other), "restore", str(backup_file))
    assert code == 2 and "in use by another newsread" in err
