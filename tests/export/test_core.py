"""export_articles: destinations, defaults, errors that write nothing, progress."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.export.conftest import annotated
from tui_reader.export import ExportError, ExportFilter, export_articles, parse_since
from tui_reader.store import Library


def tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_defaults_are_relative_to_base(library: Library, tmp_path: Path) -> None:
    annotated(library)
    md = export_articles(library, base=tmp_path)
    assert md.destination == tmp_path / "newsread-export" and len(md.files) == 2
    single = export_articles(library, None, "md", single_file=True, base=tmp_path)
    assert single.destination == tmp_path / "newsread-highlights.md"
    backup = export_articles(library, None, "json", base=tmp_path)
    assert re.fullmatch(r"newsread-backup-\d{8}-\d{6}\.json", backup.destination.name)
    assert backup.destination.parent == tmp_path
    w3c = export_articles(library, None, "w3c", base=tmp_path)
    assert w3c.destination == tmp_path / "newsread-annotations.jsonld"
    folder = tmp_path / "given"
    folder.mkdir()
    into = export_articles(library, None, "w3c", folder, base=tmp_path)
    assert into.destination == folder / "newsread-annotations.jsonld"
    single_in = export_articles(library, None, "md", folder, single_file=True)
    assert single_in.destination == folder / "newsread-highlights.md"
    assert into.summary().endswith(f"to {folder / 'newsread-annotations.jsonld'}")
    assert md.summary() == f"Exported 2 articles (3 highlights) to 2 files in {md.destination}"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"fmt": "pdf"}, "unknown format 'pdf'"),
        ({"fmt": "json", "single_file": True}, "--single-file applies to Markdown"),
        ({"fmt": "w3c", "single_file": True}, "--single-file applies to Markdown"),
        ({"fmt": "json", "filters": ExportFilter(colours=("blue",))}, "JSON backup holds whole"),
        ({"article_ids": ["ffffffffffffffff"]}, "no article with id 'ffffffffffffffff'"),
        ({"out": "a-file.txt"}, "is a file; Markdown export writes a folder"),
        ({"out": "a-file.txt/sub"}, "cannot create folder"),
        ({"fmt": "json", "out": "a-file.txt/sub/b.json"}, "cannot create folder"),
        ({"fmt": "w3c", "out": "a-file.txt/x.jsonld"}, "cannot create folder"),
    ],
)
def test_errors_write_nothing(library: Library, tmp_path: Path, kwargs: dict, message: str) -> None:
    annotated(library)
    base = tmp_path / "base"
    base.mkdir()
    (base / "a-file.txt").write_text("keep me")
    (base / "dir").mkdir()
    before = tree(base)
    with pytest.raises(ExportError) as caught:
        export_articles(library, base=base, **kwargs)
    assert message in str(caught.value)
    assert tree(base) == before
    assert (base / "a-file.txt").read_text() == "keep me"


def test_bad_colour_and_dates() -> None:
    with pytest.raises(ExportError, match="unknown colour 'red'"):
        ExportFilter(colours=("red",))
    for bad in ("nope", "..2024", "2024-13"):
        with pytest.raises(ExportError, match=f"--since: not a date: '{re.escape(bad)}'"):
            parse_since(bad)
    assert parse_since("2024-05-01T10:00:00Z").isoformat() == "2024-05-01T10:00:00+00:00"
    assert parse_since("2024-05-01").tzinfo is not None


def test_since_takes_dates_as_the_query_language_writes_them() -> None:
    now = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
    assert parse_since("yesterday", now) == datetime(2026, 12, 1, tzinfo=UTC)
    assert parse_since("today", now) == datetime(2026, 12, 2, tzinfo=UTC)
    assert parse_since("7d", now) == datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
    assert parse_since("2024-05", now) == datetime(2024, 5, 1, tzinfo=UTC)


def test_since_keeps_recent_highlights(library: Library, tmp_path: Path) -> None:
    first, _ = annotated(library)
    old, *recent = library.highlights(first.id)
    library.put_highlight(
        old.evolve(created="2020-01-01T00:00:00+00:00", updated="2020-01-02T00:00:00+00:00")
    )
    chosen = ExportFilter(since=parse_since("2021-01-01"))
    result = export_articles(library, None, "md", tmp_path / "o", filters=chosen)
    assert result.articles == 1 and result.highlights == len(recent)
    assert old.id[:8] not in result.files[0].read_text(encoding="utf-8")
    future = ExportFilter(since=parse_since("2999-01-01"))
    assert export_articles(library, None, "md", tmp_path / "f", filters=future).files == []


def test_progress_reports_each_article(library: Library, tmp_path: Path) -> None:
    annotated(library)
    calls: list[tuple[int, int]] = []
    export_articles(library, None, "json", tmp_path / "b.json", progress=lambda *a: calls.append(a))
    assert calls == [(1, 2), (2, 2)]
    calls.clear()
    export_articles(library, None, "md", tmp_path / "md", progress=lambda *a: calls.append(a))
    assert calls == [(1, 2), (2, 2)]


def test_export_reads_a_read_only_library_while_a_writer_holds_it(
    library: Library, library_path: Path, tmp_path: Path
) -> None:
    annotated(library)
    with Library.open(library_path, "read") as reader:
        result = export_articles(reader, None, "md", tmp_path / "o")
    assert len(result.files) == 2
