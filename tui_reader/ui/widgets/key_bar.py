"""A one-line key bar: Textual's Footer drawn as one widget.

Textual's ``Footer`` mounts a widget per key and recomposes them whenever the
bindings change (focus moves, a screen is pushed): about 80 ms of the library
screen's first frame. This bar draws the same "key description" pairs as one
line of :class:`Content`, so it costs a single render.
"""

from __future__ import annotations

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
        """``key description`` pairs for the shown bindings, one per action."""
        key_style = "bold $newsread-accent"
        parts: list[str | tuple[str, str]] = []
        seen: set[str] = set()
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            style = key_style if enabled else "dim"
            parts += [" ", (self.app.get_key_display(binding), style), " "]
            parts.append((binding.description, "" if enabled else "dim"))
        return Content.assemble(*parts)
