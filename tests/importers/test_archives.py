"""Pocket and Omnivore exports, and hostile archives refused before anything is written."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.conftest import library_files
from tests.importers.conftest import DATA, bring
from tests.ingest.conftest import Server
from tui_reader.merging import AddStatus
from tui_reader.model import Queue, ReadingState
from tui_reader.store import Library


def zip_folder(folder: Path, target: Path, prefix: str = "") -> Path:
    """A zip of ``folder``'s files, named as the tool names them (under ``prefix``)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, prefix + path.relative_to(folder).as_posix())
    return target


def test_omnivore_places_its_quotes_in_its_own_text(library: Library, tmp_path: Path) -> None:
    export = zip_folder(DATA / "omnivore", tmp_path / "omnivore-export.zip")
    report = bring(library, export)
    assert not report.failures, report.failures
    q = report.quotes
    assert (q.placed, q.approximate, q.unplaced, q.listed) == (2, 0, 1, 0)
    garden = next(a for a in library.articles() if a.title == "The Garden and the Stream")
    assert (garden.state, garden.queue) == (ReadingState.ARCHIVED, Queue.ARCHIVE)
    assert (garden.tags, garden.source) == (("web", "essays"), "example.org")
    assert (garden.author, garden.published) == ("Mike Caulfield", "2015-10-17T00:00:00+00:00")
    paragraphs = library.paragraphs(garden.id)
    assert len(paragraphs) == 4
    placed = [h for h in library.highlights(garden.id) if not h.orphan]
    first = placed[0]
    assert paragraphs[first.anchor.paragraph].text[first.anchor.start : first.anchor.end] == (
        "The Garden is the web as topology."
    )
    assert (first.tags, first.note) == (("definitions", "web"), "The key contrast of the essay.")
    assert placed[1].anchor.quote.exact.startswith("In the stream metaphor you don't")
    (orphan,) = library.orphans()
    assert orphan.anchor.quote.exact == "A quote that is not in the saved text at all."
    # The second save has no content and no highlight: its description is its text.
    notes = next(a for a in library.articles() if a.title == "Notes on structured concurrency")
    assert notes.state is ReadingState.READING and notes.position == 0
    assert [p.text for p in library.paragraphs(notes.id)] == [
        "Every concurrency API needs a way to run things concurrently."
    ]
    again = bring(library, export)
    assert again.count(AddStatus.UNCHANGED) == 2


def test_omnivore_contents_folder_spelling(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "tree"
    for path in (DATA / "omnivore").rglob("*"):
        if path.is_file():
            rel = path.relative_to(DATA / "omnivore").as_posix().replace("content/", "contents/")
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_bytes(path.read_bytes())
    report = bring(library, zip_folder(folder, tmp_path / "export.zip", "omnivore/"))
    assert report.quotes.placed == 2


def test_pocket_zip_brings_states_tags_and_highlights_placed_with_fetch(
    library: Library, server: Server, tmp_path: Path
) -> None:
    url = server.page("/garden", (DATA / "hypothesis_page.html").read_text(encoding="utf-8"))
    folder = tmp_path / "pocket"
    for path in (DATA / "pocket").rglob("*"):
        if path.is_file():
            target = folder / path.relative_to(DATA / "pocket")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(
                path.read_text(encoding="utf-8").replace("https://example.org/garden", url),
                encoding="utf-8",
            )
    server.page(
        "/21-days",
        "<html><body><p>Researchers have shown it takes about ten years.</p></body></html>",
    )
    export = zip_folder(folder, tmp_path / "pocket.zip")
    report = bring(library, export, fetch=True)
    assert report.count(AddStatus.ADDED) == 2
    assert (report.quotes.placed, report.quotes.unplaced) == (2, 0)
    garden = next(a for a in library.articles() if a.url == url)
    assert garden.tags == ("web", "essays") and garden.state is ReadingState.UNREAD
    assert garden.added == "2024-02-03T22:40:00+00:00"
    norvig = next(a for a in library.articles() if "Ten Years" in a.title)
    assert (norvig.state, norvig.queue) == (ReadingState.ARCHIVED, Queue.ARCHIVE)
    assert garden.queue is Queue.INBOX
    assert any("not fetched" in w for _, w in report.warnings)  # norvig.com is not reachable here


def test_pocket_html_export(library: Library) -> None:
    report = bring(library, DATA / "pocket_export.html")
    assert report.count(AddStatus.ADDED) == 2
    states = {a.title: a.state for a in library.articles()}
    assert states == {
        "The Garden and the Stream": ReadingState.UNREAD,
        "Teach Yourself Programming in Ten Years": ReadingState.ARCHIVED,
    }


def _zip(target: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return target


CSV = (DATA / "pocket" / "part_000000.csv").read_bytes()


@pytest.mark.parametrize(
    ("entries", "reason"),
    [
        ({"part_000000.csv": CSV, "../evil.csv": b"x"}, "unsafe entry name '../evil.csv'"),
        ({"part_000000.csv": CSV, "/etc/passwd": b"x"}, "unsafe entry name '/etc/passwd'"),
        ({"part_000000.csv": CSV, "C:\\x.csv": b"x"}, "unsafe entry name"),
        (
            {
                "part_000000.csv": CSV,
                "annotations/part_000000.json": b"[" + b" " * 300_000_000 + b"]",
            },
            "a zip bomb?",
        ),
    ],
    ids=["dotdot", "absolute", "drive", "bomb"],
)
def test_hostile_archives_are_refused_and_nothing_is_written(
    library: Library, library_path: Path, tmp_path: Path, entries: dict[str, bytes], reason: str
) -> None:
    before = library_files(library_path)
    report = bring(library, _zip(tmp_path / "pocket.zip", entries))
    ((_, message),) = report.failures
    assert reason in message and "nothing was imported" in message
    assert "\n" not in message
    assert library_files(library_path) == before


def test_a_zip_that_lies_about_its_sizes_is_refused(library: Library, tmp_path: Path) -> None:
    path = _zip(
        tmp_path / "pocket.zip", {"part_000000.csv": CSV, "annotations/a.json": b"[]" * 5000}
    )
    data = bytearray(path.read_bytes())
    # Make both headers claim the annotations entry is 10 bytes: it inflates past that.
    name = b"annotations/a.json"
    for at in [i for i in range(len(data)) if data.startswith(name, i)]:
        header = at - (46 if data[at - 46 : at - 42] == b"PK\x01\x02" else 30)
        size_at = header + (24 if data[header : header + 4] == b"PK\x01\x02" else 22)
        data[size_at : size_at + 4] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    report = bring(library, path)
    ((_, message),) = report.failures
    assert "nothing was imported" in message or "cannot be read" in message
    assert len(library) == 0


def test_a_zip_of_something_else_is_refused(library: Library, tmp_path: Path) -> None:
    report = bring(library, _zip(tmp_path / "photos.zip", {"a.jpg": b"\xff\xd8"}))
    assert report.failures == [
        (
            str(tmp_path / "photos.zip"),
            "zip archive is not an export newsread knows (Pocket, Omnivore)",
        )
    ]
