"""The browser's fast selection gives exactly what the query language's evaluator gives.

Every answer of :class:`RowTable` (grouped rows, the article/highlight split,
typing on from the last result, kept orders) is checked against the plain
evaluation: each row asked to :class:`Matcher`, then sorted.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_reader import highlight_select
from tui_reader.gc_pause import gc_paused
from tui_reader.highlight_list import HighlightRow, RowOrder, sort_rows
from tui_reader.highlight_select import RowTable, load_rows
from tui_reader.importing import add_document
from tui_reader.model import COLOURS, Document, Highlight, Paragraph
from tui_reader.query import Matcher, QueryError, parse_query
from tui_reader.store import Library

TITLES = ("River crossing", "Mountain bread", "The harbour choir", "river tide tables")
NOTES = ("", "", "a fox ran", "foxes", "Fox at the river", "bread and tide")
TAGS = ((), ("a",), ("b",), ("a", "b"), ("A",))


@pytest.fixture(scope="module")
def shelf(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """Four articles (two tagged), 48 highlights of every colour, note and tag mix."""
    library = Library.open(tmp_path_factory.mktemp("select") / "lib", "write")
    made: list[Highlight] = []
    for i, title in enumerate(TITLES):
        text = [Paragraph(f"Paragraph {j} about the {title.lower()} and more.") for j in range(4)]
        article = add_document(library, Document(title=title, paragraphs=text)).article
        if i % 2:
            library.set_tags(article.id, ["a"] if i == 1 else ["trip"])
        for j in range(12):
            hl = library.create_highlight(
                article.id,
                j % 4,
                0,
                9,
                COLOURS[(i + j) % len(COLOURS)],
                note=NOTES[(i * 3 + j) % len(NOTES)],
                tags=list(TAGS[(i + j) % len(TAGS)]),
            )
            made.append(hl.evolve(created=f"2026-01-{1 + (i * 7 + j * 5) % 28:02d}T10:00:00+00:00"))
    library.put_highlights(made)
    yield library
    library.close()


def expected(library: Library, text: str, order: RowOrder) -> list[str]:
    """The ids the plain evaluator selects, in order."""
    query = parse_query(text)
    rows = load_rows(library)
    if query.where is not None:
        holds = Matcher(library, query).holds_for_record
        rows = [r for r in rows if holds(r.article, r.record)]
    return [r.id for r in sort_rows(rows, order)]


def ids(rows: list[HighlightRow]) -> list[str]:
    return [r.id for r in rows]


LEAVES = (
    "tag:a",
    "tag:b",
    "tag:trip",
    "colour:yellow",
    "colour:blue",
    "has:note",
    "note:fox",
    "note:foxes",
    "title:river",
    "river",
    "bread",
    "is:unread",
    "has:highlights",
    "highlighted:2026-01-05..2026-01-15",
)
term = st.builds(
    lambda neg, leaf: ("-" if neg else "") + leaf, st.booleans(), st.sampled_from(LEAVES)
)
group = st.lists(term, min_size=1, max_size=3).map(lambda ts: "(" + " OR ".join(ts) + ")")
queries = st.lists(st.one_of(term, group), min_size=0, max_size=3).map(" ".join)
orders = st.sampled_from(
    [RowOrder(k, d) for k in ("highlighted", "article", "colour", "added") for d in (True, False)]
)


@pytest.mark.parametrize("per_row", [0, 10_000], ids=["grouped", "row-by-row"])
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(queries, min_size=1, max_size=4), order=orders)
def test_selection_matches_the_evaluator(
    shelf: Library, per_row: int, texts: list[str], order: RowOrder, monkeypatch
) -> None:
    monkeypatch.setattr(highlight_select, "PER_ROW", per_row)
    table = RowTable(load_rows(shelf))  # one table: later queries may build on earlier ones
    for text in texts:
        selection = table.select(shelf, parse_query(text), order)
        assert selection is not None
        assert ids(selection.rows) == expected(shelf, text, order), text


@pytest.mark.parametrize("typed", ["note:fox tag:a", "title:river crossing -colour:blue", "tag:b"])
def test_typing_on_narrows_the_last_result_and_stays_exact(shelf: Library, typed: str) -> None:
    table = RowTable(load_rows(shelf))
    order = RowOrder()
    for end in range(1, len(typed) + 1):
        try:
            query = parse_query(typed[:end])
        except QueryError:
            continue
        selection = table.select(shelf, query, order)
        assert selection is not None
        assert ids(selection.rows) == expected(shelf, typed[:end], order), typed[:end]


def test_typing_on_asks_only_the_rows_listed(shelf: Library, monkeypatch) -> None:
    table = RowTable(load_rows(shelf))
    order = RowOrder()
    first = table.select(shelf, parse_query("note:fox"), order)
    assert first is not None and 0 < len(first.rows) < len(table)
    asked: list[str] = []
    real = Matcher.holds_for_record

    def counting(self: Matcher, article, record) -> bool:  # type: ignore[no-untyped-def]
        asked.append(record["id"])
        return real(self, article, record)

    monkeypatch.setattr(Matcher, "holds_for_record", counting)
    second = table.select(shelf, parse_query("note:foxe"), order)
    assert second is not None and set(asked) <= set(ids(first.rows))
    assert ids(second.rows) == expected(shelf, "note:foxe", order)


def test_a_query_that_is_not_an_extension_starts_again(shelf: Library) -> None:
    table = RowTable(load_rows(shelf))
    order = RowOrder()
    table.select(shelf, parse_query("tag:a"), order)
    wider = table.select(shelf, parse_query("tag:b"), order)
    assert wider is not None and ids(wider.rows) == expected(shelf, "tag:b", order)


def test_an_edit_is_seen_by_the_next_selection(shelf: Library) -> None:
    table = RowTable(load_rows(shelf))
    order = RowOrder("colour", False)
    before = table.select(shelf, parse_query("colour:yellow"), order)
    assert before is not None and before.rows
    row = before.rows[0]
    changed = HighlightRow.of(row.highlight.evolve(colour="purple"), row.article)
    table.replace(row.id, changed)
    after = table.select(shelf, parse_query("colour:yellow"), order)
    assert after is not None and row.id not in ids(after.rows)
    assert ids(after.rows) == ids(before.rows)[1:]
    assert table.ordered(order)[-len(ids(after.rows)) - 1 :][0].id != row.id
    table.replace(row.id, None)
    assert row.id not in ids(table.ordered(order)) and len(table) == 47


def test_orders_reverse_with_a_minus_and_are_kept() -> None:
    assert RowOrder.of_query(parse_query("sort:-highlighted").sort) == RowOrder()  # type: ignore[arg-type]
    assert RowOrder.of_query(parse_query("sort:title").sort) == RowOrder("article", False)  # type: ignore[arg-type]
    assert RowOrder("colour", True).term == "sort:-colour"


def test_gc_paused_gives_the_collector_back() -> None:
    assert gc.isenabled()
    with gc_paused():
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled(), "still inside the outer pause"
    assert gc.isenabled()
