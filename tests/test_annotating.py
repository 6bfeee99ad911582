"""The annotation session: what each reader action decides, without a screen.

The session's save operations are run against a real library here, the way
the app's saver runs them, so each test checks both what the session shows
and what the store ends up holding.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from tui_reader.annotating import (
    AnnotationSession,
    Direction,
    EditSave,
    MarkRead,
    Outcome,
    PositionSave,
    SaveOp,
)
from tui_reader.history import ArticleTagsEdit, HighlightEdit
from tui_reader.importing import add_document
from tui_reader.model import Document, Highlight, Paragraph, ReadingState
from tui_reader.store import Library

TEXTS = ["Alpha beta gamma.", "Delta epsilon. Zeta eta.", "Theta."]


@pytest.fixture
def aid(library: Library) -> str:
    """An article of three paragraphs."""
    doc = Document(title="T", paragraphs=[Paragraph(t) for t in TEXTS])
    return add_document(library, doc).article.id


def open_session(library: Library, aid: str, *, read_only: str | None = None) -> AnnotationSession:
    """A session on the article as the store holds it now."""
    return AnnotationSession(
        library.get(aid),
        library.paragraphs(aid),
        library.highlights(aid),
        read_only_reason=read_only,
    )


def save_all(library: Library, session: AnnotationSession, outcome: Outcome) -> Outcome:
    """Run an outcome's saves the way the saver does, reporting each success back."""
    reports = Outcome()
    for op in outcome.saves:
        op.apply(library)
        reports.show.extend(session.save_done(op).show)
    return reports


def only_save(outcome: Outcome) -> SaveOp:
    [op] = outcome.saves
    return op


# ---------------------------------------------------------------------- highlighting


def test_highlight_the_whole_paragraph(library: Library, aid: str) -> None:
    session = open_session(library, aid)
    out = session.highlight(1, None, "yellow")
    [edit] = out.show
    assert isinstance(edit, HighlightEdit) and edit.before is None and edit.after is not None
    hl = edit.after
    assert (hl.anchor.paragraph, hl.anchor.start, hl.anchor.end) == (1, 0, len(TEXTS[1]))
    assert hl.anchor.quote.exact == TEXTS[1] and hl.created == hl.updated
    assert (out.active, out.reveal, out.notice) == (hl.id, 1, None)
    assert session.get(hl.id) == hl and len(session) == 1
    assert library.highlights(aid) == [], "the session itself saves nothing"
    op = only_save(out)
    assert op.label == "highlight"
    save_all(library, session, out)
    assert library.highlights(aid) == [hl]
    assert session.pending == 0


def test_highlight_a_selection_in_a_colour(library: Library, aid: str) -> None:
    session = open_session(library, aid)
    out = session.highlight(1, (15, 24), "pink")
    save_all(library, session, out)
    [hl] = library.highlights(aid)
    assert (hl.anchor.quote.exact, hl.colour) == ("Zeta eta.", "pink")


def test_nothing_to_highlight_and_already_highlighted(library: Library, aid: str) -> None:
    session = open_session(library, aid)
    out = session.highlight(0, (3, 3), "yellow")
    assert out.saves == [] and out.notice is not None
    assert (out.notice.text, out.notice.severity) == ("Nothing to highlight here.", "warning")
    first = session.highlight(0, (0, 5), "yellow")
    save_all(library, session, first)
    again = session.highlight(0, (0, 5), "green")
    assert again.saves == [] and again.show == []
    assert again.active == first.active
    assert again.notice is not None and again.notice.text.startswith("Already highlighted")
    assert len(library.highlights(aid)) == 1
    assert session.highlight(7, None, "yellow") == Outcome(), "no such paragraph"


def test_colour_note_and_tags(library: Library, aid: str) -> None:
    session = open_session(library, aid)
    made = session.highlight(0, (0, 5), "yellow")
    save_all(library, session, made)
    hid = made.active
    assert hid is not None
    assert session.set_colour(hid, "yellow") == Outcome(), "same colour: nothing"
    with pytest.raises(ValueError, match="unknown colour"):
        session.set_colour(hid, "mauve")
    save_all(library, session, session.set_colour(hid, "blue"))
    out = session.set_note(hid, "line one\x1b[31m\nline two  ")
    assert only_save(out).label == "note"
    save_all(library, session, out)
    assert session.set_note(hid, "line one\nline two") == Outcome(), "unchanged note"
    save_all(library, session, session.set_tags(hid, ["#pow", "Korea", "korea", " "]))
    assert session.set_tags(hid, ["pow", "Korea"]) == Outcome(), "unchanged tags"
    [stored] = library.highlights(aid)
    assert (stored.colour, stored.note, stored.tags) == (
        "blue",
        "line one\nline two",
        ("pow", "Korea"),
    )
    assert session.get(hid) == stored
    assert session.set_note("no-such-id", "x") == Outcome()


def test_article_tags(library: Library, aid: str) -> None:
    session = open_session(library, aid)
    out = session.set_article_tags(["news", "#korea", "News"])
    [edit] = out.show
    assert isinstance(edit, ArticleTagsEdit) and edit.after == ("news", "korea")
    assert session.article.tags == ("news", "korea")
    save_all(library, session, out)
    assert library.get(aid).tags == ("news", "korea")
    assert session.set_article_tags(["news", "korea"]) == Outcome()


def test_delete_and_undo_brings_it_back(library: Library, aid: str) -> None:
    session = open_session(library, aid)
    made = session.highlight(2, None, "green")
    save_all(library, session, made)
    [hl] = library.highlights(aid)
    out = session.delete(hl.id)
    assert out.notice is not None and out.notice.text == "Highlight deleted: u to undo."
    assert out.reveal == 2
    save_all(library, session, out)
    assert library.highlights(aid) == [] and session.get(hl.id) is None
    back = session.step(Direction.UNDO)
    assert (back.cursor, back.active) == (2, hl.id), "undo goes to what it changed"
    assert back.notice is not None and back.notice.text == "Undone: delete."
    assert only_save(back).label == "undo delete"
    save_all(library, session, back)
    assert library.highlights(aid) == [hl]


# ---------------------------------------------------------------------- undo and redo


def test_undo_and_redo_every_kind_of_change(library: Library, aid: str) -> None:
    session = open_session(library, aid)
    made = session.highlight(0, None, "yellow")
    hid = made.active
    assert hid is not None
    for out in (
        made,
        session.set_colour(hid, "blue"),
        session.set_note(hid, "a note"),
        session.set_tags(hid, ["tag"]),
        session.set_article_tags(["art"]),
    ):
        save_all(library, session, out)
    final = library.highlights(aid)
    checks = [
        lambda: library.get(aid).tags == (),
        lambda: library.highlights(aid)[0].tags == (),
        lambda: library.highlights(aid)[0].note == "",
        lambda: library.highlights(aid)[0].colour == "yellow",
        lambda: library.highlights(aid) == [],
    ]
    for check in checks:
        save_all(library, session, session.step(Direction.UNDO))
        assert check()
    nothing = session.step(Direction.UNDO)
    assert nothing.saves == [] and nothing.notice is not None
    assert nothing.notice.text == "Nothing to undo."
    for _ in range(5):
        save_all(library, session, session.step(Direction.REDO))
    assert library.highlights(aid) == final and library.get(aid).tags == ("art",)
    assert session.step(Direction.REDO).notice.text == "Nothing to redo."  # type: ignore[union-attr]
    assert session.highlights() == final


def test_undo_of_article_tags_reveals_the_title(library: Library, aid: str) -> None:
    session = open_session(library, aid)
    save_all(library, session, session.set_article_tags(["a"]))
    out = session.step(Direction.UNDO)
    assert (out.reveal, out.cursor, out.active) == (0, None, None)
    assert only_save(out).label == "undo article tags"


def test_a_new_edit_forgets_what_could_be_redone(library: Library, aid: str) -> None:
    session = open_session(library, aid)
    save_all(library, session, session.highlight(0, None, "yellow"))
    save_all(library, session, session.step(Direction.UNDO))
    save_all(library, session, session.highlight(1, None, "yellow"))
    assert session.step(Direction.REDO).notice.text == "Nothing to redo."  # type: ignore[union-attr]


# ---------------------------------------------------------------------- failed saves


def test_a_failed_new_highlight_is_unshown_and_not_undoable(library: Library, aid: str) -> None:
    session = open_session(library, aid)
    out = session.highlight(0, None, "yellow")
    hl = out.show[0].after
    assert hl is not None
    back = session.save_failed(only_save(out))
    [edit] = back.show
    assert isinstance(edit, HighlightEdit) and (edit.before, edit.after) == (hl, None)
    assert session.get(hl.id) is None and len(session) == 0
    assert session.step(Direction.UNDO).notice.text == "Nothing to undo."  # type: ignore[union-attr]
    again = session.highlight(0, None, "yellow")  # the fault cleared: the same key saves it
    assert again.saves


def test_a_failed_edit_shows_the_stored_state_once_later_saves_report(
    library: Library, aid: str
) -> None:
    session = open_session(library, aid)
    made = session.highlight(0, None, "yellow")
    save_all(library, session, made)
    hid = made.active
    assert hid is not None
    blue = session.set_colour(hid, "blue")
    note = session.set_note(hid, "later")
    assert session.pending == 2
    assert session.save_failed(only_save(blue)) == Outcome(), "a later save is still pending"
    save_all(library, session, note)  # the note's save carries the whole highlight as shown
    assert session.get(hid) == library.highlights(aid)[0]
    assert library.highlights(aid)[0].note == "later"
    # Both fail: the store still holds the first version, and so does the screen.
    green = session.set_colour(hid, "green")
    pink = session.set_colour(hid, "pink")
    held = library.highlights(aid)[0]
    assert session.save_failed(only_save(green)).show == []
    [edit] = session.save_failed(only_save(pink)).show
    assert edit.after == held and session.get(hid) == held
    assert held.note == "later"


def test_a_failed_undo_stays_undoable_and_a_failed_redo_redoable(
    library: Library, aid: str
) -> None:
    session = open_session(library, aid)
    made = session.highlight(0, None, "yellow")
    save_all(library, session, made)
    hid = made.active
    assert hid is not None
    save_all(library, session, session.delete(hid))
    undo = session.step(Direction.UNDO)
    assert session.get(hid) is not None
    [edit] = session.save_failed(only_save(undo)).show
    assert edit.after is None and session.get(hid) is None, "shows what the store holds"
    retry = session.step(Direction.UNDO)
    assert isinstance(only_save(retry), EditSave) and only_save(retry).label == "undo delete"
    save_all(library, session, retry)
    assert [h.id for h in library.highlights(aid)] == [hid]
    redo = session.step(Direction.REDO)
    session.save_failed(only_save(redo))
    assert session.get(hid) is not None and library.highlights(aid) != []
    assert only_save(session.step(Direction.REDO)).label == "redo delete"


def test_a_refused_save_behind_a_pending_one_is_rolled_back_when_that_reports(
    library: Library, aid: str
) -> None:
    session = open_session(library, aid)
    save_all(library, session, session.set_article_tags(["a"]))
    first = session.set_article_tags(["b"])
    second = session.set_article_tags(["c"])
    assert session.save_failed(only_save(second)).show == []  # the first is still pending
    reports = save_all(library, session, first)
    [edit] = reports.show
    assert isinstance(edit, ArticleTagsEdit) and edit.after == ("b",)
    assert session.article.tags == library.get(aid).tags == ("b",)


# ---------------------------------------------------------------------- read-only


def test_read_only_refuses_every_edit(library: Library, aid: str) -> None:
    session = open_session(library, aid)
    save_all(library, session, session.highlight(0, None, "yellow"))
    ro = open_session(library, aid, read_only="another newsread is using this library")
    [hl] = ro.highlights()
    expected = "Not saved: another newsread is using this library."
    for out in (
        ro.highlight(1, None, "yellow"),
        ro.set_colour(hl.id, "blue"),
        ro.set_note(hl.id, "x"),
        ro.set_tags(hl.id, ["x"]),
        ro.set_article_tags(["x"]),
        ro.delete(hl.id),
    ):
        assert out.saves == [] and out.show == []
        assert out.notice is not None and (out.notice.text, out.notice.severity) == (
            expected,
            "error",
        )
    assert ro.refusal() is not None and ro.highlights() == [hl]
    assert ro.save_position(2) is None and ro.cursor_at(2) is None
    assert open_session(library, aid, read_only="").refusal().text == (  # type: ignore[union-attr]
        "Not saved: the library is read-only."
    )


# ---------------------------------------------------------------------- reading position


def test_position_is_sent_only_when_it_changed(library: Library, aid: str) -> None:
    session = open_session(library, aid)
    assert session.save_position(0) is None
    op = session.save_position(1)
    assert isinstance(op, PositionSave) and op.label == "reading position"
    assert session.save_position(1) is None, "already sent"
    op.apply(library)
    session.save_done(op)
    article = library.get(aid)
    assert (article.position, article.state) == (1, ReadingState.READING)


def test_a_failed_position_save_is_sent_again(library: Library, aid: str) -> None:
    session = open_session(library, aid)
    op = session.save_position(1)
    assert op is not None
    assert session.save_failed(op) == Outcome()
    assert session.save_position(1) is not None, "the next chance saves it"
    newer = session.save_position(2)
    assert newer is not None
    session.save_failed(op)  # an older failure does not undo the newer position
    assert session.saved_position == 2


def test_the_last_paragraph_marks_the_article_read_once(library: Library, aid: str) -> None:
    session = open_session(library, aid)
    assert session.cursor_at(1) is None
    op = session.cursor_at(2)
    assert isinstance(op, MarkRead) and op.label == "reading state"
    assert session.is_read and session.article.position == 2
    assert session.cursor_at(2) is None, "only once"
    assert session.save_position(2) is None, "the position went with it"
    op.apply(library)
    article = library.get(aid)
    assert (article.state, article.position) == (ReadingState.READ, 2)


def test_a_failed_mark_read_tries_again_next_time(library: Library, aid: str) -> None:
    session = open_session(library, aid)
    op = session.cursor_at(2)
    assert op is not None
    session.save_failed(op)
    assert not session.is_read and session.saved_position == 0
    assert session.cursor_at(2) is not None


def test_an_empty_article_is_never_marked_read(library: Library) -> None:
    aid = add_document(library, Document(title="Empty", paragraphs=[])).article.id
    session = open_session(library, aid)
    assert session.cursor_at(0) is None
    assert session.highlight(0, None, "yellow") == Outcome()


def test_orphans_are_kept_but_not_matched_by_span(library: Library, aid: str) -> None:
    session = open_session(library, aid)
    made = session.highlight(0, (0, 5), "yellow")
    save_all(library, session, made)
    [hl] = library.highlights(aid)
    library.put_highlight(Highlight(**{**_fields(hl), "orphan": True}))
    reopened = open_session(library, aid)
    assert len(reopened) == 1 and reopened.at_span(0, 0, 5) is None
    assert reopened.highlight(0, (0, 5), "yellow").saves, "an orphan's old span can be highlighted"


def _fields(hl: Highlight) -> dict[str, object]:
    return {name: getattr(hl, name) for name in Highlight.__dataclass_fields__}


def test_a_span_freed_by_delete_or_undo_can_be_highlighted_again(
    library: Library, aid: str
) -> None:
    session = open_session(library, aid)
    made = session.highlight(0, (0, 5), "yellow")
    hid = made.active
    assert hid is not None
    session.delete(hid)
    again = session.highlight(0, (0, 5), "green")  # the span index is built here
    assert again.saves and again.active != hid
    assert again.active is not None
    session.step(Direction.UNDO)  # the green one goes
    assert session.highlight(0, (0, 5), "blue").saves
    dup = session.highlight(0, (0, 5), "pink")
    assert dup.saves == [] and dup.notice is not None
    assert dup.notice.text.startswith("Already highlighted")


# ---------------------------------------------------------------------- orphans


def _orphan(library: Library, aid: str, quote: str = "Lost words") -> Highlight:
    """An orphan as a re-import leaves it: its quote no longer in the text."""
    session = open_session(library, aid)
    save_all(library, session, session.highlight(1, (0, 5), "green"))
    [hl] = library.highlights(aid)
    anchor = replace(hl.anchor, quote=replace(hl.anchor.quote, exact=quote))
    orphan = hl.evolve(anchor=anchor, orphan=True, note="why it mattered", tags=("kept",))
    library.put_highlight(orphan)
    return orphan


def test_place_an_orphan_on_a_span_keeps_the_highlight(library: Library, aid: str) -> None:
    orphan = _orphan(library, aid)
    session = open_session(library, aid)
    assert [h.id for h in session.orphans()] == [orphan.id]
    outcome = session.place(orphan.id, 2, (0, 5))
    assert (outcome.active, outcome.cursor, outcome.reveal) == (orphan.id, 2, 2)
    assert outcome.notice is not None and "u to undo" in outcome.notice.text
    save_all(library, session, outcome)
    assert session.orphans() == []
    [stored] = library.highlights(aid)
    assert (stored.id, stored.orphan, stored.colour, stored.note, stored.tags) == (
        orphan.id,
        False,
        "green",
        "why it mattered",
        ("kept",),
    )
    assert stored.created == orphan.created
    assert (stored.anchor.paragraph, stored.anchor.start, stored.anchor.end) == (2, 0, 5)
    assert stored.anchor.quote.exact == "Theta"
    assert session.at_span(2, 0, 5) is not None


def test_undo_makes_it_an_orphan_again_and_redo_places_it(library: Library, aid: str) -> None:
    orphan = _orphan(library, aid)
    session = open_session(library, aid)
    save_all(library, session, session.place(orphan.id, 0, None))
    assert library.highlights(aid)[0].anchor.quote.exact == TEXTS[0]
    undo = session.step(Direction.UNDO)
    assert undo.notice is not None and undo.notice.text == "Undone: place."
    save_all(library, session, undo)
    [back] = library.highlights(aid)
    assert back.orphan and back.anchor.quote.exact == "Lost words"
    assert [h.id for h in session.orphans()] == [orphan.id]
    save_all(library, session, session.step(Direction.REDO))
    assert not library.highlights(aid)[0].orphan


def test_placing_needs_an_orphan_and_some_text(library: Library, aid: str) -> None:
    orphan = _orphan(library, aid)
    session = open_session(library, aid)
    empty = session.place(orphan.id, 1, (3, 3))
    assert not empty.saves and empty.notice is not None
    assert not session.place(orphan.id, 9, None).saves
    assert not session.place("nope", 0, None).saves
    save_all(library, session, session.place(orphan.id, 1, None))
    again = session.place(orphan.id, 0, None)
    assert not again.saves and again.notice is not None and "already" in again.notice.text


def test_delete_an_orphan_and_undo(library: Library, aid: str) -> None:
    orphan = _orphan(library, aid)
    session = open_session(library, aid)
    save_all(library, session, session.delete(orphan.id))
    assert library.highlights(aid) == [] and session.orphans() == []
    save_all(library, session, session.step(Direction.UNDO))
    assert [h.id for h in library.highlights(aid)] == [orphan.id]
    assert library.highlights(aid)[0].orphan
