"""`newsread stats`: the figures as lines, or JSON."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tests.stats_fixture import fill_stats_library
from tui_reader.cli import cli
from tui_reader.store import Library


def test_stats_lines_and_json(library_path: Path) -> None:
    with Library.open(library_path, "write") as lib:
        fill_stats_library(lib)
    result = CliRunner().invoke(cli, ["stats"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Articles            6, 4 read (1 before newsread kept the day)"
    assert lines[1] == "Highlights          6, 3 notes"
    assert lines[-1] == "Top sources         example.com 3, rfa.org 2, The Coastline Courier 1"
    result = CliRunner().invoke(cli, ["stats", "--json"], catch_exceptions=False)
    data = json.loads(result.stdout)
    assert (data["articles"], data["read"], data["highlights"], data["notes"]) == (6, 4, 6, 3)
    assert len(data["read_per_week"]) == 26
    assert sum(w["count"] for w in data["highlights_per_week"]) <= 6
    assert data["top_tags"][0] == {"tag": "korea", "count": 3}


def test_stats_of_an_empty_library(library_path: Path) -> None:
    Library.open(library_path, "write").close()
    result = CliRunner().invoke(cli, ["stats", "--json"], catch_exceptions=False)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["articles"] == 0


def test_stats_count_the_review_log(library_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from tui_reader.review.cards import Grade, make_scheduler, rate

    now = datetime.now(UTC)
    with Library.open(library_path, "write") as lib:
        fill_stats_library(lib)
        hl = next(iter(lib.all_highlights()))
        scheduler = make_scheduler(fuzz=False)
        first = rate(None, hl.article_id, hl.id, Grade.GOOD, now - timedelta(days=1), scheduler)
        lib.put_review_records([rate(first, hl.article_id, hl.id, Grade.EASY, now, scheduler)])
    result = CliRunner().invoke(cli, ["stats", "--json"], catch_exceptions=False)
    data = json.loads(result.stdout)
    assert data["reviews"] == 2
    assert sum(w["count"] for w in data["reviews_per_week"]) == 2
    assert data["review_streak"]["current"] == 2
    lines = CliRunner().invoke(cli, ["stats"], catch_exceptions=False).stdout.splitlines()
    assert any(line.startswith("Reviews per week") for line in lines)
