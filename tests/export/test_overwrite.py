"""An export replaces only its own files, and clears the debris a killed export left."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.export.conftest import annotated
from tui_reader.cli import cli
from tui_reader.export import ExportError, export_articles
from tui_reader.export.filenames import INDEX_NAME, ExportIndex
from tui_reader.store import Library

PRECIOUS = b"# My notes\n\nTwo years of reading notes that exist nowhere else.\n"
#: A pid no process can have (above Linux's largest pid_max): its temp files are debris.
GONE_PID = 4194305


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def filled(library_path: Path) -> None:
    with Library.open(library_path, "write") as lib:
        annotated(lib)


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (("--format", "json"), "a newsread backup"),
        (("--format", "w3c"), "a newsread W3C export"),
        (("--single-file",), "a newsread export"),
    ],
)
def test_export_refuses_to_replace_a_users_file(
    filled: None, tmp_path: Path, args: tuple[str, ...], what: str
) -> None:
    precious = tmp_path / "precious.md"
    precious.write_bytes(PRECIOUS)
    code, out, err = run("export", *args, "--out", str(precious))
    assert code == 2
    assert err == (
        f"newsread: error: {precious} exists and is not {what}; give another --out, "
        f"or --force to {'add the export to it' if args == ('--single-file',) else 'replace it'}\n"
    )
    assert out == ""
    assert precious.read_bytes() == PRECIOUS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library", "precious.md"]


@pytest.mark.parametrize("fmt", ["json", "w3c"])
def test_force_replaces_and_a_second_export_replaces_its_own_file(
    filled: None, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / "precious.md"
    target.write_bytes(PRECIOUS)
    code, _, err = run("export", "--format", fmt, "--out", str(target), "--force")
    assert code == 0, err
    assert target.read_bytes() != PRECIOUS
    code, _, err = run("export", "--format", fmt, "--out", str(target))
    assert code == 0, err  # newsread wrote it: no --force needed


def test_single_file_re_export_merges_into_its_own_file_and_force_keeps_user_text(
    filled: None, tmp_path: Path
) -> None:
    target = tmp_path / "highlights.md"
    assert run("export", "--single-file", "--out", str(target))[0] == 0
    target.write_text(target.read_text(encoding="utf-8") + "\nMy own words.\n", encoding="utf-8")
    assert run("export", "--single-file", "--out", str(target))[0] == 0
    assert "My own words." in target.read_text(encoding="utf-8")
    mine = tmp_path / "mine.md"
    mine.write_bytes(PRECIOUS)
    assert run("export", "--single-file", "--out", str(mine), "--force")[0] == 0
    text = mine.read_text(encoding="utf-8")
    assert "Two years of reading notes" in text and "## Highlights" in text


def test_a_symlink_or_a_binary_file_is_not_replaced(filled: None, tmp_path: Path) -> None:
    photo = tmp_path / "photo.json"
    photo.write_bytes(b"\xff\xd8\xff\xe0 JFIF")
    assert run("export", "--format", "json", "--out", str(photo))[0] == 2
    assert photo.read_bytes() == b"\xff\xd8\xff\xe0 JFIF"
    link = tmp_path / "link.json"
    link.symlink_to(photo)
    code, _, err = run("export", "--format", "json", "--out", str(link))
    assert code == 2 and "symbolic link" in err
    assert link.is_symlink() and photo.read_bytes() == b"\xff\xd8\xff\xe0 JFIF"


def test_a_stale_index_never_adopts_a_file_without_newsreads_front_matter(
    library: Library, tmp_path: Path
) -> None:
    first, _ = annotated(library)
    folder = tmp_path / "vault"
    folder.mkdir()
    mine = folder / "My notes.md"
    mine.write_bytes(PRECIOUS)
    index = ExportIndex(folder, {first.id: "My notes.md"})
    index.save()
    result = export_articles(library, [first.id], "md", folder)
    assert mine.read_bytes() == PRECIOUS
    [written] = result.files
    assert written.name == "First the article.md"
    assert ExportIndex.load(folder).files[first.id] == "First the article.md"


def test_core_refuses_before_reading_the_library(library: Library, tmp_path: Path) -> None:
    annotated(library)
    precious = tmp_path / "backup.json"
    precious.write_bytes(b'{"format": "something else"}')
    with pytest.raises(ExportError, match="is not a newsread backup"):
        export_articles(library, None, "json", precious)
    assert precious.read_bytes() == b'{"format": "something else"}'


# ---------------------------------------------------------------- debris of killed exports


def test_folder_export_removes_debris_of_dead_exports_only(
    library: Library, tmp_path: Path
) -> None:
    annotated(library)
    folder = tmp_path / "vault"
    folder.mkdir()
    dead = [
        folder / f"First the article.md.tmp-{GONE_PID}-123",
        folder / f"Gone.md.tmp-{GONE_PID}-9",
        folder / f"{INDEX_NAME}.tmp-{GONE_PID}-7",
    ]
    alive = folder / f"Busy.md.tmp-{os.getpid()}-1"  # a writer still at work
    unrelated = [folder / f"notes.txt.tmp-{GONE_PID}-1", folder / "plain.md"]
    for path in [*dead, alive, *unrelated]:
        path.write_bytes(b"")
    export_articles(library, None, "md", folder)
    names = {p.name for p in folder.iterdir()}
    assert not any(p.name in names for p in dead)
    assert alive.name in names
    assert all(p.name in names for p in unrelated)
    assert "First the article.md" in names and INDEX_NAME in names


@pytest.mark.parametrize(("fmt", "name"), [("json", "b.json"), ("w3c", "a.jsonld")])
def test_file_export_removes_its_own_debris(
    library: Library, tmp_path: Path, fmt: str, name: str
) -> None:
    annotated(library)
    own = tmp_path / f"{name}.tmp-{GONE_PID}-5"
    other = tmp_path / f"other-{name}.tmp-{GONE_PID}-5"
    own.write_bytes(b"")
    other.write_bytes(b"")
    export_articles(library, None, fmt, tmp_path / name)
    assert not own.exists()
    assert other.exists()


def test_a_backup_of_a_tag_that_matches_nothing_writes_nothing(
    filled: None, tmp_path: Path
) -> None:
    code, out, _ = run("export", "--format", "json", "--tag", "no-such-tag", "--out", "b.json")
    assert code == 0
    assert out == "Nothing to export: no article matched; nothing was written.\n"
    assert not (tmp_path / "b.json").exists()
