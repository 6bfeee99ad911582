"""Shared helpers for the reader's Pilot tests (imported by the other test_reader_* files)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from textual.pilot import Pilot

from tests.conftest import SEED
from tui_reader.anchoring import make_anchor
from tui_reader.importing import import_inputs
from tui_reader.model import Highlight
from tui_reader.store import Library
from tui_reader.ui.app import NewsreadApp
from tui_reader.ui.screens.reader import ReaderScreen
from tui_reader.ui.widgets.reader.article_view import ArticleView

FIXED_DATE = "2025-01-02T03:04:05+00:00"


def import_seed(library: Library) -> str:
    """Import the seed article; returns its id."""
    report = import_inputs(library, [str(SEED)])
    assert not report.failures, report.failures
    return library.articles()[0].id


def fixed_highlight(
    library: Library,
    article_id: str,
    paragraph: int,
    start: int,
    end: int,
    *,
    n: int,
    colour: str = "yellow",
    note: str = "",
    tags: Sequence[str] = (),
) -> Highlight:
    """Store a highlight with a fixed id and dates (stable snapshots)."""
    paragraphs = library.paragraphs(article_id)
    hl = Highlight(
        id=f"{n:02d}" * 16,
        article_id=article_id,
        anchor=make_anchor(paragraphs, paragraph, start, end),
        colour=colour,
        note=note,
        tags=tuple(tags),
        created=FIXED_DATE,
        updated=FIXED_DATE,
    )
    return library.put_highlight(hl)


async def open_reader(app: NewsreadApp, pilot: Pilot[None], article_id: str) -> ReaderScreen:
    """Push the reader for an article and let it draw."""
    await pilot.pause()
    screen = ReaderScreen(app.services, article_id)
    screen.position_save_delay = 0.05
    await app.push_screen(screen)
    await pilot.pause()
    return screen


async def settle(app: NewsreadApp, pilot: Pilot[None], delay: float = 0.0) -> None:
    """Let timers run, then wait until every queued save is on disk."""
    await pilot.pause(delay) if delay else await pilot.pause()
    assert app.services.saver.wait_idle(10)
    await pilot.pause()


def view_of(app: NewsreadApp) -> ArticleView:
    """The article view of the reader on top."""
    return app.screen.query_one(ArticleView)


def screen_text(app: NewsreadApp) -> str:
    """All visible lines of the article view, joined by newlines."""
    return "\n".join(view_of(app).screen_lines())


def line_with(app: NewsreadApp, needle: str) -> int:
    """The index of the first visible line containing ``needle``."""
    for y, line in enumerate(view_of(app).screen_lines()):
        if needle in line:
            return y
    raise AssertionError(f"{needle!r} not on screen:\n{screen_text(app)}")


def style_at(app: NewsreadApp, needle: str) -> Style:
    """The style of the first character of ``needle`` where it is drawn."""
    strip = view_of(app).render_line(line_with(app, needle))
    column = strip.text.index(needle)
    seen = 0
    for segment in strip:
        if seen + len(segment.text) > column:
            return segment.style or Style()
        seen += len(segment.text)
    raise AssertionError("unreachable")
