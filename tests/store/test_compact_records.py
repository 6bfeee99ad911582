"""Article records are stored without the fields that hold their default."""

from __future__ import annotations

import orjson
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import catalog_file
from tui_reader.importing import add_documents
from tui_reader.model import Article, Document, Paragraph, Queue, ReadingState
from tui_reader.store import Library, layout

texts = st.text(max_size=12)
articles = st.builds(
    Article,
    id=st.text(alphabet="0123456789abcdef", min_size=16, max_size=16),
    title=texts,
    source=texts,
    url=texts,
    author=texts,
    published=texts,
    added=texts,
    updated=texts,
    tags=st.lists(st.text(min_size=1, max_size=6), max_size=3).map(tuple),
    note=texts,
    content_hash=texts,
    paragraph_count=st.integers(0, 500),
    word_count=st.integers(0, 10**6),
    position=st.integers(0, 500),
    state=st.sampled_from(list(ReadingState)),
    origin=texts,
    guid=texts,
    queue=st.sampled_from(list(Queue)),
    read_at=texts,
)


@given(articles)
def test_a_compact_record_reads_back_as_the_article(article: Article) -> None:
    record = orjson.loads(orjson.dumps(article.to_record()))
    assert Article.from_dict(record) == article
    assert Article._from_stored(record) == article  # the fast path, not the lenient one
    full = article.to_dict()
    assert {k: v for k, v in full.items() if k in record} == record


def test_fields_at_their_default_are_left_out() -> None:
    bare = Article(id="0123456789abcdef", title="", added="2026-12-01T00:00:00+00:00")
    assert bare.to_record() == {
        "id": "0123456789abcdef",
        "title": "",
        "added": "2026-12-01T00:00:00+00:00",
    }
    read = Article(
        id="0123456789abcdef",
        title="T",
        added="2026-12-01T00:00:00+00:00",
        state=ReadingState.READ,
        queue=Queue.LATER,
        tags=("x",),
    )
    assert read.to_record() == {
        "id": "0123456789abcdef",
        "title": "T",
        "added": "2026-12-01T00:00:00+00:00",
        "tags": ["x"],
        "state": "read",
        "queue": "later",
    }


def test_a_full_record_written_before_still_reads_the_same() -> None:
    article = Article(
        id="0123456789abcdef", title="T", url="https://e.org/", position=3, paragraph_count=9
    )
    assert Article._from_stored(article.to_dict()) == article


def test_the_catalog_and_the_text_pack_hold_compact_records(library: Library) -> None:
    doc = Document("Title", [Paragraph("One two three.")], url="https://example.org/a")
    (result,) = add_documents(library, [doc])
    aid = result.article.id
    library.set_tags(aid, ["kept"])
    shard = orjson.loads(catalog_file(library.folder, aid).read_bytes())
    (row,) = [r for r in shard[layout.TABLES[layout.CATALOG]].values() if r["id"] == aid]
    assert row["tags"] == ["kept"] and row["url"] == "https://example.org/a"
    assert "note" not in row and "author" not in row and "position" not in row
    (pack,) = layout.pack_names(library.folder)
    text_rows = layout.read_pack(library.folder, pack)
    assert "note" not in text_rows[aid]["article"]
    reopened = Library.open(library.folder, "read")
    try:
        assert reopened.get(aid).tags == ("kept",)
        assert reopened.get(aid) == library.get(aid)
    finally:
        reopened.close()


@given(articles)
def test_a_record_is_to_dict_without_its_defaults_in_the_same_order(article: Article) -> None:
    # to_record is built field by field (for speed); it must stay the filtered to_dict
    defaults = Article(id="", title="", added="").to_dict()
    full = article.to_dict()
    expected = {
        key: value
        for key, value in full.items()
        if key in ("id", "title", "added") or value != defaults[key]
    }
    record = article.to_record()
    assert list(record.items()) == list(expected.items())
    assert orjson.dumps(record) == orjson.dumps(expected)  # the bytes written
