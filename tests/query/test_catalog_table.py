"""The catalog table answers every query exactly as the article-by-article evaluator does,
and stays so after every kind of save.

The reference is the evaluator itself (:class:`Matcher`) asked about every
article of the library, then :func:`order`: what ``run_query`` did before the
table existed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.query.known import NOW
from tui_reader.model import (
    COLOURS,
    Anchor,
    Article,
    Highlight,
    Paragraph,
    Queue,
    Quote,
    ReadingState,
)
from tui_reader.query import Matcher, evaluate, parse_query, run_query
from tui_reader.query.catalog_table import catalog_table
from tui_reader.query.evaluate import held_highlights, order
from tui_reader.query.nodes import Query, Sort
from tui_reader.store import Library

WORDS = ["harbour", "treaty", "lagoon", "winter", "river", "museum"]
TAGS = ["news", "Science", "food", "long-read"]
SOURCES = ["site1.example", "www.rfa.org", "blog.example", ""]
DATES = ["2026-01-10", "2026-02-03", "2026-03-01", "2026-03-05", "2025-12-24"]


def _article(rng: random.Random, n: int) -> tuple[Article, list[Paragraph], list[Highlight]]:
    words = rng.sample(WORDS, 3)
    paragraphs = [Paragraph(" ".join(words) + f" paragraph {i}.") for i in range(4)]
    aid = f"{n:016x}"
    day = rng.choice(DATES)
    article = Article(
        id=aid,
        title=f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {n}",
        source=rng.choice(SOURCES),
        url=rng.choice(["", f"https://news{n % 3}.example/a/{n}"]),
        published=rng.choice(["", *DATES]),
        added=f"{day}T{rng.randint(8, 9):02}:00:00+00:00",  # ties in the added order
        tags=tuple(rng.sample(TAGS, rng.randint(0, 2))),
        note=rng.choice(["", "", "a note on the treaty", "  "]),
        paragraph_count=len(paragraphs),
        position=rng.randint(0, 3),
        state=rng.choice(list(ReadingState)),
        queue=rng.choice(list(Queue)),
        origin=f"https://feed{n % 2}.example/rss" if n % 3 == 0 else "",
        guid=f"g{n}" if n % 3 == 0 else "",
    )
    highlights = [
        Highlight(
            id=f"{n:016x}{k:016x}",
            article_id=aid,
            anchor=Anchor(k, 0, 3, Quote(paragraphs[k].text[:3])),
            colour=rng.choice(COLOURS),
            note=rng.choice(["", "check the treaty", "winter"]),
            tags=tuple(rng.sample(TAGS, rng.randint(0, 1))),
            created=f"{rng.choice(DATES)}T10:00:00+00:00",
        )
        for k in range(rng.randint(0, 3))
    ]
    return article, paragraphs, highlights


def fill(library: Library, count: int, seed: int = 7, start: int = 0) -> None:
    rng = random.Random(seed)
    library.put_many([_article(rng, n) for n in range(start, start + count)])


@pytest.fixture(autouse=True, scope="module")
def _always_the_table() -> Iterator[None]:
    """Words naming a few candidates are tested one by one (evaluate.FEW); here the table
    answers them too, so both ways are compared."""
    kept = evaluate.FEW
    evaluate.FEW = -1
    yield
    evaluate.FEW = kept


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    library = Library.open(tmp_path_factory.mktemp("table") / "library", "write")
    fill(library, 60)
    yield library
    library.close()


def reference(library: Library, query: Query, default_sort: Sort | None = None) -> list[str]:
    """The ids the evaluator selects, article by article, in order."""
    matcher = Matcher(library, query, NOW)
    found = [a for a in library.articles() if matcher.matches(a)]
    return [a.id for a in order(found, query.sort or default_sort, matcher, newest_first=True)]


def answer(
    library: Library, query: Query, default_sort: Sort | None = None, table: bool = True
) -> list[str]:
    result = run_query(library, query, default_sort=default_sort, now=NOW, table=table)
    return [a.id for a in result.articles]


FIELDS = st.sampled_from(
    [
        *WORDS,
        '"harbour treaty"',
        "lag*",
        *(f"tag:{t}" for t in TAGS),
        "tag:nothing",
        *(f"colour:{c}" for c in COLOURS),
        "has:note",
        "has:highlights",
        "is:unread",
        "is:reading",
        "is:read",
        "in:inbox",
        "in:later",
        "in:archive",
        "feed:feed1",
        "feed:example",
        "feed:feed1.example",
        "feed:https://feed0.example/rss",
        "source:rfa",
        "source:news2",
        "title:lagoon",
        "title:harbour treaty",
        "note:treaty",
        "note:winter",
        "added:2026-03",
        "added:>2026-02-01",
        "added:..2026-01",
        "published:2026-01..2026-02",
        "published:<2026-03-01",
        "highlighted:2026-03",
        "highlighted:7d",
        "added:7d",
    ]
)


@st.composite
def queries(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        term = draw(FIELDS)
        if draw(st.booleans()) and len(parts) > 0:
            term = "-" + term
        parts.append(term)
    if len(parts) > 1 and draw(st.booleans()):
        cut = draw(st.integers(1, len(parts) - 1))
        text = " ".join(parts[:cut]) + " OR (" + " ".join(parts[cut:]) + ")"
    else:
        text = " ".join(parts)
    sort = draw(
        st.sampled_from(
            [
                "",
                "sort:added",
                "sort:-added",
                "sort:title",
                "sort:-title",
                "sort:progress",
                "sort:-progress",
                "sort:published",
                "sort:-published",
                "sort:highlighted",
                "sort:-highlighted",
                "sort:colour",
                "sort:article",
            ]
        )
    )
    return f"{text} {sort}".strip()


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=queries())
def test_table_agrees_with_the_evaluator(big: Library, text: str) -> None:
    query = parse_query(text)
    expected = reference(big, query)
    assert answer(big, query) == expected, text
    assert catalog_table(big).loaded
    assert answer(big, query, table=False) == expected, text  # article by article


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=queries())
def test_highlights_held_agree_with_the_evaluator(big: Library, text: str) -> None:
    query = parse_query(text)
    matcher = Matcher(big, query, NOW)
    expected = set()
    for record in big.highlight_records():
        article = big.saved(record["article_id"])
        if article is not None and matcher.holds_for_record(article, record):
            expected.add((article.id, record["id"]))
    assert held_highlights(big, query, NOW) == expected, text


@settings(max_examples=60, deadline=None)
@given(text=queries())
def test_default_sorts_agree(text: str) -> None:
    with Library.open(_folder(), "read") as library:
        query = parse_query(text)
        for default in (Sort("added", True), Sort("title"), Sort("progress", True)):
            expected = reference(library, query, default)
            assert answer(library, query, default) == expected, text
            assert answer(library, query, default, table=False) == expected, text


_FOLDER: list[Path] = []


def _folder() -> Path:
    return _FOLDER[0]


@pytest.fixture(autouse=True, scope="module")
def _read_only_copy(big: Library) -> None:
    _FOLDER[:] = [big.folder]


def test_words_before_the_table_is_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A one-off search (the table not loaded) reads only the articles its words name,
    and answers as the table does."""
    with Library.open(tmp_path / "lib", "write") as library:
        fill(library, 30)
        texts = ["harbour", "harbour tag:news", "treaty -is:read sort:title", "lagoon colour:pink"]
        with monkeypatch.context() as patch:
            patch.setattr(Library, "articles", None)  # the whole catalog is never read
            before = {t: answer(library, parse_query(t), table=None) for t in texts}
        assert not catalog_table(library).loaded
        run_query(library, parse_query("is:read"), table=True)
        assert catalog_table(library).loaded
        for text in texts:
            assert (
                before[text]
                == answer(library, parse_query(text))
                == reference(library, parse_query(text))
            ), text


AFTER_SAVES = [
    "tag:news",
    "-tag:science",
    "has:note",
    "note:fresh",
    "is:reading",
    "in:later",
    "colour:blue",
    "has:highlights",
    "title:renamed",
    "sort:-progress",
    "sort:title",
    "treaty",
    "highlighted:2026-03 sort:-highlighted",
]


def test_table_follows_every_save(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Library.open(tmp_path / "lib", "write") as library:
        fill(library, 40)
        for text in AFTER_SAVES:
            run_query(library, parse_query(text), now=NOW, table=True)
        loads: list[int] = []
        whole = Library.articles

        def counted(self: Library) -> list[Article]:
            loads.append(1)
            return whole(self)

        ids = [a.id for a in library.articles()]
        monkeypatch.setattr(Library, "articles", counted)

        def check() -> None:
            for text in AFTER_SAVES:
                query = parse_query(text)
                got = answer(library, query)
                with monkeypatch.context() as undo:
                    undo.setattr(Library, "articles", whole)
                    assert got == reference(library, query), text

        library.set_tags(ids[0], ["News", "Science"])
        library.set_note(ids[1], "a fresh note")
        library.set_position(ids[2], 2)
        library.set_queue(ids[3], "later")
        library.set_state(ids[4], "read")
        library.create_highlight(ids[5], 0, 0, 5, "blue", note="fresh")
        check()
        library.delete(ids[6])
        hl = library.highlights(ids[5])[0]
        library.update_highlight(ids[5], hl.id, colour="pink")
        check()
        renamed = library.get(ids[7])
        library.put_article(
            Article.from_dict({**renamed.to_dict(), "title": "Renamed treaty", "tags": ["news"]}),
            library.paragraphs(ids[7]),
        )
        fill(library, 5, seed=9, start=500)  # new articles
        check()
        assert loads == [], "the table re-read only the articles that changed"
        assert run_query(library, parse_query("")).total == 44  # the table, loaded: by default


def test_kept_tag_and_colour_masks_follow_saves(tmp_path: Path) -> None:
    """The masks kept for ``tag:`` and ``colour:`` (article tags, highlight tags, colours)
    follow tags taken off and put on, and highlights recoloured, added and deleted."""
    texts = ["tag:food", "-tag:food", "tag:Science OR colour:blue", "tag:news colour:green"]
    with Library.open(tmp_path / "lib", "write") as library:
        fill(library, 40)

        def check() -> None:
            for text in texts:
                query = parse_query(text)
                assert answer(library, query) == reference(library, query), text

        check()
        tagged = [a for a in library.articles() if "food" in a.tags]
        library.set_tags(tagged[0].id, [])  # a tag taken off
        library.set_tags(tagged[1].id, ["news"])
        untagged = [a for a in library.articles() if not a.tags]
        library.set_tags(untagged[0].id, ["Food", "science"])  # put on
        check()
        with_hls = [a for a in library.articles() if library.highlights(a.id)]
        first = library.highlights(with_hls[0].id)[0]
        library.update_highlight(with_hls[0].id, first.id, colour="blue", tags=["food"])
        second = library.highlights(with_hls[1].id)[0]
        library.update_highlight(with_hls[1].id, second.id, colour="green", tags=[])
        library.delete_highlight(with_hls[2].id, library.highlights(with_hls[2].id)[0].id)
        library.create_highlight(with_hls[3].id, 1, 0, 4, "green", tags=["News"])
        check()


@settings(max_examples=150, deadline=None)
@given(text=queries())
def test_words_left_out_need_no_ranking(text: str) -> None:
    """A word the query leaves out at its top level is only looked up, not ranked: every
    query answers exactly as when each word is ranked."""
    query = parse_query(text)
    with Library.open(_folder(), "read") as library:
        got = answer(library, query), answer(library, query, table=False)
        kept = evaluate._left_out_words
        evaluate._left_out_words = lambda query: ()  # type: ignore[assignment]
        try:
            ranked = answer(library, query), answer(library, query, table=False)
        finally:
            evaluate._left_out_words = kept
    assert got == ranked, text


@settings(max_examples=150, deadline=None)
@given(text=queries())
def test_words_an_or_joins_are_one_search(text: str) -> None:
    """The words of an OR are one index search (their scores summed by the index): every
    query answers, in the same order, exactly as when each word is searched alone."""
    query = parse_query(text)
    with Library.open(_folder(), "read") as library:
        got = answer(library, query), answer(library, query, table=False)
        kept = evaluate._either_words
        evaluate._either_words = lambda query: ()  # type: ignore[assignment]
        try:
            alone = answer(library, query), answer(library, query, table=False)
        finally:
            evaluate._either_words = kept
    assert got == alone, text


def test_tag_counts_are_kept_until_a_save(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Library.open(tmp_path / "lib", "write") as library:
        fill(library, 20)
        table = catalog_table(library)
        run_query(library, parse_query(""), table=True)
        counted: list[int] = []
        count = Library.tag_counts

        def spy(self: Library) -> object:
            counted.append(1)
            return count(self)

        monkeypatch.setattr(Library, "tag_counts", spy)
        first = table.tag_counts()
        assert table.tag_counts() is first and len(counted) == 1
        article = library.articles()[0]
        library.set_tags(article.id, [*article.tags, "fresh"])
        assert table.tag_counts()["fresh"] == 1 and len(counted) == 2
        assert table.tag_counts() == count(library)


def test_new_articles_are_merged_into_the_kept_order_not_all_sorted_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refresh adds thousands of articles to 100,000: only the new ones are sorted (then
    merged into the order kept), and every order is the one a full sort gives."""
    from tui_reader.query import catalog_table as module

    with Library.open(tmp_path / "lib", "write") as library:
        fill(library, 300)
        queries = [parse_query(text) for text in ("", "sort:added", "sort:title", "treaty")]
        for query in queries:
            assert answer(library, query) == reference(library, query)
        sorted_sizes: list[int] = []
        whole = module.sorted_in_steps

        def counted(items: Any, *args: Any, **kwargs: Any) -> list[Any]:
            items = list(items)
            sorted_sizes.append(len(items))
            return whole(items, *args, **kwargs)

        monkeypatch.setattr(module, "sorted_in_steps", counted)
        fill(library, 25, seed=9, start=1000)  # added dates among the old ones' and after
        assert answer(library, parse_query("")) == reference(library, parse_query(""))
        assert sorted_sizes == [25], "the new slots alone were sorted"
        for query in queries:
            assert answer(library, query) == reference(library, query)
        table = catalog_table(library)
        assert table.order("added", True) == sorted(
            (s for s in range(len(table.ids)) if table.alive[s]),
            key=table.added_key.__getitem__,
            reverse=True,
        )


def test_words_in_most_articles_after_a_delete_and_a_re_add(tmp_path: Path) -> None:
    """Words naming more than half the table are matched by looking each of its ids up
    among the hits: a deleted article's slot stays out, its re-added article's new slot
    is in, as when each hit's slot is looked up."""
    every = " OR ".join(WORDS)  # each article holds three of them
    with Library.open(tmp_path / "lib", "write") as library:
        fill(library, 40)
        run_query(library, parse_query(every), now=NOW, table=True)
        ids = [a.id for a in library.articles()]
        gone, back = library.get(ids[3]), library.get(ids[5])
        text = library.paragraphs(back.id)
        library.delete(gone.id)
        library.delete(back.id)
        library.put_article(back, text)
        for query in (every, f"{every} sort:title", "harbour", "-harbour"):
            parsed = parse_query(query)
            got = answer(library, parsed)
            assert gone.id not in got
            assert back.id in got or not query.startswith(every)
            assert got == reference(library, parsed), query
