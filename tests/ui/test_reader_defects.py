"""Reader defects found by a tester: a text replaced under the open reader, the read
marker and M, the key bar's ``esc Cancel`` after the notifications are gone."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from tests.conftest import shown_notifications
from tests.ui.test_reader_support import fixed_highlight, import_seed, open_reader, settle, view_of
from tui_reader.anchoring import reanchor
from tui_reader.model import Paragraph, ReadingState
from tui_reader.store import Library
from tui_reader.ui.app import NewsreadApp, create_app
from tui_reader.ui.screens.reader import RELOADED_NOTICE, ReaderScreen
from tui_reader.ui.widgets.key_bar import KeyBar
from tui_reader.ui.widgets.reader.reader_status import ReaderStatus

ADDED = "A sentence the refresh added at the start."
INSERTED = "A whole paragraph the refresh inserted after the first."


@pytest.fixture
def seed(library: Library) -> str:
    """The seed article's id, in the test library."""
    return import_seed(library)


async def wait_for(pilot: Pilot[None], ready: Callable[[], bool], seconds: float = 10) -> None:
    """Pause until ``ready()`` (a worker and a message or two away)."""
    for _ in range(int(seconds / 0.05)):
        if ready():
            return
        await pilot.pause(0.05)
    assert ready(), "timed out"


def refreshed_text(library: Library, article_id: str) -> list[Paragraph]:
    """The article's text as a refresh might bring it: a sentence added at the start of
    the first paragraph and a new paragraph after it."""
    old = library.paragraphs(article_id)
    first = old[0]
    return [
        Paragraph(f"{ADDED} {first.text}", first.kind, first.level),
        Paragraph(INSERTED),
        *old[1:],
    ]


def replace_text(app: NewsreadApp, article_id: str, new: list[Paragraph]) -> None:
    """Write ``new`` as the article's text through the saver (as a refresh does), its
    highlights re-placed by the store's re-anchoring."""

    def write(library: Library) -> None:
        old = library.paragraphs(article_id)
        placed = [r.highlight for r in reanchor(library.highlights(article_id), old, new)]
        library.put_many([(library.get(article_id), new, placed)])

    assert app.services.saver.submit("refresh", write)


def quote_matches_text(library: Library, article_id: str) -> None:
    """Every placed highlight's quote is the stored text at its place."""
    paragraphs = library.paragraphs(article_id)
    for hl in library.highlights(article_id):
        a = hl.anchor
        assert not hl.orphan
        assert paragraphs[a.paragraph].text[a.start : a.end] == a.quote.exact


def status(app: NewsreadApp) -> str:
    """The reader's status line."""
    return str(app.screen.query_one(ReaderStatus).render())


def key_bar(app: NewsreadApp) -> str:
    """The reader's key bar as drawn (redrawn only when something refreshes it)."""
    return app.screen.query_one(KeyBar).render_line(0).text


# ---------------------------------------------------------------------- a text replaced


async def test_a_text_replaced_under_the_reader_is_reloaded_in_place(
    library: Library, seed: str
) -> None:
    kept = fixed_highlight(library, seed, 2, 0, 20, n=1)
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reader(app, pilot, seed)
        new = refreshed_text(library, seed)
        replace_text(app, seed, new)
        await settle(app, pilot)
        await wait_for(pilot, lambda: screen.session.paragraphs == new)
        assert RELOADED_NOTICE in [n.message for n in shown_notifications(app)]
        view = view_of(app)
        assert view.paragraphs == new
        assert view.cursor == 0, "still on the paragraph being read (now longer)"
        shown = view.get_highlight(kept.id)
        assert shown is not None and shown.anchor.paragraph == 3, "re-placed and shown"
        assert "".join(view.screen_lines()).count(ADDED[:20]) == 1
        await pilot.press("j", "j", "h")
        await settle(app, pilot)
        made = [hl for hl in library.highlights(seed) if hl.id != kept.id]
        assert len(made) == 1
        assert made[0].anchor.paragraph == 2
        assert made[0].anchor.quote.exact == new[2].text
        quote_matches_text(library, seed)


async def test_a_highlight_on_a_stale_text_is_refused_not_stored(
    library: Library, seed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The safety net: a reader that missed the change cannot store a mismatched quote."""
    monkeypatch.setattr(ReaderScreen, "_store_changed", lambda self, changes: None)
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        replace_text(app, seed, refreshed_text(library, seed))
        await settle(app, pilot)
        await pilot.press("j", "j", "h")
        await settle(app, pilot)
        assert library.highlights(seed) == [], "nothing stored"
        errors = [n for n in shown_notifications(app) if n.severity == "error"]
        assert any("text changed since it was shown" in n.message for n in errors), errors
        assert view_of(app).highlight_count == 0, "the refused highlight is taken back"


# ---------------------------------------------------------------------- read marker


async def test_the_read_marker_follows_m_and_its_undo_at_once(library: Library, seed: str) -> None:
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        assert "✓ read" not in status(app)
        await pilot.press("M")
        assert "✓ read" in status(app), "at once, before the save is answered"
        await settle(app, pilot)
        assert library.get(seed).state is ReadingState.READ
        assert "✓ read" in status(app)
        await pilot.press("M")
        assert "✓ read" not in status(app)
        await settle(app, pilot)
        assert library.get(seed).state is not ReadingState.READ
        assert "✓ read" not in status(app)
        await pilot.press("U")  # undo the unread: read again
        await settle(app, pilot)
        assert library.get(seed).state is ReadingState.READ
        assert "✓ read" in status(app)


async def test_m_on_an_article_read_by_reaching_its_end_marks_it_unread(
    library: Library, seed: str
) -> None:
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, seed)
        await pilot.press("G")
        await settle(app, pilot)
        assert "✓ read" in status(app)
        assert library.get(seed).state is ReadingState.READ
        await pilot.press("M")
        await settle(app, pilot)
        assert library.get(seed).state is not ReadingState.READ
        assert "✓ read" not in status(app)


# ---------------------------------------------------------------------- key bar


async def test_the_key_bar_drops_esc_cancel_when_the_notifications_time_out(
    library: Library, seed: str
) -> None:
    app = create_app(library)
    async with app.run_test(size=(120, 24), notifications=True) as pilot:
        screen = await open_reader(app, pilot, seed)
        await pilot.pause(0.5)
        app.clear_notifications()
        await pilot.pause(0.5)
        await wait_for(pilot, lambda: "Cancel" not in key_bar(app))
        app.notify("A short notice.", timeout=2)
        await wait_for(pilot, lambda: "Cancel" in key_bar(app))
        await wait_for(pilot, lambda: not screen.query("Toast"))
        await wait_for(pilot, lambda: "Cancel" not in key_bar(app))
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReaderScreen), "escape goes back"
