"""Escaping: quoted text renders literally and never becomes Markdown or Obsidian syntax."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tui_reader.export.escape import (
    block_id,
    escape_inline,
    escape_lines,
    escape_one_line,
    obsidian_tag,
    obsidian_tags,
)

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
#: Characters Obsidian gives a meaning inline: they must never appear unescaped.
OBSIDIAN_SPECIAL = set("#[]^%=$~|!*_`\\")
_TOKEN = re.compile(r"\\.|&(?:amp|lt|gt);|.", re.DOTALL)

HOSTILE_LINES = [
    "# heading",
    "## heading",
    "#tag and #another",
    "- list",
    "+ list",
    "* list",
    "1. ordered",
    "2) ordered",
    "> quote",
    "---",
    "===",
    "***",
    "    indented code",
    "```fenced```",
    "<b>bold</b>",
    "<!-- comment -->",
    "<http://example.com>",
    "[text](http://example.com)",
    "![img](http://example.com/x.png)",
    "[[wiki]] ![[embed]]",
    "[^footnote]",
    "| a | b |",
    "%% hidden %%",
    "==mark== ~~strike~~",
    "$math$ and $$block$$",
    "text ^block-id",
    "&copy; &amp; &#65;",
    "back\\slash\\",
    "under_score and *star*",
]


def render_inline_text(source: str) -> str:
    """The text a paragraph of ``source`` displays, as plain characters."""
    rendered = MD.render(source)
    assert rendered.startswith("<p>") and rendered.endswith("</p>\n"), rendered
    return html.unescape(rendered[3:-5])


def test_hostile_lines_render_literally() -> None:
    for line in HOSTILE_LINES:
        escaped = escape_inline(line)
        assert render_inline_text(escaped) == line.strip(), (line, escaped)
        tokens = MD.parse(escaped)
        assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
        assert {c.type for c in tokens[1].children or []} == {"text"}, (line, escaped)


def test_obsidian_syntax_is_always_escaped() -> None:
    for line in HOSTILE_LINES:
        for piece in _TOKEN.findall(escape_inline(line)):
            assert piece not in OBSIDIAN_SPECIAL, (line, piece)
            assert piece not in ("<", ">", "&"), (line, piece)


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        st.characters(
            blacklist_categories=("Cs", "Cc", "Zl", "Zp"),
            blacklist_characters="\x85",
        ),
        max_size=60,
    )
)
def test_any_line_renders_literally(text: str) -> None:
    escaped = escape_inline(text)
    expected = text.strip()
    if not expected:
        assert escaped == ""
        return
    tokens = MD.parse(escaped)
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    children = tokens[1].children or []
    assert {c.type for c in children} <= {"text"}, children
    assert html.unescape(MD.render(escaped)[3:-5]) == expected


def test_control_characters_are_dropped() -> None:
    assert escape_inline("\x1b[31mred\x1b[0m \x9b2J\x07bell\x00") == "\\[31mred\\[0m 2Jbell"
    assert escape_lines("a\x1b\n\x08# b") == ["a", "\\# b"]
    assert escape_inline("a\tb") == "a\tb", "a tab is whitespace, not a command"
    assert escape_one_line("one\x85next") == "one next"


def test_escape_lines_keeps_paragraphs_and_drops_indentation() -> None:
    lines = escape_lines("\n\n  first line\n    # second\n\n- third\n\n")
    assert lines == ["first line", "\\# second", "", "\\- third"]
    tokens = MD.parse("\n".join(lines))
    assert [t.type for t in tokens if t.type.endswith("_open")] == [
        "paragraph_open",
        "paragraph_open",
    ]


def test_escape_lines_splits_every_kind_of_line_break() -> None:
    assert escape_lines("a\r\nb\rc\u2028d\u2029e\x85f") == ["a", "b", "c", "d", "e", "f"]
    assert escape_one_line("a\nb\u2028c") == "a b c"


def test_setext_underlines_cannot_form() -> None:
    source = "\n".join(escape_lines("Title\n===\nOther\n---"))
    assert all(not t.type.startswith("heading") for t in MD.parse(source))


def test_obsidian_tags_are_made_valid() -> None:
    assert obsidian_tag("big idea") == "big-idea"
    assert obsidian_tag("#already") == "already"
    assert obsidian_tag("a:b,c.d") == "abcd"
    assert obsidian_tag("nested//path/") == "nested/path"
    assert obsidian_tag("2024") == "_2024"
    assert obsidian_tag("日本 語") == "日本-語"
    assert obsidian_tag("<>!") == ""
    assert obsidian_tags(["A b", "a-B", "", "!!", "c"]) == ["A-b", "c"]
    for tag in obsidian_tags(["x y", "#h", "[[l]]", "a&b", "ü"]):
        assert re.fullmatch(r"[\w/-]+", tag), tag
        assert not tag.replace("/", "").isdigit()


def test_block_ids_are_short_and_safe() -> None:
    assert block_id("0123456789abcdef0123456789abcdef") == "hl-01234567"
    assert block_id("../x y") == "hl-xy"
    assert block_id("") == "hl-x"
