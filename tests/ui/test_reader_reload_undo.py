"""The reader reloaded under a refresh keeps its undo history: ``u`` and ``ctrl+r`` act on
the highlights where the new text has them (never at their old offsets, which the store
would refuse as a stale quote)."""

from __future__ import annotations

import pytest

from tests.conftest import shown_notifications
from tests.ui.library_pilot import article
from tests.ui.test_reader_defects import refreshed_text, replace_text, wait_for
from tests.ui.test_reader_support import import_seed, open_reader, settle
from tui_reader.annotating import AnnotationSession
from tui_reader.history import HighlightEdit
from tui_reader.model import Paragraph
from tui_reader.store import Library
from tui_reader.ui.app import create_app
from tui_reader.ui.screens.reader import RELOADED_NOTICE, UNDO_KEPT


@pytest.fixture
def seed(library: Library) -> str:
    """The seed article's id, in the test library."""
    return import_seed(library)


def errors(app: object) -> list[str]:
    """The error notifications shown so far."""
    return [n.message for n in shown_notifications(app) if n.severity == "error"]


def in_text(library: Library, article_id: str) -> None:
    """Every placed highlight's quote is the stored text at its place."""
    paragraphs = library.paragraphs(article_id)
    for hl in library.highlights(article_id):
        a = hl.anchor
        assert not hl.orphan and paragraphs[a.paragraph].text[a.start : a.end] == a.quote.exact


async def test_undo_and_redo_work_on_the_new_text_after_a_reload(
    library: Library, seed: str
) -> None:
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reader(app, pilot, seed)
        await pilot.press("j", "j", "h", "2")  # a highlight on paragraph 2, then green
        await settle(app, pilot)
        [made] = library.highlights(seed)
        assert (made.anchor.paragraph, made.colour) == (2, "green")
        new = refreshed_text(library, seed)  # a paragraph inserted before it
        replace_text(app, seed, new)
        await settle(app, pilot)
        await wait_for(pilot, lambda: screen.session.paragraphs == new)
        assert RELOADED_NOTICE + UNDO_KEPT in [n.message for n in shown_notifications(app)]
        [moved] = library.highlights(seed)
        assert moved.anchor.paragraph == 3

        await pilot.press("u")  # the colour goes back, at the new place
        await settle(app, pilot)
        [hl] = library.highlights(seed)
        assert (hl.anchor, hl.colour) == (moved.anchor, "yellow")
        await pilot.press("u")  # the highlight goes
        await settle(app, pilot)
        assert library.highlights(seed) == []
        await pilot.press("ctrl+r", "ctrl+r")  # back, green, where the new text has it
        await settle(app, pilot)
        [hl] = library.highlights(seed)
        assert (hl.anchor, hl.colour) == (moved.anchor, "green")
        assert screen.view.get_highlight(hl.id) is not None
        in_text(library, seed)
        assert errors(app) == []


async def test_a_highlight_deleted_before_the_reload_comes_back_in_its_new_place(
    library: Library, seed: str
) -> None:
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reader(app, pilot, seed)
        await pilot.press("j", "j", "v", "w", "w", "h")  # three words of paragraph 2
        await settle(app, pilot)
        [made] = library.highlights(seed)
        await pilot.press("x")
        await settle(app, pilot)
        assert library.highlights(seed) == []
        new = refreshed_text(library, seed)
        replace_text(app, seed, new)
        await settle(app, pilot)
        await wait_for(pilot, lambda: screen.session.paragraphs == new)
        await pilot.press("u")
        await settle(app, pilot)
        [back] = library.highlights(seed)
        assert back.id == made.id and back.anchor.paragraph == 3
        assert back.anchor.quote.exact == made.anchor.quote.exact
        in_text(library, seed)
        assert errors(app) == []


async def test_with_nothing_to_undo_the_notice_says_only_reloaded(
    library: Library, seed: str
) -> None:
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reader(app, pilot, seed)
        new = refreshed_text(library, seed)
        replace_text(app, seed, new)
        await settle(app, pilot)
        await wait_for(pilot, lambda: screen.session.paragraphs == new)
        messages = [n.message for n in shown_notifications(app)]
        assert RELOADED_NOTICE in messages and RELOADED_NOTICE + UNDO_KEPT not in messages


def test_a_highlight_whose_words_are_gone_is_undone_as_an_orphan(library: Library) -> None:
    """The session level: a deleted highlight whose quote the new text lacks comes back
    as an orphan (listed at the end), not at offsets of words that are no longer there."""
    old = [Paragraph("The tide came in at noon."), Paragraph("Gulls cried over the pier.")]
    record, _ = article(1, "Tides", paragraphs=2)
    library.put_article(record, old)
    article_id = record.id
    stored = library.get(article_id)
    first = AnnotationSession(stored, old, [])
    outcome = first.highlight(1, (0, 5), "yellow")
    for op in outcome.saves:
        op.apply(library)
        first.save_done(op)
    [hl] = library.highlights(article_id)
    for op in first.delete(hl.id).saves:
        op.apply(library)
        first.save_done(op)
    new = [Paragraph("The tide came in at noon."), Paragraph("Terns were quiet.")]
    second = AnnotationSession(stored, new, [])
    assert second.take_history(first)
    edit = second.history.peek_undo()
    assert isinstance(edit, HighlightEdit) and edit.before is not None
    assert edit.before.orphan and edit.before.anchor.quote.exact == "Gulls"
