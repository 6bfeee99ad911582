"""Card records in the store: validation, flat cost, restart, and the review log."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.review.fixture import NOW, seed_review_library
from tui_reader.review.cards import Grade, make_scheduler, rate, retired
from tui_reader.review.log import review_log
from tui_reader.store import InvalidRecord, Library


def test_a_rating_survives_a_restart(library: Library, library_path: Path) -> None:
    seeded = seed_review_library(library)
    hl = seeded.hl["treaty"]
    record = rate(None, hl.article_id, hl.id, Grade.GOOD, NOW, make_scheduler(fuzz=False))
    library.put_review_records([record])
    library.close()
    again = Library.open(library_path, "write")
    try:
        stored = again.review_record(hl.article_id, hl.id)
        assert stored == record
        assert stored["due"] == "2026-03-12T09:00:00+00:00"  # good on a new card: 2 days
        assert stored["state"] == 2 and stored["log"] == [["2026-03-10T09:00:00+00:00", 3]]
        assert [r["id"] for r in again.review_records()] == [hl.id]
    finally:
        again.close()


def test_a_rating_rewrites_one_small_review_shard(library: Library, library_path: Path) -> None:
    seeded = seed_review_library(library)
    hl = seeded.hl["ferns"]
    before = {p: p.stat().st_mtime_ns for p in library_path.rglob("*.json")}
    library.put_review_records([retired(None, hl.article_id, hl.id, True)])
    changed = sorted(
        str(p.relative_to(library_path))
        for p in library_path.rglob("*.json")
        if before.get(p) != p.stat().st_mtime_ns
    )
    # the new shard, and meta.json once (its registry learns the new shard)
    assert changed == ["meta.json", f"reviews/{hl.article_id[:3]}.json"]
    before = {p: p.stat().st_mtime_ns for p in library_path.rglob("*.json")}
    library.put_review_records([retired(None, hl.article_id, hl.id, False)])
    changed = [p for p in library_path.rglob("*.json") if before.get(p) != p.stat().st_mtime_ns]
    assert [p.name for p in changed] == [f"{hl.article_id[:3]}.json"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"id": "bad id!"}, "bad highlight id"),
        ({"article_id": "XYZ"}, "bad article id"),
        ({"state": 7}, "bad state"),
        ({"retired": "yes"}, "bad retired"),
        ({"stability": "high"}, "bad stability"),
        ({"log": [["2026-01-01", 5]]}, "bad log entry"),
        ({"log": "often"}, "log must be a list"),
        ({"due": "x" * 100}, "too long"),
    ],
)
def test_a_malformed_record_is_refused_and_nothing_written(
    library: Library, change: dict[str, object], message: str
) -> None:
    seeded = seed_review_library(library)
    hl = seeded.hl["ferns"]
    good = retired(None, hl.article_id, hl.id, True)
    with pytest.raises(InvalidRecord, match=message):
        library.put_review_records([good, {**good, **change}])
    assert list(library.review_records()) == []


def test_unknown_fields_are_not_stored(library: Library) -> None:
    seeded = seed_review_library(library)
    hl = seeded.hl["ferns"]
    library.put_review_records([{**retired(None, hl.article_id, hl.id, True), "extra": 1}])
    assert "extra" not in library.review_record(hl.article_id, hl.id)


def test_review_log_lists_every_rating_dated_oldest_first(library: Library) -> None:
    seeded = seed_review_library(library)
    scheduler = make_scheduler(fuzz=False)
    treaty, ferns = seeded.hl["treaty"], seeded.hl["ferns"]
    first = rate(None, treaty.article_id, treaty.id, Grade.AGAIN, NOW, scheduler)
    later = NOW + timedelta(days=1)
    second = rate(first, treaty.article_id, treaty.id, Grade.EASY, later, scheduler)
    other = rate(None, ferns.article_id, ferns.id, Grade.HARD, NOW + timedelta(hours=1), scheduler)
    library.put_review_records([second, other])
    log = review_log(library)
    assert [(e.when, e.rating_name, e.highlight_id) for e in log] == [
        (NOW, "again", treaty.id),
        (NOW + timedelta(hours=1), "hard", ferns.id),
        (later, "easy", treaty.id),
    ]
    assert log[0].article_id == treaty.article_id


def test_review_log_of_a_library_without_reviews_is_empty(library: Library) -> None:
    seed_review_library(library)
    assert review_log(library) == []
