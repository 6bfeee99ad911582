"""A search in the library screen shows, under each result, the words it matched in context."""

from __future__ import annotations

from tests.ui.library_pilot import article, list_rows, put_articles, screen_text, settle
from tui_reader.config import Config
from tui_reader.model import Paragraph
from tui_reader.store import Library
from tui_reader.ui.app import create_app
from tui_reader.ui.widgets.library.article_list import ArticleList

SIZE = (100, 20)


def seeded(library: Library, count: int = 30) -> None:
    items = []
    for n in range(count):
        record, _ = article(n)
        body = [Paragraph(f"Opening of {n}."), Paragraph(f"The harbour of town {n} [b]froze[/b].")]
        items.append((record, body))
    put_articles(library, items)


async def test_search_results_carry_their_snippet_and_the_cursor_moves_by_article(
    library: Library,
) -> None:
    seeded(library)
    app = create_app(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "harbour of town" not in screen_text(app)  # no search: one line per article
        await pilot.press("slash", *"harbour froze", "enter")
        await settle(pilot)
        assert len(list_rows(app)) == 30
        lines = screen_text(app).splitlines()
        first = next(i for i, line in enumerate(lines) if line.startswith("▌"))
        title = list_rows(app)[0]
        assert title in lines[first]
        number = title.split()[-1]
        assert f"The harbour of town {number} [b]froze[/b]." in lines[first + 1]  # plain text
        widget = app.screen.query_one(ArticleList)
        assert widget.row_height == 2
        await pilot.press("j")
        assert widget.cursor == 1
        lines = screen_text(app).splitlines()
        cursor = next(i for i, line in enumerate(lines) if line.startswith("▌"))
        assert list_rows(app)[1] in lines[cursor] and "harbour" in lines[cursor + 1]
        await pilot.press("end")
        lines = screen_text(app).splitlines()
        cursor = next(i for i, line in enumerate(lines) if line.startswith("▌"))
        assert list_rows(app)[-1] in lines[cursor], "the last row is scrolled into view"
        assert "harbour" in lines[cursor + 1], "with its snippet"
        await pilot.press("escape")
        await settle(pilot)
        assert widget.row_height == 1
        assert "harbour of town" not in screen_text(app)


async def test_matched_words_are_styled_from_offsets(library: Library) -> None:
    seeded(library, 3)
    app = create_app(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"froze", "enter")
        await settle(pilot)
        widget = app.screen.query_one(ArticleList)
        strip = widget.render_line(2)  # under the header and the first row
        styled = [seg.text for seg in strip if seg.style and seg.style.bold]
        assert styled == ["froze"]


async def test_rows_past_the_first_screens_get_their_snippets_when_drawn(
    library: Library,
) -> None:
    from tui_reader.ui.listing import SNIPPET_ROWS

    count = SNIPPET_ROWS + 20
    seeded(library, count)
    app = create_app(library, Config())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"harbour", "enter")
        await settle(pilot)
        widget = app.screen.query_one(ArticleList)
        assert len(list_rows(app)) == count
        last = list_rows(app)[-1]
        assert last.split()[-1] not in {r.split()[-1] for r in list_rows(app)[:SNIPPET_ROWS]}
        assert widget._snippets.keys() == {a.id for a in widget.rows[:SNIPPET_ROWS]}
        await pilot.press("end")  # draws the last rows: their snippets are asked for
        await settle(pilot)
        await pilot.pause(0.2)
        lines = screen_text(app).splitlines()
        cursor = next(i for i, line in enumerate(lines) if line.startswith("▌"))
        assert last in lines[cursor]
        assert f"The harbour of town {last.split()[-1]}" in lines[cursor + 1]
        assert widget.rows[-1].id in widget._snippets
        assert len(widget._snippets) < count  # rows never drawn were never cut


async def test_a_snippet_cut_at_the_screen_edge_ends_in_an_ellipsis(library: Library) -> None:
    # Found in tmux at 80x24: a snippet wider than the screen stopped mid-word ("than pl"),
    # as if the text ended there; titles cut at the edge end in "…".
    record, _ = article(1, "Tides")
    words = "The harbour tides were unusual this week, boats stayed moored longer than planned"
    put_articles(library, [(record, [Paragraph(words + " and the quay was quiet all day.")])])
    app = create_app(library, Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"tides", "enter")
        await settle(pilot)
        line = app.screen.query_one(ArticleList).render_line(2).text
        assert line.rstrip().endswith("…"), line
        assert len(line) == 80 and "The harbour tides were unusual" in line
