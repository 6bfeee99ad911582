"""The re-import merge policy, as pure functions (no library)."""

from __future__ import annotations

from dataclasses import replace

from tui_reader.anchoring import make_anchor
from tui_reader.merging import AddStatus, Current, merge_document, new_article
from tui_reader.model import Document, Highlight, Paragraph, ReadingState
from tui_reader.sanitize import clean_article


def doc(*texts: str, title: str = "Story", tags: tuple[str, ...] = ()) -> Document:
    return Document(title, [Paragraph(t) for t in texts], url="https://example.org/s", tags=tags)


def test_a_new_document_is_added_with_its_text() -> None:
    merged = merge_document(doc("One two."), None)
    assert merged.result.status is AddStatus.ADDED
    assert merged.changed and [p.text for p in merged.paragraphs or []] == ["One two."]


def test_same_text_is_unchanged_and_writes_nothing() -> None:
    first = doc("One two.")
    article = new_article(first)
    merged = merge_document(first, Current(article, first.paragraphs, []))
    assert merged.result.status is AddStatus.UNCHANGED
    assert not merged.changed


def test_changed_text_keeps_user_fields_and_moves_highlights() -> None:
    old = doc("Alpha beta gamma.", "Delta epsilon.", tags=("news",))
    article = replace(
        new_article(old),
        note="mine",
        state=ReadingState.READING,
        position=1,
        tags=("news", "kept"),
    )
    anchor = make_anchor(old.paragraphs, 1, 0, 5)
    hl = Highlight(Highlight.new_id(), article.id, anchor)
    gone = Highlight(Highlight.new_id(), article.id, make_anchor(old.paragraphs, 0, 0, 5))
    new = doc("New intro.", "Delta epsilon.", tags=("extra",))
    merged = merge_document(new, Current(article, old.paragraphs, [hl, gone]))
    result = merged.result
    assert result.status is AddStatus.UPDATED
    assert result.article.note == "mine" and result.article.state is ReadingState.READING
    assert result.article.tags == ("news", "kept", "extra")
    assert result.article.added == article.added and result.article.updated
    assert (result.stayed, result.moved, result.orphaned) == (1, 0, 1)
    placed = {h.id: h for h in merged.highlights}
    assert placed[hl.id].anchor.paragraph == 1 and not placed[hl.id].orphan
    assert placed[gone.id].orphan  # kept, shown as an orphan, never dropped


def test_an_orphan_still_without_a_place_is_not_counted_orphaned_again() -> None:
    old = doc("Alpha beta gamma.", "Delta epsilon.")
    article = new_article(old)
    kept = Highlight(Highlight.new_id(), article.id, make_anchor(old.paragraphs, 1, 0, 5))
    gone = Highlight(Highlight.new_id(), article.id, make_anchor(old.paragraphs, 0, 0, 5))
    first = merge_document(
        doc("New intro.", "Delta epsilon."), Current(article, old.paragraphs, [kept, gone])
    )
    assert (first.result.stayed, first.result.orphaned) == (1, 1)
    edited = doc("New intro, edited.", "Delta epsilon.")
    again = merge_document(
        edited, Current(first.result.article, first.paragraphs or [], first.highlights)
    )
    result = again.result
    assert result.status is AddStatus.UPDATED
    assert (result.stayed, result.moved, result.orphaned) == (1, 0, 0)  # nothing new lost
    assert {h.id: h.orphan for h in again.highlights} == {kept.id: False, gone.id: True}


def test_the_id_comes_from_the_document_as_imported() -> None:
    raw = Document("", [Paragraph("Text without a title.")])
    article = new_article(raw)
    assert article.id == raw.article_id()
    assert article.title == "Untitled"


def test_clean_article_strips_controls_from_every_field() -> None:
    dirty = Document(
        "T\x1b]0;pwn\x07itle",
        [],
        source="s\x1b[2J",
        url="https://e.org/\x9b",
        author="a\x00",
        tags=("#x\x1b", "x"),
        guid="g\x1b",
    )
    clean = clean_article(dirty)
    assert clean.title == "Title" and clean.source == "s" and clean.author == "a"
    assert clean.url == "https://e.org/" and clean.tags == ("x",) and clean.guid == "g"
    article = replace(new_article(doc("x")), note="line one\x1b[31m\nline two")
    assert clean_article(article).note == "line one\nline two"


def test_clean_article_gives_back_a_clean_record_as_it_is_and_cleans_any_other() -> None:
    clean = new_article(doc("x"))
    assert clean_article(clean) is clean  # nothing to clean: no copy
    listed = replace(clean, tags=["a"])  # type: ignore[arg-type]
    assert clean_article(listed).tags == ("a",)  # a list of tags becomes a tuple
    for field, dirty, cleaned in (
        ("title", " T\x1b[2J ", "T"),
        ("title", "", "Untitled"),
        ("source", "s\n s", "s s"),
        ("url", "u\x00", "u"),
        ("author", "a\u202e", "a"),
        ("published", " 2026 ", "2026"),
        ("tags", ("#t", "T"), ("t",)),
        ("origin", "o\x1b", "o"),
        ("guid", "g\x9b", "g"),
        ("note", "n\x1b[31m\n", "n"),
    ):
        got = clean_article(replace(clean, **{field: dirty}))
        assert getattr(got, field) == cleaned, field
        assert got is not clean
    document = Document("Title", [Paragraph("Text.")], source="s", url="https://e.org/")
    assert clean_article(document) is document
