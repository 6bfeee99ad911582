"""Kindle ``My Clippings.txt``: every language, both header formats, notes, bookmarks, edits."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import library_files
from tests.importers.conftest import DATA, bring
from tui_reader.anchoring import make_anchor
from tui_reader.ingest.tools import detect
from tui_reader.ingest.tools.kindle import parse_meta
from tui_reader.merging import AddStatus
from tui_reader.model import Highlight
from tui_reader.store import Library


def _book(library: Library, title: str) -> tuple[list[str], list[Highlight]]:
    article = next(a for a in library.articles() if a.title == title)
    return [p.text for p in library.paragraphs(article.id)], library.highlights(article.id)


# (file, title, author, first quote starts, note on it, date of the quote)
LANGUAGES = [
    ("de", "Der Process", "Franz Kafka", "Jemand mußte Josef K.", "Der berühmte erste Satz.",
     "2024-03-05T21:12:45"),
    ("fr", "Le Petit Prince", "Antoine de Saint-Exupéry", "On ne voit bien",
     "Le secret du renard.", "2024-03-04T21:15:02"),
    ("es", "Cien años de soledad", "Gabriel García Márquez", "Muchos años después",
     "El comienzo más famoso.", "2024-03-04T21:15:02"),
    ("it", "Il nome della rosa", "Umberto Eco", "Stat rosa pristina", "L'ultima riga del libro.",
     "2024-03-05T18:40:02"),
    ("pt", "Ensaio sobre a cegueira", "José Saramago", "Se podes olhar", "A epígrafe.",
     "2024-03-05T09:12:45"),
    ("ja", "吾輩は猫である", "夏目漱石", "吾輩は猫である。", "有名な書き出し。", "2024-03-04T21:15:02"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "title", "author", "start", "note", "date"), LANGUAGES)
def test_each_language_gives_the_book_its_quote_note_and_date_and_skips_the_bookmark(
    library: Library, lang: str, title: str, author: str, start: str, note: str, date: str
) -> None:
    report = bring(library, DATA / f"clippings_{lang}.txt")
    assert not report.failures, report.failures
    article = library.articles()[0]
    assert (article.title, article.author) == (title, author)
    paragraphs, highlights = _book(library, title)
    assert len(paragraphs) == 1 and paragraphs[0].startswith(start)  # the bookmark is not there
    (hl,) = highlights
    assert hl.note == note
    assert hl.created == date
    assert (hl.anchor.paragraph, hl.anchor.start, hl.anchor.end) == (0, 0, len(paragraphs[0]))
    assert report.quotes.listed == 1


def test_english_file_with_bom_crlf_old_format_edits_and_a_loose_note(library: Library) -> None:
    report = bring(library, DATA / "clippings_en.txt")
    assert report.count(AddStatus.ADDED) == 2
    paragraphs, highlights = _book(library, "The Pragmatic Programmer")
    # The edited highlight (written twice, longer the second time) is there once, last version.
    assert paragraphs == [
        "Care about your craft.",
        "Don't live with broken windows. Fix each one as soon as it is discovered.",
    ]
    assert [h.note for h in highlights] == [
        "Why spend your life developing software unless you care?",
        "",
    ]
    assert highlights[1].created == "2024-03-05T07:31:12"
    assert not any("\ufeff" in p or "\r" in p for p in paragraphs)
    walden = next(a for a in library.articles() if a.title == "Walden")
    assert walden.author == "Thoreau, Henry David"
    paragraphs, highlights = _book(library, "Walden")
    assert paragraphs == ["I went to the woods because I wished to live deliberately."]
    # "Loc. 1998-02" is 1998-2002: the note at 2002 belongs to it; the one at 5120 to the book.
    assert highlights[0].note == "Thoreau's famous line."
    assert highlights[0].created == "2012-04-10T23:03:00"
    assert walden.note == "location 5120: A note on its own, on no highlight."


def test_the_same_file_twice_changes_nothing(library: Library, library_path: Path) -> None:
    bring(library, DATA / "clippings_en.txt")
    before = library_files(library_path)
    report = bring(library, DATA / "clippings_en.txt")
    assert report.count(AddStatus.UNCHANGED) == 2
    assert (report.highlights_added, report.highlights_updated) == (0, 0)
    after = library_files(library_path)
    assert {k: v for k, v in after.items() if k != "recent.json"} == {
        k: v for k, v in before.items() if k != "recent.json"
    }


def test_a_newer_file_adds_new_quotes_and_updates_an_edited_note(
    library: Library, tmp_path: Path
) -> None:
    bring(library, DATA / "clippings_en.txt")
    _, before = _book(library, "The Pragmatic Programmer")
    newer = tmp_path / "My Clippings.txt"
    newer.write_text(
        (DATA / "clippings_en.txt").read_text(encoding="utf-8")
        + "The Pragmatic Programmer (Hunt, Andrew; Thomas, David)\r\n"
        "- Your Highlight on page 90 | Location 1400-1401 | Added on Friday, March 8, 2024 8:00:00 PM\r\n"
        "\r\nTip 4: Don't leave broken windows.\r\n==========\r\n"
        "The Pragmatic Programmer (Hunt, Andrew; Thomas, David)\r\n"
        "- Your Note on page 12 | Location 182 | Added on Saturday, March 9, 2024 9:00:00 AM\r\n"
        "\r\nEdited on the device: care, always.\r\n==========\r\n",
        encoding="utf-8",
    )
    report = bring(library, newer)
    assert report.count(AddStatus.UPDATED) == 1
    assert (report.highlights_added, report.highlights_updated) == (1, 1)
    paragraphs, after = _book(library, "The Pragmatic Programmer")
    assert paragraphs[-1] == "Tip 4: Don't leave broken windows."
    assert after[0].id == before[0].id
    assert after[0].note == "Edited on the device: care, always."


def test_a_note_changed_in_newsread_survives_reimporting_the_old_file(library: Library) -> None:
    bring(library, DATA / "clippings_en.txt")
    _, highlights = _book(library, "The Pragmatic Programmer")
    library.update_highlight(highlights[0].article_id, highlights[0].id, note="my own words")
    bring(library, DATA / "clippings_en.txt")
    _, again = _book(library, "The Pragmatic Programmer")
    assert again[0].note == "my own words"


def test_header_formats_parse_to_kind_and_location() -> None:
    assert parse_meta("- Highlight Loc. 1998-02  | Added on Tuesday, April 10, 2012, 11:03 PM")[
        :3
    ] == ("highlight", 1998, 2002)
    assert parse_meta(
        "- Your Highlight on page 12 | Location 1,180-1,182 | Added on Monday, March 4, 2024"
    )[:4] == ("highlight", 1180, 1182, 12)
    assert (
        parse_meta("- Ihr Lesezeichen auf Seite 20 | Position 301 | Hinzugefügt am ...")[0]
        == "bookmark"
    )
    assert parse_meta("- 12ページ|位置No. 182のメモ |作成日: 2024年3月4日月曜日 21:16:00")[:2] == (
        "note",
        182,
    )
    assert parse_meta("- 12ページ|位置No. 1-2のハイライト |作成日: 2024年3月4日 午後9:16:00")[
        4
    ] == ("2024-03-04T21:16:00")


def test_a_text_file_that_only_looks_like_clippings_is_not_taken(tmp_path: Path) -> None:
    note = tmp_path / "notes.txt"
    note.write_text("Shopping\n- milk and bread\n\nHeading\n==========\n", encoding="utf-8")
    assert detect(note) is None


def test_clippings_named_anything_are_recognised_by_content(tmp_path: Path) -> None:
    renamed = tmp_path / "backup-2024.dat"
    renamed.write_bytes((DATA / "clippings_de.txt").read_bytes())
    tool = detect(renamed)
    assert tool is not None and tool.name == "Kindle"


def test_mixed_encodings_are_read_line_by_line_with_a_warning(
    library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "My Clippings.txt"
    path.write_bytes(
        "Café Society (Émile Zola)\n- Your Highlight on Location 10-12 | Added on Monday, "
        "March 4, 2024 9:15:02 PM\n\nUn café crème.\n==========\n".encode()
        + "Vieux livre (Anonyme)\n- Your Highlight on Location 5-6 | Added on Monday, March 4, "
        "2024 9:15:02 PM\n\nDéjà vu, à la française.\n==========\n".encode("cp1252")
    )
    report = bring(library, path)
    assert not report.failures
    assert [w for _, w in report.warnings] == ["1 line was not UTF-8 and was read as Windows-1252"]
    paragraphs, _ = _book(library, "Vieux livre")
    assert paragraphs == ["Déjà vu, à la française."]


def test_quote_list_anchors_are_those_make_anchor_gives(library: Library) -> None:
    bring(library, DATA / "clippings_en.txt")
    article = next(a for a in library.articles() if a.title == "The Pragmatic Programmer")
    paragraphs = library.paragraphs(article.id)
    for hl in library.highlights(article.id):
        a = hl.anchor
        assert a == make_anchor(paragraphs, a.paragraph, 0, len(paragraphs[a.paragraph].text))
