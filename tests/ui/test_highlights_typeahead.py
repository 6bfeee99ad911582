"""Keys typed ahead in the highlights browser, through a real terminal (a pty): a burst
opens the browser, filters, and acts on the list it filtered, never on the one before."""

from __future__ import annotations

from pathlib import Path

from tests.highlights_fixture import seed_highlights
from tests.ui.pty_app import PtyApp
from tui_reader.store import Library

CTRL_Q = b"\x11"


def test_a_burst_opens_filters_and_colours_the_row_it_meant(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    with Library.open(folder, "write") as library:
        made = seed_highlights(library)
    env = {"NEWSREAD_LIBRARY": str(folder), "NEWSREAD_CONFIG": str(tmp_path / "none.toml")}
    with PtyApp([], env) as app:
        app.wait_for("sorted by")
        # "/" right after H opens the filter (not typed into it); the word needs the
        # search index, so the list is computed in a worker while "4" is already read.
        app.write(b"H/zebra\r4")
        app.wait_for("2 of 4 highlights match zebra")
        app.write(CTRL_Q)
        assert app.wait_exit() == 0
    with Library.open(folder, "read") as library:
        colours = {n: library.get_highlight(h.article_id, h.id).colour for n, h in made.items()}
    assert colours == {"run": "pink", "flies": "yellow", "apples": "pink", "gravity": "yellow"}


def test_moves_typed_while_the_list_loads_move_in_it(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    with Library.open(folder, "write") as library:
        made = seed_highlights(library)
    env = {"NEWSREAD_LIBRARY": str(folder), "NEWSREAD_CONFIG": str(tmp_path / "none.toml")}
    with PtyApp([], env) as app:
        app.wait_for("sorted by")
        app.write(b"Hjj4")  # rows still loading when j j arrive: Apples, Zebras run, Gravity
        app.wait_for("4 highlights")
        app.write(CTRL_Q)
        assert app.wait_exit() == 0
    with Library.open(folder, "read") as library:
        colours = {n: library.get_highlight(h.article_id, h.id).colour for n, h in made.items()}
    assert colours == {"run": "blue", "flies": "yellow", "apples": "pink", "gravity": "pink"}
