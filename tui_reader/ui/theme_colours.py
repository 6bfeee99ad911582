"""Readable colours for any theme: newsread's own CSS variables, computed from the theme.

Textual's ``$text-muted`` is "auto 60%", which resolves against the widget's
background; a component style painted over another background (a list row,
the cursor row) then comes out white on light grey in a light theme. Theme
colours such as ``$accent`` or ``$warning`` are made for backgrounds, not for
text. The variables here are plain colours, checked against every background
newsread draws text on, and pushed towards the theme's foreground until they
reach the WCAG AA contrast of 4.5:1 on all of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.color import Color

#: WCAG AA for normal text (a little over, for rounding in terminals).
AA = 4.5
_TARGET = 4.6
#: WCAG 1.4.11: a graphic that carries meaning (a colour swatch, a margin mark) needs 3:1.
MARKS = 3.0


def _channel(value: int) -> float:
    v = value / 255
    return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4


def luminance(colour: Color) -> float:
    """WCAG relative luminance."""
    return 0.2126 * _channel(colour.r) + 0.7152 * _channel(colour.g) + 0.0722 * _channel(colour.b)


def contrast(a: Color, b: Color) -> float:
    """WCAG contrast ratio between two opaque colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable(
    colour: Color, backgrounds: Iterable[Color], towards: Color, target: float = _TARGET
) -> Color:
    """``colour``, blended towards ``towards`` (the theme's text colour) only as far as
    needed to reach ``target`` (4.5:1 for text) on every one of ``backgrounds``."""
    grounds = list(backgrounds)
    for step in range(11):
        candidate = colour.blend(towards, step / 10)
        if all(contrast(candidate, ground) >= target for ground in grounds):
            return candidate
    return towards


def visible_mark(colour: Color, backgrounds: Iterable[Color], towards: Color) -> Color:
    """A highlight colour as a mark drawn on ``backgrounds`` (a swatch, a margin bar):
    the colour itself where it stands out 3:1, else darkened (or lightened) towards
    ``towards`` just enough: pale yellow on a light theme's white becomes ochre."""
    return readable(colour, backgrounds, towards, MARKS + 0.1)


def newsread_variables(theme: Mapping[str, str]) -> dict[str, str]:
    """Extra CSS variables from a theme's generated ones (``background``, ``surface``,
    ``panel``, ``foreground``, ``accent``, ``warning``, ``success``, ``error``...)."""
    background = Color.parse(theme["background"])
    surface = Color.parse(theme.get("surface", theme["background"]))
    panel = Color.parse(theme.get("panel", theme["background"])).blend(background, 0)
    foreground = Color.parse(theme["foreground"])
    if foreground.a < 1:
        foreground = background.blend(foreground.with_alpha(1), foreground.a)
    accent = Color.parse(theme["accent"])
    # (The list's cursor row draws every cell in the foreground colour: not a ground here.)
    footer = theme.get("footer-background")
    grounds = [
        background,
        surface,
        panel,
        surface.blend(foreground, 0.04),  # $boost: the reader's cursor paragraph
        Color.parse(footer) if footer else panel,
    ]
    grounds = [g if g.a == 1 else background.blend(g.with_alpha(1), g.a) for g in grounds]

    def fit(colour: str | Color) -> str:
        parsed = Color.parse(colour) if isinstance(colour, str) else colour
        if parsed.a < 1:
            parsed = background.blend(parsed.with_alpha(1), parsed.a)
        return readable(parsed, grounds, foreground).hex

    return {
        "newsread-muted": fit(background.blend(foreground, 0.6)),
        "newsread-accent": fit(accent),
        "newsread-warning": fit(theme["warning"]),
        "newsread-success": fit(theme["success"]),
        "newsread-error": fit(theme["error"]),
        "newsread-secondary": fit(theme.get("secondary", theme["accent"])),
    }
