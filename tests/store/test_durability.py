"""Crash safety: atomic writes, generations, corrupt files, debris."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from tests.conftest import catalog_file, notes_file
from tui_reader import atomic_files as atomic_module
from tui_reader.atomic_files import TMP_MARK, atomic_write
from tui_reader.importing import add_document
from tui_reader.model import Document, Paragraph
from tui_reader.store import Library, LibraryCorrupt, StoreWriteError


def add_article(library: Library, title: str) -> str:
    """Add a one-paragraph article and return its id."""
    return add_document(
        library, Document(title=title, paragraphs=[Paragraph(f"Text of {title}.")])
    ).article.id


def test_atomic_write_keeps_generations(tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    for n in range(5):
        atomic_write(target, f"v{n}".encode(), generations=3)
    assert target.read_bytes() == b"v4"
    assert (tmp_path / "f.json.1").read_bytes() == b"v3"
    assert (tmp_path / "f.json.2").read_bytes() == b"v2"
    assert (tmp_path / "f.json.3").read_bytes() == b"v1"
    assert not (tmp_path / "f.json.4").exists()
    assert not [p for p in tmp_path.iterdir() if TMP_MARK in p.name]


def test_crash_between_temp_write_and_replace_leaves_old_library(
    library: Library, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    aid = add_article(library, "Before")
    catalog = catalog_file(library_path, aid)
    before = catalog.read_bytes()
    real_replace = os.replace

    def crash(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst) == catalog:
            raise OSError(errno.EIO, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(atomic_module.os, "replace", crash)
    with pytest.raises(StoreWriteError):
        library.set_tags(aid, ["lost"])
    monkeypatch.setattr(atomic_module.os, "replace", real_replace)
    assert catalog.read_bytes() == before
    assert library.get(aid).tags == ()  # memory reloaded from disk, not the failed change
    assert not [p for p in library_path.rglob(f"*{TMP_MARK}*")]
    library.set_tags(aid, ["retried"])  # the fault cleared: the retry succeeds
    assert library.get(aid).tags == ("retried",)


def test_disk_full_on_write_keeps_file_identical(
    library: Library, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    aid = add_article(library, "Full disk")
    catalog = catalog_file(library_path, aid)
    before = catalog.read_bytes()

    def full(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(atomic_module.os, "write", full)
        with pytest.raises(StoreWriteError, match="no space left on device"):
            library.set_note(aid, "will not fit")
    assert catalog.read_bytes() == before
    assert library.get(aid).note == ""


def test_debris_from_a_crash_is_removed_at_next_start(library: Library, library_path: Path) -> None:
    add_article(library, "Debris")
    library.close()
    debris = library_path / f"txn-1{TMP_MARK}999-1"
    debris.write_bytes(b'{"half": ')
    with Library.open(library_path, "write") as again:
        assert not debris.exists()
        assert len(again) == 1


def test_debris_in_every_shard_folder_is_removed_at_next_start(
    library: Library, library_path: Path
) -> None:
    aid = add_article(library, "Reviewed")
    hl = library.create_highlight(aid, 0, 0, 4)
    library.put_review_records([{"id": hl.id, "article_id": aid, "due": "2026-01-01"}])
    library.close()
    debris = [
        library_path / kind / f"{aid[:3]}.json{TMP_MARK}999-1"
        for kind in ("catalog", "notes", "reviews")
    ]
    for path in debris:
        path.write_bytes(b'{"half": ')
    with Library.open(library_path, "write") as again:
        assert [path for path in debris if path.exists()] == []
        assert again.review_record(aid, hl.id) is not None


def test_corrupt_catalog_is_moved_aside_and_last_generation_restored(
    library: Library, library_path: Path
) -> None:
    first = add_article(library, "One")
    library.set_tags(first, ["a generation"])
    library.close()
    catalog = catalog_file(library_path, first)
    catalog.write_bytes(b'{"articles": {"1": ')  # truncated
    with Library.open(library_path, "write") as again:
        assert first in {a.id for a in again.articles()}  # the catalog is read on first use
        assert any("damaged" in w and "restored" in w for w in again.take_warnings())
        assert again.take_warnings() == []  # each message is handed out once
    aside = [p for p in catalog.parent.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1
    assert aside[0].read_bytes() == b'{"articles": {"1": '


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\xff garbage", b"[1, 2, 3]", b'{"articles": [1, 2]}', b'{"articles": {"1": 5}}'],
    ids=["empty", "garbage", "wrong-shape", "table-not-object", "doc-not-object"],
)
def test_corrupt_catalog_without_generations_is_refused_and_left_alone(
    library: Library, library_path: Path, content: bytes
) -> None:
    aid = add_article(library, "Only")
    library.close()
    catalog = catalog_file(library_path, aid)
    assert not catalog.with_name(catalog.name + ".1").exists()
    catalog.write_bytes(content)
    with (
        Library.open(library_path, "write") as lib,
        pytest.raises(LibraryCorrupt, match="no earlier good copy"),
    ):
        lib.articles()
    assert catalog.read_bytes() == content
    assert not [p for p in library_path.rglob("*.corrupt-*")]


@pytest.mark.parametrize("content", [b"", b"\x00\xff garbage", b'{"articles": [1, 2]}'])
def test_corrupt_catalog_of_an_older_library_is_refused_and_left_alone(
    library_path: Path, content: bytes
) -> None:
    library_path.mkdir()
    catalog = library_path / "library.json"
    catalog.write_bytes(content)
    with pytest.raises(LibraryCorrupt, match="no earlier good copy"):
        Library.open(library_path, "write")
    assert catalog.read_bytes() == content
    assert not [p for p in library_path.rglob("*.corrupt-*")]


def test_corrupt_highlight_shard_recovers_from_generation(
    library: Library, library_path: Path
) -> None:
    aid = add_article(library, "Shard")
    keep = library.create_highlight(aid, 0, 0, 4)
    library.create_highlight(aid, 0, 5, 7)
    library.close()
    shard = notes_file(library_path, aid)
    shard.write_bytes(b"not json")
    with Library.open(library_path, "write") as again:
        assert keep.id in {h.id for h in again.highlights(aid)}
        assert any(f"{aid[:3]}.json was damaged" in w for w in again.warnings)


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "newsread.lock" and not p.name.startswith("index.sqlite")
    }


def test_a_read_only_open_sees_an_interrupted_change_finished_and_writes_nothing(
    library: Library, library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui_reader.importing import add_documents
    from tui_reader.store import journal

    first = add_article(library, "First")
    library.set_tags(first, ["old"])

    def killed(folder: Path, entries: list[list[object]]) -> None:
        raise KeyboardInterrupt  # the process dies right after writing the journal

    monkeypatch.setattr(journal, "_apply", killed)
    docs = [Document(title=t, paragraphs=[Paragraph(f"Text of {t}.")]) for t in ("Two", "Three")]
    with pytest.raises(KeyboardInterrupt):
        add_documents(library, docs)
    monkeypatch.undo()
    library.close()
    assert (library_path / "journal.json").exists()
    before = files_of(library_path)

    with Library.open(library_path, "read") as reader:
        assert sorted(a.title for a in reader.articles()) == ["First", "Three", "Two"]
        [two] = [a for a in reader.articles() if a.title == "Two"]
        assert [p.text for p in reader.paragraphs(two.id)] == ["Text of Two."]
        assert reader.get(two.id).title == "Two"  # one shard read, as well as the catalog
        assert reader.get(first).tags == ("old",)
        assert reader.warnings == []
    assert files_of(library_path) == before  # nothing finished, moved or written

    with Library.open(library_path, "write") as writer:
        assert sorted(a.title for a in writer.articles()) == ["First", "Three", "Two"]
    assert not (library_path / "journal.json").exists()
