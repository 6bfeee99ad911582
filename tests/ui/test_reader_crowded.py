"""An article with a very large number of highlights: the reader builds only what is seen.

Issue 11 item 10: with a million highlights on one article the reader never drew
(every highlight's margin entry was wrapped before the first frame, and every
edit re-sorted them all). The figures for large counts come from
``benchmarks/reader_highlights.py``; these tests use counts that keep them fast
and check that the work done does not follow the count.
"""

from __future__ import annotations

import random

import pytest
from rich.style import Style

from tests.ui.test_reader_support import open_reader, screen_text, settle, view_of
from tui_reader.anchoring import make_anchor
from tui_reader.importing import add_document
from tui_reader.model import COLOURS, Document, Highlight, Paragraph
from tui_reader.store import Library
from tui_reader.ui.app import create_app
from tui_reader.ui.widgets.reader import article_rows, article_view
from tui_reader.ui.widgets.reader.article_rows import MARGIN_LIMIT, ORPHAN_LIMIT
from tui_reader.ui.widgets.reader.article_view import ArticleView

CROWDED = 4_000
"""Highlights in the crowded paragraph (well past every limit, still a fast test)."""
ORPHANS = 300

TEXTS = [
    "The harbour ferry vote went ahead on a grey morning with the whole town watching.",
    "Councillors argued about timetables, fares and the old slipway for most of the day.",
    "In the end the motion passed by one vote and the ferry will run again in spring.",
]


def crowd(library: Library, seed: int = 3) -> tuple[str, list[Highlight]]:
    """An article whose second paragraph has CROWDED highlights, plus ORPHANS orphans."""
    doc = Document(title="Crowded", paragraphs=[Paragraph(t) for t in TEXTS])
    article_id = add_document(library, doc).article.id
    paragraphs = library.paragraphs(article_id)
    rng = random.Random(seed)
    size = len(TEXTS[1])
    made: list[Highlight] = []
    for n in range(CROWDED + ORPHANS):
        start = rng.randrange(size - 1)
        end = min(size, start + rng.randrange(1, 25))
        made.append(
            Highlight(
                id=f"{n:08x}" + "ab" * 12,
                article_id=article_id,
                anchor=make_anchor(paragraphs, 1, start, end),
                colour=COLOURS[n % len(COLOURS)],
                note=f"note {n}",
                orphan=n >= CROWDED,
            )
        )
    library.put_highlights(made)
    return article_id, made


async def test_the_reader_opens_on_thousands_of_highlights_building_only_what_shows(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    aid, _ = crowd(library)
    entries: list[str] = []
    note_lines = article_rows.highlight_note_lines

    def counting(hl: Highlight, *args: object, **kwargs: object) -> object:
        entries.append(hl.id)
        return note_lines(hl, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(article_rows, "highlight_note_lines", counting)
    app = create_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_reader(app, pilot, aid)
        view = view_of(app)
        assert "harbour ferry vote" in screen_text(app), "the reader drew the article"
        built = len(entries)
        assert built <= 2 * (MARGIN_LIMIT + ORPHAN_LIMIT), f"{built} margin entries built"
        assert f"{CROWDED + ORPHANS} highlights" in str(
            app.screen.query_one("ReaderStatus").render()
        )
        margin = [row.margin.plain for row in view.layout.rows(2) if row.margin is not None]
        assert margin[0].startswith("█ “")
        assert " ".join(margin[-3:]).endswith(
            f"+ {CROWDED - MARGIN_LIMIT:,} more highlights here: ] steps through them"
        )
        await pilot.press("G")
        text = screen_text(app)
        assert f"+ {ORPHANS - ORPHAN_LIMIT:,} more orphaned highlights" in text
        assert len(entries) - built <= 2 * (MARGIN_LIMIT + ORPHAN_LIMIT)

        # Keys still act on single highlights: step, recolour, delete, undo.
        await pilot.press("g", "]")
        first = view.highlight_under_cursor()
        assert first is not None and view.cursor == 1
        await pilot.press("]")
        second = view.highlight_under_cursor()
        assert second is not None and second.sort_key >= first.sort_key
        await pilot.press("x")
        await settle(app, pilot)
        assert len(library.highlights(aid)) == CROWDED + ORPHANS - 1
        assert view.get_highlight(second.id) is None
        await pilot.press("u")
        await settle(app, pilot)
        assert len(library.highlights(aid)) == CROWDED + ORPHANS
        assert view.get_highlight(second.id) == second


def _styles(view: ArticleView, paragraph: int, width: int) -> list[Style]:
    """The style of every character of a paragraph's first line, as drawn."""
    text = view._paragraph_text(paragraph, (0, width), at_cursor=False)
    return [text.get_style_at_offset(view.app.console, i) for i in range(width)]


async def test_crowded_painting_draws_what_painting_each_highlight_draws(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    aid, _ = crowd(library)
    app = create_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_reader(app, pilot, aid)
        view = view_of(app)
        await pilot.press("j", "]", "]", "]")
        width = len(TEXTS[1])
        monkeypatch.setattr(article_view, "PAINT_EACH", 10**9)
        each = _styles(view, 1, width)
        active = [view._paragraph_text(1, (0, width), at_cursor=True)]
        monkeypatch.setattr(article_view, "PAINT_EACH", 0)
        view._runs.clear()
        assert _styles(view, 1, width) == each
        crowded = view._paragraph_text(1, (0, width), at_cursor=True)
        assert [crowded.get_style_at_offset(app.console, i) for i in range(width)] == [
            active[0].get_style_at_offset(app.console, i) for i in range(width)
        ]


async def test_edits_keep_the_order_a_full_rebuild_gives(library: Library) -> None:
    aid, made = crowd(library)
    app = create_app(library)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_reader(app, pilot, aid)
        view = view_of(app)
        rng = random.Random(5)
        for hl in rng.sample(made, 200):
            if rng.random() < 0.5:
                view.remove_highlight(hl.id)
            else:
                view.put_highlight(hl.evolve(colour=rng.choice(COLOURS), orphan=not hl.orphan))
        incremental = (view.placed_highlights(), view.orphans)
        view._index_highlights()
        assert (view.placed_highlights(), view.orphans) == incremental
