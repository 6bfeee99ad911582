"""The kept review lists answer as a pass over every record would, after any saves.

``reference_queue`` reads the store afresh and applies the rules of
:func:`build_queue` one highlight at a time; the queue read from the kept lists
(refreshed one article at a time from the store's changes) must agree with it
after every random change: ratings, retiring, new and deleted highlights, tags on
articles and highlights, deleted articles.
"""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from tests.review.fixture import NOW
from tui_reader.importing import add_document
from tui_reader.model import COLOURS, Document, Paragraph
from tui_reader.query import parse_query
from tui_reader.review import due_index as due_index_module
from tui_reader.review.cards import Grade, due_at, make_scheduler, rate, retired
from tui_reader.review.queue import ReviewQueue, build_queue, day_bounds
from tui_reader.review.settings import ReviewSettings
from tui_reader.store import Library

SCHEDULER = make_scheduler(fuzz=False)
TAGS = ["history", "botany", "private", "review:off", "Private"]
SETTINGS = [
    ReviewSettings(),
    ReviewSettings(daily_limit=2, max_reviews=3),
    ReviewSettings(exclude_tags=("private",)),
    ReviewSettings(include_tags=("history", "botany")),
]


def reference_queue(
    library: Library, settings: ReviewSettings, now: object, query: object = None
) -> tuple[object, ...]:
    """The queue's ids and counts, worked out from the store's records one by one."""
    from tui_reader.query import Matcher

    today, tomorrow, after = day_bounds(now)  # type: ignore[arg-type]
    exclude = {t.casefold() for t in ("review:off", *settings.exclude_tags)}
    include = {t.casefold() for t in settings.include_tags}
    cards = {(c["article_id"], c["id"]): c for c in library.review_records()}
    new_today = sum(
        1 for c in cards.values() if c.get("log") and today <= c["log"][0][0] < tomorrow
    )
    keep = Matcher(library, query, now=now).holds_for_record if query is not None else None  # type: ignore[arg-type]
    due, new = [], []
    due_tomorrow, next_due = 0, ""
    for record in library.highlight_records():
        article = library.saved(record["article_id"])
        if article is None:
            continue
        tags = {t.casefold() for t in article.tags}
        if tags & exclude or (include and not tags & include):
            continue
        card = cards.get((record["article_id"], record["id"]))
        if card is not None and card.get("retired"):
            continue
        if {str(t).casefold() for t in record.get("tags") or ()} & exclude:
            continue
        if keep is not None and not keep(article, record):
            continue
        when = due_at(card) if card is not None and card.get("due") else ""
        if not when:
            new.append((record.get("created", ""), record["id"]))
        elif when < tomorrow:
            due.append((when, record["id"]))
        else:
            due_tomorrow += when < after
            next_due = min(next_due or when, when)
    due.sort()
    new.sort()
    room = max(0, settings.daily_limit - new_today)
    ids = [i for _, i in due[: settings.max_reviews]] + [i for _, i in new[:room]]
    return ids, len(due), len(new), new_today, due_tomorrow, next_due


def summary(queue: ReviewQueue) -> tuple[object, ...]:
    return (
        [item.id for item in queue.items],
        queue.due_total,
        queue.new_available,
        queue.new_today,
        queue.due_tomorrow,
        queue.next_due,
    )


def seed(library: Library, rng: random.Random, articles: int) -> list[str]:
    ids = []
    for n in range(articles):
        doc = Document(
            title=f"Article {n}",
            paragraphs=[Paragraph(f"Paragraph {p} of article {n}, long enough.") for p in range(4)],
            tags=rng.sample(TAGS[:3], rng.randint(0, 1)),
        )
        ids.append(add_document(library, doc).article.id)
    return ids


def change(library: Library, rng: random.Random, ids: list[str]) -> None:
    """One random save of the kinds that move a highlight in or out of the queue."""
    live = [a for a in ids if library.saved(a) is not None]
    article_id = rng.choice(live)
    hls = library.highlights(article_id)
    kind = rng.randrange(8)
    if kind <= 1 or not hls:
        library.create_highlight(
            article_id,
            rng.randrange(4),
            0,
            rng.randint(3, 9),
            rng.choice(COLOURS),
            tags=rng.sample(TAGS, rng.randint(0, 1)),
        )
        return
    hl = rng.choice(hls)
    card = library.review_record(article_id, hl.id)
    if kind == 2:
        when = NOW - timedelta(days=rng.randint(0, 9), hours=rng.randint(0, 23))
        library.put_review_records(
            [rate(card, article_id, hl.id, rng.choice(list(Grade)), when, SCHEDULER)]
        )
    elif kind == 3:
        library.put_review_records([retired(card, article_id, hl.id, rng.random() < 0.7)])
    elif kind == 4:
        library.delete_highlight(article_id, hl.id)
    elif kind == 5:
        library.set_tags(article_id, rng.sample(TAGS, rng.randint(0, 2)))
    elif kind == 6:
        library.put_highlight(hl.evolve(tags=tuple(rng.sample(TAGS, rng.randint(0, 1)))))
    elif len(live) > 3:
        library.delete(article_id)


@pytest.mark.parametrize("seed_value", [1, 2, 3])
def test_the_kept_lists_agree_with_a_pass_over_every_record(
    library: Library, seed_value: int
) -> None:
    rng = random.Random(seed_value)
    ids = seed(library, rng, 8)
    checked = 0
    for step in range(60):
        change(library, rng, ids)
        if step % 3:
            continue
        for settings in SETTINGS:
            for now in (NOW, NOW + timedelta(days=1, hours=3)):
                assert summary(build_queue(library, settings, now=now)) == reference_queue(
                    library, settings, now
                )
                checked += 1
    query = parse_query("tag:botany OR colour:yellow")
    assert summary(build_queue(library, now=NOW, query=query)) == reference_queue(
        library, ReviewSettings(), NOW, query
    )
    assert checked == 20 * len(SETTINGS) * 2


def test_many_changes_at_once_rebuild_the_lists(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(9)
    ids = seed(library, rng, 6)
    build_queue(library, now=NOW)  # the lists are made
    monkeypatch.setattr(due_index_module, "REBUILD_AFTER", 1)
    for article_id in ids[:3]:
        library.create_highlight(article_id, 0, 0, 5)
    built = due_index_module.DueIndex._build
    rebuilt: list[int] = []

    def counted(self: due_index_module.DueIndex, *args: object) -> None:
        rebuilt.append(len(args))
        built(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(due_index_module.DueIndex, "_build", counted)
    assert summary(build_queue(library, now=NOW)) == reference_queue(library, ReviewSettings(), NOW)
    assert rebuilt == [2]
