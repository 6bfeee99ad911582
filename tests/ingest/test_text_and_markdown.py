"""Plain-text and Markdown import, and sanitising of hostile text."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEED
from tui_reader.ingest import IngestError, load_path
from tui_reader.ingest.markdown import parse_markdown
from tui_reader.ingest.plaintext import parse_plain_text
from tui_reader.sanitize import clean_paragraph, clean_tags, strip_unsafe


def test_seed_article() -> None:
    [doc] = load_path(SEED)
    assert doc.title == "South Korea Confirms Capture of Wounded North Korean Soldier in Kursk"
    assert doc.source == "www.rfa.org"
    assert len(doc.paragraphs) == 7
    texts = [p.text for p in doc.paragraphs]
    assert not any("Original Source" in t or "Post Comment" in t for t in texts)
    assert texts[0].startswith("South Korea confirmed the capture")
    assert texts[-1].endswith("remain crucial to observe moving forward.")


def test_plain_text_blank_lines_separate_paragraphs_and_furniture_dropped() -> None:
    doc = parse_plain_text("Title\n\nOne.\n\n\nTwo.\nThree.\nShare\nPost Comment\n")
    assert doc.title == "Title"
    assert [p.text for p in doc.paragraphs] == ["One.", "Two.", "Three."]


def test_plain_text_with_only_a_title_is_refused() -> None:
    with pytest.raises(IngestError, match="no paragraphs"):
        parse_plain_text("Just a title\n")


def test_markdown_with_front_matter() -> None:
    text = (
        "---\ntitle: 'Colons: and \"quotes\"'\nauthor: Ann\ndate: 2024-05-01\n"
        "url: https://example.org/x\ntags: [one, two words]\n---\n\n"
        '# Colons: and "quotes"\n\nFirst *para* with [a link](http://x).\n\n'
        "## Sub\n\n- item one\n- item two\n"
    )
    doc = parse_markdown(text)
    assert doc.title == 'Colons: and "quotes"'
    assert doc.author == "Ann"
    assert doc.published == "2024-05-01"
    assert doc.url == "https://example.org/x"
    assert doc.tags == ("one", "two-words")
    assert [(p.text, p.kind, p.level) for p in doc.paragraphs] == [
        ("First para with a link.", "text", 0),
        ("Sub", "heading", 2),
        ("• item one", "text", 0),
        ("• item two", "text", 0),
    ]


def test_markdown_without_front_matter_takes_first_heading() -> None:
    doc = parse_markdown("Intro before.\n\n# The Title\n\nBody <b>bold</b> text.\n")
    assert doc.title == "The Title"
    assert [p.text for p in doc.paragraphs] == ["Intro before.", "Body bold text."]


def test_markdown_raw_html_is_dropped() -> None:
    doc = parse_markdown("# T\n\n<script>alert(1)</script>\n\nSafe text.\n")
    assert [p.text for p in doc.paragraphs] == ["Safe text."]


HOSTILE = "A\x1b[31mred\x1b[0m \x1b]8;;http://evil\x07link\x1b]8;;\x07 \u202etxet\u202c \x9b2J\x07\x00 end"


def test_hostile_control_characters_are_removed() -> None:
    cleaned = clean_paragraph(HOSTILE)
    assert cleaned == "Ared link txet end"
    for bad in ("\x1b", "\x9b", "\x07", "\x00", "\u202e", "\u202c"):
        assert bad not in cleaned


def test_hostile_text_in_files(tmp_path: Path) -> None:
    path = tmp_path / "evil.txt"
    no_nul = HOSTILE.replace("\x00", "")
    path.write_text(f"Title\x1b[2J here\n{no_nul}\n[bold]markup[/bold] stays as text\n")
    [doc] = load_path(path)
    assert doc.title == "Title here"
    assert doc.paragraphs[0].text == "Ared link txet end"
    assert doc.paragraphs[1].text == "[bold]markup[/bold] stays as text"


def test_strip_unsafe_keeps_newlines_and_tabs() -> None:
    assert strip_unsafe("a\tb\r\nc\x0bd") == "a\tb\ncd"


def test_clean_tags() -> None:
    assert clean_tags(["#News", "news", "two words", " ", "x\x1by"]) == ("News", "two-words", "xy")


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.md", b"  \n\n ", "empty"),
        ("binary.txt", b"\x00\x01\x02PNG\x00\x00", "binary"),
        ("notes.pdf", b"%PDF-1.4", "unsupported file type"),
    ],
)
def test_bad_files_give_one_line_reasons(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestError, match=reason) as info:
        load_path(path)
    assert "\n" not in str(info.value)


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("Title\n" + "word " * 1000)
    with pytest.raises(IngestError, match="over the"):
        load_path(path, max_size=100)
