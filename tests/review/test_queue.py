"""Today's queue: due cards, new ones up to the daily limit, queries, opt-out tags."""

from __future__ import annotations

from datetime import timedelta

from tests.review.fixture import NOW, Seeded, seed_review_library
from tui_reader.query import parse_query
from tui_reader.review.cards import Grade, make_scheduler, rate, retired
from tui_reader.review.queue import build_queue
from tui_reader.review.settings import ReviewSettings
from tui_reader.store import Library

SCHEDULER = make_scheduler(fuzz=False)


def names(seeded: Seeded, queue: object) -> list[str]:
    by_id = {hl.id: name for name, hl in seeded.hl.items()}
    return [by_id[item.id] for item in queue.items]  # type: ignore[attr-defined]


def rated(seeded: Seeded, name: str, grade: Grade, when: object = NOW) -> dict[str, object]:
    hl = seeded.hl[name]
    return rate(None, hl.article_id, hl.id, grade, when, SCHEDULER)  # type: ignore[arg-type]


def test_new_highlights_come_oldest_first_without_opted_out_ones(library: Library) -> None:
    seeded = seed_review_library(library)
    queue = build_queue(library, now=NOW)
    # the Diary article carries review:off; "skipme" is a highlight tagged review:off
    assert names(seeded, queue) == ["treaty", "borders", "ferns", "mosses"]
    assert (queue.new, queue.due, queue.new_available, queue.due_total) == (4, 0, 4, 0)


def test_the_daily_limit_caps_new_highlights_counting_those_begun_today(
    library: Library,
) -> None:
    seeded = seed_review_library(library)
    settings = ReviewSettings(daily_limit=2)
    assert names(seeded, build_queue(library, settings, now=NOW)) == ["treaty", "borders"]
    # one new highlight reviewed earlier today: one more new one today
    library.put_review_records([rated(seeded, "treaty", Grade.GOOD, NOW - timedelta(hours=1))])
    queue = build_queue(library, settings, now=NOW)
    assert names(seeded, queue) == ["borders"]
    assert queue.new_today == 1
    # tomorrow the limit is whole again (treaty is not due: good gave it 2 days)
    tomorrow = build_queue(library, settings, now=NOW + timedelta(days=1))
    assert names(seeded, tomorrow) == ["borders", "ferns"]


def test_due_cards_come_first_most_overdue_first_and_by_the_end_of_the_day(
    library: Library,
) -> None:
    seeded = seed_review_library(library)
    week_ago = NOW - timedelta(days=7)
    library.put_review_records(
        [
            rated(seeded, "mosses", Grade.AGAIN, week_ago),  # due 6 days ago
            rated(seeded, "ferns", Grade.GOOD, week_ago + timedelta(days=1)),  # due 4 days ago
            rated(seeded, "treaty", Grade.AGAIN, NOW - timedelta(hours=2)),  # due tomorrow
            # due today 23:00 UTC: still today when the local day is UTC
        ]
    )
    queue = build_queue(library, ReviewSettings(daily_limit=0), now=NOW)
    assert names(seeded, queue) == ["mosses", "ferns"]
    assert (queue.due, queue.due_total, queue.due_tomorrow) == (2, 2, 1)
    assert queue.next_due == "2026-03-11T07:00:00+00:00"
    # a day later the treaty is due too
    later = build_queue(library, ReviewSettings(daily_limit=0), now=NOW + timedelta(days=1))
    assert names(seeded, later) == ["mosses", "ferns", "treaty"]


def test_retired_cards_never_come_up(library: Library) -> None:
    seeded = seed_review_library(library)
    hl = seeded.hl["treaty"]
    library.put_review_records([retired(None, hl.article_id, hl.id, True)])
    assert "treaty" not in names(seeded, build_queue(library, now=NOW))
    library.put_review_records([retired(None, hl.article_id, hl.id, False)])
    assert names(seeded, build_queue(library, now=NOW))[0] == "treaty"  # new again


def test_a_query_reviews_only_what_it_holds_for(library: Library) -> None:
    seeded = seed_review_library(library)
    assert names(seeded, build_queue(library, now=NOW, query=parse_query("tag:history"))) == [
        "treaty",
        "borders",
    ]
    assert names(seeded, build_queue(library, now=NOW, query=parse_query("has:note"))) == ["treaty"]
    botany = build_queue(library, now=NOW, query=parse_query("tag:botany OR colour:pink"))
    assert names(seeded, botany) == ["ferns", "mosses"]


def test_include_tags_opt_articles_in_and_exclude_tags_are_configurable(
    library: Library,
) -> None:
    seeded = seed_review_library(library)
    only_history = ReviewSettings(include_tags=("History",))
    assert names(seeded, build_queue(library, only_history, now=NOW)) == ["treaty", "borders"]
    no_botany = ReviewSettings(exclude_tags=("botany", "history"))
    # review:off (the diary, "skipme") stays out whatever the config says
    assert names(seeded, build_queue(library, no_botany, now=NOW)) == ["mosses"]


def test_limit_caps_the_queue_and_ratings_saved_meanwhile_are_seen(library: Library) -> None:
    seeded = seed_review_library(library)
    assert names(seeded, build_queue(library, now=NOW, limit=3)) == ["treaty", "borders", "ferns"]
    library.put_review_records([rated(seeded, "borders", Grade.EASY)])
    assert names(seeded, build_queue(library, now=NOW, limit=3)) == ["treaty", "ferns", "mosses"]


def test_a_deleted_highlight_leaves_the_queue(library: Library) -> None:
    seeded = seed_review_library(library)
    library.put_review_records([rated(seeded, "ferns", Grade.AGAIN, NOW - timedelta(days=3))])
    library.delete_highlight(seeded.plants, seeded.hl["ferns"].id)
    assert "ferns" not in names(seeded, build_queue(library, now=NOW))


def test_max_reviews_caps_due_cards_most_overdue_first(library: Library) -> None:
    seeded = seed_review_library(library)
    library.put_review_records(
        [
            rated(seeded, "mosses", Grade.AGAIN, NOW - timedelta(days=7)),
            rated(seeded, "ferns", Grade.AGAIN, NOW - timedelta(days=9)),
            rated(seeded, "treaty", Grade.AGAIN, NOW - timedelta(days=3)),
        ]
    )
    queue = build_queue(library, ReviewSettings(daily_limit=1, max_reviews=2), now=NOW)
    assert names(seeded, queue) == ["ferns", "mosses", "borders"]
    assert (queue.due, queue.due_total, queue.new) == (2, 3, 1)
