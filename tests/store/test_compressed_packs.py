"""Text packs are stored gzip-compressed (``texts/p<n>.json.gz``); the uncompressed packs
of every library written before (``texts/p<n>.json``) read on with no migration.

The fixture tests/store/fixtures/v3_library was written by newsread at main 8a9a049
(uncompressed packs; several packs, one rewritten by a delete, a text moved by a
re-import, a bulk import, highlights, tags, a note and a position), with its backup
beside it."""

from __future__ import annotations

import gzip
import shutil
from dataclasses import replace
from pathlib import Path

import orjson
import pytest

from tests.conftest import catalog_file
from tests.store.test_text_packs import docs
from tui_reader.export.backup import backup_document
from tui_reader.importing import add_documents
from tui_reader.store import Library, LibraryCorrupt, layout

FIXTURE = Path(__file__).parent / "fixtures" / "v3_library"
EXPECTED = Path(__file__).parent / "fixtures" / "v3_library.backup.json"


@pytest.fixture
def old_library(tmp_path: Path) -> Path:
    """A copy of the fixture written with uncompressed packs."""
    target = tmp_path / "old"
    shutil.copytree(FIXTURE, target)
    return target


def pack_files(folder: Path) -> list[str]:
    return sorted(p.name for p in (folder / "texts").iterdir())


def test_new_packs_are_gzip_members_of_the_pack_json(library: Library) -> None:
    batch = docs(30, words=2000)
    ids = [r.article.id for r in add_documents(library, batch)]
    files = sorted((library.folder / "texts").iterdir())
    assert len(files) > 2 and all(p.name.endswith(".json.gz") for p in files)
    seen: set[str] = set()
    for path in files:
        raw = path.read_bytes()
        assert raw[:2] == b"\x1f\x8b"  # gzip: `zcat` shows the JSON
        data = orjson.loads(gzip.decompress(raw))
        rows = data["texts"].values()
        seen.update(row["id"] for row in rows)
        assert all(row["article"]["id"] == row["id"] for row in rows)  # the record kept
        assert len(raw) < 0.6 * len(gzip.decompress(raw))
    assert seen == set(ids)
    library.close()
    with Library.open(library.folder, "write") as again:  # read back from disk
        for doc, aid in zip(batch, ids, strict=True):
            assert again.paragraphs(aid) == list(doc.paragraphs)
        assert again.check() == []


def test_a_packs_bytes_depend_on_its_json_alone(library: Library) -> None:
    """Header time 0: the same texts give the same file (a backup tool sees no change)."""
    add_documents(library, docs(5, words=400))
    (path,) = (library.folder / "texts").iterdir()
    raw = path.read_bytes()
    assert raw[4:8] == b"\0\0\0\0"  # gzip's MTIME field
    payload = layout.decompress_pack(raw)
    assert layout.compress_pack(payload) == raw
    assert layout.compress_pack(bytes(payload)) == layout.compress_pack(payload)


def test_a_library_with_uncompressed_packs_reads_everything_as_before(
    old_library: Path,
) -> None:
    before = pack_files(old_library)
    assert before and all(name.endswith(".json") for name in before)
    with Library.open(old_library, "write") as library:
        document = backup_document(library)
        expected = orjson.loads(EXPECTED.read_bytes())
        # schema 3 -> 5 changes no record (catalog_keys.py; the settings move to their own
        # file): only the version recorded
        assert document["schema_version"] == 5 and expected["schema_version"] == 3
        assert {**document, "generator": "", "schema_version": 3} == {
            **expected,
            "generator": "",
        }
        assert library.check() == []
        assert pack_files(old_library) == before  # no migration: nothing rewritten
        assert library.search("lagoons", limit=10)  # the index is built from the old packs
        # new texts go to new compressed packs beside the old ones
        (new,) = [r.article.id for r in add_documents(library, docs(1, words=80, seed=9))]
        assert len(library.paragraphs(new)) == 8
        assert pack_files(old_library)[: len(before)] == before
        assert [n for n in pack_files(old_library) if n.endswith(".gz")] == [
            f"{layout.pack_name(len(before) + 1)}.json.gz"
        ]
    with Library.open(old_library, "read") as again:
        assert len(again.paragraphs(new)) == 8
        assert again.check() == []


def test_a_rewritten_old_pack_is_written_compressed_and_its_json_removed(
    old_library: Path,
) -> None:
    with Library.open(old_library, "write") as library:
        by_pack: dict[str, list[str]] = {}
        for article in library.articles():
            by_pack.setdefault(library._record_row(article.id)["text"], []).append(article.id)
        name, ids = next((n, i) for n, i in sorted(by_pack.items()) if len(i) > 1)
        kept = {aid: library.paragraphs(aid) for aid in ids[1:]}
        library.delete(ids[0])
        texts = old_library / "texts"
        assert not (texts / f"{name}.json").exists()
        assert set(layout.read_pack(old_library, name)) == set(kept)
        assert (texts / f"{name}.json.gz").read_bytes()[:2] == b"\x1f\x8b"
        # a re-import of the rest moves their texts out: the pack goes in both forms
        for aid, paragraphs in kept.items():
            longer = [*paragraphs, paragraphs[0]]
            article = replace(library.get(aid), paragraph_count=len(longer))
            library.put_article(article, longer)
        assert name not in layout.pack_names(old_library)
        assert library.check() == []


def test_when_a_pack_is_there_in_both_forms_the_compressed_one_is_the_pack(
    library: Library,
) -> None:
    """Both forms exist only between the two steps of the change that rewrote an old pack
    (the next writer finishes it); the ``.json`` is the older and may still hold a text
    that change took out, so it is never read while the ``.json.gz`` is there."""
    ids = [r.article.id for r in add_documents(library, docs(3, words=80))]
    (name,) = layout.pack_names(library.folder)
    gz = layout.pack_path(library.folder, name)
    rows = layout.read_pack(library.folder, name)
    stale = {aid: {**row, "p": [["an older text"]]} for aid, row in rows.items()}
    plain = layout.plain_pack_path(library.folder, name)
    plain.write_bytes(layout.pack_payload(orjson.dumps(r) for r in stale.values()))
    library.close()
    with Library.open(library.folder, "write") as again:
        assert layout.pack_names(again.folder) == [name]  # one pack, not two
        assert again.paragraphs(ids[0])[0].text.startswith("w")
        assert layout.pack_file(again.folder, name) == f"texts/{name}.json.gz"
        # the next rewrite of that pack leaves it in one form
        again.delete(ids[0])
        assert not plain.exists() and gz.exists()
        assert again.paragraphs(ids[1])[0].text.startswith("w")
        assert again.check() == []


DAMAGE = {
    "truncated": lambda raw: raw[: len(raw) // 2],
    "not gzip": lambda raw: b"PK\x03\x04 a zip, or anything else" + raw[40:],
    "gzip of non-JSON": lambda raw: gzip.compress(b"\x00\x01 not JSON at all", mtime=0),
    "gzip of JSON that is not a pack": lambda raw: gzip.compress(b'{"texts": [1, 2]}', mtime=0),
    "a flipped byte": lambda raw: raw[:30] + bytes([raw[30] ^ 0xFF]) + raw[31:],
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_compressed_pack_is_reported_and_left_as_it_is(
    library: Library, damage: str
) -> None:
    """As a damaged ``.json`` pack (tests/store/test_text_packs.py): the articles of that
    pack have no text, the rest read on, ``check`` names the file, nothing overwrites it,
    and records of its articles still save."""
    first = [r.article.id for r in add_documents(library, docs(2, words=80, seed=1))]
    second = [r.article.id for r in add_documents(library, docs(2, words=80, seed=2))]
    name = layout.pack_names(library.folder)[0]
    path = layout.pack_path(library.folder, name)
    broken = DAMAGE[damage](path.read_bytes())
    path.write_bytes(broken)
    library.close()
    with Library.open(library.folder, "write") as again:
        with pytest.raises(LibraryCorrupt, match=rf"texts/{name}\.json\.gz"):
            again.paragraphs(first[0])
        assert again.paragraphs(second[0])
        problems = again.check()
        assert len(problems) == 2 and all(f"{name}.json.gz" in p for p in problems)
        again.set_tags(first[0], ["kept"])
        assert again.get(first[0]).tags == ("kept",)
        with pytest.raises(LibraryCorrupt, match=rf"{name}\.json\.gz is damaged"):
            again.delete(first[0])  # its text cannot be taken out of a pack that won't read
        assert again.search("kept")  # the index is built without that text
        assert path.read_bytes() == broken  # never overwritten


def test_a_damaged_compressed_pack_never_falls_back_to_an_older_json(library: Library) -> None:
    ids = [r.article.id for r in add_documents(library, docs(2, words=80))]
    (name,) = layout.pack_names(library.folder)
    path = layout.pack_path(library.folder, name)
    plain = layout.plain_pack_path(library.folder, name)
    plain.write_bytes(layout.decompress_pack(path.read_bytes()))
    path.write_bytes(path.read_bytes()[:25])
    library.close()
    with Library.open(library.folder, "write") as again, pytest.raises(LibraryCorrupt):
        again.paragraphs(ids[0])


def test_a_lost_catalog_shard_is_rebuilt_from_compressed_packs_skipping_a_damaged_one(
    library: Library,
) -> None:
    ids = [r.article.id for r in add_documents(library, docs(40, words=2000))]
    names = layout.pack_names(library.folder)
    assert len(names) > 2
    damaged = names[0]
    lost = {aid for aid in ids if library._record_row(aid)["text"] != damaged}
    key = catalog_file(library.folder, sorted(lost)[0]).stem
    library.close()
    layout.pack_path(library.folder, damaged).write_bytes(b"\x1f\x8b not really")
    shard = layout.catalog_path(library.folder, key)
    shard.unlink()
    shard.with_name(shard.name + ".1").unlink(missing_ok=True)
    with Library.open(library.folder, "write") as again:
        assert any("rebuilt" in w and f"{key}.json" in w for w in again.warnings)
        for aid in (a for a in lost if a.startswith(key)):
            assert again.get(aid).id == aid
            assert again.paragraphs(aid)


def test_a_killed_import_whose_pack_is_damaged_files_the_rest_and_says_so(
    library: Library,
) -> None:
    """A bulk import's records live in its packs until filed (``bulk.json``)."""
    with library.bulk():
        ids = [r.article.id for r in add_documents(library, docs(40, words=2000))]
        names = layout.pack_names(library.folder)
        bulk = (library.folder / layout.BULK).read_bytes()
        files = {n: layout.pack_path(library.folder, n).read_bytes() for n in names}
    library.close()
    # as a kill before the filing left it, one of its packs then damaged
    (library.folder / layout.BULK).write_bytes(bulk)
    for n, raw in files.items():
        layout.pack_path(library.folder, n).write_bytes(raw)
    for shard in (library.folder / "catalog").glob("*.json*"):
        shard.unlink()
    layout.pack_path(library.folder, names[0]).write_bytes(files[names[0]][:100])
    with Library.open(library.folder, "write") as again:
        assert any(f"texts/{names[0]}.json.gz is damaged" in w for w in again.warnings)
        filed = {a.id for a in again.articles()}
        assert filed and filed < set(ids)
        assert all(again.paragraphs(aid) for aid in filed)
