"""A fuzzed corpus of hostile input files through ``newsread add``.

Truncated and byte-flipped pages and feeds, invalid UTF-8, entity bombs,
deeply nested HTML and huge files: each gives a clean import or a one-line
reason; never a traceback, never a hang (every run is bounded in time).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tui_reader.ingest import IngestError, load_path
from tui_reader.store import Library

pytestmark = pytest.mark.stress

SAMPLES = ROOT / "samples"
BOMB = """<?xml version="1.0"?>
<!DOCTYPE rss [
<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
<!ENTITY ext SYSTEM "file:///etc/passwd">
]>
<rss version="2.0"><channel><title>Bomb &f;</title>
<item><title>Entry &f; &ext;</title><link>http://127.0.0.1/x</link>
<description>Body &f;</description></item></channel></rss>
"""


def fuzz_corpus(folder: Path, rng: random.Random) -> list[Path]:
    """Write the corpus: mutations of every sample plus hand-made nasties."""
    folder.mkdir()
    files: list[Path] = []

    def put(name: str, data: bytes) -> None:
        path = folder / name
        path.write_bytes(data)
        files.append(path)

    for sample in sorted(SAMPLES.iterdir()):
        data = sample.read_bytes()
        suffix = sample.suffix
        for n in range(6):
            cut = rng.randrange(1, len(data))
            put(f"{sample.stem}-trunc{n}{suffix}", data[:cut])
            flipped = bytearray(data)
            for _ in range(rng.randint(1, 40)):
                flipped[rng.randrange(len(flipped))] = rng.randrange(256)
            put(f"{sample.stem}-flip{n}{suffix}", bytes(flipped))
        put(f"{sample.stem}-badutf8{suffix}", data.replace(b"e", b"\xc3\x28", 20))
        put(f"{sample.stem}-esc{suffix}", data.replace(b" ", b" \x1b[2J\x1b]0;pwned\x07", 30))
    depth = 20_000
    put("nested.html", b"<html><body>" + b"<div>" * depth + b"deep text" + b"</div>" * depth)
    put("bomb.rss", BOMB.encode())
    put("bomb.xml", BOMB.encode())
    put("bomb.atom", BOMB.replace("rss", "feed").encode())
    put("huge-line.txt", b"Title\n" + b"word " * 2_000_000)
    put("huge.html", b"<html><body><article><p>" + b"text " * 3_000_000 + b"</p></article>")
    put(
        "json-garbage.json",
        b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": 1, ' * 500,
    )
    put("deep.json", b"[" * 100_000 + b"]" * 100_000)
    put(
        "only-tags.html",
        b"<html><head><title>x</title></head><body><script>1</script></body></html>",
    )
    return files


def test_every_fuzzed_file_imports_cleanly_or_gives_a_reason(tmp_path: Path) -> None:
    files = fuzz_corpus(tmp_path / "corpus", random.Random(2024))
    assert len(files) > 100
    outcomes = {"imported": 0, "refused": 0}
    for path in files:
        try:
            docs = load_path(path)
        except IngestError as error:
            message = str(error)
            assert message and "\n" not in message, (path.name, message)
            assert "Traceback" not in message
            outcomes["refused"] += 1
        else:
            for doc in docs:
                assert doc.title
                for text in [doc.title, *(p.text for p in doc.paragraphs)]:
                    assert "\x1b" not in text and "\x00" not in text
                    assert not any("\x80" <= c <= "\x9f" for c in text)
            outcomes["imported"] += 1
    assert outcomes["imported"] and outcomes["refused"]


def test_newsread_add_on_the_corpus_never_tracebacks_or_hangs(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    fuzz_corpus(corpus, random.Random(7))
    library = tmp_path / "library"
    env = {**os.environ, "NEWSREAD_LIBRARY": str(library), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "tui_reader", "add", "--quiet", str(corpus)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    for line in done.stderr.splitlines():
        assert line.startswith(("newsread: error: ", "newsread: warning: ")), line
    with Library.open(library, "read") as lib:
        assert lib.check() == []
        assert len(lib) > 0
