"""The full-text index: ranking, phrases, prefixes, snippets, and keeping in step with the store."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from tests.index.helpers import assert_agrees, doc
from tui_reader.importing import add_document, add_documents
from tui_reader.index import INDEX_FILE, IndexState, TextQuery, make_snippet
from tui_reader.model import Document, Paragraph
from tui_reader.store import Library


@pytest.fixture
def library(tmp_path: Path) -> Library:
    lib = Library.open(tmp_path / "lib", "write")
    yield lib
    lib.close()


def titles(library: Library, query: str) -> list[str]:
    return [a.title for a in library.search(query)]


def test_a_new_library_indexes_as_it_imports(library: Library) -> None:
    add_documents(library, [doc(n) for n in range(20)])
    assert library.search_index.state is IndexState.READY
    assert (library.folder / INDEX_FILE).exists()
    assert titles(library, "token7") == ["Article 7"]
    assert_agrees(library)


def test_title_words_rank_above_text_words(library: Library) -> None:
    add_documents(
        library,
        [
            doc(1, "The drought lasted all summer; drought again in May.", title="Farming"),
            doc(2, "Nothing about weather here.", title="Drought in the valley"),
            doc(3, "One drought, once.", title="Rivers"),
            # Most articles do not mention it (a word in every article says nothing).
            *(doc(n, "Bread and dough.", title=f"Other {n}") for n in range(10, 20)),
        ],
    )
    assert titles(library, "drought")[0] == "Drought in the valley"
    assert set(titles(library, "drought")) == {"Farming", "Drought in the valley", "Rivers"}


def test_every_word_must_match_anywhere(library: Library) -> None:
    add_documents(
        library,
        [
            doc(1, "Bread and dough.", tags=("food",)),
            doc(2, "Bread only."),
        ],
    )
    assert titles(library, "bread food") == ["Article 1"]
    assert titles(library, "BREAD") and titles(library, "zzz") == []


def test_phrases_and_prefixes(library: Library) -> None:
    add_documents(
        library,
        [
            doc(1, "The dry season came early."),
            doc(2, "Season of dry winds."),
            doc(3, "A museum and its museology."),
        ],
    )
    assert titles(library, '"dry season"') == ["Article 1"]
    assert set(titles(library, "dry season")) == {"Article 1", "Article 2"}
    assert titles(library, "muse*") == ["Article 3"]
    assert titles(library, "muse") == []


def test_accents_and_case_do_not_matter(library: Library) -> None:
    add_documents(library, [doc(1, "Le Musée d'Orsay à Paris.")])
    assert titles(library, "musee") == ["Article 1"]
    assert titles(library, "MUSÉE orsay") == ["Article 1"]


def test_fts_syntax_typed_by_the_user_is_only_words(library: Library) -> None:
    add_documents(library, [doc(1, "Cats NEAR dogs AND mice.")])
    assert titles(library, "NEAR AND") == ["Article 1"]
    assert titles(library, 'cats" OR "x') == []  # no injection: every term required
    assert titles(library, "^ ( ) : -") == [a.title for a in library.articles()]


def test_snippet_points_at_the_matched_words() -> None:
    text = (
        "Intro words. " * 30 + "Then the dry season came to the museum of rivers. " + "Tail. " * 30
    )
    query = TextQuery.parse('"dry season" muse*')
    snippet = make_snippet(text, query)
    assert snippet.text.startswith("…") and snippet.text.endswith("…")
    matched = [snippet.text[s:e] for s, e in snippet.spans]
    assert matched == ["dry season", "museum"]
    assert "".join(piece for piece, _ in snippet.parts()) == snippet.text
    assert [piece for piece, hit in snippet.parts() if hit] == matched


def test_search_hits_carry_snippets(library: Library) -> None:
    add_documents(library, [doc(1, "Long ago the harbour froze and the harbour master left.")])
    hit = next(library.search_hits("harbour master", snippets=5))
    assert hit.snippet is not None
    assert [hit.snippet.text[s:e] for s, e in hit.snippet.spans] == ["harbour", "harbour", "master"]


def test_updates_tags_and_deletes_follow_the_store(library: Library) -> None:
    add_documents(library, [doc(n) for n in range(5)])
    first = library.search("token1")[0]
    add_document(
        library,
        Document(
            title="Article 1",
            paragraphs=[Paragraph("Rewritten with a lighthouse.")],
            url="https://example.org/1",
        ),
    )
    assert titles(library, "lighthouse") == ["Article 1"]
    assert titles(library, "token1") == []
    library.set_tags(first.id, ["zebra"])
    assert titles(library, "zebra") == ["Article 1"]
    library.set_tags(first.id, [])
    assert titles(library, "zebra") == []
    library.delete(library.search("token3")[0].id)
    assert titles(library, "token3") == []
    assert library.search_index.stats()["dead"] == 0  # every old entry deleted exactly
    assert_agrees(library)


def test_a_missing_index_is_rebuilt_with_progress(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    with Library.open(folder, "write") as lib:
        add_documents(lib, [doc(n) for n in range(30)])
    for path in folder.glob(INDEX_FILE + "*"):
        path.unlink()
    seen: list[tuple[int, int]] = []
    with Library.open(folder, "write") as lib:
        lib.index_progress = lambda done, total: seen.append((done, total))
        notice = lib.warm_search()
        assert notice == "Built the search index (30 articles)."
        assert seen[0] == (0, 30) and seen[-1] == (30, 30)
        assert titles(lib, "token29") == ["Article 29"]
        assert_agrees(lib)


def test_an_index_of_another_format_is_rebuilt(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    with Library.open(folder, "write") as lib:
        add_documents(lib, [doc(n) for n in range(5)])
    db = sqlite3.connect(folder / INDEX_FILE)
    db.execute("UPDATE meta SET value = '0' WHERE key = 'format'")
    db.execute("DELETE FROM docs")  # what an old format held would be of no use
    db.commit()
    db.close()
    with Library.open(folder, "write") as lib:
        assert titles(lib, "token4") == ["Article 4"]
        assert any("out of date" in w for w in lib.take_warnings())
        assert_agrees(lib)


def test_a_damaged_index_is_rebuilt_and_said(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    with Library.open(folder, "write") as lib:
        add_documents(lib, [doc(n) for n in range(40)])
    path = folder / INDEX_FILE
    for extra in folder.glob(INDEX_FILE + "-*"):
        extra.unlink()
    path.write_bytes(b"this is not a database" * 200)
    with Library.open(folder, "write") as lib:
        assert titles(lib, "token39") == ["Article 39"]
        assert any("was damaged" in w for w in lib.take_warnings())
        assert_agrees(lib)


def test_read_only_without_an_index_scans_and_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    with Library.open(folder, "write") as lib:
        add_documents(lib, [doc(n) for n in range(5)])
    for path in folder.glob(INDEX_FILE + "*"):
        path.unlink()
    with Library.open(folder, "read") as lib:
        hits = list(lib.search_hits("token2", snippets=1))
        assert [h.article.title for h in hits] == ["Article 2"]
        assert hits[0].snippet is not None and hits[0].snippet.spans
    assert not (folder / INDEX_FILE).exists()


def test_terms_left_out_are_never_listed_nor_ranked(tmp_path: Path) -> None:
    """``TextQuery.without``: the index lists the articles holding the terms and none of
    the left-out ones, ranked as without them (and ``any``: those holding one of the
    terms); so does the scan of a read-only library without an index."""
    from tui_reader.store.searching import text_ranks, text_scores

    folder = tmp_path / "lib"
    docs = [
        doc(1, "Bread and dough, bread again."),
        doc(2, "Bread with butter."),
        doc(3, "Bread in the old mill.", tags=("mill",)),
        doc(4, "Only butter."),
    ]
    with Library.open(folder, "write") as lib:
        ids = [r.article.id for r in add_documents(lib, docs)]
        bread = TextQuery.parse("bread")
        without = TextQuery(bread.terms, TextQuery.parse('butter "old mill"').terms)
        alone = text_ranks(lib, bread)
        found = text_ranks(lib, without)
        assert sorted(found) == [ids[0]]  # 2 holds butter, 3 the phrase "old mill"
        assert found[ids[0]] == alone[ids[0]]  # the left-out terms add nothing to the rank
        scores = text_scores(lib, bread)  # minus the ranks, the columns weighed alike
        assert scores == {i: -rank for i, rank in alone.items()} and len(scores) == 3
        either = TextQuery(TextQuery.parse("dough mill").terms, any=True)
        assert sorted(text_ranks(lib, either)) == sorted([ids[0], ids[2]])
    for path in folder.glob(INDEX_FILE + "*"):
        path.unlink()
    with Library.open(folder, "read") as lib:
        assert sorted(text_ranks(lib, without)) == [ids[0]]
        assert sorted(text_ranks(lib, either)) == sorted([ids[0], ids[2]])


def test_changes_behind_the_index_are_reconciled(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    with Library.open(folder, "write") as lib:
        add_documents(lib, [doc(n) for n in range(5)])
    with Library.open(folder, "write") as lib:
        # An older newsread knows nothing of the index: its writes reach only the store.
        lib.search_index.read_only = True
        lib.set_tags(lib.search("token2")[0].id, ["walrus"])
        add_document(lib, doc(9))
    with Library.open(folder, "write") as lib:
        assert titles(lib, "walrus") == []  # not known yet
        assert lib.warm_search() is None
        assert titles(lib, "walrus") == ["Article 2"]
        assert titles(lib, "token9") == ["Article 9"]
        assert_agrees(lib)


def test_search_from_a_thread_while_another_writes(library: Library) -> None:
    add_documents(library, [doc(n) for n in range(50)])
    errors: list[BaseException] = []
    stop = threading.Event()

    def searcher() -> None:
        try:
            while not stop.is_set():
                assert library.search("rivers stones")
        except BaseException as error:
            errors.append(error)

    thread = threading.Thread(target=searcher)
    thread.start()
    try:
        for n in range(50, 120):
            add_document(library, doc(n))
            if n % 7 == 0:
                library.set_tags(library.search(f"token{n}")[0].id, ["t"])
    finally:
        stop.set()
        thread.join()
    assert not errors
    assert len(library.search("rivers")) == 120
    assert_agrees(library)


def test_two_threads_asking_for_a_missing_index_build_it_once(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    with Library.open(folder, "write") as lib:
        add_documents(lib, [doc(n) for n in range(300)])
    for path in folder.glob(INDEX_FILE + "*"):
        path.unlink()
    with Library.open(folder, "write") as lib:
        notices: list[str | None] = []
        threads = [
            threading.Thread(target=lambda: notices.append(lib.search_index.ensure()))
            for _ in range(2)
        ]
        for thread in threads:
            thread.start()
        add_document(lib, doc(1000))  # a write while the build runs
        for thread in threads:
            thread.join()
        assert sorted(notices, key=str) == ["Built the search index (300 articles).", None] or (
            sorted(notices, key=str) == ["Built the search index (301 articles).", None]
        )
        assert titles(lib, "token1000") == ["Article 1000"]
        assert_agrees(lib)


def test_an_empty_library_gets_its_index_without_a_notice(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib", "write") as lib:
        assert lib.warm_search() is None
        assert lib.take_warnings() == []
        assert lib.search_index.state is IndexState.READY


def test_bm25_counts_how_often_a_word_occurs(library: Library) -> None:
    filler = "Bread and dough and ovens and flour. " * 6
    add_documents(
        library,
        [
            doc(1, f"{filler} A harbour once.", title="Once"),
            doc(2, f"{filler} The harbour, the harbour, the harbour master.", title="Thrice"),
            *(doc(n, filler, title=f"Other {n}") for n in range(10, 20)),
        ],
    )
    hits = library.search_index.search(TextQuery.parse("harbour"))
    assert [library.get(h.article_id).title for h in hits] == ["Thrice", "Once"]
    assert hits[0].rank < hits[1].rank < 0  # bm25(): lower is better


def test_phrases_and_prefixes_need_no_text_read(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_documents(
        library,
        [doc(1, "The dry season came early."), doc(2, "Season of dry winds, museology.")],
    )

    def no_text(self: Library, article_id: str) -> None:
        raise AssertionError("a search read an article's text")

    monkeypatch.setattr(Library, "paragraphs", no_text)
    index = library.search_index
    found = {h.article_id for h in index.search(TextQuery.parse('"dry season"'))}
    assert {library.get(i).title for i in found} == {"Article 1"}
    assert {library.get(i).title for i in index.match_ids('"season of" muse*')} == {"Article 2"}


def test_an_index_without_word_positions_is_rebuilt_with_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui_reader.index import search_index

    folder = tmp_path / "lib"
    monkeypatch.setattr(search_index, "FORMAT", "2")
    monkeypatch.setattr(search_index, "DETAIL", "column")  # what format 2 was
    with Library.open(folder, "write") as lib:
        add_documents(lib, [doc(1, "The dry season came early."), doc(2, "Dry winds, a season.")])
    monkeypatch.undo()
    with Library.open(folder, "write") as lib:
        assert titles(lib, '"dry season"') == ["Article 1"]
        assert any("out of date" in w for w in lib.take_warnings())
        assert_agrees(lib)
    db = sqlite3.connect(folder / INDEX_FILE)
    (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE name = 'fts'").fetchone()
    freed = db.execute("PRAGMA freelist_count").fetchone()[0]
    db.close()
    assert "detail=full" in sql
    assert freed == 0  # the old tables' pages went back to the file system


def test_fts_snippets_mark_the_words_and_keep_no_control_characters() -> None:
    from tui_reader.index.snippet import fts_snippets

    body = "Intro. " * 40 + "The dry season\x07 came to the museum.\nNext\x1b line." + " Tail." * 40
    found = fts_snippets(
        {"a": body, "b": "Nothing of it here at all."}, TextQuery.parse('"dry season" muse*')
    )
    snippet = found["a"]
    assert [snippet.text[s:e] for s, e in snippet.spans] == ["dry season", "museum"]
    assert snippet.text.startswith("…") and snippet.text.endswith("…")
    assert not any(ord(c) < 32 for c in snippet.text)
    assert found["b"].text == "Nothing of it here at all." and found["b"].spans == ()


def test_fts_snippets_start_shortly_before_the_first_match() -> None:
    from tui_reader.index.snippet import LEAD, fts_snippets

    body = " ".join(f"word{n}" for n in range(200)) + " harbour " + "tail " * 5
    snippet = fts_snippets({"a": body}, TextQuery.parse("harbour"))["a"]
    (start, end), *_ = snippet.spans
    assert snippet.text[start:end] == "harbour"
    assert start <= LEAD + 1 and snippet.text.startswith("…")


def test_an_index_with_the_body_last_is_rebuilt_with_it_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Format 3 put the body last: FTS5 then wrote a column number before every word's
    positions in every article (0.65x the text at 100,000 articles instead of 0.47x)."""
    from tui_reader.index import search_index

    folder = tmp_path / "lib"
    monkeypatch.setattr(search_index, "FORMAT", "3")
    monkeypatch.setattr(
        search_index,
        "_fts_sql",
        lambda name: (
            f"CREATE VIRTUAL TABLE {name} USING fts5(title, source, tags, body, content='', "
            "detail=full, tokenize='unicode61 remove_diacritics 2')"
        ),
    )
    with Library.open(folder, "write") as lib:
        add_documents(lib, [doc(n) for n in range(3)])
        add_documents(lib, [doc(7, "Harbour talk.", title="Plain"), doc(8, title="Harbour")])
    monkeypatch.undo()
    with Library.open(folder, "write") as lib:
        assert titles(lib, "harbour") == ["Harbour", "Plain"]  # the title still weighs more
        assert any("out of date" in w for w in lib.take_warnings())
        assert_agrees(lib)
    db = sqlite3.connect(folder / INDEX_FILE)
    (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE name = 'fts'").fetchone()
    db.close()
    assert "fts5(body, title, source, tags," in sql
