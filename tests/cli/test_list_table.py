"""``newsread list`` as a table: fitted to a terminal, whole into a pipe."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.cli.test_hostile_output import _run_on_pty
from tests.conftest import ROOT
from tui_reader.cli import cli

LONG_TITLE = (
    "A very long title about the harbour ferry that keeps on going well past eighty "
    "columns, so that a narrow table has to cut it somewhere near the middle"
)
LONG_SOURCE = "The Coastline Courier: Local news and weather for the whole bay"


def _add_long_article(tmp_path: Path) -> None:
    page = tmp_path / "long.md"
    page.write_text(
        f"---\ntitle: {LONG_TITLE}\ntags: [harbour, ferries, long-reads]\n---\n\nBody text.\n",
        encoding="utf-8",
    )
    assert CliRunner().invoke(cli, ["add", str(page)]).exit_code == 0


def test_list_into_a_pipe_keeps_whole_titles(tmp_path: Path) -> None:
    _add_long_article(tmp_path)
    result = CliRunner().invoke(cli, ["list"], catch_exceptions=False)
    assert result.exit_code == 0
    header, row = result.stdout.splitlines()
    assert LONG_TITLE in row
    assert "…" not in row
    assert "harbour, ferries, long-reads" in row
    assert header.split() == ["id", "title", "source", "date", "tags", "hl", "read", "state"]
    assert row.index(LONG_TITLE) == header.index("title")


def test_list_on_an_80_column_terminal_fits_the_width(tmp_path: Path) -> None:
    _add_long_article(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(tmp_path), "TERM": "dumb"}
    env |= {"COLUMNS": "80", "LINES": "24"}
    out = _run_on_pty(["list"], env).decode("utf-8")
    lines = out.replace("\r", "").splitlines()
    assert len(lines) == 2
    assert all(len(line) <= 80 for line in lines)
    assert "A very long title about" in lines[1] and "…" in lines[1]
    assert LONG_TITLE not in out


def test_list_into_a_pipe_ignores_force_color_and_has_no_trailing_spaces(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add_long_article(tmp_path)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = CliRunner().invoke(cli, ["list"], catch_exceptions=False).stdout
    assert LONG_TITLE in out
    assert "\x1b" not in out
    assert all(line == line.rstrip() for line in out.splitlines())
