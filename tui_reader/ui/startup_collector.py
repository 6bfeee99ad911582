"""Keeping Python's full collections out of the app's start-up.

Start-up builds tens of thousands of long-lived objects (the modules, the
stylesheet, the widgets, the library's catalog). Each time enough of them have
piled up, Python runs a full collection, which walks every tracked object of
the process while holding the GIL: measured at the first frame of the library
screen, one such collection cost 27-41 ms of CPU, about a quarter of what the
app spends there beyond a minimal Textual app, and the catalog read behind it
at 100,000 articles met more (86 ms each). None of them frees anything worth
having: what start-up builds lives as long as the app.

:class:`StartupCollector` holds full collections back from the start of the
app until the library screen has shown its first full listing (or a few
seconds have passed), with :func:`tui_reader.feeds.collector.collector_held`:
the heap as it is when the app starts is frozen out of the collector's reach,
young generations are still collected, and on release what start-up built is
frozen too and the thresholds come back. Frozen objects are still freed as
soon as nothing refers to them; only a cycle among them that becomes garbage
later stays in memory, until the app ends and :meth:`StartupCollector.close`
gives them all back to the collector.
"""

from __future__ import annotations

import gc
from contextlib import ExitStack

from tui_reader.feeds.collector import collector_held

#: Seconds after which full collections come back even if no listing was shown.
HOLD_LIMIT = 10.0


class StartupCollector:
    """Holds full collections back between :meth:`hold` and :meth:`release` (once each;
    a second call of either does nothing)."""

    def __init__(self) -> None:
        self._held: ExitStack | None = None
        self._released = False

    @property
    def held(self) -> bool:
        """Whether full collections are being held back now."""
        return self._held is not None

    def hold(self) -> None:
        """Freeze the heap as it is and hold full collections back (only the first time)."""
        if self._held is None and not self._released:
            stack = ExitStack()
            stack.enter_context(collector_held())
            self._held = stack

    def release(self) -> None:
        """Freeze what was built meanwhile and let full collections run again."""
        self._released = True
        if self._held is not None:
            held, self._held = self._held, None
            held.close()

    def close(self) -> None:
        """The app has ended: release, and give every frozen object back to the collector
        (a process that runs apps one after another, as the tests do, would otherwise keep
        each app's widgets and caches for good: frozen cycles are never collected)."""
        self.release()
        gc.unfreeze()
