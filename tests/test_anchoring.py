"""Re-anchoring: highlights find their words again in changed text, or become orphans."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader.anchoring import (
    Placement,
    approximate_matches,
    edit_distance,
    find_quote,
    locate,
    make_anchor,
    reanchor,
)
from tui_reader.model import Highlight, Paragraph, Quote, plain_text

ARTICLE = [
    "Residents of Port Selby voted on Saturday to keep the town's century-old ferry running.",
    "Turnout was the highest in twenty years. Queues formed outside the library before seven.",
    "The ferry has crossed the estuary since 1921, carrying schoolchildren and farm workers.",
    "The council must now find money for a new hull within three years.",
]


def paras(texts: list[str]) -> list[Paragraph]:
    return [Paragraph(t) for t in texts]


def highlight_on(texts: list[str], index: int, words: str, occurrence: int = 0) -> Highlight:
    """A highlight on the ``occurrence``-th ``words`` in paragraph ``index``."""
    text = texts[index]
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(words, start + 1)
    anchor = make_anchor(paras(texts), index, start, start + len(words))
    return Highlight(id=Highlight.new_id(), article_id="a1", anchor=anchor)


def placed_text(new: list[str], hl: Highlight) -> str:
    a = hl.anchor
    return new[a.paragraph][a.start : a.end]


def one(hl: Highlight, old: list[str], new: list[str]) -> tuple[Highlight, Placement]:
    [result] = reanchor([hl], paras(old), paras(new))
    return result.highlight, result.placement


def test_unchanged_text_keeps_the_highlight_as_it_was() -> None:
    hl = highlight_on(ARTICLE, 2, "crossed the estuary since 1921")
    after, placement = one(hl, ARTICLE, ARTICLE)
    assert placement is Placement.STAYED
    assert after == hl


def test_text_inserted_before_the_quote_moves_it() -> None:
    hl = highlight_on(ARTICLE, 2, "crossed the estuary since 1921")
    new = [*ARTICLE[:1], "A new paragraph about the weather on polling day.", *ARTICLE[1:]]
    new[3] = "Built by local hands, " + new[3]
    after, placement = one(hl, ARTICLE, new)
    assert placement is Placement.MOVED
    assert after.anchor.paragraph == 3
    assert placed_text(new, after) == "crossed the estuary since 1921"
    assert not after.orphan


def test_text_inserted_in_an_earlier_paragraph_leaves_it_in_place() -> None:
    hl = highlight_on(ARTICLE, 2, "crossed the estuary since 1921")
    new = list(ARTICLE)
    new[0] = "Residents of Port Selby, a town of nine thousand, voted to keep the ferry."
    after, placement = one(hl, ARTICLE, new)
    assert placement is Placement.STAYED
    assert (after.anchor.paragraph, after.anchor.start) == (hl.anchor.paragraph, hl.anchor.start)


def test_typo_fixed_inside_the_quote() -> None:
    old = list(ARTICLE)
    old[2] = (
        "The ferry has crossed the estaury since 1921, carrying schoolchildren and farm workers."
    )
    hl = highlight_on(old, 2, "crossed the estaury since 1921")
    after, placement = one(hl, old, ARTICLE)
    assert placement is Placement.MOVED
    assert after.anchor.paragraph == 2
    assert placed_text(ARTICLE, after) == "crossed the estuary since 1921"
    assert after.anchor.quote.exact == "crossed the estuary since 1921"


def test_paragraph_split_in_two_before_the_quote() -> None:
    hl = highlight_on(ARTICLE, 1, "Queues formed outside the library")
    new = [
        ARTICLE[0],
        "Turnout was the highest in twenty years.",
        "Queues formed outside the library before seven.",
        *ARTICLE[2:],
    ]
    after, placement = one(hl, ARTICLE, new)
    assert placement is Placement.MOVED
    assert after.anchor.paragraph == 2
    assert placed_text(new, after) == "Queues formed outside the library"


def test_paragraph_split_through_the_quote_keeps_the_larger_part() -> None:
    hl = highlight_on(ARTICLE, 1, "in twenty years. Queues formed outside the library")
    new = [
        ARTICLE[0],
        "Turnout was the highest in twenty years.",
        "Queues formed outside the library before seven.",
        *ARTICLE[2:],
    ]
    after, placement = one(hl, ARTICLE, new)
    assert placement is Placement.MOVED
    assert after.anchor.paragraph == 2
    assert placed_text(new, after) == "Queues formed outside the library"


def test_quoted_sentence_removed_becomes_an_orphan_with_its_quote() -> None:
    hl = highlight_on(ARTICLE, 3, "find money for a new hull within three years")
    new = ARTICLE[:3]
    after, placement = one(hl, ARTICLE, new)
    assert placement is Placement.ORPHANED
    assert after.orphan
    assert after.anchor.quote == hl.anchor.quote
    assert after.id == hl.id


def test_an_orphan_that_finds_its_text_again_comes_back() -> None:
    hl = highlight_on(ARTICLE, 3, "find money for a new hull").evolve(orphan=True)
    after, placement = one(hl, ARTICLE, ARTICLE)
    assert placement is Placement.MOVED
    assert not after.orphan
    assert placed_text(ARTICLE, after) == "find money for a new hull"


def test_an_orphan_that_stays_lost_is_kept_unchanged() -> None:
    hl = highlight_on(ARTICLE, 3, "find money for a new hull").evolve(orphan=True)
    after, placement = one(hl, ARTICLE, ARTICLE[:2])
    assert placement is Placement.ORPHANED
    assert after == hl


def test_repeated_phrase_is_told_apart_by_its_context() -> None:
    old = [
        "The ferry was late on Monday. Nobody minded much.",
        "The ferry was late on Tuesday. The mayor complained.",
        "The ferry was late on Friday. Passengers cheered anyway.",
    ]
    hl = highlight_on(old, 1, "The ferry was late")
    new = ["A week of delays.", *old]
    after, placement = one(hl, old, new)
    assert placement is Placement.MOVED
    assert after.anchor.paragraph == 2
    assert new[2].startswith(placed_text(new, after))


def test_repeated_phrase_in_one_paragraph_is_told_apart_by_prefix_and_suffix() -> None:
    old = ["Rain again, said the skipper. Rain again, said the mayor, who had no boat."]
    hl = highlight_on(old, 0, "Rain again", occurrence=1)
    new = ["Wind and rain. " + old[0]]
    after, _ = one(hl, old, new)
    assert after.anchor.quote.suffix.startswith(", said the mayor")
    assert placed_text(new, after) == "Rain again"


def test_changed_context_prefers_the_fuzzy_place_over_a_bare_exact_copy() -> None:
    old = [
        "Elsewhere the old ferry sank.",
        "In Port Selby the old ferry runs every hour from the quay.",
    ]
    hl = highlight_on(old, 1, "the old ferry runs every hour")
    new = [old[0], "In Port Selby the old ferry now runs every hour from the quay."]
    after, placement = one(hl, old, new)
    assert placement is Placement.MOVED
    assert after.anchor.paragraph == 1
    assert placed_text(new, after) == "the old ferry now runs every hour"


def test_a_short_quote_that_lost_its_words_is_orphaned_not_misplaced() -> None:
    old = ["The vote was close.", "Turnout: 81 percent."]
    hl = highlight_on(old, 1, "81 percent")
    new = ["The vote was close.", "Nobody counted the voters this time."]
    _, placement = one(hl, old, new)
    assert placement is Placement.ORPHANED


def test_headings_count_as_paragraphs() -> None:
    old = [Paragraph("Intro text here."), Paragraph("Body with the quoted words in it.")]
    new = [
        Paragraph("Intro text here."),
        Paragraph("A heading", "heading", 2),
        Paragraph("Body with the quoted words in it."),
    ]
    anchor = make_anchor(old, 1, 10, 26)
    hl = Highlight(id="h", article_id="a", anchor=anchor)
    [result] = reanchor([hl], old, new)
    assert result.highlight.anchor.paragraph == 2
    assert new[2].text[result.highlight.anchor.start : result.highlight.anchor.end] == (
        "the quoted words"
    )


def test_find_quote_and_locate() -> None:
    ps = paras(ARTICLE)
    found = find_quote(ps, Quote("estuary since 1921"))
    assert found is not None
    assert plain_text(ps)[found[0] : found[1]] == "estuary since 1921"
    index, offset = locate(ps, found[0])
    assert index == 2
    assert ARTICLE[2][offset:].startswith("estuary")
    assert find_quote(ps, Quote("")) is None
    assert find_quote(ps, Quote("nothing like this appears anywhere at all")) is None


def test_approximate_matches_finds_edits() -> None:
    text = "one two three the quick brown fox jumps four five"
    [(start, end, errors)] = approximate_matches(text, "the quikc brown fox", 4)
    assert errors == 2
    assert text[start:end].startswith("the qu")
    assert text[start:end].endswith("fox")


def test_edit_distance() -> None:
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance("", "abc") == 3
    assert edit_distance("same", "same") == 0


words = st.text(alphabet="abcde fgh.", min_size=1, max_size=40)


@settings(max_examples=150, deadline=None)
@given(
    texts=st.lists(words.filter(lambda t: t.strip()), min_size=1, max_size=6),
    data=st.data(),
)
def test_unchanged_text_always_keeps_highlights_exactly(
    texts: list[str], data: st.DataObject
) -> None:
    ps = paras(texts)
    index = data.draw(st.integers(0, len(texts) - 1))
    size = len(texts[index])
    start = data.draw(st.integers(0, size - 1))
    end = data.draw(st.integers(start + 1, size))
    hl = Highlight(id="h", article_id="a", anchor=make_anchor(ps, index, start, end))
    [result] = reanchor([hl], ps, ps)
    assert result.placement is Placement.STAYED
    assert result.highlight == hl


@settings(max_examples=100, deadline=None)
@given(
    texts=st.lists(words.filter(lambda t: t.strip()), min_size=1, max_size=5),
    inserted=st.lists(words.filter(lambda t: t.strip()), min_size=1, max_size=3),
    data=st.data(),
)
def test_paragraphs_inserted_before_keep_the_same_words(
    texts: list[str], inserted: list[str], data: st.DataObject
) -> None:
    ps = paras(texts)
    index = data.draw(st.integers(0, len(texts) - 1))
    size = len(texts[index])
    start = data.draw(st.integers(0, size - 1))
    end = data.draw(st.integers(start + 1, size))
    hl = Highlight(id="h", article_id="a", anchor=make_anchor(ps, index, start, end))
    [result] = reanchor([hl], ps, paras(inserted + texts))
    assert result.placement is not Placement.ORPHANED
    a = result.highlight.anchor
    assert (inserted + texts)[a.paragraph][a.start : a.end] == texts[index][start:end]


FILLER = [f"Filler paragraph number {n} talks about tides, boats and weather." for n in range(200)]


def test_long_article_fuzzy_match_near_the_old_place() -> None:
    old = [*FILLER[:100], "The harbour master rang the bell at noon every day.", *FILLER[100:]]
    hl = highlight_on(old, 100, "rang the bell at noon")
    new = list(old)
    new[100] = "The harbour master rung the bell at noon every day."
    after, placement = one(hl, old, new)
    assert placement is Placement.MOVED
    assert (after.anchor.paragraph, placed_text(new, after)) == (100, "rung the bell at noon")


def test_long_article_fuzzy_match_far_from_the_old_place() -> None:
    old = ["The harbour master rang the bell at noon every day.", *FILLER]
    hl = highlight_on(old, 0, "rang the bell at noon")
    new = [*FILLER, "The harbour master rung the bell at noon every day."]
    after, placement = one(hl, old, new)
    assert placement is Placement.MOVED
    assert (after.anchor.paragraph, placed_text(new, after)) == (200, "rung the bell at noon")


SIGHTINGS = [
    "The first pair was seen in March. Next year the count starts in June.",
    "Volunteers counted fourteen pairs under the old bridge by late June. Most nests held eggs.",
]


def test_words_added_at_the_end_of_the_quote_are_covered_not_cut_mid_word() -> None:
    hl = highlight_on(SIGHTINGS, 0, "The first pair was seen in March.")
    new = list(SIGHTINGS)
    new[0] = "The first pair was seen in early March. Next year the count starts in June."
    after, placement = one(hl, SIGHTINGS, new)
    assert placement is Placement.MOVED
    assert placed_text(new, after) == "The first pair was seen in early March."
    assert after.anchor.quote.exact == "The first pair was seen in early March."


def test_words_added_at_the_start_of_the_quote_are_covered() -> None:
    hl = highlight_on(SIGHTINGS, 1, "fourteen pairs under the old bridge by late June.")
    new = list(SIGHTINGS)
    new[1] = (
        "Volunteers counted nearly fourteen pairs under the old bridge by late June. "
        "Most nests held eggs."
    )
    after, _ = one(hl, SIGHTINGS, new)
    assert placed_text(new, after) == "nearly fourteen pairs under the old bridge by late June."


def test_a_changed_last_word_with_changed_context_ends_on_a_whole_word() -> None:
    hl = highlight_on(
        SIGHTINGS, 1, "Volunteers counted fourteen pairs under the old bridge by late"
    )
    new = list(SIGHTINGS)
    new[1] = "Volunteers counted fourteen pairs under the old bridge by latest count, in July."
    after, placement = one(hl, SIGHTINGS, new)
    assert placement is Placement.MOVED
    text = placed_text(new, after)
    assert text.startswith("Volunteers counted fourteen pairs")
    end = after.anchor.end
    # never ends inside a word
    assert end == len(new[1]) or not (new[1][end - 1].isalnum() and new[1][end].isalnum())
