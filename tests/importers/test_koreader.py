"""KOReader sidecars: the annotations list, the legacy highlight table, Lua strings, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importers.conftest import DATA, bring
from tui_reader.ingest.errors import IngestError
from tui_reader.ingest.tools import detect
from tui_reader.ingest.tools.koreader import lua_string, parse_table
from tui_reader.merging import AddStatus
from tui_reader.model import ReadingState
from tui_reader.store import Library

SIDECARS = DATA / "koreader"


def test_annotations_bring_quotes_notes_colours_dates_and_read_state(library: Library) -> None:
    report = bring(library, SIDECARS / "metadata.epub.lua")
    assert not report.failures, report.failures
    assert [w for _, w in report.warnings] == ["1 page bookmark skipped"]
    (article,) = library.articles()
    assert (article.title, article.author) == ("Le Petit Prince", "Antoine de Saint-Exupéry")
    assert article.state is ReadingState.READ
    assert article.tags == ("classique", "conte")
    first, second = library.highlights(article.id)
    assert first.anchor.quote.exact == "S'il vous plaît... dessine-moi un mouton!"
    assert (first.colour, first.created) == ("yellow", "2024-03-02T21:14:05")
    assert second.colour == "pink"  # KOReader's red
    assert second.note == 'Le renard:\n"apprivoiser" veut dire \\ créer des liens.'
    assert second.updated == "2024-03-05T19:30:00"
    assert [p.text for p in library.paragraphs(article.id)] == [
        "S'il vous plaît... dessine-moi un mouton!",
        "On ne voit bien qu'avec le cœur. L'essentiel est invisible pour les yeux.",
    ]


def test_legacy_highlight_table_with_notes_from_bookmarks(library: Library) -> None:
    bring(library, SIDECARS / "metadata.pdf.lua")
    (article,) = library.articles()
    assert article.title == "Attention Is All You Need"
    assert article.state is ReadingState.READING  # percent_finished 0.25
    first, second = library.highlights(article.id)
    assert first.anchor.quote.exact.startswith("The dominant sequence transduction models")
    assert first.note == "Background for the intro"
    assert second.anchor.quote.exact.endswith("the Transformer")
    assert second.note == ""


def test_same_sidecar_twice_changes_nothing(library: Library) -> None:
    bring(library, SIDECARS / "metadata.epub.lua")
    again = bring(library, SIDECARS / "metadata.epub.lua")
    assert again.count(AddStatus.UNCHANGED) == 1
    assert (again.highlights_added, again.highlights_updated) == (0, 0)


def test_same_book_from_kindle_and_koreader_is_one_article_without_duplicate_quotes(
    library: Library, tmp_path: Path
) -> None:
    bring(library, DATA / "clippings_fr.txt")
    bring(library, SIDECARS / "metadata.epub.lua")
    (article,) = library.articles()
    quotes = [h.anchor.quote.exact for h in library.highlights(article.id)]
    assert len(quotes) == len(set(quotes)) == 2


def test_lua_escapes_are_resolved() -> None:
    assert lua_string('a\\\nb\\"c\\\\d\\9e\\r') == 'a\nb"c\\d\te\r'
    assert lua_string("caf\\195\\169") == "café"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("return 42\n", "does not return a Lua table"),
        ("print('hello')\n", "does not return a Lua table"),
        ('return { ["a"] = 1,\n', "cannot be read"),
        ("return " + "{" * 5000 + "}" * 5000, "nested too deeply"),
    ],
    ids=["number", "code", "unclosed", "deep"],
)
def test_a_lua_file_that_is_not_a_table_is_refused_in_one_line(text: str, reason: str) -> None:
    with pytest.raises(IngestError, match=reason) as caught:
        parse_table(text)
    assert "\n" not in str(caught.value)


def test_a_bad_lua_file_fails_cleanly_and_imports_nothing(library: Library, tmp_path: Path) -> None:
    bad = tmp_path / "metadata.epub.lua"
    bad.write_text("os.execute('rm -rf /')\n", encoding="utf-8")
    tool = detect(bad)
    assert tool is not None and tool.name == "KOReader"
    report = bring(library, bad)
    assert report.failures == [
        (str(bad), "not a KOReader sidecar: the file does not return a Lua table")
    ]
    assert len(library) == 0


def test_a_folder_of_books_brings_every_sidecar_in_it(library: Library, tmp_path: Path) -> None:
    books = tmp_path / "Books"
    for name, sidecar in (
        ("Le Petit Prince.sdr", "metadata.epub.lua"),
        ("attention.sdr", "metadata.pdf.lua"),
    ):
        (books / name).mkdir(parents=True)
        (books / name / sidecar).write_bytes((SIDECARS / sidecar).read_bytes())
    (books / "Le Petit Prince.sdr" / "metadata.epub.lua.old").write_text("x", encoding="utf-8")
    report = bring(library, books)
    assert not report.failures, report.failures
    assert sorted(a.title for a in library.articles()) == [
        "Attention Is All You Need",
        "Le Petit Prince",
    ]
