"""The one highlight factory, and the store's validated write path that uses it."""

from __future__ import annotations

import pytest

from tui_reader import highlighting
from tui_reader.highlighting import new_highlight
from tui_reader.importing import add_document
from tui_reader.model import Document, Highlight, Paragraph
from tui_reader.store import Library

PARAGRAPHS = [Paragraph("Alpha beta gamma."), Paragraph("Delta.")]


def test_a_new_highlight_is_anchored_cleaned_and_dated() -> None:
    hl = new_highlight(
        "a1",
        PARAGRAPHS,
        0,
        6,
        10,
        colour="green",
        note="n\x1b]0;x\x07ote ",
        tags=["#t", "T", "u v"],
    )
    assert (hl.article_id, hl.colour, hl.note, hl.tags) == ("a1", "green", "note", ("t", "u-v"))
    assert (hl.anchor.paragraph, hl.anchor.start, hl.anchor.end) == (0, 6, 10)
    assert (hl.anchor.quote.exact, hl.anchor.quote.prefix) == ("beta", "Alpha ")
    assert hl.created == hl.updated and hl.created
    assert len(hl.id) == 32 and not hl.orphan
    assert new_highlight("a1", PARAGRAPHS, 0, 0, 1).id != hl.id


def test_a_span_past_the_end_is_clamped() -> None:
    hl = new_highlight("a1", PARAGRAPHS, 1, 2, 99)
    assert (hl.anchor.start, hl.anchor.end, hl.anchor.quote.exact) == (2, 6, "lta.")


@pytest.mark.parametrize(
    ("args", "error"),
    [
        ((0, 3, 3), "at least one character"),
        ((0, 5, 2), "at least one character"),
        ((0, 99, 120), "at least one character"),
    ],
)
def test_empty_spans_are_refused(args: tuple[int, int, int], error: str) -> None:
    with pytest.raises(ValueError, match=error):
        new_highlight("a1", PARAGRAPHS, *args)


def test_bad_colour_and_paragraph_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown colour"):
        new_highlight("a1", PARAGRAPHS, 0, 0, 3, colour="mauve")
    with pytest.raises(IndexError):
        new_highlight("a1", PARAGRAPHS, 2, 0, 3)


def test_the_store_creates_highlights_through_the_factory(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    aid = add_document(library, Document(title="T", paragraphs=PARAGRAPHS)).article.id
    made: list[Highlight] = []
    factory = highlighting.new_highlight

    def spy(*args: object, **kwargs: object) -> Highlight:
        hl = factory(*args, **kwargs)  # type: ignore[arg-type]
        made.append(hl)
        return hl

    monkeypatch.setattr(highlighting, "new_highlight", spy)  # the store imports it when used
    hl = library.create_highlight(aid, 0, 0, 5, "blue", note=" x ", tags=["#a"])
    assert made == [hl] and library.highlights(aid) == [hl]
    assert (hl.colour, hl.note, hl.tags) == ("blue", " x", ("a",))
    with pytest.raises(ValueError, match="unknown colour"):
        library.create_highlight(aid, 0, 0, 5, "mauve")
    with pytest.raises(ValueError, match="at least one character"):
        library.create_highlight(aid, 0, 4, 4)
    assert library.highlights(aid) == [hl]


def test_highlight_tag_counts_count_every_stored_highlight(library: Library) -> None:
    first = add_document(library, Document(title="A", paragraphs=PARAGRAPHS)).article.id
    doc = Document(title="B", paragraphs=PARAGRAPHS, url="https://example.org/b")
    second = add_document(library, doc).article.id
    library.create_highlight(first, 0, 0, 5, tags=["pow", "Korea"])
    library.create_highlight(first, 1, 0, 3, tags=["pow"])
    library.create_highlight(second, 0, 0, 5, tags=["korea"])
    counts = library.highlight_tag_counts()
    expected: dict[str, int] = {}
    for hl in library.all_highlights():
        for tag in hl.tags:
            expected[tag] = expected.get(tag, 0) + 1
    assert dict(counts) == expected == {"pow": 2, "Korea": 1, "korea": 1}
