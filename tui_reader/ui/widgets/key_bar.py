"""A one-line key bar: Textual's Footer drawn as one widget.

Textual's ``Footer`` mounts a widget per key and recomposes them whenever the
bindings change (focus moves, a screen is pushed): about 80 ms of the library
screen's first frame. This bar draws the same "key description" pairs as one
line of :class:`Content`, so it costs a single render.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget


class KeyBar(Widget):
    """The keys of the current screen that are marked ``show``, on one line."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        background: $footer-background;
        color: $footer-description-foreground;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def on_mount(self) -> None:
        """Redraw whenever the screen's active bindings change."""
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        """Stop listening to the screen."""
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh()

    def render(self) -> Content:
        """``key description`` pairs for the shown bindings, one per action; then, as many
        as the width leaves room for, the screen's :data:`KEY_BAR_EXTRAS` in their order."""
        key_style = "bold $newsread-accent"
        parts: list[str | tuple[str, str]] = []
        seen: set[str] = set()
        active = self.screen.active_bindings.values()
        by_id = {b.id: (b, enabled) for _node, b, enabled, _tip in active if b.id}
        chosen = [(b, enabled) for _node, b, enabled, _tip in active if b.show]
        room = self.size.width - sum(_width(self.app.get_key_display(b), b) for b, _ in chosen)
        # the extras go before quit and help, which stay at the end
        last = [(b, e) for b, e in chosen if b.id in _LAST]
        chosen = [(b, e) for b, e in chosen if b.id not in _LAST]
        for binding_id in getattr(self.screen, KEY_BAR_EXTRAS, ()):
            found = by_id.get(binding_id)
            if found is None or found[0].show:
                continue
            need = _width(self.app.get_key_display(found[0]), found[0])
            if need > room:
                break  # in order of use: a later one does not jump an earlier one
            chosen.append(found)
            room -= need
        for binding, enabled in chosen + last:
            if binding.action in seen:
                continue
            seen.add(binding.action)
            style = key_style if enabled else "dim"
            parts += [" ", (self.app.get_key_display(binding), style), " "]
            parts.append((binding.description, "" if enabled else "dim"))
        return Content.assemble(*parts)


#: The screen attribute naming, by binding id and most useful first, the keys not marked
#: ``show`` that the bar shows too when it is wide enough (at 160 columns: most of them).
KEY_BAR_EXTRAS = "KEY_BAR_EXTRAS"


#: Keys that stay at the end of the bar, after any extras.
_LAST = frozenset({"library.quit", "reader.quit", "feeds.back", "app.help"})


def _width(key: str, binding: Binding) -> int:
    """Cells one ``key description`` pair takes in the bar."""
    return len(key) + len(binding.description) + 2
