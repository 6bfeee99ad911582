"""The highlight list: every highlight of the library as rows, filtered and sorted on data."""

from __future__ import annotations

import pytest

from tests.highlights_fixture import seed_highlights
from tui_reader.highlight_list import (
    HighlightSort,
    collect_rows,
    filter_for,
    sort_rows,
)
from tui_reader.query import QueryError
from tui_reader.store import Library


def quotes(rows) -> list[str]:
    return [r.highlight.anchor.quote.exact for r in rows]


def test_sorts_by_date_article_and_colour(library: Library) -> None:
    seed_highlights(library)
    rows = collect_rows(library)
    assert len(rows) == 4
    by_date = sort_rows(rows, HighlightSort.DATE)
    assert quotes(by_date) == ["Apples", "Zebras run", "Gravity", "the flies"]
    by_article = sort_rows(rows, HighlightSort.ARTICLE)
    assert quotes(by_article) == ["Apples", "Gravity", "Zebras run", "the flies"], (
        "titles compared without case, then reading order"
    )
    by_colour = sort_rows(rows, HighlightSort.COLOUR)
    assert quotes(by_colour) == ["Gravity", "the flies", "Zebras run", "Apples"], (
        "yellow (newest first), then blue, then pink"
    )


def test_the_query_language_selects_highlights(library: Library) -> None:
    seed_highlights(library)
    assert filter_for(library, "  ") is None, "an empty query keeps everything"
    assert quotes(collect_rows(library, filter_for(library, "note:FRUIT"))) == ["Apples"]
    assert quotes(collect_rows(library, filter_for(library, "tag:korea"))) == ["the flies"]
    found = collect_rows(library, filter_for(library, "colour:yellow"))
    assert sorted(quotes(found)) == ["Gravity", "the flies"]
    found = collect_rows(library, filter_for(library, "zebra"))
    assert sorted(quotes(found)) == ["Zebras run", "the flies"], "a word selects the article's"
    assert quotes(collect_rows(library, filter_for(library, "zebra -has:note"))) == ["the flies"]
    assert collect_rows(library, filter_for(library, "zebra note:fruit")) == []


def test_a_malformed_query_raises_query_error(library: Library) -> None:
    with pytest.raises(QueryError):
        filter_for(library, "colour:red")


def test_row_dict_carries_the_article(library: Library) -> None:
    made = seed_highlights(library)
    [row] = collect_rows(library, filter_for(library, "note:fruit"))
    data = row.to_dict()
    assert data["article_title"] == "apple essay"
    assert (data["id"], data["colour"], data["note"]) == (made["apples"].id, "pink", "on fruit")
    assert row.date == "2026-01-04"
