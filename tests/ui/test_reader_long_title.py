"""A title (and source line) taller than the screen never hides the cursor paragraph.

Found in tmux at 80x24: a feed entry titled with 2,000 words (cut to 1,000 characters
on screen, its feed's name as long) filled the reader; `g` scrolled to the title and
the first paragraph, under the cursor (¶ 1/2), was not on screen: `h` highlighted a
paragraph nobody could see.
"""

from __future__ import annotations

from tests.ui.test_reader_support import open_reader, screen_text, settle, view_of
from tui_reader.importing import add_document
from tui_reader.model import Document, Paragraph
from tui_reader.store import Library
from tui_reader.ui.app import create_app

LONG = "Long " + "title-word " * 2000


async def test_g_shows_the_first_paragraph_under_a_title_taller_than_the_screen(
    library: Library,
) -> None:
    doc = Document(
        title=LONG,
        source=LONG,
        paragraphs=[Paragraph("First paragraph words."), Paragraph("Second paragraph.")],
    )
    article_id = add_document(library, doc).article.id
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, article_id)
        await settle(app, pilot)
        assert "First paragraph words." in screen_text(app)  # opened at the cursor
        await pilot.press("G")
        await settle(app, pilot)
        await pilot.press("g")
        await settle(app, pilot)
        assert view_of(app).cursor == 0
        assert "First paragraph words." in screen_text(app)


async def test_g_still_shows_a_title_that_fits_above_the_first_paragraph(
    library: Library,
) -> None:
    doc = Document(title="A short title", paragraphs=[Paragraph(f"Para {n}.") for n in range(60)])
    article_id = add_document(library, doc).article.id
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, article_id)
        await pilot.press("G")
        await settle(app, pilot)
        await pilot.press("g")
        await settle(app, pilot)
        text = screen_text(app)
        assert "A short title" in text and "Para 0." in text
