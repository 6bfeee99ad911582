"""Triage keys typed in one burst through a real terminal (a pty): each key acts on the
article under the cursor after the keys before it, not on a row that has not moved yet
(the rows follow a change when it is sent, not when the saver answers)."""

from __future__ import annotations

from pathlib import Path

from tests.ui.pty_app import PtyApp
from tui_reader.config import samples_dir
from tui_reader.importing import import_inputs
from tui_reader.model import Article
from tui_reader.store import Library

CTRL_Q = b"\x11"


def _newest_first(folder: Path) -> list[Article]:
    with Library.open(folder, "write") as library:
        assert not import_inputs(library, [str(samples_dir())]).failures
        return sorted(library.articles(), key=lambda a: (a.added, a.id), reverse=True)


def _stored(folder: Path, article: Article) -> tuple[str, str]:
    with Library.open(folder, "read") as library:
        got = library.get(article.id)
        return str(got.queue), str(got.state)


def test_later_archive_read_undo_in_one_burst(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    articles = _newest_first(folder)
    env = {"NEWSREAD_LIBRARY": str(folder), "NEWSREAD_CONFIG": str(tmp_path / "none.toml")}
    with PtyApp([], env) as app:
        app.wait_for("sorted by")
        app.write(b"LAMu")
        app.wait_for(f"Inbox: {len(articles) - 2} of {len(articles)} articles")
        app.write(CTRL_Q)
        assert app.wait_exit() == 0
    first, second, third = articles[:3]
    assert _stored(folder, first) == ("later", "unread")
    assert _stored(folder, second) == ("archive", "unread")
    assert _stored(folder, third) == ("inbox", "unread")  # marked read, then undone


def test_read_twice_in_one_burst_is_unread_again(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    articles = _newest_first(folder)
    env = {"NEWSREAD_LIBRARY": str(folder), "NEWSREAD_CONFIG": str(tmp_path / "none.toml")}
    with PtyApp([], env) as app:
        app.wait_for("sorted by")
        app.write(b"MMjM")
        app.wait_for("Marked read")
        app.write(CTRL_Q)
        assert app.wait_exit() == 0
    assert _stored(folder, articles[0]) == ("inbox", "unread")
    assert _stored(folder, articles[1]) == ("inbox", "read")
