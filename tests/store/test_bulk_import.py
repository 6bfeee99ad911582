"""A bulk import (``newsread add`` of a folder) files new records in their catalog shards once
at the end (and every FOLD_EVERY articles), not one shard per article per batch; a kill
leaves them for the next writer; readers see them meanwhile."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import catalog_file
from tests.store.test_flat_cost import docs
from tui_reader.atomic_files import generation_path
from tui_reader.importing import AddStatus, add_documents
from tui_reader.model import Document, Paragraph
from tui_reader.store import Library, journal, layout
from tui_reader.store.shards import Shard

ROOT = Path(__file__).resolve().parents[2]


def catalog_files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / "catalog").iterdir())}


def killed_import(folder: Path, steps: str) -> None:
    """Run ``steps`` (Python, with ``library`` open for writing on ``folder``, ``docs`` and
    ``add_documents`` at hand) in a process that ends with ``os._exit``: killed mid-way."""
    script = "\n".join(
        [
            "import os, sys",
            f"sys.path.insert(0, {str(ROOT)!r})",
            "from tests.store.test_flat_cost import docs",
            "from tui_reader.importing import add_documents",
            "from tui_reader.index.search_index import SearchIndex",
            "from tui_reader.store import Library",
            f"library = Library.open({str(folder)!r}, 'write')",
            steps,
            "os._exit(0)",
        ]
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=folder.parent)


def committed(monkeypatch: pytest.MonkeyPatch) -> list[list[Path]]:
    """The files of every change written through the journal."""
    log: list[list[Path]] = []
    real = journal.Transaction.commit

    def commit(self: journal.Transaction) -> None:
        log.append(sorted(self.writes))
        real(self)

    monkeypatch.setattr(journal.Transaction, "commit", commit)
    return log


def test_batches_write_texts_and_the_shards_are_written_once_at_the_end(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_documents(library, docs(50, start=1000))  # already there, in their shards
    before = catalog_files(library.folder)
    changes = committed(monkeypatch)
    with library.bulk():
        for start in range(0, 600, 200):
            add_documents(library, docs(200, start=start))
        assert catalog_files(library.folder) == before  # no shard rewritten by a batch
        assert (library.folder / layout.BULK).exists()
        # everything reads the new articles meanwhile
        assert len(library) == 650
        article = library.get(docs(1, start=321)[0].article_id())
        assert article.title == "Article 321"
        assert library.paragraphs(article.id)[0].text.startswith("Paragraph 0 of article 321")
        assert [a.title for a in library.search("article 321", limit=1)] == ["Article 321"]
    batches, filing = changes[:3], changes[3:]
    for files in batches:
        assert not [p for p in files if p.parent.name == "catalog"]
        assert library.folder / layout.BULK in files
    shards = {catalog_file(library.folder, d.article_id()).stem for d in docs(600)}
    assert {p.stem for files in filing for p in files if p.parent.name == "catalog"} == shards
    assert sum(len(files) for files in filing) <= len(shards) + 2  # each shard once (and meta)
    assert len(shards) <= 16  # 650 records: shards of one hex digit (catalog_keys.py)
    assert not (library.folder / layout.BULK).exists()
    library.close()
    with Library.open(library.folder, "read") as reader:  # from the shards alone
        assert len(reader) == 650 and reader.check() == []
        assert reader.get(article.id).title == "Article 321"


def test_records_are_filed_every_fold_every_articles(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(layout, "FOLD_EVERY", 300)
    monkeypatch.setattr(layout, "FOLD_SHARDS", 64)  # filed in several changes
    with library.bulk():
        add_documents(library, docs(200))
        assert (library.folder / layout.BULK).exists()
        add_documents(library, docs(200, start=200))  # 400 waiting: filed now
        assert not (library.folder / layout.BULK).exists()
        add_documents(library, docs(10, start=400))
    library.close()
    with Library.open(library.folder, "read") as reader:
        assert len(reader) == 410 and reader.check() == []


def test_updating_and_deleting_articles_of_a_running_bulk_import(library: Library) -> None:
    first, second, third = docs(3)
    with library.bulk():
        add_documents(library, [first, second, third])
        changed = Document(first.title, [Paragraph("A new text about harbours.")], url=first.url)
        [result] = add_documents(library, [changed])
        assert result.status is AddStatus.UPDATED
        library.set_tags(second.article_id(), ["kept"])  # a record change files it at once
        assert catalog_file(library.folder, second.article_id()).name in catalog_files(
            library.folder
        )
        library.delete(third.article_id())
        assert len(library) == 2
    library.close()
    with Library.open(library.folder, "write") as again:
        assert sorted(a.title for a in again.articles()) == ["Article 0", "Article 1"]
        assert [p.text for p in again.paragraphs(first.article_id())] == [
            "A new text about harbours."
        ]
        assert again.get(second.article_id()).tags == ("kept",)
        assert again.check() == []
        assert [a.title for a in again.search("harbours")] == ["Article 0"]


def test_a_killed_bulk_import_is_seen_by_readers_and_filed_by_the_next_writer(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "lib"
    killed_import(
        folder,
        "add_documents(library, docs(5, start=900))\n"
        "with library.bulk():\n"
        "    add_documents(library, docs(120))\n"
        "    add_documents(library, docs(80, start=120))\n"
        "    os._exit(0)  # killed: nothing filed",
    )
    assert (folder / layout.BULK).exists()
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file() and "index" not in p.name}
    with Library.open(folder, "read") as reader:
        assert len(reader) == 205
        aid = docs(1, start=150)[0].article_id()
        assert reader.get(aid).title == "Article 150"
        assert reader.paragraphs(aid)[1].text.startswith("Paragraph 1 of article 150")
    after = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file() and "index" not in p.name}
    assert after == before  # a reader writes nothing
    with Library.open(folder, "write") as writer:
        assert any("interrupted" in w for w in writer.take_warnings())
        assert len(writer) == 205 and writer.check() == []
        assert [a.title for a in writer.search("article 150", limit=1)] == ["Article 150"]
    assert not (folder / layout.BULK).exists()
    with Library.open(folder, "read") as reader:
        assert len(reader) == 205


def test_a_first_import_killed_before_any_filing_is_filed_not_rebuilt(tmp_path: Path) -> None:
    """A kill during the first import of a new library leaves texts and ``bulk.json`` but
    no catalog yet: that is an import to finish ("Filed ..."), not a lost catalog."""
    folder = tmp_path / "lib"
    killed_import(
        folder,
        "with library.bulk():\n"
        "    add_documents(library, docs(60))\n"
        "    os._exit(0)  # killed: nothing filed",
    )
    assert (folder / layout.BULK).exists()
    assert not layout.shard_names(folder / layout.CATALOG)
    with Library.open(folder, "write") as writer:
        warnings = writer.take_warnings()
        assert warnings == ["Filed the 60 articles of an import that was interrupted."]
        assert len(writer) == 60 and writer.check() == []
        assert [a.title for a in writer.search("article 42", limit=1)] == ["Article 42"]
    assert not (folder / layout.BULK).exists()


def test_the_first_search_after_a_kill_finds_what_the_index_had_not_taken_yet(
    tmp_path: Path,
) -> None:
    """Killed while the import's last articles were stored but not yet indexed (their ids
    left pending in the index): the very first search of the next writer finds them, with
    the matched words in context, not only the second."""
    folder = tmp_path / "lib"
    killed_import(
        folder,
        "add_documents(library, docs(5, start=900))\n"
        "with library.bulk():\n"
        "    add_documents(library, docs(50))\n"
        "    SearchIndex._insert_fresh = lambda self, records, ids: None  # the kill comes first\n"
        "    add_documents(library, docs(50, start=50))",
    )
    with Library.open(folder, "write") as writer:
        hits = list(writer.search_hits("paragraph article 77", limit=5, snippets=5))
        assert [hit.article.title for hit in hits][:1] == ["Article 77"]
        assert hits[0].snippet is not None
        assert len(writer.search("paragraph")) == 105


def test_filing_keeps_a_generation_of_each_shard_it_rewrites(library: Library) -> None:
    add_documents(library, docs(300))
    with library.bulk():
        add_documents(library, docs(300, start=300))
    rewritten = [
        p for p in (library.folder / "catalog").glob("*.json") if generation_path(p, 1).exists()
    ]
    assert rewritten  # the shards that held articles before keep their last copy
    assert os.path.getsize(rewritten[0]) > os.path.getsize(generation_path(rewritten[0], 1))


@pytest.mark.parametrize("listed", [False, True], ids=["catalog-on-disk", "catalog-in-memory"])
def test_new_articles_of_a_bulk_import_are_not_looked_up_in_shards_when_the_catalog_is_known(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, listed: bool
) -> None:
    """At 100,000 articles each new article's lookup read its catalog shard from disk (3,668
    shards for 9,500 new entries); with the whole catalog in memory (the app's case) a new
    article is known to be new without it."""
    old = docs(20, start=500)
    with Library.open(tmp_path / "lib", "write") as first:
        add_documents(first, old)
    library = Library.open(tmp_path / "lib", "write")  # nothing read yet
    if listed:
        assert len(library.articles()) == 20
    looked_up: list[str] = []
    get = Shard.get

    def looking(self: Shard, row_id: str) -> object:
        looked_up.append(row_id)
        return get(self, row_id)

    monkeypatch.setattr(Shard, "get", looking)
    new = docs(30)
    changed = Document(old[0].title, [Paragraph("A new text about lagoons.")], url=old[0].url)
    with library.bulk():
        results = add_documents(library, [*new, changed])
        new_looked_up = {d.article_id() for d in new} & set(looked_up)
    assert [r.status for r in results] == [AddStatus.ADDED] * 30 + [AddStatus.UPDATED]
    assert old[0].article_id() in looked_up  # a known article is looked up as ever
    assert len(new_looked_up) == (0 if listed else 30)
    monkeypatch.undo()
    library.close()
    with Library.open(library.folder, "write") as again:
        assert len(again) == 50
        assert [a.title for a in again.search("lagoons")] == [old[0].title]
        assert again.check() == []  # the changed article's old text left its pack
