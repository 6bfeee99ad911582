"""Catalog shards named by 1 to 3 hex digits, split as the library grows (schema 4):
few files for a new library, small shards at 100,000, every id in exactly one shard."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.store.kill_budgets import kill_at_each_step
from tests.store.test_flat_cost import docs
from tui_reader.atomic_files import generation_path
from tui_reader.importing import add_documents
from tui_reader.store import Library, catalog_keys, layout
from tui_reader.store.catalog_keys import CatalogKeys, split
from tui_reader.store.schema import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[2]


def shard_files(folder: Path) -> list[str]:
    return layout.shard_names(folder / layout.CATALOG)


def registered(library: Library) -> set[str]:
    return set(library.meta_record()["shards"]["catalog"])


def test_an_id_goes_to_the_key_that_starts_it_else_the_shortest_free_start() -> None:
    keys = CatalogKeys(["a", "b0", "b1", "c00"])
    assert keys.key("a123") == "a"
    assert keys.key("b1ff") == "b1"
    assert keys.key("b2ff") == "b2"  # "b" goes deeper (b0, b1): a new 2-digit shard
    assert keys.key("c00f") == "c00"
    assert keys.key("c01f") == "c01"  # "c" and "c0" go deeper
    assert keys.key("c1ff") == "c1"
    assert keys.key("d000") == "d"  # nothing under "d" yet
    assert CatalogKeys([]).key("0123") == "0"
    assert CatalogKeys(["012"]).key("0123") == "012"  # a schema 3 library: as it is
    assert CatalogKeys(["012"]).key("0133") == "013"


def test_a_split_spreads_rows_one_digit_deeper_and_again_while_too_many(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(catalog_keys, "SPLIT_ROWS", 2)
    rows = [{"id": i} for i in ("a001", "a002", "a003", "a100", "a200", "a201")]
    assert split("a", rows) == {
        "a00": [{"id": "a001"}, {"id": "a002"}, {"id": "a003"}],  # 3 digits: no deeper
        "a1": [{"id": "a100"}],
        "a2": [{"id": "a200"}, {"id": "a201"}],
    }


def test_a_shard_filled_past_split_rows_is_split_in_the_same_change(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(catalog_keys, "SPLIT_ROWS", 6)
    ids: list[str] = []
    for start in range(0, 120, 10):
        ids += [r.article.id for r in add_documents(library, docs(10, start=start))]
        files = shard_files(library.folder)
        assert set(files) == registered(library)
        for key in files:  # no key starts another: each id in one shard
            assert not any(k != key and k.startswith(key) for k in files)
    lengths = {len(key) for key in files}
    assert lengths == {1, 2} or lengths == {2}  # 120 records: one-digit shards split
    split_keys = {key[:1] for key in files if len(key) == 2}
    for key in split_keys:  # the split shard is gone, and its earlier generation
        path = layout.catalog_path(library.folder, key)
        assert not path.exists() and not generation_path(path, 1).exists()
    counts: list[int] = []
    for key in files:
        rows = orjson.loads(layout.catalog_path(library.folder, key).read_bytes())["articles"]
        counts.append(len(rows))
        assert all(row["id"].startswith(key) for row in rows.values())
    assert sum(counts) == 120
    library.set_tags(ids[77], ["kept"])  # a save after the split finds its shard
    library.close()
    for mode in ("read", "write"):
        with Library.open(library.folder, mode) as again:
            assert len(again) == 120 and again.get(ids[77]).tags == ("kept",)
            assert again.get_many(ids[:30]).keys() == set(ids[:30])
            assert again.check() == []


def test_a_first_bulk_import_writes_two_digit_shards_not_one_per_article(
    library: Library,
) -> None:
    """The first refresh's shape: 1,200 new records into a new library are filed in at
    most 256 shards (a shard of one digit would hold about 75, over SPLIT_ROWS), not
    one file for almost every article as with 3-digit keys."""
    with library.bulk():
        add_documents(library, docs(600))
        add_documents(library, docs(600, start=600))
    files = shard_files(library.folder)
    assert 2 in {len(key) for key in files} <= {1, 2} and len(files) <= 256
    for key in files:
        rows = orjson.loads(layout.catalog_path(library.folder, key).read_bytes())["articles"]
        assert len(rows) <= catalog_keys.SPLIT_ROWS
    assert set(files) == registered(library)
    assert not [p for p in (library.folder / "catalog").iterdir() if p.name.endswith(".1")]
    library.close()
    with Library.open(library.folder, "read") as reader:
        assert len(reader) == 1200 and reader.check() == []


def test_a_library_of_three_digit_shards_keeps_them(library: Library) -> None:
    """Schema 3's shards (3 digits) are read and written as they are; an id under no key
    goes to the shortest start of it no key goes deeper from."""
    old = docs(3)
    for doc in old:  # as schema 3 wrote them
        aid = doc.article_id()
        record = {"id": aid, "title": doc.title, "content_hash": "x", "text": ""}
        path = layout.catalog_path(library.folder, aid[:3])
        path.write_bytes(orjson.dumps({"articles": {"1": record}}))
    library.close()
    with Library.open(library.folder, "write") as again:
        assert sorted(a.title for a in again.articles()) == ["Article 0", "Article 1", "Article 2"]
        again.set_tags(old[1].article_id(), ["kept"])
        assert set(shard_files(again.folder)) == {d.article_id()[:3] for d in old}
        add_documents(again, docs(1, start=500))
        new = docs(1, start=500)[0].article_id()
        assert again.get(new).title == "Article 500"
        assert len(again) == 4


KILLER = textwrap.dedent(
    """
    import os, signal, sys
    sys.path.insert(0, {root!r})
    from tests.store.test_flat_cost import docs
    from tui_reader.importing import add_documents
    from tui_reader.store import Library, catalog_keys
    catalog_keys.SPLIT_ROWS = 2
    library = Library.open({folder!r}, "write")
    real = os.replace
    budget = [{budget}]
    def replace(*args, **kwargs):
        budget[0] -= 1
        if budget[0] < 0:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    os.replace = replace
    add_documents(library, docs(2, start=100))  # their one-digit shards split
    print("finished", flush=True)
    """
)


def test_a_split_killed_at_any_rename_leaves_the_old_shards_or_the_new(tmp_path: Path) -> None:
    base = tmp_path / "base"
    with Library.open(base, "write") as library:
        add_documents(library, docs(40))
        assert {len(k) for k in shard_files(base)} == {1}
    last: dict[str, Any] = {}

    def check(folder: Path) -> None:
        with Library.open(folder, "read") as reader:  # sees the change whole, or not at all
            assert len(reader) in (40, 42)
            every = [d.article_id() for d in [*docs(40), *docs(2, start=100)]]
            assert len(reader.get_many(every)) == len(reader)
        with Library.open(folder, "write") as writer:
            last["count"] = count = len(writer)
            assert count in (40, 42) and writer.check() == []
            last["files"] = files = shard_files(folder)
            assert set(files) == registered(writer)
            assert all(not any(k != f and k.startswith(f) for k in files) for f in files)
            assert [a.title for a in writer.search("article 7", limit=1)] == ["Article 7"]

    budget = kill_at_each_step(base, tmp_path, KILLER, check)
    assert budget > 5 and last["count"] == 42  # the kills landed all through the change
    assert 2 in {len(key) for key in last["files"]}  # (a shard was split)


V3_FIXTURE = Path(__file__).parent / "fixtures" / "v3_library"


def test_a_schema_3_library_is_read_as_it_is_and_only_its_version_recorded(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "v3"
    shutil.copytree(V3_FIXTURE, folder)
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    with Library.open(folder, "read") as reader:  # read-only: nothing to upgrade, nothing written
        assert reader.schema_version == 3 and len(reader) == 7 and reader.check() == []
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before
    with Library.open(folder, "write") as writer:
        assert writer.schema_version == SCHEMA_VERSION and len(writer) == 7
        assert {len(key) for key in shard_files(folder)} == {3}
    changed = {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.read_bytes() != before.get(p) and "index" not in p.name
    }
    moved = ("meta.json", "settings.json", "newsread.lock")  # schema 5: the settings' own file
    assert {n for n in changed if not n.startswith(moved)} == set()


def test_the_search_index_of_a_schema_3_library_is_kept_when_it_is_upgraded(
    library: Library,
) -> None:
    """The index names the library's schema; schemas 4 and 5 changed nothing it reads, so the
    identity still says 3 (else the first search after the upgrade rebuilt the index:
    minutes at 100,000 articles)."""
    from tui_reader.store.searching import LibrarySource

    created = library.meta_record()["created"]
    assert library.schema_version == SCHEMA_VERSION
    assert LibrarySource(library).identity == f"{created}|schema 3"


def test_get_many_reads_every_shard_once_for_more_ids_than_shards(tmp_path: Path) -> None:
    """Asked for at least as many ids as the catalog has shards, get_many reads every
    shard instead of working out each id's: the same articles either way, those saved
    since (in a shard kept in memory) as saved, ids not in the library left out."""
    with Library.open(tmp_path / "lib", "write") as library:
        add_documents(library, docs(300))
    with Library.open(tmp_path / "lib", "write") as library:
        shards = len(library._catalog_index().keys)
        ids = sorted(a.id for a in library.articles())
    assert 1 < shards < 100
    with Library.open(tmp_path / "lib", "write") as library:
        changed = ids[7]
        library.set_state(changed, "read")
        asked = [*ids, "0" * 16, "not an id"]
        every = library.get_many(asked)
        few = library.get_many(asked[: shards - 1])
        assert library._articles is None  # neither loaded the whole catalog
        assert set(every) == set(ids)
        assert str(every[changed].state) == "read"
        assert few == {i: every[i] for i in ids[: shards - 1]}
        one_by_one = {i: library.get(i) for i in ids}
        assert every == one_by_one
