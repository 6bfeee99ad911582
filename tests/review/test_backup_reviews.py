"""Review cards travel in the JSON backup and come back on restore (and merge)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import orjson
import pytest

from tests.review.fixture import NOW, seed_review_library
from tui_reader.export.backup import (
    backup_document,
    dump_backup,
    load_backup,
    restore_backup,
)
from tui_reader.export.errors import BackupError
from tui_reader.review.cards import Grade, make_scheduler, rate, retired
from tui_reader.review.queue import build_queue
from tui_reader.store import Library

SCHEDULER = make_scheduler(fuzz=False)


def reviewed_library(library: Library) -> list[dict[str, object]]:
    seeded = seed_review_library(library)
    treaty, ferns = seeded.hl["treaty"], seeded.hl["ferns"]
    cards = [
        rate(None, treaty.article_id, treaty.id, Grade.HARD, NOW, SCHEDULER),
        retired(None, ferns.article_id, ferns.id, True),
    ]
    library.put_review_records(cards)
    return cards


def test_cards_survive_backup_and_restore(library: Library, tmp_path: Path) -> None:
    cards = reviewed_library(library)
    data = dump_backup(backup_document(library))
    other = Library.open(tmp_path / "other", "write")
    try:
        report = restore_backup(other, load_backup(data))
        assert report.reviews_restored == 2
        assert sorted(other.review_records(), key=lambda r: r["id"]) == sorted(
            cards, key=lambda r: r["id"]
        )
        queue = build_queue(other, now=NOW + timedelta(days=1))
        assert queue.items[0].id == cards[0]["id"] and not queue.items[0].is_new
        # a backup of the restored library is the same file
        assert dump_backup(backup_document(other)) == data
    finally:
        other.close()


def test_a_library_without_reviews_backs_up_as_before(library: Library) -> None:
    seed_review_library(library)
    document = backup_document(library)
    assert all("reviews" not in item for item in document["articles"])


def test_merge_keeps_the_card_rated_last(library: Library, tmp_path: Path) -> None:
    cards = reviewed_library(library)
    data = dump_backup(backup_document(library))
    treaty = cards[0]
    later = rate(
        treaty,
        str(treaty["article_id"]),
        str(treaty["id"]),
        Grade.GOOD,
        NOW + timedelta(days=2),
        SCHEDULER,
    )
    library.put_review_records([later])
    report = restore_backup(library, load_backup(data), merge=True)
    assert report.reviews_restored == 0
    assert library.review_record(str(treaty["article_id"]), str(treaty["id"])) == later


@pytest.mark.parametrize(
    ("card", "message"),
    [
        ({"id": "nohighlight"}, "belongs to no highlight"),
        ({"state": "learning"}, "bad state"),
        ({"log": [["2026-01-01", 9]]}, "bad log entry"),
    ],
)
def test_a_bad_card_in_a_backup_is_one_clear_error(
    library: Library, card: dict[str, object], message: str
) -> None:
    reviewed_library(library)
    document = backup_document(library)
    item = next(i for i in document["articles"] if "reviews" in i)
    item["reviews"][0].update(card)
    with pytest.raises(BackupError, match=message):
        load_backup(orjson.dumps(document))
