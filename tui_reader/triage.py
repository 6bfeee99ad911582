"""The reading queue: moving an article between inbox, later and archive, marking it
read or unread, and undoing those moves.

A :class:`Triage` is one such change, with what the article held before, so it
can be applied and reverted through the store's small per-article writes
(``set_queue``/``set_state``). :class:`TriageHistory` keeps the last changes for
undo. Nothing here imports Textual: the library and reader screens hand
:meth:`Triage.apply` and :meth:`Triage.revert` to the app's saver.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, replace
from typing import Literal, Protocol

from tui_reader.model import Article, Queue, ReadingState

#: How the queues are named to the user.
QUEUE_NAMES: dict[Queue, str] = {
    Queue.INBOX: "Inbox",
    Queue.LATER: "Later",
    Queue.ARCHIVE: "Archive",
}

#: How many changes undo remembers.
HISTORY_SIZE = 100


class TriageStore(Protocol):
    """The store methods a triage change needs."""

    def set_queue(self, article_id: str, queue: Queue | str) -> Article: ...

    def set_state(self, article_id: str, state: ReadingState | str) -> Article: ...


def is_read(article: Article) -> bool:
    """True when the article counts as read (read, or the old 'archived' state)."""
    return article.state in (ReadingState.READ, ReadingState.ARCHIVED)


def next_queue(queue: Queue) -> Queue:
    """The queue after ``queue``: inbox, later, archive, then inbox again."""
    order = list(Queue)
    return order[(order.index(queue) + 1) % len(order)]


@dataclass(frozen=True, slots=True)
class Triage:
    """One change to an article's place in the queue or to its read state."""

    article_id: str
    title: str
    field: Literal["queue", "state"]
    before: str
    after: str

    def apply(self, store: TriageStore) -> Article:
        """Make the change; returns the stored article."""
        return self._set(store, self.after)

    def revert(self, store: TriageStore) -> Article:
        """Put back what the article held before; returns the stored article."""
        return self._set(store, self.before)

    def _set(self, store: TriageStore, value: str) -> Article:
        if self.field == "queue":
            return store.set_queue(self.article_id, Queue(value))
        return store.set_state(self.article_id, ReadingState(value))

    def applied_to(self, article: Article, undone: bool = False) -> Article:
        """``article`` as it will be once the change (or its undo) is stored: what a
        screen shows at once, before the saver's answer."""
        value = self.before if undone else self.after
        if self.field == "queue":
            return replace(article, queue=Queue(value))
        return replace(article, state=ReadingState(value))

    def describe(self, undone: bool = False) -> str:
        """A line for the user: what happened (or what undo put back)."""
        value = self.before if undone else self.after
        if self.field == "queue":
            where = QUEUE_NAMES[Queue(value)]
            return f"Back in {where}" if undone else f"Moved to {where}"
        state = "unread" if value == ReadingState.UNREAD else "read"
        if undone:
            return f"Marked {state} again"
        return f"Marked {state}"


def move(article: Article, queue: Queue) -> Triage | None:
    """The change that moves ``article`` to ``queue`` (None: it is already there)."""
    if article.queue is queue:
        return None
    return Triage(article.id, article.title, "queue", str(article.queue), str(queue))


def toggle_read(article: Article) -> Triage:
    """The change that marks a read article unread, and any other article read."""
    after = ReadingState.UNREAD if is_read(article) else ReadingState.READ
    return Triage(article.id, article.title, "state", str(article.state), str(after))


class TriageHistory:
    """The last triage changes, newest last, for undo."""

    def __init__(self, size: int = HISTORY_SIZE) -> None:
        self._done: deque[Triage] = deque(maxlen=size)

    def __len__(self) -> int:
        return len(self._done)

    def record(self, change: Triage) -> None:
        """Remember a change that was saved."""
        self._done.append(change)

    def take_last(self) -> Triage | None:
        """The newest change, removed from the history (None when there is none)."""
        return self._done.pop() if self._done else None

    def forget(self, change: Triage) -> None:
        """Drop ``change`` (recorded when sent, then refused by the store)."""
        for i in range(len(self._done) - 1, -1, -1):
            if self._done[i] is change:
                del self._done[i]
                return
