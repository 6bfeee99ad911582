"""import_inputs: folders of every type, the report, re-import and highlights, no duplicates."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.ingest.conftest import DATA, SAMPLES, Server
from tui_reader.importing import AddStatus, import_inputs
from tui_reader.ingest import IMPORTERS
from tui_reader.store import Library

Write = Callable[[str, bytes | str], Path]
ROOT = Path(__file__).resolve().parents[2]

ESSAY = """---
title: The Ferry Keepers
url: https://courier.example.com/features/ferry-keepers
source: The Coastline Courier
---

Elena Marsh has skippered the Port Selby ferry for eleven years.

Before her, her uncle ran it for thirty, and before him a man known only as the Captain.

The crossing takes nine minutes when the tide is slack and twenty when it is not.
"""


def test_every_new_format_is_registered() -> None:
    for suffix in (".html", ".htm", ".rss", ".atom", ".xml", ".json", ".txt", ".md"):
        assert suffix in IMPORTERS


def test_folder_of_mixed_files_with_a_bad_one(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    (folder / "deep" / "deeper").mkdir(parents=True)
    shutil.copy(SAMPLES / "harbour-ferry-vote.html", folder / "ferry.html")
    shutil.copy(SAMPLES / "coastline-courier.rss", folder / "deep" / "local.rss")
    shutil.copy(SAMPLES / "field-notes.json", folder / "deep" / "deeper" / "notes.json")
    shutil.copy(DATA / "night-trains.html", folder / "deep" / "trains.htm")
    shutil.copy(DATA / "no-article.html", folder / "404.html")
    (folder / "empty.md").write_text("", encoding="utf-8")
    (folder / "image.png").write_bytes(b"\x89PNG")  # not a type newsread imports: ignored
    (folder / ".hidden.html").write_text("<p>hidden</p>", encoding="utf-8")
    started: list[int] = []
    seen: list[str] = []
    report = import_inputs(library, [str(folder)], on_start=started.append, on_item=seen.append)
    assert started == [6]
    assert len(seen) == 6
    assert report.count(AddStatus.ADDED) == 1 + 3 + 2 + 1
    assert sorted((Path(name).name, reason) for name, reason in report.failures) == [
        ("404.html", "no article text found in the page"),
        ("empty.md", "file is empty"),
    ]
    assert report.summary() == "7 added, 0 updated, 0 already there, 2 failed"
    assert report.succeeded
    assert len(library) == 7

    again = import_inputs(library, [str(folder)])
    assert again.summary() == "0 added, 0 updated, 7 already there, 2 failed"
    assert len(library) == 7


def test_feed_entries_already_in_the_library_are_not_duplicated(
    library: Library, write: Write
) -> None:
    feed = (SAMPLES / "coastline-courier.rss").read_text(encoding="utf-8")
    import_inputs(library, [str(write("a.rss", feed))])
    # The same entries under another feed file, one with a changed summary.
    changed = feed.replace("a sea shanty it wrote itself", "a shanty of its own")
    report = import_inputs(library, [str(write("b.rss", changed))])
    assert len(library) == 3
    assert report.count(AddStatus.ADDED) == 0
    assert report.count(AddStatus.UNCHANGED) == 3


def test_summary_entry_never_replaces_the_full_article(library: Library, write: Write) -> None:
    page = (SAMPLES / "harbour-ferry-vote.html").read_text(encoding="utf-8")
    feed = """<?xml version="1.0"?><rss version="2.0"><channel><title>Courier</title>
<item><title>Harbour town votes to keep its ferry</title>
<link>https://courier.example.com/news/2026/03/harbour-ferry-vote</link>
<description>Residents voted to keep the ferry.</description></item></channel></rss>"""
    first = import_inputs(library, [str(write("page.html", page))])
    [article] = [r.article for r in first.results]
    report = import_inputs(library, [str(write("feed.rss", feed))])
    assert [r.status for r in report.results] == [AddStatus.UNCHANGED]
    assert len(library) == 1
    assert library.paragraphs(article.id)[0].text.startswith("Residents of Port Selby voted")


def test_same_article_twice_in_one_run_is_added_once(library: Library, write: Write) -> None:
    a = write("one.md", ESSAY)
    b = write("two.md", ESSAY.replace("nine minutes", "ten minutes"))
    report = import_inputs(library, [str(a), str(b)])
    assert [r.status for r in report.results] == [AddStatus.ADDED, AddStatus.UPDATED]
    assert len(library) == 1


def test_reimport_keeps_highlights_and_reports_what_moved(library: Library, write: Write) -> None:
    path = write("ferry-keepers.md", ESSAY)
    [added] = import_inputs(library, [str(path)]).results
    aid = added.article.id
    stays = library.create_highlight(aid, 0, 0, 11)  # "Elena Marsh"
    moves = library.create_highlight(aid, 2, 4, 32)  # "crossing takes nine minutes"
    lost = library.create_highlight(aid, 1, 0, 39)  # the sentence about her uncle
    assert moves.anchor.quote.exact == "crossing takes nine minutes "

    changed = ESSAY.replace(
        "Before her, her uncle ran it for thirty, and before him a man known only as the Captain.",
        "Nobody remembers who ran it before the war.",
    ).replace("The crossing takes", "On a calm day the crossing takes")
    path.write_text(changed, encoding="utf-8")
    report = import_inputs(library, [str(path)])
    [result] = report.results
    assert result.status is AddStatus.UPDATED
    assert (result.stayed, result.moved, result.orphaned) == (1, 1, 1)
    assert report.summary() == (
        "0 added, 1 updated, 0 already there, 0 failed, highlights: 1 stayed, 1 moved, 1 orphaned"
    )
    paragraphs = library.paragraphs(aid)
    by_id = {h.id: h for h in library.highlights(aid)}
    assert len(by_id) == 3
    s, m, o = by_id[stays.id], by_id[moves.id], by_id[lost.id]
    assert paragraphs[s.anchor.paragraph].text[s.anchor.start : s.anchor.end] == "Elena Marsh"
    assert paragraphs[m.anchor.paragraph].text[m.anchor.start : m.anchor.end] == (
        moves.anchor.quote.exact
    )
    assert o.orphan and o.anchor.quote == lost.anchor.quote
    assert [h.id for h in library.orphans()] == [lost.id]


def test_url_inputs_go_through_the_same_path(library: Library, server: Server) -> None:
    page = server.page("/ferry", (SAMPLES / "harbour-ferry-vote.html").read_bytes())
    feed = server.page(
        "/feed", (SAMPLES / "coastline-courier.rss").read_bytes(), "application/rss+xml"
    )
    report = import_inputs(library, [page, feed, server.url("/missing")])
    assert report.summary() == "4 added, 0 updated, 0 already there, 1 failed"
    assert report.failures == [(server.url("/missing"), "HTTP 404 Not Found")]


def test_malformed_feed_warning_reaches_the_report(library: Library, write: Write) -> None:
    feed = (SAMPLES / "coastline-courier.rss").read_text(encoding="utf-8")
    broken = feed.replace("</channel>\n</rss>", "<item><title>cut <b></item>")
    report = import_inputs(library, [str(write("broken.rss", broken))])
    assert report.count(AddStatus.ADDED) == 3
    assert all(name.endswith("broken.rss") for name, _ in report.warnings)
    assert any("malformed (line" in message for _, message in report.warnings)


def test_core_imports_stay_light() -> None:
    code = (
        "import sys, tui_reader.cli, tui_reader.importing, tui_reader.ingest, "
        "tui_reader.anchoring\n"
        "heavy = [m for m in ('trafilatura', 'feedparser', 'httpx', 'lxml', 'textual', "
        "'charset_normalizer', 'htmldate', 'justext') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""


def test_entry_whose_link_changed_is_matched_by_its_id(library: Library, write: Write) -> None:
    feed = (SAMPLES / "coastline-courier.rss").read_text(encoding="utf-8")
    import_inputs(library, [str(write("a.rss", feed))])
    moved = feed.replace(
        "<link>https://courier.example.com/news/2026/03/market-square-works</link>",
        "<link>https://courier.example.com/news/2026/03/market-square-works-update</link>",
    )
    report = import_inputs(library, [str(write("b.rss", moved))])
    assert len(library) == 3
    assert report.count(AddStatus.UNCHANGED) == 3


def test_an_unexpected_error_in_one_input_does_not_stop_the_rest(
    library: Library, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui_reader.ingest import html

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("extractor fell over\nbadly")

    monkeypatch.setattr(html, "parse_html", explode)
    bad = write("page.html", (SAMPLES / "harbour-ferry-vote.html").read_text(encoding="utf-8"))
    good = write("essay.md", ESSAY)
    report = import_inputs(library, [str(bad), str(good)])
    assert report.count(AddStatus.ADDED) == 1
    assert report.failures == [
        (str(bad), "unexpected error: RuntimeError: extractor fell over badly")
    ]


def test_changed_news_page_is_updated_by_its_canonical_link(library: Library, write: Write) -> None:
    page = (SAMPLES / "harbour-ferry-vote.html").read_text(encoding="utf-8")
    [added] = import_inputs(library, [str(write("v1.html", page))]).results
    aid = added.article.id
    paragraphs = library.paragraphs(aid)
    index = next(i for i, p in enumerate(paragraphs) if "half the town" in p.text)
    start = paragraphs[index].text.index("It is how half the town")
    hl = library.create_highlight(aid, index, start, start + len("It is how half the town"))

    corrected = page.replace(
        "<h2>A service older than the road</h2>",
        "<h2>A service older than the road</h2>\n  <p>Correction: an earlier version of "
        "this story gave the wrong year for the first crossing.</p>",
    ).replace("It is how half the town", "It's how half the town")
    report = import_inputs(library, [str(write("v2.html", corrected))])
    [result] = report.results
    assert result.status is AddStatus.UPDATED
    assert (result.stayed, result.moved, result.orphaned) == (0, 1, 0)
    after = library.get_highlight(aid, hl.id)
    text = library.paragraphs(aid)[after.anchor.paragraph].text
    assert after.anchor.paragraph == index + 1
    assert text[after.anchor.start : after.anchor.end] == "It's how half the town"
    assert len(library) == 1


def test_a_file_shorter_than_the_sniffed_head_is_read_once(
    library: Library, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    short = write("short.txt", "A Short One\nIts one paragraph.\n")
    long = write("long.md", "# A Long One\n\n" + "Many words in a row. " * 5000)
    opened: list[str] = []
    os_open, path_open = os.open, Path.open

    def counting_os_open(path: object, *args: object, **kwargs: object) -> int:
        opened.append(os.fspath(path))  # type: ignore[arg-type]
        return os_open(path, *args, **kwargs)  # type: ignore[arg-type]

    def counting_path_open(self: Path, *args: object, **kwargs: object) -> object:
        opened.append(str(self))
        return path_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", counting_os_open)
    monkeypatch.setattr(Path, "open", counting_path_open)
    report = import_inputs(library, [str(short), str(long)])
    monkeypatch.undo()
    assert report.count(AddStatus.ADDED) == 2 and not report.failures
    assert opened.count(str(short)) == 1  # its start was all of it: imported from those bytes
    assert opened.count(str(long)) == 2  # 100 KB: its start, then the whole
    titles = sorted(a.title for a in library.articles())
    assert titles == ["A Long One", "A Short One"]
    [long_article] = [a for a in library.articles() if a.title == "A Long One"]
    assert len(library.paragraphs(long_article.id)[0].text) > 64 * 1024


def test_each_text_is_hashed_once_per_import(
    library: Library, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its content hash makes both its id and the record's ``content_hash``: worked out
    once (each text was hashed three times, a measurable part of a large import)."""
    from tui_reader import importing, merging, model

    for n in range(3):
        write(f"a{n}.txt", f"Title {n}\nFirst paragraph {n}.\nSecond one.\n")
    hashed: list[str] = []
    real = model.content_hash

    def counting(title: str, paragraphs: object) -> str:
        hashed.append(title)
        return real(title, paragraphs)  # type: ignore[arg-type]

    for module in (importing, merging, model):
        monkeypatch.setattr(module, "content_hash", counting)
    report = import_inputs(library, [str(write("b.txt", "Title b\nOne.\n").parent)])
    monkeypatch.undo()
    assert report.count(AddStatus.ADDED) == 4
    assert sorted(hashed) == ["Title 0", "Title 1", "Title 2", "Title b"]
    for article in library.articles():
        assert article.content_hash == real(article.title, library.paragraphs(article.id))


def test_the_summary_counts_have_thousands_separators() -> None:
    from tui_reader.importing import ImportReport
    from tui_reader.merging import AddResult, AddStatus
    from tui_reader.model import Article

    article = Article(id="0123456789abcdef", title="T")
    report = ImportReport(
        results=[AddResult(AddStatus.ADDED, article)] * 3000
        + [AddResult(AddStatus.UPDATED, article, stayed=1200)]
    )
    assert report.summary().startswith("3,000 added, 1 updated, 0 already there, 0 failed")
    assert "highlights: 1,200 stayed" in report.summary()
