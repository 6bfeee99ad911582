"""JSON backup and restore: round trip, validation, merging."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import orjson
import pytest

from tests.export.conftest import add_article, annotated
from tui_reader.export import BackupError, export_articles, load_backup, restore_backup
from tui_reader.export.backup import BACKUP_FORMAT, backup_document, dump_backup
from tui_reader.importing import add_document
from tui_reader.model import Article, Document, Paragraph, ReadingState
from tui_reader.store import Library


def full_library(library: Library) -> None:
    """Articles with text, headings, notes, tags, positions, states, orphans, settings."""
    first, _ = annotated(library)
    library.set_position(first.id, 2)
    library.set_state(first.id, ReadingState.READ)
    third = add_article(library, "Third", ["Heading here", "Body."], tags=["t"])
    library.put_article(
        library.get(third.id),
        [Paragraph("Heading here", "heading", 2), Paragraph("Body with an orphan.")],
    )
    hl = library.create_highlight(third.id, 1, 0, 4, "purple", note="n", tags=["a"])
    library.put_highlight(hl.evolve(orphan=True))
    library.set_settings({"theme": "nord", "nested": {"a": [1, 2]}})


def test_backup_restore_backup_is_equal(library: Library, tmp_path: Path) -> None:
    full_library(library)
    first = export_articles(library, None, "json", tmp_path / "one.json")
    assert first.files == [tmp_path / "one.json"] and first.articles == 3
    assert first.highlights == 4
    backup = load_backup((tmp_path / "one.json").read_bytes())
    with Library.open(tmp_path / "restored", "write") as other:
        report = restore_backup(other, backup)
        assert (report.articles_added, report.highlights_added) == (3, 4)
        assert report.settings_restored
        export_articles(other, None, "json", tmp_path / "two.json")
        for article in library.articles():
            assert other.get(article.id) == article
            assert other.paragraphs(article.id) == library.paragraphs(article.id)
            assert other.highlights(article.id) == library.highlights(article.id)
        assert other.settings() == library.settings()
    one = (tmp_path / "one.json").read_bytes()
    two = (tmp_path / "two.json").read_bytes()
    assert one == two  # byte for byte, "exported" included


def test_backup_format(library: Library) -> None:
    full_library(library)
    doc = backup_document(library)
    assert doc["format"] == BACKUP_FORMAT and doc["version"] == 1
    assert [a["article"]["id"] for a in doc["articles"]] == sorted(a.id for a in library.articles())
    item = next(a for a in doc["articles"] if a["article"]["title"] == "Third")
    assert item["paragraphs"] == [["Heading here", "heading", 2], ["Body with an orphan."]]
    assert item["highlights"][0]["orphan"] is True
    assert doc["settings"] == {"theme": "nord", "nested": {"a": [1, 2]}}


def good_backup(library: Library) -> dict:
    full_library(library)
    return orjson.loads(dump_backup(backup_document(library)))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: "{nope", "not valid JSON"),
        (lambda d: [1, 2], "not a newsread backup"),
        (lambda d: {**d, "format": "something-else"}, "not a newsread backup (its format is"),
        (lambda d: {**d, "version": 99}, "newer newsread (backup version 99"),
        (lambda d: {**d, "version": "1"}, "no valid backup version"),
        (lambda d: {**d, "articles": {}}, "'articles' must be a list"),
        (lambda d: {**d, "settings": []}, "settings must be an object"),
        (lambda d: {**d, "articles": [*d["articles"], d["articles"][0]]}, "appears twice"),
        (lambda d: _set(d, "article", "id", "../../x"), "bad article id"),
        (lambda d: _set(d, "article", "title", 5), "'title' must be text"),
        (lambda d: _set(d, "article", "position", -1), "'position' must be a whole number"),
        (lambda d: _set(d, "article", "tags", "a,b"), "'tags' must be a list of text"),
        (lambda d: _set_item(d, "paragraphs", [[1]]), "must be [text]"),
        (lambda d: _set_item(d, "paragraphs", [["x", "table", 1]]), "must be [text]"),
        (lambda d: _set_hl(d, "id", "a/b"), "bad highlight id"),
        (lambda d: _set_hl(d, "paragraph", 99), "points outside its article's text"),
        (lambda d: _set_hl(d, "end", 10**6), "points outside its article's text"),
        (lambda d: _set_hl(d, "article_id", "ffff"), "belongs to another article"),
        (lambda d: _set_hl(d, "quote", "x"), "'quote' must be an object"),
        (lambda d: _set_hl(d, "orphan", "no"), "'orphan' must be true or false"),
    ],
)
def test_bad_backups_are_refused_with_a_clear_message(
    library: Library, tmp_path: Path, change, message: str
) -> None:
    changed = change(good_backup(library))
    data = changed.encode() if isinstance(changed, str) else orjson.dumps(changed)
    with pytest.raises(BackupError, match=None) as caught:
        load_backup(data, "b.json")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def _first_with_highlights(d: dict) -> dict:
    return next(a for a in d["articles"] if a["highlights"] and not a["highlights"][0]["orphan"])


def _set(d: dict, part: str, key: str, value: object) -> dict:
    d["articles"][0][part][key] = value
    return d


def _set_item(d: dict, key: str, value: object) -> dict:
    d["articles"][0][key] = value
    return d


def _set_hl(d: dict, key: str, value: object) -> dict:
    _first_with_highlights(d)["highlights"][0][key] = value
    return d


def test_restore_refuses_a_non_empty_library_without_merge(library: Library) -> None:
    backup = load_backup(dump_backup(good_backup(library)))
    before = backup_document(library)
    with pytest.raises(BackupError, match="use --merge"):
        restore_backup(library, backup)
    after = backup_document(library)
    assert before == after


def test_restore_sanitises_hostile_text(tmp_path: Path, library: Library) -> None:
    data = good_backup(library)
    data["articles"][0]["article"]["title"] = "\x1b[31mred\x1b[0m title\nsecond line"
    data["articles"][0]["article"]["note"] = "note \x07 bell"
    with Library.open(tmp_path / "new", "write") as other:
        restore_backup(other, load_backup(orjson.dumps(data)))
        article = other.get(data["articles"][0]["article"]["id"])
        assert article.title == "red title second line"
        assert article.note == "note  bell"


def test_merge_adds_missing_and_keeps_newest(library: Library, tmp_path: Path) -> None:
    full_library(library)
    backup = load_backup(dump_backup(backup_document(library)))
    first = next(a for a in library.articles() if a.title.startswith("First"))
    hls = library.highlights(first.id)
    with Library.open(tmp_path / "other", "write") as other:
        # The other library has the first article with one highlight changed later,
        # a text that moved one highlight, and an article of its own.
        text = library.paragraphs(first.id)
        other.put_article(first, text)
        other.put_highlight(hls[0].evolve(note="newer note", updated="2999-01-01T00:00:00+00:00"))
        add_document(other, Document("Own article", [Paragraph("Mine.")]))
        report = restore_backup(other, backup, merge=True)
        assert report.articles_added == 2 and report.articles_kept == 1
        assert report.highlights_added == 1 + 2 and report.highlights_kept == 1
        assert report.highlights_updated == 0
        assert other.get_highlight(first.id, hls[0].id).note == "newer note"
        assert len(other) == 4
        assert {h.id for h in other.highlights(first.id)} == {h.id for h in hls}
        assert other.settings() == library.settings()
        assert "merged: 2 articles added, 1 already there" in report.summary()


def test_merge_places_highlights_again_in_changed_text(library: Library, tmp_path: Path) -> None:
    article = add_article(library, "T", ["One two three.", "Four five six."], url="https://x.org/a")
    hl = library.create_highlight(article.id, 1, 5, 9)
    backup = load_backup(dump_backup(backup_document(library)))
    with Library.open(tmp_path / "other", "write") as other:
        add_document(
            other,
            Document(
                "T", [Paragraph("New first."), Paragraph("Four five six.")], url="https://x.org/a"
            ),
        )
        report = restore_backup(other, backup, merge=True)
        assert report.highlights_added == 1 and report.highlights_orphaned == 0
        placed = other.get_highlight(article.id, hl.id)
        assert placed.anchor.quote.exact == "five" and placed.anchor.paragraph == 1
        assert placed.updated == hl.updated


def test_restore_writes_each_file_once(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(40):
        article = add_article(library, f"Article {n}", [f"Text {n} here."])
        library.create_highlight(article.id, 0, 0, 4)
    backup = load_backup(dump_backup(backup_document(library)))
    import tui_reader.store.storage as storage

    written: list[Path] = []
    real = storage.atomic_write

    def counting(path: Path, data: bytes, **kwargs: object) -> None:
        written.append(path)
        real(path, data, **kwargs)

    with Library.open(tmp_path / "new", "write") as other:
        monkeypatch.setattr(storage, "atomic_write", counting)
        report = restore_backup(other, backup)
        assert report.articles_added == 40 and len(other) == 40
    assert len(written) == len(set(written))
    assert len(written) <= 1 + 2 * 40


def test_backing_up_again_later_gives_the_same_file(library: Library, tmp_path: Path) -> None:
    full_library(library)
    export_articles(library, None, "json", tmp_path / "one.json")
    time.sleep(1.1)  # "exported" has seconds: a later backup of the same library
    export_articles(library, None, "json", tmp_path / "two.json")
    one = (tmp_path / "one.json").read_bytes()
    assert one == (tmp_path / "two.json").read_bytes()
    newest = max(
        [a.updated or a.added for a in library.articles()]
        + [h.updated for a in library.articles() for h in library.highlights(a.id)]
    )
    assert orjson.loads(one)["exported"] == newest


def test_merge_never_changes_a_highlight_of_another_article(tmp_path: Path) -> None:
    """A backup highlight reusing the id of another article's highlight is a conflict."""
    text = [Paragraph("Alpha beta gamma delta.")]
    mine = Article(id="ab00000000000001", title="Mine", paragraph_count=1)
    theirs = Article(id="ab00000000000002", title="Theirs", paragraph_count=1)
    with Library.open(tmp_path / "source", "write") as source:
        source.put_article(theirs, text)
        clash = source.create_highlight(theirs.id, 0, 0, 5, note="from the backup")
        fine = source.create_highlight(theirs.id, 0, 6, 10, note="also from the backup")
        backup = load_backup(dump_backup(backup_document(source)))
    with Library.open(tmp_path / "target", "write") as target:
        target.put_article(mine, text)
        target.put_article(theirs, text)
        own = target.create_highlight(mine.id, 0, 11, 16, note="my note")
        target.put_highlight(replace(own, id=clash.id))
        target.delete_highlight(mine.id, own.id)
        report = restore_backup(target, backup, merge=True)
        assert report.conflicts == [clash.id]
        assert "1 highlight not restored" in report.summary() and clash.id in report.summary()
        assert target.get_highlight(mine.id, clash.id).note == "my note"
        assert [h.id for h in target.highlights(theirs.id)] == [fine.id]
        assert [h.id for h in target.all_highlights()].count(clash.id) == 1
        assert target.check() == []
