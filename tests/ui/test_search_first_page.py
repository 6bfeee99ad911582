"""A search with more matches than a page shows its best matches at once (from the
index), while the whole listing is built: the same first rows, in the same order."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from tests.ui.library_pilot import list_rows, screen_text, settle
from tui_reader.config import Config
from tui_reader.importing import add_documents
from tui_reader.model import Document, Paragraph
from tui_reader.store import Library
from tui_reader.ui import listing
from tui_reader.ui.app import create_app
from tui_reader.ui.listing import ListingQuery, build_listing, first_page
from tui_reader.ui.screens import library as library_screen


@pytest.fixture
def harbours(library: Library) -> Library:
    """Twelve articles with "harbour" said 1 to 12 times, one without it."""
    docs = [
        Document(
            title=f"Notes {n}",
            paragraphs=[Paragraph(" ".join(["harbour"] * n + ["and", "the", "tide"] * 4))],
        )
        for n in range(1, 13)
    ]
    docs.append(Document(title="Fields", paragraphs=[Paragraph("Wheat and barley.")]))
    add_documents(library, docs)
    return library


def test_the_first_page_is_the_whole_listings_first_rows(
    harbours: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listing, "FIRST_PAGE_ROWS", 5)
    query = ListingQuery(search="harbour")
    page = first_page(harbours, query)
    whole = build_listing(harbours, query)
    assert page is not None and page.partial
    assert [a.id for a in page.rows] == [a.id for a in whole.rows[:5]]
    assert len(whole.rows) == 12
    # Not for a search whose matches all fit on the page, nor one with more than words.
    monkeypatch.setattr(listing, "FIRST_PAGE_ROWS", 12)
    assert first_page(harbours, query) is None
    monkeypatch.setattr(listing, "FIRST_PAGE_ROWS", 5)
    for other in ("harbour tag:x", "harbour -tide", "harbour sort:title", "harbour OR wheat"):
        assert first_page(harbours, ListingQuery(search=other)) is None, other
    assert first_page(harbours, ListingQuery(search="harbour", tag="x")) is None


async def test_the_best_matches_show_while_the_whole_listing_is_built(
    harbours: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listing, "FIRST_PAGE_ROWS", 5)
    held = threading.Event()
    build = listing.build_listing

    def slow_listing(library: Library, query: ListingQuery) -> Any:
        if query.search == "harbour":  # (the searches typed on the way go through)
            held.wait(10)
        return build(library, query)

    monkeypatch.setattr(library_screen, "build_listing", slow_listing)
    app = create_app(harbours, Config())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"harbour", "enter")
        best = ["Notes 12", "Notes 11", "Notes 10", "Notes 9", "Notes 8"]
        for _ in range(200):  # (settle would wait for the held worker)
            await pilot.pause(0.01)
            if list_rows(app) == best:
                break
        assert list_rows(app) == best
        assert "the 5 best matches (finding the others…)" in screen_text(app)
        held.set()
        await settle(pilot, rounds=8)
        assert list_rows(app)[:5] == best and len(list_rows(app)) == 12
        assert "12 of 13 articles" in screen_text(app)
