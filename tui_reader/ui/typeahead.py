"""Type-ahead: keys typed faster than the app answers reach the right screen, in order.

Textual hands each key to the focused widget's message queue and returns at
once; the binding it triggers runs later, when the key has bubbled back up to
the app. A burst (``n``, a note, ``ctrl+s``) is therefore all handed to the
reader before ``n`` has opened the note editor, and the note's letters run as
reader commands. :class:`TypeAhead` sends one key at a time instead: the next
key waits until the previous one has gone all the way through (a
:class:`KeySettled` marker sent after it comes back), until the current screen
is mounted and says it is ready (``ready_for_keys``), and until the app is not
between screens (an article being loaded). Nothing is dropped: held keys go,
in order, to whatever screen is current once it is ready.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from textual import events
from textual.message import Message

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer
    from textual.worker import Worker

#: Marker rounds after each key: a key often makes its widget post a message of its
#: own (an input's Submitted) whose handler decides where the next key goes.
ROUNDS = 2

#: Seconds after which a marker that never came back (its widget was removed while
#: it travelled) no longer holds the keys behind it.
LOST_MARKER = 0.5

#: Seconds between two looks at a screen that is not ready yet.
POLL = 0.02


class KeySettled(Message):
    """Sent to the widget that received a key, after it; bubbles back up to the app."""

    def __init__(self, serial: int, rounds_left: int) -> None:
        super().__init__()
        self.serial = serial
        self.rounds_left = rounds_left


class TypeAhead:
    """Holds keys while the app is busy with the previous one or between screens."""

    def __init__(self, app: App[object], dispatch: Callable[[events.Key], Awaitable[None]]) -> None:
        self._app = app
        self._dispatch = dispatch
        self._held: deque[events.Key] = deque()
        self._serial = 0
        self._in_flight: int | None = None
        self._sent_at = 0.0
        self._timer: Timer | None = None
        self._waiting_for: Worker[object] | None = None

    @property
    def held(self) -> int:
        """How many keys are waiting."""
        return len(self._held)

    def wait_for(self, worker: Worker[object]) -> None:
        """Hold keys until ``worker`` (which moves the app to another screen) is done."""
        self._waiting_for = worker

    def _ready(self) -> bool:
        if self._waiting_for is not None and self._waiting_for.is_finished:
            self._waiting_for = None
        if self._in_flight is not None or self._waiting_for is not None:
            return False
        screen = self._app.screen
        return screen.is_mounted and bool(getattr(screen, "ready_for_keys", True))

    async def key(self, event: events.Key) -> None:
        """A key from the terminal: send it now, or keep it behind the ones waiting."""
        self._held.append(event)
        await self.release()

    async def settled(self, message: KeySettled) -> None:
        """A marker came back: the key before it has gone all the way through."""
        message.stop()
        if message.serial != self._in_flight:
            return
        if message.rounds_left > 0:
            self._send_marker(message.rounds_left - 1)
            return
        self._in_flight = None
        await self.release()

    async def release(self) -> None:
        """Send the keys waiting, one at a time, while the app is ready for them."""
        if self._in_flight is not None and time.monotonic() - self._sent_at > LOST_MARKER:
            self._in_flight = None
        while self._held and self._ready():
            event = self._held.popleft()
            await self._dispatch(event)
            self._send_marker(ROUNDS - 1)
        if self._held and self._timer is None:
            self._timer = self._app.set_timer(POLL, self._poll)

    async def _poll(self) -> None:
        self._timer = None
        await self.release()

    def _send_marker(self, rounds_left: int) -> None:
        app = self._app
        target = app.focused or app.screen
        if rounds_left == ROUNDS - 1:
            self._serial += 1
            self._in_flight = self._serial
            self._sent_at = time.monotonic()
        target.post_message(KeySettled(self._serial, rounds_left))
