"""The library API: articles, text, highlights, ids, tags, positions, search."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import catalog_file
from tui_reader.importing import AddStatus, add_document, add_documents
from tui_reader.model import Document, Paragraph, ReadingState
from tui_reader.store import InvalidRecord, Library, NotFound, ReadOnlyError


def doc(title: str = "A title", *texts: str, url: str = "") -> Document:
    """A small document."""
    paragraphs = [Paragraph(t) for t in (texts or ("First paragraph here.", "Second one."))]
    return Document(title=title, paragraphs=paragraphs, url=url, source="example.org")


def test_add_get_and_paragraphs_round_trip(library: Library, library_path: Path) -> None:
    result = add_document(library, doc("Hello", "One two three.", "Four five."))
    assert result.status is AddStatus.ADDED
    aid = result.article.id
    library.close()
    with Library.open(library_path, "write") as again:
        article = again.get(aid)
        assert article.title == "Hello"
        assert article.source == "example.org"
        assert article.paragraph_count == 2
        assert article.word_count == 5
        assert [p.text for p in again.paragraphs(aid)] == ["One two three.", "Four five."]


def test_same_document_twice_is_already_there(library: Library) -> None:
    first = add_document(library, doc())
    second = add_document(library, doc())
    assert second.status is AddStatus.UNCHANGED
    assert second.article.id == first.article.id
    assert len(library) == 1


def test_ids_are_stable_and_url_based(library: Library) -> None:
    a = add_document(library, doc("T", "x y", url="https://Example.org/a/#frag")).article
    b = doc("T changed", "other text", url="https://example.org/a/")
    assert b.article_id() == a.id
    assert len(a.id) == 16


def test_changed_text_at_same_url_updates_and_keeps_highlights(library: Library) -> None:
    url = "https://example.org/story"
    aid = add_document(
        library, doc("Story", "Alpha beta gamma.", "Delta epsilon.", url=url)
    ).article.id
    hl = library.create_highlight(aid, 1, 0, 5, "green", note="mine", tags=["t"])
    library.set_tags(aid, ["keep"])
    result = add_document(
        library, doc("Story", "New intro.", "Alpha beta gamma.", "Delta epsilon.", url=url)
    )
    assert result.status is AddStatus.UPDATED
    moved = library.get_highlight(aid, hl.id)
    assert moved.anchor.paragraph == 2
    assert moved.anchor.quote.exact == "Delta"
    assert moved.note == "mine"
    assert library.get(aid).tags == ("keep",)
    assert result.moved == 1


def test_highlight_create_update_delete(library: Library) -> None:
    aid = add_document(library, doc("T", "Hello brave new world.")).article.id
    hl = library.create_highlight(aid, 0, 6, 11, "yellow")
    assert hl.anchor.quote.exact == "brave"
    assert hl.anchor.quote.prefix == "Hello "
    updated = library.update_highlight(
        aid, hl.id, colour="blue", note=" a note ", tags=["x y", "#z"]
    )
    assert updated.colour == "blue"
    assert updated.tags == ("x-y", "z")
    assert library.highlights(aid) == [updated]
    assert library.highlight_count(aid) == 1
    library.delete_highlight(aid, hl.id)
    assert library.highlights(aid) == []
    with pytest.raises(NotFound):
        library.get_highlight(aid, hl.id)


def test_highlight_rejects_bad_colour_and_empty_span(library: Library) -> None:
    aid = add_document(library, doc()).article.id
    with pytest.raises(ValueError):
        library.create_highlight(aid, 0, 0, 3, "mauve")
    with pytest.raises(ValueError):
        library.create_highlight(aid, 0, 3, 3)


def test_tags_note_position_state(library: Library) -> None:
    aid = add_document(library, doc("T", "a", "b", "c")).article.id
    library.set_tags(aid, ["News", "news", " world ", ""])
    library.set_note(aid, "line one\nline two\x1b[31m")
    library.set_position(aid, 2)
    article = library.get(aid)
    assert article.tags == ("News", "world")
    assert article.note == "line one\nline two"
    assert article.position == 2
    assert article.state is ReadingState.READING
    assert article.progress == 1.0
    library.set_state(aid, "read")
    assert library.get(aid).state is ReadingState.READ
    assert library.tag_counts()["world"] == 1


def test_delete_removes_text_and_highlights(library: Library) -> None:
    aid = add_document(library, doc()).article.id
    library.create_highlight(aid, 0, 0, 5)
    library.delete(aid)
    with pytest.raises(NotFound):
        library.get(aid)
    with pytest.raises(NotFound):
        library.paragraphs(aid)
    assert list(library.all_highlights()) == []


def test_search_matches_title_source_tags_and_full_text(library: Library) -> None:
    a = add_document(library, doc("Tidal power", "Lagoons and turbines.")).article.id
    b = add_document(library, doc("Bread", "Slow fermentation of dough.")).article.id
    library.set_tags(b, ["food"])
    assert [x.id for x in library.search("tidal")] == [a]
    assert [x.id for x in library.search("FERMENTATION")] == [b]
    assert [x.id for x in library.search("food dough")] == [b]
    assert library.search("nothing-like-this") == []
    assert {x.id for x in library.search("")} == {a, b}


def test_resolve_by_prefix(library: Library) -> None:
    aid = add_document(library, doc()).article.id
    assert library.resolve(aid[:6]).id == aid
    with pytest.raises(NotFound):
        library.resolve("zz")


def test_read_only_library_refuses_changes(library: Library, library_path: Path) -> None:
    aid = add_document(library, doc()).article.id
    reader = Library.open(library_path, "read")
    assert reader.read_only
    with pytest.raises(ReadOnlyError):
        reader.set_tags(aid, ["x"])
    with pytest.raises(ReadOnlyError):
        add_document(reader, doc("Other"))
    assert reader.get(aid).tags == ()


def test_batch_add_writes_each_file_once(library: Library, library_path: Path) -> None:
    docs = [doc(f"Title {i}", f"Paragraph number {i}.") for i in range(50)]
    results = add_documents(library, docs)
    assert [r.status for r in results] == [AddStatus.ADDED] * 50
    assert len(library) == 50
    # Each catalog shard was written once for the batch: no earlier generation of any.
    shards = list((library_path / "catalog").iterdir())
    assert shards and not [p for p in shards if p.name.endswith(".1")]


def test_put_highlights_in_bulk(library: Library) -> None:
    from tui_reader.anchoring import make_anchor
    from tui_reader.model import Highlight

    ids = [
        add_document(library, doc(f"T{i}", f"Body number {i} here.")).article.id for i in range(20)
    ]
    hls = [
        Highlight(
            id=Highlight.new_id(),
            article_id=aid,
            anchor=make_anchor(library.paragraphs(aid), 0, 0, 4),
        )
        for aid in ids
    ]
    assert library.put_highlights(hls) == 20
    assert {h.id for h in library.all_highlights()} == {h.id for h in hls}
    with pytest.raises(NotFound):
        library.put_highlights([Highlight(id="x" * 32, article_id="0" * 16, anchor=hls[0].anchor)])


def test_recent_cache_follows_every_catalog_change(library: Library, library_path: Path) -> None:
    from tui_reader.store.library import RECENT_SIZE

    ids = [add_document(library, doc(f"T{i}", f"Body {i}.")).article.id for i in range(3)]
    assert [a.id for a in library.recent()] == [a.id for a in library.articles()]
    library.set_tags(ids[0], ["fresh"])
    assert {a.id: a.tags for a in library.recent()}[ids[0]] == ("fresh",)
    library.delete(ids[1])
    assert ids[1] not in {a.id for a in library.recent()}
    add_documents(library, [doc(f"More {i}", f"More body {i}.") for i in range(RECENT_SIZE + 5)])
    assert len(library.recent()) == RECENT_SIZE
    assert [a.id for a in library.recent()] == [a.id for a in library.articles()][:RECENT_SIZE]
    (library_path / "recent.json").write_bytes(b"garbage")
    assert library.recent() == []  # only a cache: unreadable means absent


def test_opening_does_not_read_the_catalog(library: Library, library_path: Path) -> None:
    aid = add_document(library, doc()).article.id
    library.close()
    catalog_file(library_path, aid).write_bytes(b"{broken")
    lib = Library.open(library_path, "read")  # cheap: the catalog is read on first use
    try:
        from tui_reader.store import LibraryCorrupt

        with pytest.raises(LibraryCorrupt):
            lib.articles()
    finally:
        lib.close()


def test_article_records_from_elsewhere_are_coerced() -> None:
    from tui_reader.model import Article

    fast = Article(id="ab" * 8, title="T", tags=("x",), paragraph_count=3)
    assert Article.from_dict(fast.to_dict()) == fast
    odd = Article.from_dict({"id": 12, "title": 5, "paragraph_count": "4", "state": "bogus"})
    assert (odd.id, odd.title, odd.paragraph_count, odd.state) == (
        "12",
        "5",
        4,
        ReadingState.UNREAD,
    )


def test_the_store_refuses_invalid_highlights_and_cleans_valid_ones(library: Library) -> None:
    aid = add_document(library, doc("T", "Hello brave new world.")).article.id
    good = library.create_highlight(aid, 0, 0, 5)
    outside = good.evolve(anchor=replace(good.anchor, end=500))
    with pytest.raises(InvalidRecord, match="outside"):
        library.put_highlight(outside)
    with pytest.raises(InvalidRecord, match="colour"):
        library.put_highlight(good.evolve(colour="octarine"))
    saved = library.put_highlight(good.evolve(note="a\x1b]0;x\x07b", tags=["#t\x1b"]))
    assert saved.note == "ab" and saved.tags == ("t",)
    assert library.get_highlight(aid, good.id).note == "ab"


def test_the_store_refuses_bad_article_ids(library: Library) -> None:
    article = add_document(library, doc("T", "x")).article
    with pytest.raises(InvalidRecord, match="bad article id"):
        library.put_many([(replace(article, id="ABCDEF0123456789"), [Paragraph("x")], [])])
    assert [a.id for a in library.articles()] == [article.id]


def test_taking_the_warnings_never_waits_for_a_write_under_way(library: Library) -> None:
    """The app asks for them on its UI thread: waiting for the store's lock froze it for
    as long as a refresh's write took (seconds at 100,000 articles)."""
    import threading

    library.warnings.append("Something to say.")
    writing, done = threading.Event(), threading.Event()

    def write() -> None:
        with library.mutex:  # as a write holds it
            writing.set()
            done.wait(10)

    writer = threading.Thread(target=write)
    writer.start()
    assert writing.wait(5)
    taken: list[list[str]] = []
    reader = threading.Thread(target=lambda: taken.append(library.take_warnings()))
    reader.start()
    reader.join(2)
    finished = not reader.is_alive()
    done.set()
    writer.join(5)
    reader.join(5)
    assert finished
    assert taken == [["Something to say."]]
