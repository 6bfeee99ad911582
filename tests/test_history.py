"""Undo and redo records, applied through a real library."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tui_reader.anchoring import make_anchor
from tui_reader.history import ArticleTagsEdit, HighlightEdit, History, apply_edit
from tui_reader.importing import add_document
from tui_reader.model import Document, Highlight, Paragraph
from tui_reader.store import Library


def _article(library: Library) -> str:
    doc = Document(title="T", paragraphs=[Paragraph("Alpha beta gamma."), Paragraph("Delta.")])
    return add_document(library, doc).article.id


def _highlight(aid: str, paragraphs: list[Paragraph], colour: str = "yellow") -> Highlight:
    return Highlight(
        id="a" * 32,
        article_id=aid,
        anchor=make_anchor(paragraphs, 0, 0, 5),
        colour=colour,
    )


def test_history_steps_back_and_forward() -> None:
    history = History()
    assert history.undo() is None and history.redo() is None
    first = ArticleTagsEdit("x", (), ("a",))
    second = ArticleTagsEdit("x", ("a",), ("a", "b"))
    history.record(first)
    history.record(second)
    assert history.peek_undo() is second
    assert history.undo() == second.inverse()
    assert history.peek_redo() is second
    assert history.undo() == first.inverse()
    assert not history.can_undo and history.can_redo
    assert history.redo() == first
    history.record(ArticleTagsEdit("x", ("a",), ("c",)))
    assert not history.can_redo, "a new edit forgets what could be redone"


def test_history_forgets_the_oldest_beyond_its_limit() -> None:
    history = History(limit=2)
    edits = [ArticleTagsEdit("x", (), (str(i),)) for i in range(3)]
    for edit in edits:
        history.record(edit)
    assert history.undo() == edits[2].inverse()
    assert history.undo() == edits[1].inverse()
    assert history.undo() is None


def test_discard_forgets_an_edit_whose_save_failed() -> None:
    history = History()
    kept = ArticleTagsEdit("x", (), ("a",))
    failed = ArticleTagsEdit("x", ("a",), ("a", "b"))
    same_values = ArticleTagsEdit("x", ("a",), ("a", "b"))
    history.record(kept)
    history.record(same_values)
    history.record(failed)
    history.discard(failed)
    assert history.peek_undo() is same_values, "only that very edit goes, not an equal one"
    history.undo()
    history.discard(same_values)
    assert not history.can_redo
    assert history.undo() == kept.inverse()


def test_edit_needs_a_state() -> None:
    with pytest.raises(ValueError):
        HighlightEdit("x", None, None)


def test_apply_create_colour_delete_and_their_inverses(library: Library) -> None:
    aid = _article(library)
    paragraphs = library.paragraphs(aid)
    hl = _highlight(aid, paragraphs)
    green = hl.evolve(colour="green")
    edits = [
        HighlightEdit("highlight", None, hl),
        HighlightEdit("colour", hl, green),
        HighlightEdit("delete", green, None),
    ]
    states: list[list[Highlight]] = []
    for edit in edits:
        apply_edit(library, edit)
        states.append(library.highlights(aid))
    assert states == [[hl], [green], []]
    for edit, expected in zip(reversed(edits), [[green], [hl], []], strict=True):
        apply_edit(library, edit.inverse())
        assert library.highlights(aid) == expected
    apply_edit(library, edits[0].inverse())  # deleting what is gone is not an error
    assert library.highlights(aid) == []


def test_apply_article_tags(library: Library) -> None:
    aid = _article(library)
    edit = ArticleTagsEdit(aid, (), ("news", "korea"))
    apply_edit(library, edit)
    assert library.get(aid).tags == ("news", "korea")
    apply_edit(library, edit.inverse())
    assert library.get(aid).tags == ()


def test_history_and_selection_do_not_import_textual() -> None:
    code = (
        "import sys, tui_reader.history, tui_reader.spans; "
        "sys.exit(1 if 'textual' in sys.modules else 0)"
    )
    root = Path(__file__).resolve().parent.parent
    assert subprocess.run([sys.executable, "-c", code], cwd=root).returncode == 0
