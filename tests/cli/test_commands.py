"""The CLI: each command on good input, and one-line errors on bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT, SEED, library_files
from tui_reader.cli import cli
from tui_reader.store import Library

SEED_TITLE = "South Korea Confirms Capture of Wounded North Korean Soldier in Kursk"


def run(*args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_version_and_help() -> None:
    code, out, _ = run("--version")
    assert code == 0 and "newsread, version 0.1.0" in out
    code, out, _ = run("--help")
    assert code == 0
    for command in ("add", "list", "show", "locate"):
        assert command in out


def test_locate_honours_option_and_environment(tmp_path: Path, library_path: Path) -> None:
    assert run("locate")[1].strip() == str(library_path)
    other = tmp_path / "elsewhere"
    assert run("--library", str(other), "locate")[1].strip() == str(other)


def test_add_list_show(library_path: Path) -> None:
    code, out, _ = run("add", str(SEED))
    assert code == 0
    assert "1 added, 0 updated, 0 already there, 0 failed" in out
    code, out, _ = run("add", str(SEED))
    assert code == 0 and "1 already there" in out
    code, out, _ = run("list", "--json")
    rows = json.loads(out)
    assert [r["title"] for r in rows] == [SEED_TITLE]
    assert rows[0]["source"] == "www.rfa.org"
    code, out, _ = run("show", rows[0]["id"][:8])
    assert code == 0
    blocks = out.strip().split("\n\n")
    assert blocks[0] == f"{SEED_TITLE}\nSource: www.rfa.org"
    assert len(blocks) == 8
    code, out, _ = run("list")
    assert "South Korea" in out and "www.rfa.org" in out


def test_add_folder_recursively_and_list_by_tag(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "deep").mkdir(parents=True)
    (folder / "a.txt").write_text("Alpha\nFirst body.\n")
    (folder / "deep" / "b.md").write_text("---\ntitle: Beta\ntags: [x]\n---\nBody of beta.\n")
    (folder / "deep" / "ignored.bin").write_bytes(b"\x00\x01")
    code, out, _ = run("add", str(folder))
    assert code == 0 and "2 added" in out
    rows = json.loads(run("list", "--tag", "x", "--json")[1])
    assert [r["title"] for r in rows] == ["Beta"]
    assert "No articles match." in run("list", "--tag", "nope")[1]


def test_add_reports_each_failure_and_still_adds_the_rest(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    code, out, err = run("add", str(SEED), str(empty), str(tmp_path / "missing.md"))
    assert code == 0
    assert "1 added, 0 updated, 0 already there, 2 failed" in out
    assert f"newsread: error: {empty}: file is empty" in err
    assert "missing.md: no such file or folder" in err


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("missing.txt", None, "no such file or folder"),
        ("empty.txt", b"", "file is empty"),
        ("binary.txt", b"\x7fELF\x00\x00\x00", "file is binary, not text"),
    ],
)
def test_bad_single_input_exits_2_and_writes_nothing(
    tmp_path: Path, library_path: Path, name: str, content: bytes | None, reason: str
) -> None:
    run("add", str(SEED))
    before = library_files(library_path)
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    code, _, err = run("add", str(path))
    assert code == 2
    assert err.strip().splitlines()[0] == f"newsread: error: {path}: {reason}"
    assert "Traceback" not in err
    assert library_files(library_path) == before


def test_unreadable_file_exits_2(
    tmp_path: Path, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Title\nbody\n")

    real_open = os.open

    def deny(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(file) == path:
            raise PermissionError(13, "Permission denied")
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    code, _, err = run("add", str(path))
    assert code == 2
    assert f"{path}: permission denied" in err


def test_locked_library_refuses_add_with_one_line(library_path: Path) -> None:
    holder = Library.open(library_path, "write")
    try:
        code, _, err = run("add", str(SEED))
    finally:
        holder.close()
    assert code == 2
    assert err.startswith("newsread: error: the library ")
    assert "in use by another newsread" in err
    assert len(err.strip().splitlines()) == 1


def test_list_works_while_another_process_writes(library_path: Path) -> None:
    run("add", str(SEED))
    holder = Library.open(library_path, "write")
    try:
        code, out, _ = run("list", "--json")
    finally:
        holder.close()
    assert code == 0 and json.loads(out)[0]["title"] == SEED_TITLE


def test_show_unknown_id_exits_2(library: Library) -> None:
    library.close()
    code, _, err = run("show", "deadbeef")
    assert code == 2
    assert err == "newsread: error: no article with id 'deadbeef'\n"


def test_bad_max_size_exits_2() -> None:
    code, _, err = run("add", "--max-size", "lots", str(SEED))
    assert code == 2 and "--max-size" in err


def test_corrupt_library_exits_2_with_one_line(library_path: Path) -> None:
    library_path.mkdir()
    (library_path / "library.json").write_bytes(b"{broken")
    code, _, err = run("list")
    assert code == 2
    assert err.startswith("newsread: error: ")
    assert "damaged" in err and "Traceback" not in err


def test_real_subprocess_add_and_list(tmp_path: Path) -> None:
    env = {**os.environ, "NEWSREAD_LIBRARY": str(tmp_path / "sub-lib"), "PYTHONPATH": str(ROOT)}
    add = subprocess.run(
        [sys.executable, "-m", "tui_reader", "add", str(SEED)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert add.returncode == 0, add.stderr
    assert "1 added" in add.stdout
    listed = subprocess.run(
        [sys.executable, "-m", "tui_reader", "list", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert json.loads(listed.stdout)[0]["title"] == SEED_TITLE
    bad = subprocess.run(
        [sys.executable, "-m", "tui_reader", "add", str(tmp_path / "nope.txt")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert bad.returncode == 2
    assert (
        bad.stderr.splitlines()[0]
        == f"newsread: error: {tmp_path / 'nope.txt'}: no such file or folder"
    )
    assert "Traceback" not in bad.stderr


class FakeApp:
    """Stands in for the Textual app: records what it was built with."""

    built: list[str | None] = []

    def __init__(self, library: Library, open_article: str | None = None) -> None:
        self.library = library
        FakeApp.built.append(open_article)

    def run(self) -> None:
        """Nothing to show in a test."""


def fake_create_app(
    library: Library,
    config: object = None,
    open_article: str | None = None,
    open_review: object = None,
):
    """The factory the CLI calls, replaced so no terminal is needed."""
    return FakeApp(library, open_article)


def test_first_start_imports_the_samples_once(
    library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tui_reader.ui.app.create_app", fake_create_app)
    code, _, err = run()
    assert code == 0, err
    with Library.open(library_path, "write") as lib:
        titles = {a.title for a in lib.articles()}
        assert SEED_TITLE in titles and len(titles) >= 5
        for article in lib.articles():
            lib.delete(article.id)
    run()  # an emptied library stays empty: samples come only on the first start
    with Library.open(library_path, "read") as lib:
        assert len(lib) == 0


def test_first_start_after_following_a_feed_imports_no_samples(
    library_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("tui_reader.ui.app.create_app", fake_create_app)
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour News</title>'
        "<item><title>Ferry</title><guid>f-1</guid><description>The ferry ran.</description>"
        "</item></channel></rss>"
    )
    code, _, err = run("feeds", "add", str(feed))
    assert code == 0, err
    code, _, err = run()  # the app, before any refresh
    assert code == 0, err
    with Library.open(library_path, "read") as lib:
        assert len(lib) == 0, "the samples were mixed into a feed reader's library"


def test_read_opens_the_app_on_an_article(
    library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tui_reader.ui.app.create_app", fake_create_app)
    run("add", str(SEED))
    aid = json.loads(run("list", "--json")[1])[0]["id"]
    FakeApp.built.clear()
    code, _, err = run("read", aid[:6])
    assert code == 0, err
    assert FakeApp.built == [aid]
    code, _, err = run("read", "ffffffff")
    assert code == 2 and err == "newsread: error: no article with id 'ffffffff'\n"
