"""``newsread list`` as a table: fitted to a terminal, whole into a pipe."""

from __future__ import annotations

import os
import re
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
    assert header.split() == [
        *("id", "title", "source", "date", "tags", "hl", "read", "state", "queue")
    ]
    assert row.split()[-2:] == ["unread", "inbox"]
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


def test_fit_columns_shares_the_width_and_cuts_only_what_does_not_fit() -> None:
    from tui_reader.cli_columns import GAP, fit_columns

    natural = {"id": 8, "title": 69, "source": 33, "date": 10, "tags": 24, "hl": 2, "read": 4}
    natural["state"] = 6
    gaps = GAP * (len(natural) - 1)
    assert fit_columns(natural, sum(natural.values()) + gaps) == natural  # all fits: no cut
    at_160 = fit_columns(natural, 160)
    assert at_160["title"] == 69  # the title needs less than its share: it is whole
    assert {at_160[n] for n in ("id", "date", "hl", "read", "state")} == {8, 10, 2, 4, 6}
    assert sum(at_160.values()) + gaps == 160
    assert at_160["source"] > 20 and at_160["tags"] > 20  # both grew past their floors
    outlier = fit_columns(natural | {"title": 300}, 160)  # one huge title does not take all
    assert outlier["title"] < 90 and outlier["source"] > 14 and outlier["tags"] > 10
    assert sum(outlier.values()) + gaps == 160
    narrow = {"id": 8, "title": 69, "source": 33, "date": 10, "hl": 2, "read": 4}
    at_80 = fit_columns(narrow, 80)
    assert at_80["source"] == 14 and sum(at_80.values()) + GAP * 5 == 80
    tiny = fit_columns(narrow, 40)
    assert tiny["title"] == 16 and tiny["source"] == 14  # floors, never less


def test_list_on_a_160_column_terminal_shows_short_values_whole(tmp_path: Path) -> None:
    _add_long_article(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(tmp_path), "TERM": "xterm"}
    out = _run_on_pty(["list"], env, size=(48, 160)).decode("utf-8").replace("\r", "")
    header, row = re.sub(r"\x1b\[[0-9;]*m", "", out).splitlines()
    assert len(row) <= 160 and header.split()[-2:] == ["state", "queue"]
    assert "harbour, ferries, long-re" in row  # the tags nearly whole, not cut for the title
    assert "A very long title about the harbour ferry" in row and "…" in row


def _table_rows(count: int, long_from: int) -> list[dict[str, object]]:
    """``count`` article rows; from row ``long_from`` on, every other one has a long title,
    a long source, many highlights and is archived (the others stay short)."""
    rows: list[dict[str, object]] = []
    for n in range(count):
        wide = n >= long_from and n % 2 == 0
        rows.append(
            {
                "id": f"{n:016x}",
                "title": LONG_TITLE if wide else f"Short {n:03d}",
                "source": LONG_SOURCE if wide else "Bay",
                "url": "",
                "published": "2026-03-01",
                "added": "2026-03-01T09:00:00+00:00",
                "tags": ["harbour"],
                "highlights": 120 if wide else 0,
                "progress": 0.5,
                "state": "archived" if wide else "unread",
                "queue": "archive" if wide else "inbox",
            }
        )
    return rows


def _print_rows(
    rows: list[dict[str, object]], monkeypatch: pytest.MonkeyPatch, terminal: int, first: int
) -> list[str]:
    import io
    import sys

    from tui_reader import cli_output

    out = io.StringIO()
    with monkeypatch.context() as patch:
        patch.setattr(sys, "stdout", out)
        patch.setattr(cli_output, "_is_tty", lambda stream: bool(terminal))
        size = os.terminal_size((terminal or 80, 24))
        patch.setattr(cli_output.shutil, "get_terminal_size", lambda: size)
        patch.setenv("TERM", "dumb")
        assert cli_output.print_table(iter(rows), page_size=200, first_rows=first) == len(rows)
    return out.getvalue().splitlines()


@pytest.mark.parametrize("first_rows", [0, 100])  # pages of 200, or 20 then 200 (a search)
def test_list_into_a_pipe_keeps_its_columns_from_page_to_page(
    monkeypatch: pytest.MonkeyPatch, first_rows: int
) -> None:
    lines = _print_rows(_table_rows(450, long_from=210), monkeypatch, 0, first_rows)
    header, body = lines[0], lines[1:]
    assert len(body) == 450
    starts = [header.index(name) for name in ("source", "date", "tags")]
    short = [line for line in body if "Short" in line]
    assert len(short) == 330
    for line in short:  # every short row, on every page, under the header's columns
        assert [line.index(value) for value in ("Bay", "2026-03-01", "harbour")] == starts
        assert line.endswith(("0%  unread    inbox", "50%  unread    inbox"))
        assert len(line) == len(body[0])
    wide = [line for line in body if "Short" not in line]
    assert len(wide) == 120
    assert all(LONG_TITLE in line and LONG_SOURCE in line and "…" not in line for line in wide)
    assert all(line.split()[-4:] == ["120", "50%", "archived", "archive"] for line in wide)


@pytest.mark.parametrize("first_rows", [0, 100])
def test_list_on_a_terminal_keeps_its_columns_from_page_to_page(
    monkeypatch: pytest.MonkeyPatch, first_rows: int
) -> None:
    lines = _print_rows(_table_rows(450, long_from=210), monkeypatch, 120, first_rows)
    header, body = lines[0], lines[1:]
    starts = [header.index(name) for name in ("source", "date", "tags")]
    width = max(len(line) for line in lines)
    assert width <= 120
    for line in body:  # long values cut to the first page's widths, never shifting the rest
        source = "Bay" if "Short" in line else LONG_SOURCE[:3]
        assert [line.index(value) for value in (source, "2026-03-01", "harbour")] == starts
        assert line.endswith(("unread    inbox", "archived  archive"))
        assert len(line) in (width, width - 2)  # (archive is two letters longer than inbox)
    assert sum("…" in line for line in body) == 120
