"""No escape sequence or control character reaches the terminal through the CLI.

Each command runs on hostile file names, hostile server replies (a raw server
on 127.0.0.1) and a library whose files another program filled with ESC, OSC,
CSI and C1 sequences; stdout and stderr must carry none of them.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import socket
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tests.conftest import ROOT
from tui_reader.cli import cli
from tui_reader.importing import import_inputs
from tui_reader.store import Library

#: Sets the terminal title, clears the screen, starts a CSI in 8 bits, reverses text.
HOSTILE = "\x1b]0;PWNED\x07\x1b[2J\x9b31m\u202e\x85\r\x08X"
MARKER = "MARKER"
#: Bytes that must never be printed: C0 controls but tab and newline, DEL.
_C0 = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]")
#: C1 controls and bidi controls, once the output is decoded.
_C1_BIDI = re.compile("[\x80-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def assert_clean(data: bytes, *, terminal: bool = False) -> None:
    """No control byte in ``data``; on a terminal Rich's own SGR and cursor codes are allowed."""
    if terminal:
        data = re.sub(rb"\x1b\[[0-9;]*m|\x1b\[\?25[hl]|\x1b\[2K|\x1b\[\d*A|\r", b"", data)
    assert not _C0.search(data), data
    text = data.decode("utf-8")
    assert not _C1_BIDI.search(text), text


def run(*args: str | bytes) -> Result:
    """Run the CLI in-process as a terminal would get it (click strips nothing)."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False, color=True)
    assert_clean(result.stdout_bytes)
    assert_clean(result.stderr_bytes)
    assert "Traceback" not in result.output
    return result


# ---------------------------------------------------------------- hostile file names

HOSTILE_NAMES = [
    "\x1b]0;PWNED\x07.txt",
    "\x1b[2J.md",
    "\x9b31mc1.txt",
    "bidi\u202etxt.html",
    "line\nbreak\r.txt",
]


@pytest.fixture
def hostile_files(tmp_path: Path) -> Path:
    """A folder of files with hostile names that all fail to import."""
    folder = tmp_path / "inputs"
    folder.mkdir()
    for name in HOSTILE_NAMES:
        (folder / name).write_bytes(b"")  # empty: fails
    (folder / "binary\x1b[2J.rss").write_bytes(b"\x7fELF\x00\x00")
    raw = os.fsencode(folder) + b"/undecodable\xff\x1b]0;X\x07.txt"
    with open(raw, "wb"):
        pass
    return folder


def test_add_hostile_file_names(hostile_files: Path) -> None:
    result = run("add", str(hostile_files))
    assert result.exit_code == 2
    failures = result.stderr.splitlines()
    assert len(failures) == len(HOSTILE_NAMES) + 2
    assert any("?]0;PWNED?.txt: file is empty" in line for line in failures)
    assert any("line break?.txt" in line for line in failures)
    for path in sorted(hostile_files.iterdir()):
        result = run("add", str(path))
        assert result.exit_code == 2
        assert result.stderr.startswith("newsread: error: ")


def test_other_commands_with_hostile_names_and_ids(tmp_path: Path) -> None:
    evil = str(tmp_path / "\x1b]0;PWNED\x07")
    assert run("show", "\x1b[2J\x9b").exit_code == 2
    assert run("read", "\x1b]0;x\x07abcd").exit_code == 2
    assert run("restore", evil).exit_code == 2
    Path(evil).write_bytes(b"\x1b[2J not json")
    assert run("restore", evil).exit_code == 2
    assert run("list", "--\x1b[2J").exit_code == 2
    assert run("export", "--format", "\x1b]0;x\x07").exit_code == 2
    assert run("export", "--colour", "\x9bred").exit_code == 2
    assert run("export", "--since", "\x1b[2J").exit_code == 2
    assert run("add", "--max-size", "\x1b[2J", evil).exit_code == 2
    assert run("--library", evil, "list").exit_code == 2  # a file, not a folder
    assert run("--library", evil + "dir", "locate").exit_code == 0


# ---------------------------------------------------------------- hostile server replies

REPLIES = {
    b"/reason": b"HTTP/1.1 404 \x1b]0;PWNED\x07 \x9b2J gone\r\nContent-Length: 0\r\n\r\n",
    b"/type": b"HTTP/1.1 200 OK\r\nContent-Type: image/\x1b]0;PWNED\x07\x9b2J\r\n"
    b"Content-Length: 3\r\n\r\nabc",
    b"/c1type": b"HTTP/1.1 200 OK\r\nContent-Type: image/\x9b2J\x85\r\nContent-Length: 3\r\n\r\nabc",
    b"/location": b"HTTP/1.1 302 Found\r\nLocation: http://\x1b]0;PWNED\x07.invalid/\r\n"
    b"Content-Length: 0\r\n\r\n",
}


@pytest.fixture
def raw_server() -> Iterator[str]:
    """A server on 127.0.0.1 that answers each path with raw bytes (no HTTP library checks)."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.1)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(5)
                request = conn.recv(65536)
                path = request.split(b" ")[1] if b" " in request else b"/"
                conn.sendall(REPLIES.get(path, b"HTTP/1.1 500 x\r\nContent-Length: 0\r\n\r\n"))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(5)
        listener.close()


@pytest.mark.parametrize("path", ["/reason", "/type", "/c1type", "/location"])
def test_add_hostile_server_replies(raw_server: str, path: str) -> None:
    result = run("add", raw_server + path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"newsread: error: {raw_server}{path}: ")


def test_hostile_reason_phrase_is_shown_harmlessly(raw_server: str) -> None:
    result = run("add", raw_server + "/reason")
    assert "HTTP 404" in result.stderr and "PWNED" in result.stderr


# ---------------------------------------------------------------- hostile library contents


def _poison(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace(MARKER, HOSTILE)
    if isinstance(value, list):
        return [_poison(v) for v in value]
    if isinstance(value, dict):
        poisoned = {k: _poison(v) for k, v in value.items()}
        if "orphan" in poisoned:
            poisoned["orphan"] = True
        return poisoned
    return value


@pytest.fixture
def hostile_library(tmp_path: Path, library_path: Path) -> str:
    """A library whose titles, sources, tags, text, notes and quotes another program
    filled with escape sequences; returns the article id."""
    page = tmp_path / "page.md"
    page.write_text(
        f"---\ntitle: {MARKER} title\nurl: https://example.com/{MARKER}\nauthor: {MARKER}\n"
        f"tags: [{MARKER}]\n---\n\n{MARKER} first paragraph.\n\nSecond {MARKER} paragraph.\n",
        encoding="utf-8",
    )
    with Library.open(library_path, "write") as lib:
        report = import_inputs(lib, [str(page)])
        assert not report.failures
        [article] = lib.articles()
        lib.create_highlight(article.id, 0, 0, 12, note=f"{MARKER} note", tags=[MARKER])
        article_id = article.id
    written = 0
    for path in library_path.rglob("*.json"):
        text = path.read_text(encoding="utf-8")
        if MARKER in text:
            path.write_text(json.dumps(_poison(json.loads(text))), encoding="utf-8")
            written += 1
    assert written >= 2  # the catalog and the text; the notes too
    return article_id


@pytest.mark.parametrize(
    "args",
    [
        ("list",),
        ("list", "--json"),
        ("list", "--orphans"),
        ("list", "--orphans", "--json"),
        ("list", "--tag", HOSTILE),
        ("list", "--search", "paragraph"),
    ],
)
def test_list_hostile_library(hostile_library: str, args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 0


def test_list_json_keeps_the_hostile_value_escaped(hostile_library: str) -> None:
    rows = json.loads(run("list", "--json").stdout)
    assert rows[0]["title"] == f"{HOSTILE} title"


def test_show_and_export_hostile_library(hostile_library: str, tmp_path: Path) -> None:
    result = run("show", hostile_library[:8])
    assert result.exit_code == 0
    assert "PWNED" in result.stdout and "first paragraph." in result.stdout
    for fmt in ("md", "json", "w3c"):
        result = run("export", "--format", fmt, "--out", str(tmp_path / f"out-{fmt}"))
        assert result.exit_code == 0, result.output
    result = run("export", "--single-file", "--out", str(tmp_path / f"{HOSTILE}.md"))
    assert result.exit_code == 0


# ---------------------------------------------------------------- through a real terminal


def _run_on_pty(
    args: list[str],
    env: dict[str, str],
    *,
    keys: bytes = b"",
    cwd: Path | None = None,
    size: tuple[int, int] = (30, 100),
    **popen: Any,
) -> bytes:
    """Run ``python -m tui_reader ARGS`` with a pty as its terminal; all it printed.

    ``keys`` are typed once the output has been quiet for a second (an app
    waiting for input); ``popen`` goes to :class:`subprocess.Popen` (e.g. ``user``).
    """
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", *size, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui_reader", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        cwd=cwd or env["HOME"],
        start_new_session=True,
        **popen,
    )
    os.close(follower)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 1.0)
        if not ready:
            if keys and chunks:
                os.write(leader, keys)
                keys = b""
            continue
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    else:
        proc.kill()
    os.close(leader)
    proc.wait(30)
    return b"".join(chunks)


def test_commands_on_a_real_terminal(hostile_library: str, hostile_files: Path) -> None:
    home = hostile_files.parent
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "HOME": str(home),
        "TERM": "xterm-256color",
        "COLUMNS": "100",
        "LINES": "30",
    }
    for args in (
        ["list"],
        ["list", "--json"],
        ["list", "--orphans"],
        ["show", hostile_library[:8]],
        ["add", str(hostile_files)],
        ["export", "--format", "w3c", "--out", str(home / "w3c.jsonld")],
    ):
        out = _run_on_pty(args, env)
        assert out, args
        assert_clean(out, terminal=True)


def test_cli_prints_only_through_the_sanitising_output_module() -> None:
    """No module of the CLI has a print, click.echo/secho, sys.stdout/stderr.write or Rich
    console of its own."""
    import ast

    modules = sorted((ROOT / "tui_reader" / "cli").glob("*.py"))
    assert len(modules) >= 3, "the CLI package's modules are all read"
    printing = []
    nodes = (n for m in modules for n in ast.walk(ast.parse(m.read_text(encoding="utf-8"))))
    for node in nodes:
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            owner = (
                func.value.id
                if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                else ""
            )
            if name in ("print", "secho", "Console") or (name == "echo" and owner == "click"):
                printing.append(f"line {node.lineno}: {owner}.{name}".lstrip("."))
            stream = func.value if isinstance(func, ast.Attribute) else None
            if (
                name == "write"
                and isinstance(stream, ast.Attribute)
                and stream.attr in ("stdout", "stderr")
            ):
                printing.append(f"line {node.lineno}: {stream.attr}.write")
    assert printing == []


def test_what_libraries_log_or_warn_is_sanitised_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import logging
    import warnings

    from tui_reader import importing

    real = importing.import_inputs

    def chatty(*args: Any, **kwargs: Any) -> Any:
        logging.getLogger("some.library").warning("fetched %s", HOSTILE)
        warnings.warn(f"odd markup {HOSTILE}", UserWarning, stacklevel=1)
        return real(*args, **kwargs)

    monkeypatch.setattr(importing, "import_inputs", chatty)
    monkeypatch.setattr(logging.root, "handlers", [])  # as outside pytest: no handler at all
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        result = run("add", str(empty))
    assert "newsread: warning: some.library: fetched ?]0;PWNED" in result.stderr
    assert "newsread: warning: UserWarning: odd markup ?]0;PWNED" in result.stderr
