"""Article notes (issue 14 part 7): the session edits them with undo, every export carries them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_reader.annotating import AnnotationSession, Direction, Outcome
from tui_reader.export.backup import backup_document, dump_backup, load_backup, restore_backup
from tui_reader.export.markdown import render_article
from tui_reader.export.w3c import article_annotation
from tui_reader.history import ArticleNoteEdit
from tui_reader.importing import add_document
from tui_reader.model import Document, Paragraph
from tui_reader.store import Library


@pytest.fixture
def aid(library: Library) -> str:
    """An article of two paragraphs."""
    doc = Document(title="T", paragraphs=[Paragraph("Alpha beta."), Paragraph("Gamma.")])
    return add_document(library, doc).article.id


def open_session(library: Library, aid: str, read_only: str | None = None) -> AnnotationSession:
    return AnnotationSession(
        library.get(aid),
        library.paragraphs(aid),
        library.highlights(aid),
        read_only_reason=read_only,
    )


def save_all(library: Library, session: AnnotationSession, outcome: Outcome) -> Outcome:
    reports = Outcome()
    for op in outcome.saves:
        op.apply(library)
        reports.show.extend(session.save_done(op).show)
    return reports


def test_set_article_note_is_shown_saved_and_sanitised(library: Library, aid: str) -> None:
    session = open_session(library, aid)
    out = session.set_article_note("Why I kept this\x1b[31m:\nsecond line")
    [edit] = out.show
    assert isinstance(edit, ArticleNoteEdit) and edit.before == ""
    assert "\x1b" not in edit.after and edit.after.endswith(":\nsecond line")
    assert session.article.note == edit.after
    assert [op.label for op in out.saves] == ["article note"]
    save_all(library, session, out)
    assert library.get(aid).note == edit.after
    assert session.set_article_note(edit.after) == Outcome(), "unchanged: nothing to save"


def test_undo_and_redo_of_an_article_note(library: Library, aid: str) -> None:
    session = open_session(library, aid)
    save_all(library, session, session.set_article_note("first"))
    save_all(library, session, session.set_article_note("second"))
    undo = session.step(Direction.UNDO)
    assert undo.reveal == 0, "the title block, where the note is drawn, comes into view"
    assert session.article.note == "first"
    save_all(library, session, undo)
    assert library.get(aid).note == "first"
    save_all(library, session, session.step(Direction.REDO))
    assert session.article.note == library.get(aid).note == "second"


def test_a_failed_note_save_shows_the_stored_note_again(library: Library, aid: str) -> None:
    session = open_session(library, aid)
    save_all(library, session, session.set_article_note("kept"))
    out = session.set_article_note("lost")
    [op] = out.saves
    back = session.save_failed(op)
    [edit] = back.show
    assert isinstance(edit, ArticleNoteEdit) and edit.after == "kept"
    assert session.article.note == library.get(aid).note == "kept"
    assert session.history.peek_undo() is not None  # the saved "kept" is still undoable


def test_read_only_refuses_an_article_note(library: Library, aid: str) -> None:
    session = open_session(library, aid, read_only="another newsread is using this library")
    out = session.set_article_note("x")
    assert out.saves == [] and out.notice is not None
    assert library.get(aid).note == ""


def test_exports_carry_the_article_note(library: Library, aid: str, tmp_path: Path) -> None:
    session = open_session(library, aid)
    save_all(library, session, session.set_article_note("My note on the whole article"))
    library.create_highlight(aid, 0, 0, 5, "yellow", note="on alpha")
    article = library.get(aid)
    markdown = render_article(article, library.highlights(aid))
    assert markdown.index("My note on the whole article") < markdown.index("## Highlights")
    annotation = article_annotation(article)
    assert annotation is not None and annotation["motivation"] == "commenting"
    [body] = annotation["body"]
    assert (body["value"], body["purpose"]) == ("My note on the whole article", "commenting")
    backup = load_backup(dump_backup(backup_document(library)))
    with Library.open(tmp_path / "restored", "write") as other:
        restore_backup(other, backup)
        assert other.get(aid).note == "My note on the whole article"
