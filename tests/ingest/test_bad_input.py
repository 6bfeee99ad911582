"""Bad input: each a clear one-line reason, and nothing written to the library."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import library_files
from tests.ingest.conftest import DATA, Route, Server
from tui_reader.importing import ImportReport, import_inputs
from tui_reader.store import Library

Write = Callable[[str, bytes | str], Path]


def refused(library: Library, inputs: list[str], **kwargs: int) -> str:
    """Import ``inputs``, assert it failed without touching the library; the reason."""
    before = library_files(library.folder)
    report: ImportReport = import_inputs(library, inputs, **kwargs)
    assert not report.results
    assert not report.succeeded
    assert library_files(library.folder) == before
    [(name, reason)] = report.failures
    assert name == inputs[0]
    assert "\n" not in reason
    return reason


def test_missing_path(library: Library, tmp_path: Path) -> None:
    assert refused(library, [str(tmp_path / "nope.html")]) == "no such file or folder"


def test_unreadable_file(library: Library, write: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write("locked.txt", "Title\n\nSome text that cannot be read.")
    real = os.open

    def deny(file: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if Path(file).name == "locked.txt":  # root reads anything: deny it by hand
            raise PermissionError(13, "Permission denied", str(file))
        return real(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    assert refused(library, [str(path)]) == "permission denied"


def test_folder_named_like_a_file(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "looks-like.html"
    folder.mkdir()
    assert "folder" in refused(library, [str(folder)])


def test_binary_file(library: Library, write: Write) -> None:
    path = write("photo.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    assert refused(library, [str(path)]) == "file is binary, not text"


def test_empty_file(library: Library, write: Write) -> None:
    assert refused(library, [str(write("empty.html", b""))]) == "file is empty"
    assert refused(library, [str(write("blank.rss", b"  \n\n "))]) == "file is empty"


def test_file_over_max_size(library: Library) -> None:
    reason = refused(library, [str(DATA / "night-trains.html")], max_size=1024)
    assert reason.startswith("file is ") and reason.endswith("KB, over the 1 KB limit")


def test_html_without_article_text(library: Library) -> None:
    reason = refused(library, [str(DATA / "no-article.html")])
    assert reason == "no article text found in the page"


def test_malformed_feed(library: Library, write: Write) -> None:
    path = write("broken.rss", '<?xml version="1.0"?><rss version="2.0"><channel><title>T')
    assert refused(library, [str(path)]).startswith("malformed feed")


def test_unsupported_type(library: Library, write: Write) -> None:
    assert "unsupported file type '.pdf'" in refused(library, [str(write("a.pdf", "%PDF-1.4"))])


def test_unreachable_url(library: Library) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert refused(library, [f"http://127.0.0.1:{port}/x"]).startswith("cannot reach 127.0.0.1")


def test_http_errors(library: Library, server: Server) -> None:
    server.routes["/err"] = Route(500, b"no", {"Content-Type": "text/plain"})
    assert refused(library, [server.url("/missing")]) == "HTTP 404 Not Found"
    assert refused(library, [server.url("/err")]) == "HTTP 500 Internal Server Error"


def test_redirect_loop_url(library: Library, server: Server) -> None:
    server.redirect("/loop", "/loop2")
    server.redirect("/loop2", "/loop")
    assert refused(library, [server.url("/loop")]).startswith("redirect loop")


def test_non_text_content_type(library: Library, server: Server) -> None:
    url = server.page("/img", b"\x89PNG\r\n\x1a\n", "image/png")
    assert refused(library, [url]) == "not a text page (content type image/png)"


def test_empty_folder(library: Library, tmp_path: Path) -> None:
    (tmp_path / "empty-dir").mkdir()
    (tmp_path / "empty-dir" / "notes.pdf").write_bytes(b"%PDF")
    assert refused(library, [str(tmp_path / "empty-dir")]) == (
        "folder holds no file newsread can import"
    )
