"""Big feeds: work per entry stays constant, and entries' HTML is not run through trafilatura."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_reader.importing import import_inputs
from tui_reader.ingest import html as html_module
from tui_reader.ingest.feeds import parse_feed
from tui_reader.model import Document
from tui_reader.store import Library
from tui_reader.store.changes import Changes


def rss(entries: int, duplicate_every: int = 0) -> bytes:
    items = []
    for n in range(entries):
        link = n - 1 if duplicate_every and n and n % duplicate_every == 0 else n
        items.append(
            f"<item><title>Entry {n}</title><link>https://news.example.org/{link}</link>"
            f"<description><![CDATA[<p>Paragraph one of entry {n}.</p>"
            f"<ul><li>A list item</li></ul><p>More at <a href='/x'>the site</a>.</p>]]>"
            "</description></item>"
        )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>'
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def test_duplicate_check_computes_each_entry_id_a_bounded_number_of_times(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = 0
    real = Document.article_id

    def counted(self: Document) -> str:
        nonlocal calls
        calls += 1
        return real(self)

    monkeypatch.setattr(Document, "article_id", counted)
    loaded = parse_feed(rss(400, duplicate_every=50))
    assert len(loaded) == 400 - 7
    assert sum("appears twice" in w for w in loaded.warnings) == 7
    # a constant number per entry (the old check recomputed every earlier id: ~80,000 calls)
    assert calls <= 3 * 400


def test_entry_html_is_read_without_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("trafilatura ran on a feed entry")

    monkeypatch.setattr(html_module, "extract_main", refuse)
    loaded = parse_feed(rss(3))
    assert [p.text for p in loaded[0].paragraphs] == [
        "Paragraph one of entry 0.",
        "• A list item",
        "More at the site.",
        "Read the full article: https://news.example.org/0",
    ]


def test_a_big_import_merges_its_changes_a_bounded_number_of_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = 0
    real = Changes.merge

    def counted(self: Changes, other: Changes) -> Changes:
        nonlocal calls
        calls += 1
        return real(self, other)

    monkeypatch.setattr(Changes, "merge", counted)
    feed = tmp_path / "big.rss"
    feed.write_bytes(rss(300))
    library = Library.open(tmp_path / "library")
    report = import_inputs(library, [str(feed)])
    assert len(report.results) == 300
    # once per write, not once per article (each merge copies every id so far)
    assert calls <= 10
