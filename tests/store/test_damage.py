"""Missing files are damage, never an empty library (issue 11, item 3)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import catalog_file, notes_file
from tui_reader.importing import add_documents
from tui_reader.model import Document, Paragraph
from tui_reader.store import Library


def fill(library: Library, count: int = 6) -> list[str]:
    """``count`` articles, each with a highlight and tags."""
    docs = [
        Document(f"Article {n}", [Paragraph(f"Text number {n} is here.")], url=f"https://e.org/{n}")
        for n in range(count)
    ]
    ids = [r.article.id for r in add_documents(library, docs)]
    for aid in ids:
        library.create_highlight(aid, 0, 0, 4, note=f"note {aid}")
        library.set_tags(aid, ["kept"])
    return ids


def test_a_deleted_catalog_shard_comes_back_from_its_generation(
    library: Library, library_path: Path
) -> None:
    ids = fill(library)
    library.close()
    catalog_file(library_path, ids[0]).unlink()
    with Library.open(library_path, "write") as again:
        assert len(again) == len(ids)
        assert again.get(ids[0]).tags == ()  # the earlier copy, from before the tag
        assert any("was missing: restored its earlier copy" in w for w in again.warnings)
        assert again.check() == []


def test_a_deleted_catalog_shard_without_generation_is_rebuilt_from_the_texts(
    library: Library, library_path: Path
) -> None:
    ids = fill(library)
    library.close()
    shard = catalog_file(library_path, ids[0])
    shard.unlink()
    shard.with_name(shard.name + ".1").unlink(missing_ok=True)
    with Library.open(library_path, "write") as again:
        assert {a.id for a in again.articles()} == set(ids)
        assert again.get(ids[0]).title == "Article 0"
        assert any("rebuilt 1 article records from their texts" in w for w in again.warnings)
        assert again.check() == []
        assert len(again.highlights(ids[0])) == 1


def test_a_deleted_catalog_folder_is_rebuilt_and_said(library: Library, library_path: Path) -> None:
    ids = fill(library)
    library.close()
    shutil.rmtree(library_path / "catalog")
    (library_path / "meta.json").unlink()
    for generation in library_path.glob("meta.json.*"):
        generation.unlink()
    with Library.open(library_path, "write") as again:
        assert {a.id for a in again.articles()} == set(ids)
        assert any("catalog was missing" in w for w in again.warnings)
        assert again.check() == []


def test_a_deleted_notes_shard_is_noticed_at_start_and_by_check(
    library: Library, library_path: Path
) -> None:
    ids = fill(library)
    library.close()
    shard = notes_file(library_path, ids[0])
    shard.unlink()
    shard.with_name(shard.name + ".1").unlink(missing_ok=True)
    with Library.open(library_path, "write") as again:
        assert any(
            f"notes/{ids[0][:3]}.json is missing" in w and "highlights" in w for w in again.warnings
        )
        assert f"notes/{ids[0][:3]}.json is missing" in again.check()
    with Library.open(library_path, "read") as reader:  # still noticed, never forgotten
        assert any("is missing" in w for w in reader.warnings)


def test_a_deleted_notes_shard_with_a_generation_comes_back(
    library: Library, library_path: Path
) -> None:
    ids = fill(library)
    library.create_highlight(ids[0], 0, 5, 10)  # a second save: the first is now generation .1
    library.close()
    notes_file(library_path, ids[0]).unlink()
    with Library.open(library_path, "write") as again:
        assert len(again.highlights(ids[0])) == 1
        assert again.check() == []
