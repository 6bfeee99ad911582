"""The article view: bounded widgets, long articles, layouts, orphans, hostile and wide text."""

from __future__ import annotations

from dataclasses import replace

import pytest
from rich.cells import cell_len
from textual.strip import Strip
from textual.widgets import TextArea

from tests.conftest import shown_notifications
from tests.ui.test_reader_support import (
    fixed_highlight,
    import_seed,
    line_with,
    open_reader,
    screen_text,
    settle,
    style_at,
    view_of,
)
from tui_reader.importing import add_document
from tui_reader.model import Document, Paragraph
from tui_reader.store import Library
from tui_reader.ui.app import create_app
from tui_reader.ui.widgets.reader.article_view import ArticleView


def _add(library: Library, paragraphs: list[str], title: str = "Long read") -> str:
    doc = Document(title=title, paragraphs=[Paragraph(p) for p in paragraphs])
    return add_document(library, doc).article.id


def _numbered(count: int) -> list[str]:
    return [f"Paragraph {i} " + "word " * (15 + i % 40) + "end." for i in range(count)]


async def _widget_count(library: Library, article_id: str) -> int:
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, article_id)
        return len(list(app.screen.walk_children()))


async def test_widget_count_does_not_grow_with_the_article(library: Library) -> None:
    short = _add(library, _numbered(10), "Short")
    long = _add(library, _numbered(10_000), "Long")
    assert await _widget_count(library, short) == await _widget_count(library, long)


async def test_a_long_article_opens_lazily_and_reaches_both_ends(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    aid = _add(library, _numbered(10_000))
    wrapped_at_first_frame: list[int] = []
    render_line = ArticleView.render_line

    def spy(self: ArticleView, y: int) -> Strip:
        strip = render_line(self, y)
        if not wrapped_at_first_frame and strip.text.strip():
            wrapped_at_first_frame.append(self.layout.heights.exact_count)
        return strip

    monkeypatch.setattr(ArticleView, "render_line", spy)
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, aid)
        view = view_of(app)
        assert wrapped_at_first_frame[0] < 100, "only paragraphs near the viewport are wrapped"
        assert "Paragraph 0 word" in screen_text(app)
        await pilot.press("G")
        assert view.cursor == 9_999
        assert "Paragraph 9999 word" in screen_text(app)
        await pilot.press("k", "k")
        assert "▌ Paragraph 9997 word" in screen_text(app)
        await pilot.press("g")
        assert "Long read" in view.screen_lines()[0]
        for _ in range(3):
            await pilot.press("space")
        lines = view.screen_lines()
        assert lines[0].strip() or lines[1].strip(), "a page down shows text, not a gap"
        assert f"Paragraph {view.cursor} word" in screen_text(app)
        await settle(app, pilot, 0.2)
        assert library.get(aid).position == view.cursor


async def test_heights_are_refined_in_the_background_without_moving_the_view(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    start_refining = ArticleView._start_refining
    monkeypatch.setattr(ArticleView, "_start_refining", lambda self: None)
    aid = _add(library, _numbered(3_000))
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, aid)
        view = view_of(app)
        view.set_cursor(2_000)  # as a search hit far down would
        await pilot.press("j")
        before = screen_text(app)
        assert "▌ Paragraph 2001 word" in before
        assert not view.layout.complete, "the blocks above are still estimates"
        start_refining(view)
        for _ in range(100):
            if view.layout.complete:
                break
            await pilot.pause(0.05)
        assert view.layout.complete
        assert screen_text(app) == before, "refining heights above did not shift the text"


async def test_margin_beside_the_paragraph_on_wide_screens(library: Library) -> None:
    aid = import_seed(library)
    fixed_highlight(library, aid, 1, 0, 13, n=1, note="beside the first line", tags=["a"])
    app = create_app(library)
    async with app.run_test(size=(160, 48)) as pilot:
        await open_reader(app, pilot, aid)
        y = line_with(app, "South Korea’s intelligence agency")
        assert line_with(app, "“South Korea’s”") == y, "aligned with the paragraph's first line"
        lines = view_of(app).screen_lines()
        assert "beside the first line" in lines[y + 1]
        assert "#a" in lines[y + 2]
        assert lines[y].index("“South") > len("  South Korea’s intelligence agency")


async def test_margin_folds_below_the_paragraph_on_narrow_screens(library: Library) -> None:
    aid = import_seed(library)
    fixed_highlight(library, aid, 0, 0, 11, n=1, note="under the paragraph")
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, aid)
        view = view_of(app)
        assert view.geometry is not None and not view.geometry.side
        last_text = line_with(app, "North Korean prisoners of war")
        assert line_with(app, "“South Korea”") == last_text + 1
        assert line_with(app, "under the paragraph") == last_text + 2
        assert all(cell_len(line) <= 80 for line in view.screen_lines())


async def test_resizing_switches_between_layouts(library: Library) -> None:
    aid = import_seed(library)
    fixed_highlight(library, aid, 0, 0, 11, n=1, note="moves around")
    app = create_app(library)
    async with app.run_test(size=(160, 40)) as pilot:
        await open_reader(app, pilot, aid)
        assert line_with(app, "moves around") == line_with(app, "South Korea confirmed") + 1
        await pilot.resize_terminal(80, 30)
        await pilot.pause()
        assert not view_of(app).geometry.side
        assert line_with(app, "moves around") > line_with(app, "prisoners of war")


async def test_orphaned_highlights_are_listed_at_the_end(library: Library) -> None:
    aid = import_seed(library)
    hl = fixed_highlight(library, aid, 2, 0, 20, n=1, note="lost its place")
    library.put_highlight(hl.evolve(orphan=True))
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, aid)
        assert "lost its place" not in screen_text(app)
        await pilot.press("G")
        text = screen_text(app)
        assert "Orphaned highlights (1)" in text
        assert "“The National Intelli”" in text and "lost its place" in text
        assert "1 highlight" in str(app.screen.query_one("ReaderStatus").render())


async def test_headings_are_styled(library: Library) -> None:
    doc = Document(
        title="Doc",
        paragraphs=[Paragraph("A heading", "heading", 2), Paragraph("Body text here.")],
    )
    aid = add_document(library, doc).article.id
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, aid)
        view = view_of(app)
        heading = view.render_line(line_with(app, "A heading"))
        body = view.render_line(line_with(app, "Body text"))
        bold = {seg.text.strip(): bool(seg.style and seg.style.bold) for seg in heading}
        assert bold["A heading"]
        assert not any(s.style and s.style.bold for s in body if "Body" in s.text)


async def test_wide_characters_emoji_and_cjk_wrap_inside_the_column(library: Library) -> None:
    cjk = "日本語の文章はとても長いので、画面の幅に合わせて正しく折り返されなければならない。" * 3
    emoji = "Reading 📚 with coffee ☕ and 👩‍💻 " * 8
    aid = _add(library, [cjk, emoji, "e\u0301" * 200])
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, aid)
        view = view_of(app)
        lines = view.screen_lines()
        assert all(cell_len(line) <= 78 for line in lines)
        shown = "".join(line[2:].strip() for line in lines)
        assert cjk[:60] in shown, "CJK text is drawn whole, in order"
        await pilot.press("j", "v", "w", "w", "h")
        await settle(app, pilot)
        [hl] = library.highlights(aid)
        assert hl.anchor.quote.exact == "Reading 📚 with"


HOSTILE = [
    "[bold]not bold[/bold]",
    "see x [/b] y",
    "[ b @click=app.quit]x",
    "[$accent @click=app.bell]x",
    "[link=file:///etc/passwd]x[/link]",
]


async def test_hostile_text_is_shown_literally_and_never_acts(library: Library) -> None:
    title = "Title " + HOSTILE[2]
    aid = add_document(
        library,
        Document(title=title, paragraphs=[Paragraph(h) for h in HOSTILE], tags=(HOSTILE[1],)),
    ).article.id
    for n, text in enumerate(HOSTILE):
        fixed_highlight(library, aid, n, 0, len(text), n=n + 1, note=text, tags=[text])
    app = create_app(library)
    calls: list[str] = []
    app.bell = lambda: calls.append("bell")  # type: ignore[method-assign]
    async with app.run_test(size=(160, 48)) as pilot:
        await open_reader(app, pilot, aid)
        view = view_of(app)
        text = screen_text(app)
        assert "Title [ b @click=app.quit]x" in text
        for hostile in HOSTILE:
            assert hostile in text, f"{hostile!r} not shown literally"
        for y in range(view.viewport_height):
            for segment in view.render_line(y):
                style = segment.style
                assert style is None or (not style.link and not style.meta), segment
        for hostile in HOSTILE:
            await pilot.click(view, offset=(4, line_with(app, hostile)))
        await pilot.press("n", "ctrl+s", "t", "enter")
        assert app.is_running and calls == []
        await settle(app, pilot)
        assert [h.note for h in library.highlights(aid)] == HOSTILE


async def test_read_only_library_refuses_edits_and_changes_nothing(
    library: Library, library_path
) -> None:
    aid = import_seed(library)
    fixed_highlight(library, aid, 0, 0, 11, n=1, note="existing")
    reader = Library.open(library_path, "read")
    try:
        app = create_app(reader)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_reader(app, pilot, aid)
            view = view_of(app)
            before = screen_text(app)
            await pilot.press("x", "2", "j", "h", "v", "w", "h", "u", "T")
            await pilot.pause()
            assert not isinstance(app.screen, type(None))
            assert app.screen.__class__.__name__ == "ReaderScreen", "T opened no editor"
            assert len(view.placed_highlights()) == 1
            assert view.placed_highlights()[0].colour == "yellow"
            assert any("Not saved" in n.message for n in shown_notifications(app))
            await pilot.press("k")
            assert screen_text(app) == before
            await settle(app, pilot, 0.2)
            assert "read-only" in str(app.screen.query_one("ReaderStatus").render())
    finally:
        reader.close()
    [hl] = library.highlights(aid)
    assert (hl.note, hl.colour) == ("existing", "yellow")
    assert library.get(aid).position == 0


async def test_scrolling_with_the_scrollbar_brings_the_cursor_along(library: Library) -> None:
    aid = _add(library, _numbered(300))
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, aid)
        view = view_of(app)
        for _ in range(30):  # as a scrollbar drag or the mouse wheel would
            view.scroll_to(y=view.scroll_y + 3, animate=False)
            await pilot.pause()
        assert view.scroll_y > 50
        assert f"▌ Paragraph {view.cursor} word" in screen_text(app)
        await settle(app, pilot, 0.2)
        assert library.get(aid).position == view.cursor > 0


async def test_an_article_without_text_opens_and_ignores_keys(library: Library) -> None:
    aid = add_document(library, Document(title="Empty", paragraphs=[])).article.id
    app = create_app(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_reader(app, pilot, aid)
        assert "This article has no text." in screen_text(app)
        await pilot.press("j", "k", "G", "g", "space", "v", "w", "h", "1", "x", "]", "u", "m")
        assert app.screen.__class__.__name__ == "ReaderScreen"
        await settle(app, pilot)
        assert library.highlights(aid) == []


async def test_control_characters_that_reach_the_store_never_reach_the_terminal(
    library: Library,
) -> None:
    """Importers strip escapes; text put in the store some other way is drawn harmlessly."""
    text = "red \x1b[31mALERT\x1b[0m bell\x07 \u202eoverride\u202c end"
    aid = _add(library, ["placeholder"], "Escapes")
    article = library.get(aid)
    library.put_article(replace(article, title="T\x1b]0;pwned\x07"), [Paragraph(text)])
    fixed_highlight(library, aid, 0, 4, 13, n=1, note="n\x1b[2Jx\nline two", tags=["t\x1b"])
    app = create_app(library)
    async with app.run_test(size=(160, 48)) as pilot:
        await open_reader(app, pilot, aid)
        view = view_of(app)
        drawn = "".join(
            segment.text for y in range(view.viewport_height) for segment in view.render_line(y)
        )
        assert not any(ch in drawn for ch in "\x1b\x07\u202e\u202c")
        assert "ALERT" in drawn and "line two" in drawn
        assert style_at(app, "[31mALERT").bgcolor is not None, "the highlight kept its place"
        await pilot.press("n")
        assert "\x1b" not in app.screen.query_one(TextArea).text
