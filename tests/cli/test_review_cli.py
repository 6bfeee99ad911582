"""``newsread review [QUERY] [--query Q] [--limit N] [--due] [--json]``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.review.fixture import seed_review_library
from tui_reader.cli import cli
from tui_reader.store import Library


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def seeded(library_path: Path) -> Path:
    with Library.open(library_path, "write") as library:
        seed_review_library(library)
    return library_path


def test_due_prints_todays_count(seeded: Path) -> None:
    assert run("review", "--due") == (0, "4 to review today (0 due, 4 new)\n", "")
    assert run("review", "tag:history", "--due")[1] == "2 to review today (0 due, 2 new)\n"
    assert run("review", "--query", "has:note", "--due")[1] == "1 to review today (0 due, 1 new)\n"
    assert run("review", "--limit", "3", "--due")[1] == "3 to review today (0 due, 3 new)\n"


def test_the_daily_limit_comes_from_the_config(seeded: Path, tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("[review]\ndaily_limit = 1\n")
    assert run("review", "--due")[1] == "1 to review today (0 due, 1 new)\n"


def test_json_lists_the_queue_in_order(seeded: Path) -> None:
    code, out, _ = run("review", "--json", "tag:history")
    assert code == 0
    document = json.loads(out)
    assert (document["due"], document["new"], document["next_due"]) == (0, 2, None)
    rows = [(h["article_title"], h["quote"], h["note"], h["new"]) for h in document["highlights"]]
    assert rows == [
        ("Westphalia", "treaty", "peace of 1648", True),
        ("Westphalia", "shaped ", "", True),
    ]


def test_a_bad_query_or_limit_is_one_line_and_exit_2(seeded: Path) -> None:
    code, out, err = run("review", "colour:red", "--due")
    assert code == 2 and out == ""
    assert err.startswith("newsread: error: query: column 8: unknown colour 'red'")
    assert err.count("\n") == 1
    code, _, err = run("review", "--limit", "0")
    assert code == 2 and "--limit" in err and err.count("\n") == 1


def test_review_opens_the_app_on_the_review(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[Any] = []

    class FakeApp:
        def __init__(self, library: Library, **kwargs: Any) -> None:
            started.append(kwargs)

        def run(self) -> None:
            pass

    import tui_reader.ui.app as app_module

    monkeypatch.setattr(app_module, "create_app", lambda library, **kw: FakeApp(library, **kw))
    assert run("review", "tag:history", "--limit", "5")[0] == 0
    request = started[0]["open_review"]
    assert (request.query, request.limit) == ("tag:history", 5)


def test_hostile_titles_are_sanitised_in_json(library_path: Path) -> None:
    from tui_reader.importing import add_document
    from tui_reader.model import Document, Paragraph

    with Library.open(library_path, "write") as library:
        article = add_document(
            library,
            Document(
                title="Evil \x1b[31mred\x1b[0m title", paragraphs=[Paragraph("Some text here.")]
            ),
        ).article
        library.create_highlight(article.id, 0, 0, 4, "yellow")
    _, out, _ = run("review", "--json")
    assert "\x1b" not in out and "\\u001b" not in out
