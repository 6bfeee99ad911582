"""``newsread add``: pages, feeds, URLs and folders; what it prints and its exit code."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tests.conftest import library_files
from tests.ingest.conftest import DATA, SAMPLES, Server
from tui_reader.cli import cli
from tui_reader.store import Library

ROOT = Path(__file__).resolve().parents[2]

ESSAY = """---
title: The Ferry Keepers
url: https://courier.example.com/features/ferry-keepers
---

Elena Marsh has skippered the Port Selby ferry for eleven years.

Before her, her uncle ran it for thirty, and before him a man known only as the Captain.
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_add_page_feed_and_json_feed() -> None:
    result = run(
        "add",
        str(SAMPLES / "harbour-ferry-vote.html"),
        str(SAMPLES / "coastline-courier.rss"),
        str(SAMPLES / "field-notes.json"),
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("added: ")
    assert lines[0].endswith("  Harbour town votes to keep its ferry")
    assert len(lines) == 7
    assert lines[-1] == "6 added, 0 updated, 0 already there, 0 failed"
    assert result.stderr == ""


def test_folder_with_failures_exits_0_and_names_each_failure(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(DATA / "night-trains.html", folder / "trains.html")
    shutil.copy(DATA / "no-article.html", folder / "gone.html")
    (folder / "empty.rss").write_text("", encoding="utf-8")
    result = run("add", str(folder))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "1 added, 0 updated, 0 already there, 2 failed"
    errors = sorted(result.stderr.splitlines())
    assert errors == [
        f"newsread: error: {folder / 'empty.rss'}: file is empty",
        f"newsread: error: {folder / 'gone.html'}: no article text found in the page",
    ]
    again = run("add", str(folder / "trains.html"))
    assert again.exit_code == 0
    assert again.stdout.startswith("already there: ")


def test_every_input_failing_exits_2_and_writes_nothing(tmp_path: Path, library_path: Path) -> None:
    run("add", str(SAMPLES / "field-notes.json"))
    before = library_files(library_path)
    result = run(
        "add",
        str(tmp_path / "missing.html"),
        str(DATA / "no-article.html"),
        "--max-size",
        "1KB",
        str(DATA / "night-trains.html"),
    )
    assert result.exit_code == 2
    assert result.stdout.splitlines()[-1] == "0 added, 0 updated, 0 already there, 3 failed"
    assert f"{tmp_path / 'missing.html'}: no such file or folder" in result.stderr
    assert "over the 1 KB limit" in result.stderr
    assert library_files(library_path) == before


def test_malformed_feed_warns_on_stderr(tmp_path: Path) -> None:
    feed = (SAMPLES / "coastline-courier.rss").read_text(encoding="utf-8")
    path = tmp_path / "broken.rss"
    path.write_text(feed.replace("</channel>\n</rss>", "<item><title>x <b></item>"), "utf-8")
    result = run("add", str(path))
    assert result.exit_code == 0
    assert f"newsread: warning: {path}: feed is malformed (line" in result.stderr
    assert result.stdout.splitlines()[-1] == "3 added, 0 updated, 0 already there, 0 failed"


def test_url_input(server: Server) -> None:
    url = server.page("/ferry", (SAMPLES / "harbour-ferry-vote.html").read_bytes())
    result = run("add", url, server.url("/nope"))
    assert result.exit_code == 0
    assert "added: " in result.stdout
    assert f"newsread: error: {server.url('/nope')}: HTTP 404 Not Found" in result.stderr


def test_reimport_reports_highlights_and_orphans_are_listed(
    tmp_path: Path, library_path: Path
) -> None:
    path = tmp_path / "keepers.md"
    path.write_text(ESSAY, encoding="utf-8")
    assert run("add", str(path)).exit_code == 0
    with Library.open(library_path, "write") as lib:
        [article] = lib.articles()
        lib.create_highlight(article.id, 0, 0, 11)
        lib.create_highlight(article.id, 1, 0, 39)
    path.write_text(
        ESSAY.replace(
            "Before her, her uncle ran it for thirty, and before him a man known only as the "
            "Captain.",
            "Nobody remembers who ran it before the war.",
        ),
        encoding="utf-8",
    )
    result = run("add", str(path))
    assert result.exit_code == 0
    first, summary = result.stdout.splitlines()
    assert first.startswith("updated: ")
    assert first.endswith("The Ferry Keepers (highlights: 1 stayed, 0 moved, 1 orphaned)")
    assert summary.endswith("highlights: 1 stayed, 0 moved, 1 orphaned")
    orphans = run("list", "--orphans")
    assert orphans.exit_code == 0
    assert "The Ferry Keepers: “Before her, her uncle ran it for thirty”" in orphans.stdout


def test_add_in_a_subprocess_like_a_user(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "NEWSREAD_LIBRARY": str(tmp_path / "lib"), "NO_COLOR": "1"}
    out = subprocess.run(
        [sys.executable, "-m", "tui_reader", "add", str(SAMPLES / "coastline-courier.rss")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == "3 added, 0 updated, 0 already there, 0 failed"


def test_own_markdown_export_added_back_is_refused_and_changes_nothing(
    tmp_path: Path, library_path: Path
) -> None:
    run("add", str(SAMPLES / "harbour-ferry-vote.html"), str(SAMPLES / "tidal-power.md"))
    out = tmp_path / "vault"
    assert run("export", "--all-articles", "--out", str(out)).exit_code == 0
    exported = sorted(out.rglob("*.md"))
    assert len(exported) == 2
    before = library_files(library_path)
    result = run("add", str(out))
    assert result.exit_code == 2
    assert result.stdout.splitlines()[-1] == "0 added, 0 updated, 0 already there, 2 failed"
    for path in exported:
        assert (
            f"{path}: this is newsread's own export of highlights and notes, "
            "not an article (skipped)" in result.stderr
        )
    assert library_files(library_path) == before


def test_ctrl_c_keeps_what_was_read_and_says_so(tmp_path: Path) -> None:
    # A server that accepts and never answers: the import waits on it when Ctrl+C comes.
    listener = socket.create_server(("127.0.0.1", 0))
    connected, release = threading.Event(), threading.Event()

    def accept() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.recv(1024)
            connected.set()
            release.wait(60)

    threading.Thread(target=accept, daemon=True).start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/slow"
    env = {"PATH": "/usr/bin:/bin", "NEWSREAD_LIBRARY": str(tmp_path / "lib"), "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui_reader", "add", str(SAMPLES / "coastline-courier.rss"), url],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert connected.wait(60), "the import never asked the server"
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
        release.set()
        listener.close()
    assert proc.returncode == 130
    assert out.splitlines()[-1] == (
        "3 added, 0 updated, 0 already there, 0 failed, cancelled before the end"
    )
    assert err.strip().splitlines()[-1] == (
        "newsread: error: interrupted: what was read is kept; run the same command again to finish"
    )
    with Library.open(tmp_path / "lib", "read") as library:
        assert len(library.articles()) == 3


def test_add_holds_full_collections_back_while_it_imports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full collection walks every object kept (at 100,000 articles a few hundred ms
    each, several per import): held back as a refresh does, and restored at the end."""
    import gc

    from tui_reader import importing
    from tui_reader.feeds.collector import HELD_THRESHOLD

    seen: list[int] = []
    real = importing.import_inputs

    def watching(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.get_threshold()[2])
        return real(*args, **kwargs)

    monkeypatch.setattr(importing, "import_inputs", watching)
    before = gc.get_threshold()
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("A Title\nA paragraph.\n", encoding="utf-8")
    result = run("add", str(folder))
    assert result.exit_code == 0, result.output
    assert seen == [HELD_THRESHOLD]
    assert gc.get_threshold() == before
