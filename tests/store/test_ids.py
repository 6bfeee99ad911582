"""Ids map to storage rows one-to-one, on every path that writes (issue 11, item 1)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tui_reader.export import load_backup, restore_backup
from tui_reader.export.backup import backup_document, dump_backup
from tui_reader.importing import add_document
from tui_reader.model import Article, Document, Paragraph
from tui_reader.store import InvalidRecord, Library

TEXT = [Paragraph("Alpha beta gamma delta epsilon.")]


def backup_with(library: Library, articles: list[Article], highlight_ids: list[str]) -> bytes:
    """A backup of ``articles``; the first gets highlights with exactly these ids."""
    for article in articles:
        library.put_article(article, TEXT)
    document = backup_document(library)
    first = document["articles"][0]
    template = library.create_highlight(articles[0].id, 0, 0, 5).to_dict()
    first["highlights"] = [{**template, "id": hid} for hid in highlight_ids]
    return dump_backup(document)


def test_highlight_ids_that_differ_by_case_stay_two_highlights(tmp_path: Path) -> None:
    with Library.open(tmp_path / "source", "write") as source:
        data = backup_with(
            source,
            [Article(id="ab12cd34ef56ab78", title="T", paragraph_count=1)],
            ["ABCDEF0123456789", "abcdef0123456789"],
        )
    with Library.open(tmp_path / "target", "write") as target:
        report = restore_backup(target, load_backup(data))
        assert report.highlights_added == 2
        ids = {h.id for h in target.highlights("ab12cd34ef56ab78")}
        assert ids == {"ABCDEF0123456789", "abcdef0123456789"}
        assert target.check() == []


def test_articles_sharing_fifteen_hex_digits_stay_two_articles(tmp_path: Path) -> None:
    one = Article(id="abcdef0123456780", title="One", paragraph_count=1)
    two = Article(id="abcdef0123456781", title="Two", paragraph_count=1)
    with Library.open(tmp_path / "source", "write") as source:
        data = backup_with(source, [one, two], ["h1"])
    with Library.open(tmp_path / "target", "write") as target:
        restore_backup(target, load_backup(data))
        assert sorted(a.title for a in target.articles()) == ["One", "Two"]
        assert [h.id for h in target.highlights(one.id)] == ["h1"]
        assert target.highlights(two.id) == []
        assert target.check() == []
    with Library.open(tmp_path / "target", "write") as again:  # and after a reopen
        assert len(again) == 2


def test_highlight_ids_sharing_a_prefix_stay_apart_on_every_write_path(library: Library) -> None:
    aid = add_document(library, Document("T", TEXT)).article.id
    base = library.create_highlight(aid, 0, 0, 5)
    twin = library.put_highlight(replace(base, id=base.id[:15] + "x" * 17, note="twin"))
    upper = library.put_highlight(replace(base, id=base.id.upper(), note="upper"))
    assert {h.id for h in library.highlights(aid)} == {base.id, twin.id, upper.id}
    library.update_highlight(aid, twin.id, note="changed")
    assert library.get_highlight(aid, base.id).note == ""
    library.delete_highlight(aid, upper.id)
    assert {h.id for h in library.highlights(aid)} == {base.id, twin.id}


def test_a_highlight_id_of_another_article_is_refused(library: Library) -> None:
    first = Article(id="abc0000000000001", title="First", paragraph_count=1)
    second = Article(id="abc0000000000002", title="Second", paragraph_count=1)
    library.put_article(first, TEXT)
    library.put_article(second, TEXT)
    mine = library.create_highlight(first.id, 0, 0, 5, note="mine")
    with pytest.raises(InvalidRecord, match="belongs to another article"):
        library.put_highlight(replace(mine, article_id=second.id, note="stolen"))
    with pytest.raises(InvalidRecord, match="belongs to another article"):
        library.put_many([(second, None, [replace(mine, article_id=second.id)])])
    assert library.get_highlight(first.id, mine.id).note == "mine"
    assert library.highlights(second.id) == []


def test_article_ids_that_are_not_lower_case_hex_are_refused(library: Library) -> None:
    for bad in ("ABCDEF0123456789", "../../etc/passwd", "abc"):
        with pytest.raises(InvalidRecord, match="bad article id"):
            library.put_article(Article(id=bad, title="x"), TEXT)
    assert len(library) == 0
    assert not list((library.folder / "texts").rglob("*.json*"))
