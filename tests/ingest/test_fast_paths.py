"""The import's fast paths give exactly what the plain definitions give.

``clean_line`` skips the whitespace regex for ASCII text that has nothing to
fold, ``looks_binary`` counts control bytes with ``bytes.translate`` and
``word_count`` counts the spaces of plain ASCII paragraphs, ``parse_plain_text``
cleans printable ASCII lines once and folds their spaces; each is checked
here against the straightforward definition it replaces.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from tui_reader.ingest.files import looks_binary
from tui_reader.ingest.plaintext import parse_plain_text
from tui_reader.model import Paragraph, word_count
from tui_reader.sanitize import clean_line, clean_paragraph, strip_unsafe

_RUN = re.compile(r"[ \t\r\n\u00a0\u2028\u2029\u200b]+")
# Letters, every kind of whitespace clean_line folds or keeps, controls and escapes.
_ALPHABET = "ab é’\t\r\n\x0b\x0c\x1b[\x85\x9b\u00a0\u2000\u2028\u2029\u200b\u202e\u3000"


def reference_clean_line(text: str) -> str:
    """clean_line as first written: every whitespace run becomes one space."""
    return _RUN.sub(" ", strip_unsafe(text)).strip()


def reference_looks_binary(data: bytes) -> bool:
    """looks_binary as first written: a byte-by-byte count of control bytes."""
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > len(head) * 0.1


@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_clean_line_folds_as_the_plain_definition(text: str) -> None:
    assert clean_line(text) == reference_clean_line(text)


@given(st.text(max_size=60))
def test_clean_line_on_any_text_matches_the_plain_definition(text: str) -> None:
    assert clean_line(text) == reference_clean_line(text)


def test_clean_line_examples() -> None:
    assert clean_line("  plain  words\there\r\nand\u00a0more ") == "plain words here and more"
    assert clean_line("one space only") == "one space only"
    assert clean_line(" \u2028 lone\u200bgap ") == "lone gap"


@given(st.binary(max_size=300))
def test_looks_binary_counts_as_the_plain_definition(data: bytes) -> None:
    assert looks_binary(data) == reference_looks_binary(data)


def test_looks_binary_threshold() -> None:
    text = b"x" * 90
    assert not looks_binary(text + b"\x01" * 10)  # exactly 10%: still text
    assert looks_binary(text + b"\x01" * 11)
    assert not looks_binary(text + b"\x1b\t\n\r\x0c" * 10)  # kept controls do not count


@given(st.lists(st.text(alphabet=_ALPHABET + "  \x1c\x1f~", max_size=30), max_size=4))
def test_word_count_counts_as_splitting(texts: list[str]) -> None:
    paragraphs = [Paragraph(t) for t in texts]
    assert word_count(paragraphs) == sum(len(t.split()) for t in texts)


def test_word_count_examples() -> None:
    def count(*texts: str) -> int:
        return word_count([Paragraph(t) for t in texts])

    assert count("one two three", "four") == 4
    assert count("", " lead", "trail ", "two  spaces", "tab\there", "unit\x1fsep") == 8
    assert count("caf\u00e9 au\u3000lait") == 3


def reference_plain_text(text: str) -> tuple[str, list[str]]:
    """The title and paragraphs of parse_plain_text as first written: every line cleaned,
    every paragraph cleaned again (no line here is a source, an address or furniture)."""
    lines = [line for line in (clean_line(raw) for raw in text.splitlines()) if line]
    return lines[0], [clean_paragraph(line) for line in lines[1:]]


@given(
    st.text(alphabet="ab Z.\n", min_size=1).filter(lambda t: len(t.split()) >= 2),
    st.text(alphabet=_ALPHABET + "ab Z.", max_size=40),
)
def test_plain_text_of_printable_ascii_parses_as_any_text(text: str, other: str) -> None:
    # The first is printable ASCII (the fast path); the second may be anything (the other).
    for body in (text, f"{text}\n{other}"):
        title, paragraphs = reference_plain_text(body)
        if not paragraphs:
            continue
        doc = parse_plain_text(body)
        assert (doc.title, [p.text for p in doc.paragraphs]) == (title, paragraphs)
