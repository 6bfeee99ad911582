"""Keeping Python's full collections out of the app's start-up.

Start-up builds tens of thousands of long-lived objects (the modules, the
stylesheet, the widgets, the library's catalog). Each time enough of them have
piled up, Python runs a full collection, which walks every tracked object of
the process while holding the GIL: measured at the first frame of the library
screen, one such collection cost 27-41 ms of CPU, about a quarter of what the
app spends there beyond a minimal Textual app, and the catalog read behind it
at 100,000 articles met more (86 ms each). None of them frees anything worth
having: what start-up builds lives as long as the app. The young collections
cost too: about a hundred of them run between the start of the app and its
first frame (the widgets, the stylesheet, the first lines drawn), measured at
20-25 ms of CPU in all, a third of what the app spent there beyond a minimal
Textual app, and the objects they walk are the same long-lived ones.

:class:`StartupCollector` holds collections back from the start of the
app until the library screen has shown its first full listing (or a few
seconds have passed), with :func:`tui_reader.feeds.collector.collector_held`:
the heap as it is when the app starts is frozen out of the collector's reach,
no generation is collected meanwhile (the young ones neither), and on release
what start-up built is frozen too and the thresholds come back.

The bare ``newsread`` command holds them from its very first line
(:func:`hold_from_launch`): importing Textual and newsread and opening the
library ran 91 young collections before the app started (10.6 ms of CPU;
in a terminal, 208 ms to the first frame became 197 ms, against 160 ms for a
minimal Textual app); the app's hold takes over. Frozen objects
are still freed as soon as nothing refers to them; only a cycle among them that
becomes garbage later stays in memory, until the app ends and
:meth:`StartupCollector.close` gives them all back to the collector.
"""

from __future__ import annotations

import gc
from contextlib import ExitStack

from tui_reader.feeds.collector import HELD_THRESHOLD, collector_held

#: Seconds after which full collections come back even if no listing was shown.
HOLD_LIMIT = 10.0

#: The collector's thresholds while start-up holds it: no collection of any generation
#: (the catalog read behind the first listing holds the collector off already, see
#: :func:`tui_reader.gc_pause.gc_paused`; what the UI thread makes meanwhile is small).
START_THRESHOLDS = (HELD_THRESHOLD, HELD_THRESHOLD, HELD_THRESHOLD)


_held_since_launch = False


def hold_from_launch() -> None:
    """Hold every collection from now until the app's :meth:`StartupCollector.hold` takes
    over (called first thing by the command that opens the app)."""
    global _held_since_launch
    gc.disable()
    _held_since_launch = True


class StartupCollector:
    """Holds collections back between :meth:`hold` and :meth:`release` (once each;
    a second call of either does nothing)."""

    def __init__(self) -> None:
        self._held: ExitStack | None = None
        self._released = False

    @property
    def held(self) -> bool:
        """Whether collections are being held back now."""
        return self._held is not None

    def hold(self) -> None:
        """Freeze the heap as it is and hold every collection back (only the first time)."""
        if self._held is None and not self._released:
            stack = ExitStack()
            stack.enter_context(collector_held())
            young = gc.get_threshold()
            gc.set_threshold(*START_THRESHOLDS)
            stack.callback(gc.set_threshold, *young)  # before collector_held's own exit
            self._held = stack
            _take_over_from_launch()

    def release(self) -> None:
        """Freeze what was built meanwhile and let collections run again."""
        self._released = True
        _take_over_from_launch()
        if self._held is not None:
            held, self._held = self._held, None
            held.close()

    def close(self) -> None:
        """The app has ended: release, and give every frozen object back to the collector
        (a process that runs apps one after another, as the tests do, would otherwise keep
        each app's widgets and caches for good: frozen cycles are never collected)."""
        self.release()
        gc.unfreeze()


def _take_over_from_launch() -> None:
    """The collector, turned off by :func:`hold_from_launch`, back on: the app's thresholds
    hold it from here (or start-up is over)."""
    global _held_since_launch
    if _held_since_launch:
        _held_since_launch = False
        gc.enable()
