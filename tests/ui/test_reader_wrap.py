"""Wrapping paragraphs into lines of offsets, measured in terminal cells."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from tui_reader.ui.widgets.reader.article_heights import Heights
from tui_reader.ui.widgets.reader.article_layout import BlockLayout
from tui_reader.ui.widgets.reader.article_rows import Row
from tui_reader.ui.widgets.reader.article_wrap import _wrap_ascii, _wrap_cells, wrap_offsets


def _lines(text: str, width: int) -> list[str]:
    return [text[s:e] for s, e in wrap_offsets(text, width)]


def test_wraps_at_spaces_and_cuts_long_words() -> None:
    assert _lines("hello world this is a test", 10) == ["hello", "world this", "is a test"]
    assert _lines("ab averyverylongword x", 10) == ["ab", "averyveryl", "ongword x"]
    assert _lines("", 10) == [""]


def test_wide_characters_take_two_cells() -> None:
    text = "日本語の文章です。次の文。 abc"
    lines = _lines(text, 8)
    assert lines == ["日本語の", "文章です", "。次の文", "。 abc"]
    assert all(cell_len(line) <= 8 for line in lines)


def test_emoji_and_combining_marks_are_never_split() -> None:
    text = "😀😀😀😀😀 cafe\u0301 👍🏽👍🏽"
    lines = _lines(text, 4)
    assert all(cell_len(line) <= 4 for line in lines)
    assert "".join(lines) == text.replace(" ", "")
    assert "e\u0301" in "".join(lines)


words = st.lists(st.text(alphabet="abcdefghij", min_size=1, max_size=14), max_size=40)


@given(words=words, width=st.integers(min_value=1, max_value=30), gaps=st.integers(1, 3))
def test_ascii_fast_path_matches_the_general_wrapper(
    words: list[str], width: int, gaps: int
) -> None:
    text = (" " * gaps).join(words)
    if text:
        assert _wrap_ascii(text, width) == _wrap_cells(text, width)


@given(
    text=st.text(alphabet=st.sampled_from("ab 日本😀é\u0301"), min_size=0, max_size=80),
    width=st.integers(min_value=2, max_value=20),
)
def test_every_character_but_spaces_is_kept_in_order(text: str, width: int) -> None:
    lines = _lines(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(cell_len(line) <= width for line in lines)


def test_heights_find_blocks_by_line() -> None:
    heights = Heights([3, 0, 2, 5])
    assert heights.total == 10
    assert [heights.find(y) for y in (0, 2, 3, 4, 5, 9, 12)] == [
        (0, 0),
        (0, 2),
        (2, 0),
        (2, 1),
        (3, 0),
        (3, 4),
        (3, 7),
    ]
    assert heights.set(1, 4) == 4
    assert heights.start(2) == 7 and heights.find(4) == (1, 1)
    assert heights.is_exact(1) and not heights.is_exact(0)


def test_block_layout_wraps_lazily_and_reports_shifts() -> None:
    built: list[int] = []
    sizes = dict.fromkeys(range(1000), 3)

    def build(block: int) -> list[Row]:
        built.append(block)
        return [Row()] * sizes[block]

    layout = BlockLayout(1000, build, lambda b: 2, exact=False, cache_size=50)
    assert built == [] and layout.total == 2000, "estimates only, nothing wrapped"
    layout.prepare(top=0, height=10)
    assert built == list(range(7)), "wrapped until two screens are covered"
    assert layout.start(10) == 7 * 3 + 3 * 2
    top = layout.start(500)
    sizes[3] = 7
    assert layout.relayout({3}, top) == 4, "a block above the view grew by four lines"
    assert layout.relayout({900}, top) == 0, "a block below the view moves nothing"
    top = layout.start(990)
    estimated_above = sum(1 for b in range(990) if not layout.heights.is_exact(b))
    block, shift = layout.refine(0, 5000, top)
    assert block == 1000 and layout.complete
    assert shift == estimated_above, "each estimated block above grew by one line"
    assert len(layout._cache) <= 50, "refining does not fill the cache"
