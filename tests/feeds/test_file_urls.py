"""A ``file://`` address is the local file it names, for `feeds add` as for `add`; any
other scheme is refused as such, never as a missing file.

Found in tmux: `newsread feeds add file:///tmp/feeds/other.json` said "No such file or
directory" (while `feeds export` writes local feeds as file:// URLs and `feeds import`
reads them back), `newsread add file:///tmp/de.txt` said "file:/tmp/de.txt: no such
file or folder", and `newsread add ftp://example.org/feed.xml` "ftp:/example.org/...:
no such file or folder".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tui_reader.cli import cli
from tui_reader.feeds.subscriptions import subscriptions
from tui_reader.store import Library

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Local News</title><link>https://example.org/</link>
<item><title>First entry</title><link>https://example.org/1</link><guid>e1</guid>
<description>One body of text for the first entry.</description></item>
</channel></rss>"""


def run(library_path: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--library", str(library_path), *args])
    return result.exit_code, result.stdout, result.stderr


def test_feeds_add_takes_a_file_url(tmp_path: Path, library_path: Path) -> None:
    feed = tmp_path / "my feeds" / "local.xml"
    feed.parent.mkdir()
    feed.write_text(RSS, "utf-8")
    code, out, err = run(library_path, "feeds", "add", feed.as_uri())
    assert code == 0, err
    assert "Following Local News" in out
    with Library.open(library_path) as library:
        assert [s.url for s in subscriptions(library)] == [str(feed)]


def test_add_takes_a_file_url(tmp_path: Path, library_path: Path) -> None:
    page = tmp_path / "a note.txt"
    page.write_text("A title\n\nOne paragraph of text.\n", "utf-8")
    code, out, err = run(library_path, "add", page.as_uri())
    assert code == 0, err
    assert "added:" in out and "A title" in out


def test_feeds_import_and_restore_take_a_file_url(tmp_path: Path, library_path: Path) -> None:
    feed = tmp_path / "local.xml"
    feed.write_text(RSS, "utf-8")
    opml = tmp_path / "my subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head/><body>'
        f'<outline type="rss" text="L" xmlUrl="{feed.as_uri()}"/></body></opml>',
        "utf-8",
    )
    code, out, err = run(library_path, "feeds", "import", opml.as_uri())
    assert code == 0, err
    assert "Imported 1 feed" in out
    backup = tmp_path / "backup.json"
    code, _, err = run(library_path, "export", "--format", "json", "--out", str(backup))
    assert code == 0, err
    code, out, err = run(tmp_path / "other", "restore", backup.as_uri())
    assert code == 0, err
    assert out.startswith("Restored")


@pytest.mark.parametrize("address", ["ftp://example.org/feed.xml", "javascript:alert(1)"])
def test_another_scheme_is_refused_as_such(library_path: Path, address: str) -> None:
    code, _, err = run(library_path, "add", address)
    assert code == 2
    assert f"{address}: not an http(s) address or a local file" in err
    code, _, err = run(library_path, "feeds", "add", address)
    assert code == 2
    assert f"{address}: not an http(s) address or a local file" in err


def test_a_missing_file_url_names_the_file(tmp_path: Path, library_path: Path) -> None:
    missing = tmp_path / "gone.xml"
    code, _, err = run(library_path, "feeds", "add", missing.as_uri())
    assert code == 2 and f"{missing}: no such file" in err.lower()
