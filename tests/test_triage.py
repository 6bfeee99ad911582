"""The reading queue's changes: applied and reverted through the store."""

from __future__ import annotations

from tui_reader.model import Article, Paragraph, Queue, ReadingState
from tui_reader.store import Library
from tui_reader.triage import TriageHistory, move, next_queue, toggle_read


def _stored(library: Library, **fields: object) -> Article:
    record = Article(id="0001" + "b" * 12, title="A story", paragraph_count=1, **fields)  # type: ignore[arg-type]
    library.put_article(record, [Paragraph("Some words.")])
    return library.get(record.id)


def test_move_applies_and_reverts(library: Library) -> None:
    article = _stored(library)
    change = move(article, Queue.LATER)
    assert change is not None
    assert change.apply(library).queue is Queue.LATER
    assert library.get(article.id).queue is Queue.LATER
    assert change.describe() == "Moved to Later"
    assert change.revert(library).queue is Queue.INBOX
    assert library.get(article.id).queue is Queue.INBOX
    assert change.describe(undone=True) == "Back in Inbox"


def test_move_to_the_same_queue_is_nothing(library: Library) -> None:
    assert move(_stored(library, queue=Queue.ARCHIVE), Queue.ARCHIVE) is None


def test_toggle_read_marks_read_then_unread_and_undo_restores_reading(library: Library) -> None:
    article = _stored(library, state=ReadingState.READING)
    change = toggle_read(article)
    assert change.apply(library).state is ReadingState.READ
    again = toggle_read(library.get(article.id))
    assert again.apply(library).state is ReadingState.UNREAD
    assert again.revert(library).state is ReadingState.READ
    assert change.revert(library).state is ReadingState.READING, "undo puts back 'reading'"
    old_archived = _stored(library, state=ReadingState.ARCHIVED)
    assert toggle_read(old_archived).after == "unread", "the old archived state counts as read"


def test_history_is_last_in_first_out_and_bounded() -> None:
    history = TriageHistory(size=2)
    changes = [toggle_read(Article(id=str(n), title="t")) for n in range(3)]
    for change in changes:
        history.record(change)
    assert len(history) == 2
    assert history.take_last() is changes[2]
    assert history.take_last() is changes[1]
    assert history.take_last() is None


def test_next_queue_cycles() -> None:
    assert [next_queue(q) for q in Queue] == [Queue.LATER, Queue.ARCHIVE, Queue.INBOX]
