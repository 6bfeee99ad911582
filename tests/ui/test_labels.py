"""Labels: untrusted one-line text made safe to draw and bounded in length."""

from __future__ import annotations

from tui_reader.ui.labels import LABEL_LIMIT, label


def test_a_label_is_one_safe_line() -> None:
    assert label("  A \x1b[31mred\x1b[0m\ntitle\u202e \x9b ") == "A red title"
    assert label("[b]markup[/b] stays text") == "[b]markup[/b] stays text"
    assert label("") == ""


def test_a_long_label_is_cut_with_an_ellipsis() -> None:
    assert label("x" * LABEL_LIMIT) == "x" * LABEL_LIMIT
    cut = label("word " * 1_000_000)
    assert len(cut) <= LABEL_LIMIT and cut.endswith("…")
    assert label("abcdef", 4) == "abc…"
    assert label("\x00" * (LABEL_LIMIT * 5)) == "…", "what was cut off is marked"
