"""Readwise, Readwise Reader and Instapaper CSV exports; CSV files no tool wrote."""

from __future__ import annotations

from pathlib import Path

from tests.importers.conftest import DATA, bring
from tui_reader.merging import AddStatus
from tui_reader.model import Queue, ReadingState
from tui_reader.store import Library


def _by_title(library: Library) -> dict[str, object]:
    return {a.title: a for a in library.articles()}


def test_readwise_highlights_become_books_of_quotes_with_notes_tags_colours(
    library: Library,
) -> None:
    report = bring(library, DATA / "readwise_highlights.csv")
    assert not report.failures, report.failures
    assert report.quotes.listed == 3
    durant = next(a for a in library.articles() if a.title == "The Story of Philosophy")
    assert durant.author == "Will Durant" and durant.tags == ("philosophy",)
    # In the order of the book (location 388 before 1024), not of the file.
    assert [p.text for p in library.paragraphs(durant.id)] == [
        "The first duty of a historian is to be faithful to the truth.",
        "We are what we repeatedly do. Excellence, then, is not an act, but a habit.",
    ]
    first, second = library.highlights(durant.id)
    assert first.colour == "blue"
    assert (second.note, second.tags, second.colour) == (
        "Aristotle via Durant",
        ("habits", "virtue"),
        "yellow",
    )
    assert second.created == "2023-11-02T08:14:00+00:00"
    again = bring(library, DATA / "readwise_highlights.csv")
    assert again.count(AddStatus.UNCHANGED) == 2


def test_readwise_and_kindle_share_a_book_by_title_and_author(
    library: Library, tmp_path: Path
) -> None:
    clippings = tmp_path / "My Clippings.txt"
    clippings.write_text(
        "The Story of Philosophy (Will Durant)\n"
        "- Your Highlight on Location 388-389 | Added on Wednesday, November 1, 2023 9:03:11 PM\n\n"
        "The first duty of a historian is to be faithful to the truth.\n==========\n",
        encoding="utf-8",
    )
    bring(library, clippings)
    bring(library, DATA / "readwise_highlights.csv")
    durant = next(a for a in library.articles() if a.title == "The Story of Philosophy")
    assert len(library.highlights(durant.id)) == 2
    assert len(library.paragraphs(durant.id)) == 2


def test_readwise_reader_library_brings_state_progress_and_tags(library: Library) -> None:
    report = bring(library, DATA / "readwise_reader.csv")
    assert report.count(AddStatus.ADDED) == 2
    garden = next(a for a in library.articles() if a.title == "The Garden and the Stream")
    assert (garden.state, garden.queue) == (ReadingState.ARCHIVED, Queue.ARCHIVE)
    assert garden.tags == ("web", "essays")
    assert garden.added == "2024-02-01T09:30:00+00:00"
    notes = next(a for a in library.articles() if a.title.startswith("Notes on Structured"))
    assert (notes.state, notes.queue) == (ReadingState.READING, Queue.LATER)  # 40% read
    assert notes.url == "https://vorpus.org/blog/notes-on-structured-concurrency/"


def test_instapaper_folders_become_states_or_tags(library: Library) -> None:
    report = bring(library, DATA / "instapaper.csv")
    assert report.count(AddStatus.ADDED) == 4
    articles = {a.title: a for a in library.articles()}
    hard = articles["How to Work Hard"]
    assert (hard.state, hard.queue, hard.tags) == (
        ReadingState.UNREAD,
        Queue.INBOX,
        ("work", "essays"),
    )
    assert hard.added == "2023-11-14T22:13:20+00:00"
    assert [p.text for p in library.paragraphs(hard.id)] == [
        "It might not seem there's much to learn about how to work hard."
    ]
    archived = articles["Some reasons to work on productivity and velocity"]
    assert (archived.state, archived.queue) == (ReadingState.ARCHIVED, Queue.ARCHIVE)
    loaf = articles["A simple loaf"]
    assert (loaf.queue, loaf.tags) == (Queue.LATER, ("Cooking", "food"))
    starred = articles["A starred piece"]
    assert (starred.queue, starred.tags) == (Queue.INBOX, ("starred",))


def test_a_csv_with_a_header_no_tool_writes_is_refused_in_one_line(
    library: Library, tmp_path: Path
) -> None:
    odd = tmp_path / "export.csv"
    odd.write_text("Name,Email,Phone\nAda,ada@example.com,123\n", encoding="utf-8")
    report = bring(library, odd)
    ((_, reason),) = report.failures
    assert reason == (
        "CSV file is not an export newsread knows (Readwise, Readwise Reader, Instapaper, "
        "Pocket); its header is: Name,Email,Phone"
    )
    assert len(library) == 0


def test_a_broken_row_imports_nothing_of_the_file(library: Library, tmp_path: Path) -> None:
    bad = tmp_path / "instapaper.csv"
    bad.write_text(
        (DATA / "instapaper.csv").read_text(encoding="utf-8") + '"unterminated,quote\n',
        encoding="utf-8",
    )
    report = bring(library, bad)
    assert report.failures and len(library) == 0


def test_a_csv_in_a_legacy_encoding_is_read(library: Library, tmp_path: Path) -> None:
    legacy = tmp_path / "instapaper.csv"
    legacy.write_bytes(
        "URL,Title,Selection,Folder,Timestamp\n"
        "https://example.com/cafe,Le café de la gare,Un café crème à la française,Unread,1700000000\n"
        "https://example.com/deja,Déjà vu encore,,Archive,1700000001\n".encode("cp1252")
    )
    report = bring(library, legacy)
    assert not report.failures, report.failures
    assert sorted(a.title for a in library.articles()) == ["Déjà vu encore", "Le café de la gare"]


def test_a_csv_header_is_read_from_the_first_line_alone() -> None:
    from tui_reader.ingest.tools.tables import columns

    assert columns(b"\xef\xbb\xbfTitle, URL ,Folder\r\nrow,\xff\xfe,x\n") == {
        "title",
        "url",
        "folder",
    }
    assert columns(b"Title,URL") == {"title", "url"}
    assert columns(b"") == set()
