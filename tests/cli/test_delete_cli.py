"""``newsread delete``: articles by id or query, after asking, recorded so that no feed
brings them back (as the app's delete)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tui_reader.cli import cli
from tui_reader.feeds.removed import removed_keys
from tui_reader.store import Library

ENTRY = (
    "<item><title>{title}</title><link>https://example.org/{n}</link><guid>g-{n}</guid>"
    "<description>The text of entry {n}.</description></item>"
)


def rss(title: str, *entries: tuple[int, str]) -> str:
    items = "".join(ENTRY.format(n=n, title=t) for n, t in entries)
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://example.org/</link>{items}</channel></rss>"
    )


def run(library_path: Path, *args: str, answer: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--library", str(library_path), *args], input=answer)
    return result.exit_code, result.stdout, result.stderr


def titles(library_path: Path) -> list[str]:
    with Library.open(library_path, "read") as library:
        return sorted(a.title for a in library.articles())


def ids(library_path: Path) -> dict[str, str]:
    with Library.open(library_path, "read") as library:
        return {a.title: a.id for a in library.articles()}


@pytest.fixture
def followed(tmp_path: Path, library_path: Path) -> Path:
    """A library following one local feed of three entries."""
    feed = tmp_path / "news.xml"
    feed.write_text(rss("News", (1, "Harbour"), (2, "Ferry times"), (3, "Tides")), "utf-8")
    assert run(library_path, "feeds", "add", str(feed))[0] == 0
    assert run(library_path, "refresh")[0] == 0
    return feed


def test_delete_asks_and_a_no_deletes_nothing(followed: Path, library_path: Path) -> None:
    harbour = ids(library_path)["Harbour"]
    code, out, err = run(library_path, "delete", harbour[:6], answer="n\n")
    assert code == 0
    assert out == f"{harbour[:8]}  Harbour\nNothing deleted.\n"
    assert err == "Delete 1 article? [y/N]: n\n"  # (the test runner echoes the answer)
    assert titles(library_path) == ["Ferry times", "Harbour", "Tides"]


def test_delete_without_an_answer_is_one_line_and_deletes_nothing(
    followed: Path, library_path: Path
) -> None:
    code, _, err = run(library_path, "delete", ids(library_path)["Harbour"])
    assert code == 2
    assert err.endswith(
        "newsread: error: no answer to the question: nothing deleted "
        "(--yes deletes without asking)\n"
    )
    assert len(titles(library_path)) == 3


def test_delete_by_id_and_query_after_yes(followed: Path, library_path: Path) -> None:
    known = ids(library_path)
    with Library.open(library_path, "write") as library:
        library.create_highlight(known["Tides"], 0, 0, 3, note="why")
    code, out, err = run(
        library_path, "delete", known["Tides"][:5], "--query", "title:ferry", answer="y\n"
    )
    assert code == 0, err
    assert out.splitlines() == [
        f"{known['Tides'][:8]}  Tides  (1 highlight)",
        f"{known['Ferry times'][:8]}  Ferry times",
        "Deleted 2 articles (1 highlight).",
    ]
    assert err == "Delete 2 articles and 1 highlight? [y/N]: y\n"
    assert titles(library_path) == ["Harbour"]
    with Library.open(library_path, "read") as library:
        assert list(library.all_highlights()) == []


def test_an_unknown_id_deletes_nothing(followed: Path, library_path: Path) -> None:
    code, out, err = run(library_path, "delete", ids(library_path)["Harbour"], "ffff0000", "--yes")
    assert (code, out) == (2, "")
    assert err == "newsread: error: no article with id 'ffff0000': nothing deleted\n"
    assert len(titles(library_path)) == 3
    code, _, err = run(library_path, "delete")
    assert code == 2 and err.startswith("newsread: error: give the ids")


def test_a_deleted_article_does_not_come_back_from_any_feed(
    followed: Path, tmp_path: Path, library_path: Path
) -> None:
    harbour = ids(library_path)["Harbour"]
    code, out, err = run(library_path, "delete", harbour, "--yes", "--quiet")
    assert (code, out, err) == (0, "Deleted 1 article (0 highlights).\n", "")
    with Library.open(library_path, "read") as library:  # the app's record of deletions
        assert harbour[:12] in removed_keys(library.settings())
    # the same entry, edited, in the feed followed and in another feed followed now
    followed.write_text(rss("News", (1, "Harbour, edited"), (4, "Wind")), "utf-8")
    other = tmp_path / "digest.xml"
    other.write_text(rss("Digest", (1, "Harbour")), "utf-8")
    assert run(library_path, "feeds", "add", str(other))[0] == 0
    code, out, err = run(library_path, "refresh")
    assert (code, err) == (0, "")
    assert titles(library_path) == ["Ferry times", "Tides", "Wind"]


def test_an_article_recorded_but_not_deleted_is_still_refreshed(
    followed: Path, library_path: Path
) -> None:
    """(A deletion interrupted after the record was written leaves such an article.)"""
    from tui_reader.feeds.removed import record_removed

    with Library.open(library_path, "write") as library:
        record_removed(library, [a for a in library.articles() if a.title == "Harbour"])
    followed.write_text(rss("News", (1, "Harbour, edited"), (2, "Ferry times")), "utf-8")
    code, out, err = run(library_path, "refresh")
    assert (code, err) == (0, "") and "1 updated" in out
    assert titles(library_path) == ["Ferry times", "Harbour, edited", "Tides"]
