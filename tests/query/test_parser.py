"""The query parser: every operator, precedence, field values, errors with positions, fuzz."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_reader.query import Query, QueryError, parse_query, quote
from tui_reader.query.dates import DateSpec, Period
from tui_reader.query.nodes import (
    And,
    Colour,
    Feed,
    HasHighlights,
    HasNote,
    Not,
    Note,
    Or,
    Place,
    Sort,
    Source,
    State,
    Tag,
    Text,
    Title,
    When,
)


def where(text: str) -> object:
    return parse_query(text).where


def test_empty_and_blank_queries_keep_everything() -> None:
    for text in ("", "   ", "\t\n"):
        query = parse_query(text)
        assert query.where is None and query.sort is None and query.is_empty


def test_words_and_phrases() -> None:
    assert where("climate") == Text("climate")
    assert where('"climate change"') == Text("climate change", phrase=True)
    assert where(r'"say \"hi\" \\ now"') == Text('say "hi" \\ now', phrase=True)
    assert where("well-known 12:30 e.g.: café") == And(
        (Text("well-known"), Text("12:30"), Text("e.g.:"), Text("café"))
    )


def test_juxtaposition_and_explicit_and() -> None:
    assert where("a b c") == And((Text("a"), Text("b"), Text("c")))
    assert where("a AND b") == where("a b")


def test_negation() -> None:
    assert where("-word") == Not(Text("word"))
    assert where('-"a phrase"') == Not(Text("a phrase", phrase=True))
    assert where("-tag:x") == Not(Tag("x"))
    assert where("-(a OR b)") == Not(Or((Text("a"), Text("b"))))
    assert where("--a") == Not(Not(Text("a")))


def test_or_binds_more_tightly_than_and() -> None:
    # As in Gmail: the words either side of OR are the alternatives.
    assert where("a b OR c") == And((Text("a"), Or((Text("b"), Text("c")))))
    assert where("a OR b c") == And((Or((Text("a"), Text("b"))), Text("c")))
    assert where("a OR b OR c") == Or((Text("a"), Text("b"), Text("c")))
    assert where("-a OR b") == Or((Not(Text("a")), Text("b")))


def test_parentheses_group() -> None:
    assert where("(a b) OR c") == Or((And((Text("a"), Text("b"))), Text("c")))
    assert where("((a))") == Text("a")
    assert where("(a OR b)(c)") == And((Or((Text("a"), Text("b"))), Text("c")))


def test_or_and_and_are_keywords_only_in_capitals_and_alone() -> None:
    assert where("or and") == And((Text("or"), Text("and")))
    assert where("ORANGE ANDES") == And((Text("ORANGE"), Text("ANDES")))


def test_fields() -> None:
    assert where("tag:korea") == Tag("korea")
    assert where('tag:"two words"') == Tag("two words")
    assert where("tag:#korea") == Tag("korea")
    assert where("colour:Yellow") == Colour("yellow")
    assert where("color:pink") == Colour("pink")
    assert where("has:note") == HasNote()
    assert where("has:highlights") == HasHighlights()
    for state in ("unread", "reading", "read"):
        assert where(f"is:{state}") == State(state)
    for place in ("inbox", "later", "archive"):
        assert where(f"in:{place}") == Place(place)
    assert where("feed:lwn") == Feed("lwn")
    assert where("source:rfa.org") == Source("rfa.org")
    assert where('title:"trade deal"') == Title("trade deal")
    assert where("note:remember") == Note("remember")
    assert where("TAG:x") == Tag("x")


def test_dates() -> None:
    day = Period("day", 2026, 1, 1)
    assert where("added:>2026-01-01") == When("added", DateSpec(">", day))
    assert where("added:>=2026-01-01") == When("added", DateSpec(">=", day))
    assert where("published:<2026-01-01") == When("published", DateSpec("<", day))
    assert where("published:<=2026-01") == When("published", DateSpec("<=", Period("month", 2026)))
    assert where("added:2026") == When("added", DateSpec("=", Period("year", 2026)))
    assert where("highlighted:2026-01..2026-03") == When(
        "highlighted",
        DateSpec(first=Period("month", 2026, 1), last=Period("month", 2026, 3), is_range=True),
    )
    assert where("added:2026-01..") == When(
        "added", DateSpec(first=Period("month", 2026, 1), is_range=True)
    )
    assert where("added:7d") == When("added", DateSpec("=", Period("ago", amount=7, unit="d")))
    assert where("added:today") == When("added", DateSpec("=", Period("today")))
    assert where("added:yesterday") == When("added", DateSpec("=", Period("yesterday")))


def test_sort() -> None:
    assert parse_query("sort:title").sort == Sort("title")
    assert parse_query("sort:title").where is None
    assert parse_query("tag:a sort:-added").sort == Sort("added", descending=True)
    assert parse_query("tag:a sort:-added").where == Tag("a")
    for key in ("added", "published", "title", "progress", "highlighted"):
        assert parse_query(f"sort:{key}").sort == Sort(key)  # type: ignore[arg-type]


def test_query_properties() -> None:
    query = parse_query('a "b c" -a colour:yellow')
    assert query.text_terms == (Text("a"), Text("b c", phrase=True))
    assert query.looks_at_highlights
    assert not parse_query("is:read title:x a").needs_highlights
    assert parse_query("has:highlights").needs_highlights
    assert not parse_query("has:highlights").looks_at_highlights
    assert parse_query("sort:highlighted").needs_highlights
    assert parse_query("a").narrowed(Tag("x")).where == And((Text("a"), Tag("x")))
    assert Query().narrowed(Tag("x")).where == Tag("x")


@pytest.mark.parametrize(
    ("text", "column", "words"),
    [
        ('say "hello', 5, "quote is never closed"),
        ("a - b", 3, "'-' must be followed"),
        ("a -", 3, "'-' must be followed"),
        ("a OR", 3, "OR needs a search term after it"),
        ("OR a", 1, "OR needs a search term on each side"),
        ("a OR OR b", 6, "OR needs a search term"),
        ("a AND", 3, "AND needs a search term after it"),
        ("(a b", 1, "'(' is never closed"),
        ("x (a (b)", 3, "'(' is never closed"),
        ("a (", 3, "'(' needs a search term and a ')'"),
        ("a)", 2, "closes nothing"),
        ("() a", 2, "empty parentheses"),
        ("(a OR)", 6, "search term is missing before this ')'"),
        ("foo:bar", 1, "unknown field 'foo:'"),
        ("a http://x.org", 3, "unknown field 'http:'"),
        ("tag:", 1, "tag: needs a value"),
        ("a colour:red", 10, "unknown colour 'red'"),
        ("has:tags", 5, "has: takes note or highlights"),
        ("is:done", 4, "is: takes unread, reading, read"),
        ("in:trash", 4, "in: takes inbox, later, archive"),
        ("added:soon", 7, "added: not a date: 'soon'"),
        ("added:2026-13", 7, "no such date"),
        ("added:2026-02-30", 7, "no such date"),
        ("added:>", 7, "nothing after '>'"),
        ("added:..", 7, "a range needs a date"),
        ("added:2026..x", 13, "not a date: 'x'"),
        ("published:2026-03..2026-01", 11, "ends before it starts; write 2026-01..2026-03"),
        ("added:7d..30d", 7, "the range ends before it starts"),
        ("added:today..yesterday", 7, "the range ends before it starts"),
        ("published:99999d", 11, "too far back"),
        ("added:0999", 7, "out of range"),
        ("sort:size", 6, "sort: takes added"),
        ("sort:title sort:added", 12, "only one sort:"),
        ("a OR sort:title", 6, "sort: applies to the whole query"),
        ("-sort:title", 2, "sort: applies to the whole query"),
        ("(a sort:title)", 4, "sort: applies to the whole query"),
        ('""', 1, "empty quotes"),
        ('tag:""', 5, "empty quotes"),
        ("(" * 70 + "a" + ")" * 70, 65, "nested too deeply"),
    ],
)
def test_errors_name_the_column(text: str, column: int, words: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(text)
    error = caught.value
    assert words in error.message
    assert error.column == column, str(error)
    assert str(error) == f"column {column}: {error.message}"
    assert "\n" not in str(error)


def test_too_long() -> None:
    with pytest.raises(QueryError, match="too long"):
        parse_query("a " * 6000)


@pytest.mark.parametrize(
    "value",
    ["plain", "two words", 'a "quoted" word', "back\\slash", "-dash", "OR", "x:y", "(p)", ""],
)
def test_quote_round_trips(value: str) -> None:
    if not value:
        with pytest.raises(QueryError):
            parse_query(quote(value))
        return
    node = parse_query(quote(value)).where
    assert isinstance(node, Text) and node.value == value
    assert parse_query("tag:" + quote(value)).where == Tag(value)


FRAGMENTS = st.sampled_from(
    [
        "a",
        "OR",
        "AND",
        "-",
        "(",
        ")",
        '"',
        '"x y"',
        "tag:",
        "tag:k",
        "colour:yellow",
        "colour:red",
        "has:note",
        "is:read",
        "in:later",
        "added:",
        ">",
        "2026-01",
        "..",
        "7d",
        "today",
        "sort:",
        "-title",
        ":",
        "\\",
        " ",
        "\x00",
        "é",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80))
def test_arbitrary_text_parses_or_raises_query_error(text: str) -> None:
    try:
        query = parse_query(text)
    except QueryError as error:
        assert 1 <= error.column <= max(1, len(text) + 1)
        assert "\n" not in str(error)
    else:
        assert isinstance(query, Query)


@settings(max_examples=600, deadline=None)
@given(st.lists(FRAGMENTS, max_size=14).map("".join))
def test_query_shaped_text_parses_or_raises_query_error(text: str) -> None:
    try:
        query = parse_query(text)
    except QueryError as error:
        assert 1 <= error.column <= max(1, len(text) + 1)
    else:
        assert isinstance(query, Query)
        list(query.nodes())


_PLAIN = st.lists(
    st.sampled_from([*'ab*_9 \t-:"()éß', "OR", "AND", "or", " ", "  ", "\u3000"]), max_size=12
).map("".join)


@settings(max_examples=500, deadline=None)
@given(text=_PLAIN)
def test_plain_words_read_as_the_grammar_reads_them(text: str) -> None:
    """Plain words skip the grammar (no lark to load): the query is the one it gives."""
    from tui_reader.query.parser import parse_with_grammar

    try:
        expected: Query | str = parse_with_grammar(text) if text.strip() else Query(text=text)
    except QueryError as error:
        expected = str(error)
    try:
        got: Query | str = parse_query(text)
    except QueryError as error:
        got = str(error)
    assert got == expected


def test_plain_words_need_no_lark() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from tui_reader.query import parse_query; "
        "q = parse_query('treaty drought museum'); "
        "print(len(q.where.nodes), 'lark' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["3", "False"]


@pytest.mark.parametrize(
    "text", ["added:2026-01..2026-01", "added:30d..7d", "added:2026..7d", "added:today..today"]
)
def test_ranges_in_order_or_mixing_kinds_parse(text: str) -> None:
    assert parse_query(text).where is not None
