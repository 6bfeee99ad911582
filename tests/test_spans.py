"""Word and sentence boundaries used by keyboard selection, and in-article search."""

from __future__ import annotations

from tui_reader.spans import (
    Match,
    find_matches,
    first_word,
    grow_sentence,
    grow_word,
    move_start,
    sentence_ends,
    sentence_starts,
    shrink_sentence,
    shrink_word,
    step_match,
    words,
)

TEXT = "One two. Three “four” five! Six?"


def test_words_are_runs_of_non_space() -> None:
    assert [TEXT[s:e] for s, e in words(TEXT)] == [
        "One",
        "two.",
        "Three",
        "“four”",
        "five!",
        "Six?",
    ]


def test_sentence_ends_and_starts() -> None:
    assert [TEXT[:e] for e in sentence_ends(TEXT)][-1] == TEXT
    assert [TEXT[s:e] for s, e in zip(sentence_starts(TEXT), sentence_ends(TEXT), strict=True)] == [
        "One two.",
        "Three “four” five!",
        "Six?",
    ]


def test_text_without_final_punctuation_still_ends_a_sentence() -> None:
    assert sentence_ends("no stop here ") == [12]
    assert sentence_ends("") == []


def test_closing_quotes_belong_to_the_sentence() -> None:
    text = "He said “go.” Then left."
    assert text[: sentence_ends(text)[0]] == "He said “go.”"


def test_first_word_and_empty_text() -> None:
    assert first_word("  hello world") == (2, 7)
    assert first_word("   ") == (0, 0)
    assert first_word("a b", 1) == (2, 3)


def test_grow_and_shrink_by_word() -> None:
    start, end = first_word(TEXT)
    start, end = grow_word(TEXT, start, end)
    assert TEXT[start:end] == "One two."
    start, end = grow_word(TEXT, start, end)
    assert TEXT[start:end] == "One two. Three"
    start, end = shrink_word(TEXT, start, end)
    assert TEXT[start:end] == "One two."
    start, end = shrink_word(TEXT, start, end)
    assert TEXT[start:end] == "One"
    assert shrink_word(TEXT, start, end) == (start, end), "never below one word"
    end_all = (0, len(TEXT))
    assert grow_word(TEXT, *end_all) == end_all, "never past the end"


def test_grow_and_shrink_by_sentence() -> None:
    span = first_word(TEXT)
    span = grow_sentence(TEXT, *span)
    assert TEXT[slice(*span)] == "One two."
    span = grow_sentence(TEXT, *span)
    assert TEXT[slice(*span)] == "One two. Three “four” five!"
    span = grow_sentence(TEXT, *span)
    assert TEXT[slice(*span)] == TEXT
    assert grow_sentence(TEXT, *span) == span
    span = shrink_sentence(TEXT, *span)
    assert TEXT[slice(*span)] == "One two. Three “four” five!"
    span = shrink_sentence(TEXT, *span)
    assert TEXT[slice(*span)] == "One two."
    span = shrink_sentence(TEXT, *span)
    assert TEXT[slice(*span)] == "One", "inside the first sentence: back to one word"


def test_move_start_by_word_and_sentence() -> None:
    span = first_word(TEXT)
    span = move_start(TEXT, *span, by="word", forward=True)
    assert TEXT[slice(*span)] == "two.", "the end follows a start that passes it"
    span = move_start(TEXT, *span, by="sentence", forward=True)
    assert TEXT[slice(*span)] == "Three"
    span = grow_sentence(TEXT, *span)
    assert TEXT[slice(*span)] == "Three “four” five!"
    span = move_start(TEXT, *span, by="word", forward=False)
    assert TEXT[slice(*span)] == "two. Three “four” five!"
    span = move_start(TEXT, *span, by="sentence", forward=False)
    assert TEXT[slice(*span)] == "One two. Three “four” five!"
    assert move_start(TEXT, *span, by="sentence", forward=False) == span


def test_find_matches_is_case_insensitive_with_exact_offsets() -> None:
    texts = ["Straße and STRASSE", "İstanbul straße", "nothing"]
    found = find_matches(texts, "straße")
    assert found == [Match(0, 0, 6), Match(1, 9, 15)]
    assert [texts[m.paragraph][m.start : m.end] for m in found] == ["Straße", "straße"]
    assert find_matches(texts, "   ") == []
    assert find_matches(["a.b a+b"], "a+b") == [Match(0, 4, 7)], "no regex from the query"


def test_wide_characters_keep_character_offsets() -> None:
    text = "日本語の文章です。次の文。"
    ends = sentence_ends(text)
    assert text[: ends[0]] == "日本語の文章です。"
    assert find_matches([text], "次の") == [Match(0, 9, 11)]


def test_step_match_from_the_cursor_then_around() -> None:
    hits = [Match(1, 0, 2), Match(3, 4, 6), Match(3, 9, 11), Match(6, 0, 1)]
    assert step_match(hits, None, 2, 1) == 1, "the first hit at or after the cursor"
    assert step_match(hits, None, 3, -1) == 2, "the last hit at or before the cursor"
    assert step_match(hits, None, 7, 1) == 0, "none after: back to the first"
    assert step_match(hits, None, 0, -1) == 3, "none before: the last"
    assert step_match(hits, 3, 0, 1) == 0 and step_match(hits, 0, 0, -1) == 3
    assert step_match(hits, 1, 0, 1) == 2
