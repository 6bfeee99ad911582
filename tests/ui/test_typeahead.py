"""Issue 11 item 15: keys typed ahead reach the screen that is current once it is ready.

These run the real ``newsread`` on a pseudo-terminal and write each burst of keys
in one ``write``, as a fast typist or a paste does (Pilot waits between keys).
"""

from __future__ import annotations

from pathlib import Path

from tests.ui.pty_app import PtyApp
from tests.ui.test_reader_support import import_seed
from tui_reader.config import samples_dir
from tui_reader.importing import import_inputs
from tui_reader.store import Library

CTRL_Q = b"\x11"
CTRL_S = b"\x13"
NOTE = "a note typed ahead of its editor, every last word"


def _env(tmp_path: Path, library: Path) -> dict[str, str]:
    return {"NEWSREAD_LIBRARY": str(library), "NEWSREAD_CONFIG": str(tmp_path / "none.toml")}


def test_highlight_note_and_save_in_one_burst(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    library = Library.open(folder, "write")
    article_id = import_seed(library)
    library.close()
    with PtyApp(["read", article_id], _env(tmp_path, folder)) as app:
        app.wait_for("¶ 1/")
        app.write(b"hn" + NOTE.encode() + CTRL_S + CTRL_Q)
        assert app.wait_exit() == 0
    library = Library.open(folder, "read")
    notes = [h.note for h in library.highlights(article_id)]
    library.close()
    assert notes == [NOTE]


def test_enter_enter_from_the_search_opens_the_first_hit(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    library = Library.open(folder, "write")
    assert not import_inputs(library, [str(samples_dir())]).failures
    bread = next(a for a in library.articles() if a.title == "The Case for Slow Bread")
    library.close()
    with PtyApp([], _env(tmp_path, folder)) as app:
        app.wait_for("sorted by")
        app.write(b"/slow bread\r\rjjq" + CTRL_Q)
        assert app.wait_exit() == 0
    library = Library.open(folder, "read")
    position = library.get(bread.id).position
    library.close()
    assert position == 2, "the second enter opened the article and j j moved in it"
