"""Each operator of the query language returns exactly the right articles and highlights."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.query.known import NOW
from tui_reader.index import IndexState
from tui_reader.query import Matcher, QueryError, Sort, parse_query, run_query
from tui_reader.store import Library


def found(library: Library, text: str) -> list[str]:
    """The matching articles' keys ("a".."d") in result order."""
    return [a.id[0] for a in run_query(library, parse_query(text), now=NOW).articles]


def matched(library: Library, text: str) -> set[str]:
    return set(found(library, text))


def highlights(library: Library, text: str) -> dict[str, list[str]]:
    """Article key -> keys ("1".."3") of the highlights the query holds for."""
    result = run_query(library, parse_query(text), with_highlights=True, now=NOW)
    return {aid[0]: [h.id[0] for h in hls] for aid, hls in result.highlights.items()}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "abcd"),
        ("climate", "ab"),
        ("CLIMATE", "ab"),
        ('"climate change"', "a"),
        ("seoul", "a"),
        ("-climate", "cd"),
        ("climate -seoul", "b"),
        ("museum OR seoul", "ac"),
        ("seoul OR museum drought", "c"),  # (seoul OR museum) AND drought
        ("(seoul OR museum) drought", "c"),
        ("seoul OR (museum drought)", "ac"),
        ("-(seoul OR museum)", "bd"),
        ("tag:korea", "abd"),  # a and d carry it, b through its highlight
        ("tag:KOREA", "abd"),
        ("tag:japan", "b"),
        ("-tag:korea", "bc"),  # b itself is not tagged korea
        ("tag:economy", "a"),
        ("colour:yellow", "ab"),
        ("colour:green", "a"),
        ("colour:blue", ""),
        ("-colour:yellow", "abcd"),  # every article itself is not a yellow highlight
        ("has:note", "ab"),
        ("-has:note", "abcd"),
        ("has:highlights", "ab"),
        ("-has:highlights", "cd"),
        ("is:unread", "b"),
        ("is:reading", "c"),
        ("is:read", "ad"),  # archived counts as read
        ("in:archive", "d"),
        ("in:inbox", "ab"),
        ("in:later", "c"),
        ("feed:feeds.example.net", "c"),  # the host of its feed
        ("feed:feeds.example", ""),  # part of a host names no feed
        ("feed:nothing", ""),
        ("source:rfa.org", "a"),
        ("source:example", "bd"),
        ("source:museum.org", "c"),
        ('title:"trade deal"', "a"),
        ("title:museum", "c"),
        ("note:korea", "b"),
        ('note:"my note"', "a"),
        ("note:check", "a"),
        ("added:>2026-01-31", "bc"),
        ("added:2026-01", "a"),
        ("added:2026", "abc"),
        ("added:2026-01..2026-02", "ab"),
        ("added:..2025-12", "d"),
        ("added:2026-02..", "bc"),
        ("added:<2026", "d"),
        ("added:<=2026-01-10", "ad"),
        ("added:>=2026-01-10", "abc"),
        ("added:7d", "c"),
        ("added:today", "c"),
        ("added:yesterday", ""),
        ("added:<30d", "ad"),
        ("added:60d..30d", "a"),
        ("added:2m", "abc"),
        ("published:2026-01..2026-02", "ab"),
        ("published:<2026", "d"),
        ("highlighted:2026-02", "ab"),
        ("highlighted:>2026-02-10", "b"),
        ("highlighted:2026-01-11", "a"),
        ("highlighted:2026-03", ""),
        ("tag:korea has:note -colour:yellow", "a"),
        ("colour:yellow has:note", "b"),  # the same highlight: yellow and noted
        ("colour:yellow note:check", ""),  # a's yellow one has no note
    ],
)
def test_each_operator_selects_exactly(known: Library, text: str, expected: str) -> None:
    assert matched(known, text) == set(expected), text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", {"a": ["1", "2"], "b": ["3"], "c": [], "d": []}),
        ("tag:korea", {"a": ["1", "2"], "b": ["3"], "d": []}),
        ("colour:yellow", {"a": ["1"], "b": ["3"]}),
        ("-colour:yellow", {"a": ["2"], "b": [], "c": [], "d": []}),
        ("has:note", {"a": ["2"], "b": ["3"]}),
        ("tag:korea has:note -colour:yellow", {"a": ["2"]}),
        ("highlighted:2026-02", {"a": ["2"], "b": ["3"]}),
        ("is:read", {"a": ["1", "2"], "d": []}),
        ("climate", {"a": ["1", "2"], "b": ["3"]}),
        ("note:korea", {"b": ["3"]}),
        ("tag:economy", {"a": ["2"]}),
    ],
)
def test_the_highlights_a_query_holds_for(known: Library, text: str, expected: object) -> None:
    assert highlights(known, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "cbad"),  # newest added first
        ("sort:added", "dabc"),
        ("sort:-added", "cbad"),
        ("sort:title", "dbac"),
        ("sort:-title", "cabd"),
        ("sort:published", "dabc"),  # undated last
        ("sort:-published", "badc"),
        ("sort:progress", "bcad"),
        ("sort:-progress", "adcb"),
        ("sort:highlighted", "abcd"),  # without highlights last, newest added first
        ("sort:-highlighted", "bacd"),
        ("sort:article", "dbac"),  # a highlight order: for articles, the title's
        ("sort:colour", "dabc"),  # articles have no colour: the added order
        ("drought", "dc"),  # ranked: the title hit first, though older
        ("drought sort:-added", "cd"),
    ],
)
def test_order(known: Library, text: str, expected: str) -> None:
    assert "".join(found(known, text)) == expected


def test_default_sort_yields_to_the_query_sort(known: Library) -> None:
    by_title = Sort("title")
    result = run_query(known, parse_query("tag:korea"), default_sort=by_title, now=NOW)
    assert [a.id[0] for a in result.articles] == ["d", "b", "a"]
    explicit = run_query(
        known, parse_query("tag:korea sort:-added"), default_sort=by_title, now=NOW
    )
    assert [a.id[0] for a in explicit.articles] == ["b", "a", "d"]
    assert explicit.total == 4


FRAGMENTS = [
    "climate",
    '"climate change"',
    "-",
    "OR",
    "(",
    ")",
    " ",
    "tag:korea",
    "colour:yellow",
    "has:note",
    "has:highlights",
    "is:read",
    "in:archive",
    "feed:x",
    "source:rfa",
    "title:deal",
    "note:k",
    "added:>9998",
    "published:<=9998-12-31",
    "highlighted:1000..",
    "added:36500d",
    "added:1200m..1d",
    "added:today",
    "sort:-highlighted",
    "sort:published",
]


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    from tests.query.known import fill_known

    with Library.open(tmp_path_factory.mktemp("shared") / "library", "write") as library:
        yield fill_known(library)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=8).map(" ".join))
def test_any_query_that_parses_runs(shared: Library, text: str) -> None:
    try:
        query = parse_query(text)
    except QueryError:
        return
    result = run_query(shared, query, with_highlights=True, now=NOW)
    assert {a.id for a in result.articles} <= {a.id for a in shared.articles()}
    assert set(result.highlights) == {a.id for a in result.articles}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("climate", "ab"),
        ('"climate change" tag:korea', "a"),
        ("climate -seoul", "b"),
        ("(seoul OR museum) drought", "c"),
        ("climate is:unread", "b"),
    ],
)
def test_words_the_query_requires_come_from_the_index_without_the_catalog(
    known: Library, monkeypatch: pytest.MonkeyPatch, text: str, expected: str
) -> None:
    fresh = Library.open(known.folder, "read")  # nothing loaded yet
    try:
        assert fresh.search_index.state is IndexState.READY

        def whole_catalog(self: Library) -> None:
            raise AssertionError("the whole catalog was loaded")

        monkeypatch.setattr(Library, "_article_map", whole_catalog)
        assert matched(fresh, text) == set(expected)
    finally:
        monkeypatch.undo()
        fresh.close()


@pytest.mark.parametrize("text", ["-climate", "climate OR tag:japan", "is:unread"])
def test_queries_without_required_words_look_at_every_article(known: Library, text: str) -> None:
    matcher = Matcher(known, parse_query(text), NOW)
    assert matcher.candidates() is None
    assert found(known, text)  # and still find what they should


def test_best_match_first_by_bm25(library: Library) -> None:
    from tui_reader.importing import add_documents
    from tui_reader.model import Document, Paragraph

    filler = "Bread and dough and ovens and flour. " * 6
    docs = [
        Document(title="Once", paragraphs=[Paragraph(f"{filler} A harbour once.")]),
        Document(title="Thrice", paragraphs=[Paragraph(f"{filler} harbour harbour harbour.")]),
        *(Document(title=f"Other {n}", paragraphs=[Paragraph(filler)]) for n in range(8)),
    ]
    add_documents(library, docs)
    titles = [a.title for a in run_query(library, parse_query("harbour")).articles]
    assert titles == ["Thrice", "Once"]
    titles = [a.title for a in run_query(library, parse_query("harbour sort:title")).articles]
    assert titles == ["Once", "Thrice"]


def test_the_kept_newest_first_order_follows_every_save(known: Library) -> None:
    from tui_reader.importing import add_document
    from tui_reader.model import Document, Paragraph

    before = found(known, "is:unread")
    assert before == ["b"]
    added = add_document(
        known, Document(title="Fresh", paragraphs=[Paragraph("New text.")], url="https://x.org/f")
    )
    result = run_query(known, parse_query("is:unread"), now=NOW).articles
    assert result[0].title == "Fresh"  # newest added first, not the old order
    known.set_state(added.article.id, "read")
    assert found(known, "is:unread") == ["b"]
    known.delete(added.article.id)
    assert "Fresh" not in [a.title for a in run_query(known, parse_query("")).articles]


def test_the_words_a_query_requires_are_one_index_search(
    known: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui_reader.store import searching

    asked: list[str] = []
    original, scored = searching.text_ranks, searching.text_scores

    def spy(library: Library, query: object, ranked: bool = True) -> dict[str, float]:
        asked.append(query.fts() + ("" if ranked else " (unranked)"))  # type: ignore[attr-defined]
        return original(library, query, ranked=ranked)  # type: ignore[arg-type]

    def spy_scores(library: Library, query: object) -> dict[str, float]:
        asked.append(query.fts())  # type: ignore[attr-defined]
        return scored(library, query)  # type: ignore[arg-type]

    monkeypatch.setattr(searching, "text_ranks", spy)
    monkeypatch.setattr(searching, "text_scores", spy_scores)
    assert matched(known, 'climate "climate change" -museum (seoul OR drought)') == {"a"}
    # the required words together, museum (left out at the top) as their NOT: the
    # articles holding it are never listed nor ranked
    assert asked[0] == '("climate" AND "climate change") NOT ("museum")'
    assert asked[1:] == ['"seoul" OR "drought"']  # then the OR's words, in one search
