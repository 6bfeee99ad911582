"""Issue 11 item 19 (app side): headers, columns and the status line fit the terminal;
the HL column counts only highlights placed in the text."""

from __future__ import annotations

from dataclasses import replace

import pytest
from rich.text import Text

from tests.ui import library_pilot
from tests.ui.library_pilot import article, put_articles
from tests.ui.test_reader_support import fixed_highlight, import_seed, open_reader
from tui_reader.config import Config
from tui_reader.store import Library
from tui_reader.ui.app import create_app
from tui_reader.ui.listing import SortMode
from tui_reader.ui.widgets.library.article_list import ArticleList, _fit
from tui_reader.ui.widgets.library.list_columns import (
    GAP,
    LEAD,
    Widest,
    header_label,
    layout_columns,
)
from tui_reader.ui.widgets.reader.reader_status import SEPARATOR, fit_parts


@pytest.mark.parametrize("sort", list(SortMode))
@pytest.mark.parametrize("width", [60, 78, 80, 120, 158])
def test_every_header_fits_its_column(width: int, sort: SortMode) -> None:
    columns = layout_columns(width, sort)
    assert LEAD + sum(c.width for c in columns) + GAP * (len(columns) - 1) == width
    for column in columns:
        shown = _fit(header_label(column, sort), column)
        assert "…" not in shown, (width, sort, shown)


def test_spare_title_cells_go_to_source_and_tags() -> None:
    widest = Widest(title=45, source=34, tags=30)
    columns = {c.key: c.width for c in layout_columns(158, SortMode.ADDED, widest)}
    assert columns["source"] == 34
    assert columns["tags"] == 30
    assert columns["title"] >= 45
    # Long titles keep the room they had.
    long = Widest(title=300, source=34, tags=30)
    assert layout_columns(158, SortMode.ADDED, long) == layout_columns(158, SortMode.ADDED)


async def test_a_wide_list_shows_whole_sources(library: Library) -> None:
    source = "The Coastline Courier: Local news"
    put_articles(library, [article(1, "Short title", source=source)])
    app = create_app(library, Config())
    async with app.run_test(size=(160, 48)) as pilot:
        await library_pilot.settle(pilot)
        assert source in library_pilot.screen_text(app)


def test_the_status_line_drops_parts_instead_of_cutting_them() -> None:
    parts = [
        (3, "", Text("¶ 12/40  28%  ✓ read")),
        (2, SEPARATOR, Text("12 highlights")),
        (5, SEPARATOR, Text("SELECT")),
        (1, "  ", Text("W/B }/{ move its start")),
        (4, SEPARATOR, Text("read-only")),
    ]
    for width in range(32, 100):
        line = fit_parts(parts, width).plain
        assert len(line) <= width
        assert not line.rstrip().endswith(("·", "…")), (width, line)
        assert "SELECT" in line and "read-only" in line, (width, line)


@pytest.mark.parametrize("width", [56, 62, 70, 80])
async def test_select_mode_status_line_at_narrow_widths(library: Library, width: int) -> None:
    article_id = import_seed(library)
    app = create_app(library, Config())
    async with app.run_test(size=(width, 24)) as pilot:
        await open_reader(app, pilot, article_id)
        await pilot.press("v")
        await pilot.pause()
        lines = library_pilot.screen_text(app).splitlines()
        status = next(line for line in lines if "¶" in line).rstrip()
        assert "SELECT" in status and status.endswith("saved"), status


async def test_hl_column_leaves_orphans_out(library: Library) -> None:
    article_id = import_seed(library)
    placed = fixed_highlight(library, article_id, 0, 0, 5, n=1)
    library.put_highlight(replace(placed, id="02" * 16, orphan=True))
    assert library.highlight_count(article_id) == 2
    app = create_app(library, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await library_pilot.settle(pilot)
        assert app.screen.query_one(ArticleList).count_for(article_id) == 1


async def test_the_library_palette_says_export_covers_every_listed_article(
    library: Library,
) -> None:
    """Issue 11 item 21: the palette's export entry says what it does."""
    import_seed(library)
    app = create_app(library, Config())
    async with app.run_test(size=(120, 30)) as pilot:
        await library_pilot.settle(pilot)
        await pilot.press("ctrl+p", *"export")
        await pilot.pause(0.5)
        text = library_pilot.screen_text(app)
        assert "Export listed articles" in text
        assert "every article listed" in text
        assert "of this article" not in text


@pytest.mark.parametrize(
    "titles",
    [
        ["Plain", "A longer plain title", ""],
        ["Plain", "東京の港", "ab"],  # wide characters: two cells each
        ["Bell\x07 rang", "short"],  # a control character takes no cell
        ["e\u0301te\u0301", "cafe"],  # combining accents take none either
        ["👍 fine", "x" * 9],
    ],
)
def test_widest_counts_cells_as_rich_does(titles: list[str]) -> None:
    """widest_of measures printable ASCII by length alone: the same as cell_len."""
    from rich.cells import cell_len

    from tui_reader.model import Article
    from tui_reader.ui.widgets.library.list_columns import Widest, widest_of

    rows = [
        Article(id=f"{n:016x}", title=t, source=t[::-1], tags=(t, "x") if n % 2 else ())
        for n, t in enumerate(titles)
    ]
    assert widest_of(rows) == Widest(
        max(cell_len(a.title) for a in rows),
        max(cell_len(a.source) for a in rows),
        max(cell_len(", ".join(a.tags)) for a in rows),
    )
