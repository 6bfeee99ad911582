"""Bounded ranking: past RANK_ALL matches only the newest RANK_ALL are ranked by BM25,
the others follow newest first, and every caller that orders by rank agrees."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.index.helpers import doc
from tui_reader.importing import add_document
from tui_reader.index import search_index
from tui_reader.query import parse_query
from tui_reader.query.evaluate import run_query, stream_query
from tui_reader.store import Library
from tui_reader.ui.listing import ListingQuery, build_listing

#: How often "harbour" is in each article's text, oldest first (no two alike: no ties):
#: the best match is the oldest, and the ranking differs from the newest-first order.
COUNTS = [10, 3, 8, 1, 6, 4, 2, 9, 5, 7]


@pytest.fixture
def library(tmp_path: Path) -> Library:
    lib = Library.open(tmp_path / "lib", "write")
    for n, count in enumerate(COUNTS):
        words = " ".join(["harbour"] * count + ["stone"] * (12 - count))
        add_document(lib, doc(n, f"{words} token{n}.", title=f"Article {n}"))
    # Articles without the word: it is then rare enough for a real idf.
    for n in range(20, 40):
        add_document(lib, doc(n))
    yield lib
    lib.close()


def orders(library: Library, query: str) -> dict[str, list[str]]:
    """The titles in the order of each way of listing a search."""
    parsed = parse_query(query)
    scores = library.search_index.scores(query)
    ranks = library.search_index.ranks(query)
    by_id = {a.id: a.title for a in library.articles()}
    out = {
        "index": [a.title for a in library.search(query)],
        "scores": [by_id[i] for i in sorted(scores, key=scores.__getitem__, reverse=True)],
        "ranks": [by_id[i] for i in sorted(ranks, key=ranks.__getitem__)],
        "one by one": [a.title for a in run_query(library, parsed, table=False).articles],
        "table": [a.title for a in run_query(library, parsed, table=True).articles],
        "stream": [a.title for a in stream_query(library, parsed).articles],
        "app": [a.title for a in build_listing(library, ListingQuery(search=query)).rows],
    }
    for cut in (1, 3, 4, 6, 9):
        out[f"best {cut}"] = [a.title for a in library.search(query, limit=cut)]
    return out


def newest_first(*numbers: int) -> list[str]:
    return [f"Article {n}" for n in sorted(numbers, reverse=True)]


def test_below_the_bound_every_match_is_ranked(library: Library, monkeypatch) -> None:
    exact = [a.title for a in library.search("harbour")]
    assert exact[:3] == ["Article 0", "Article 7", "Article 2"]  # 10, 9, 8 times the word
    assert sorted(exact) == sorted(f"Article {n}" for n in range(10))
    monkeypatch.setattr(search_index, "RANK_ALL", len(COUNTS))  # exactly RANK_ALL match
    for way, titles in orders(library, "harbour").items():
        cut = int(way.split()[1]) if way.startswith("best") else None
        assert titles == exact[:cut], way


def test_past_the_bound_the_newest_are_ranked_and_the_rest_follow(
    library: Library, monkeypatch
) -> None:
    exact = [a.title for a in library.search("harbour")]
    monkeypatch.setattr(search_index, "RANK_ALL", 4)
    window = set(newest_first(6, 7, 8, 9))
    # The newest four ranked among themselves as before, then the others newest first:
    # the best match of all (article 0, the oldest) comes last.
    expected = [t for t in exact if t in window] + newest_first(0, 1, 2, 3, 4, 5)
    assert expected[:4] == ["Article 7", "Article 9", "Article 8", "Article 6"]
    for way, titles in orders(library, "harbour").items():
        cut = int(way.split()[1]) if way.startswith("best") else None
        assert titles == expected[:cut], way
    scores = library.search_index.scores("harbour")
    assert all(score > 0 for score in scores.values())


def test_one_match_past_the_bound_is_listed_after_the_ranked(library: Library, monkeypatch) -> None:
    exact = [a.title for a in library.search("harbour")]
    monkeypatch.setattr(search_index, "RANK_ALL", len(COUNTS) - 1)
    expected = [t for t in exact if t != "Article 0"] + ["Article 0"]
    for way, titles in orders(library, "harbour").items():
        cut = int(way.split()[1]) if way.startswith("best") else None
        assert titles == expected[:cut], way


def test_the_window_counts_articles_not_tombstones(library: Library, monkeypatch) -> None:
    """An entry of a deleted article not purged from the index yet (a tombstone) takes
    no place in the window: the newest RANK_ALL articles still listed are ranked."""
    index = library.search_index
    with index._lock:
        db = index._db
        newest = db.execute("SELECT max(rowid) FROM fts WHERE fts MATCH 'harbour'").fetchone()[0]
        db.execute("DELETE FROM docs WHERE rowid = ?", (newest,))  # article 9: a tombstone
    monkeypatch.setattr(search_index, "RANK_ALL", 1)
    expected = ["Article 8", *newest_first(0, 1, 2, 3, 4, 5, 6, 7)]
    assert [a.title for a in library.search("harbour")] == expected
    assert len(index.scores("harbour")) == len(COUNTS) - 1
