"""The cost of a save does not grow with the library (issue 12, part 1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import catalog_file, notes_file
from tui_reader import atomic_files
from tui_reader.importing import add_documents, import_inputs
from tui_reader.model import Document, Paragraph
from tui_reader.store import Library, journal, layout, storage

BIG = 3000


def docs(count: int, start: int = 0, words: int = 60) -> list[Document]:
    return [
        Document(
            f"Article {n}",
            [Paragraph(f"Paragraph {p} of article {n} " + "word " * words) for p in range(4)],
            url=f"https://example.org/{n}",
        )
        for n in range(start, start + count)
    ]


@pytest.fixture
def written(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, int]]:
    """Every file the store writes, with its size (single saves and transactions)."""
    log: list[tuple[Path, int]] = []
    real = atomic_files.atomic_write

    def recording(path: Path, data: bytes, **kwargs: object) -> None:
        log.append((path, len(data)))
        real(path, data, **kwargs)  # type: ignore[arg-type]

    real_commit = journal.Transaction.commit

    def commit(self: journal.Transaction) -> None:
        if len(self.writes) > 1 or self.deletes:
            # (a text pack's bytes are a future: compressed in the flush threads)
            log.extend(
                (path, len(data if isinstance(data, bytes) else data.result()))
                for path, (data, _) in self.writes.items()
            )
        real_commit(self)

    monkeypatch.setattr(storage, "atomic_write", recording)
    monkeypatch.setattr(journal, "atomic_write", recording)
    monkeypatch.setattr(journal.Transaction, "commit", commit)
    return log


def test_every_kind_of_save_rewrites_one_small_file(
    library: Library, written: list[tuple[Path, int]]
) -> None:
    ids = [r.article.id for r in add_documents(library, docs(BIG))]
    catalog_bytes = sum(p.stat().st_size for p in (library.folder / "catalog").glob("*.json"))
    assert catalog_bytes > 500_000  # the old single catalog would be rewritten whole
    aid = ids[len(ids) // 2]
    hl = library.create_highlight(aid, 0, 0, 9)  # creates the notes shard: meta too
    saves = {
        "highlight": lambda: library.create_highlight(aid, 1, 0, 9),
        "highlight note": lambda: library.update_highlight(aid, hl.id, note="a note"),
        "tags": lambda: library.set_tags(aid, ["a", "b"]),
        "article note": lambda: library.set_note(aid, "note"),
        "position": lambda: library.set_position(aid, 2),
        "queue": lambda: library.set_queue(aid, "later"),
        "state": lambda: library.set_state(aid, "read"),
        "delete highlight": lambda: library.delete_highlight(aid, hl.id),
    }
    for name, save in saves.items():
        written.clear()
        save()
        files = [p for p, _ in written if p.name != "journal.json"]
        assert len(files) == 1, (name, files)
        path, size = written[0]
        # (a catalog shard's key is 1 to 3 digits of the id: tui_reader/store/catalog_keys.py)
        assert path in (catalog_file(library.folder, aid), notes_file(library.folder, aid)), name
        assert size < 5_000, (name, size)


def test_a_bulk_import_writes_each_file_once_per_batch(
    tmp_path: Path, library: Library, written: list[tuple[Path, int]]
) -> None:
    source = tmp_path / "in"
    source.mkdir()
    for n, doc in enumerate(docs(600)):
        text = "\n\n".join(p.text for p in doc.paragraphs)
        (source / f"a{n:04}.md").write_text(
            f"---\ntitle: {doc.title}\nurl: {doc.url}\n---\n\n{text}\n"
        )
    report = import_inputs(library, [str(source)])
    assert len(report.results) == 600
    texts = [p for p, _ in written if "texts" in p.parts]
    # each text pack written once, ever, full (of JSON, before it is compressed) but for
    # the last of each of 3 batches
    packed = sum(len(layout.decompress_pack(p.read_bytes())) for p in texts)
    assert len(texts) == len(set(texts)) <= packed // layout.PACK_BYTES + 3
    assert sorted(p.name for p in (library.folder / "texts").iterdir()) == [p.name for p in texts]
    assert all(library.paragraphs(r.article.id) for r in report.results)
    shard_writes = [p for p, _ in written if p.parent.name == "catalog"]
    # three batches of 200: a catalog shard is written at most once per batch
    assert len(shard_writes) <= 3 * len(set(shard_writes))
    assert sum(size for _, size in written) < 3 * folder_bytes(library.folder)


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def test_generations_never_copy_article_texts(library: Library) -> None:
    add_documents(library, docs(50))
    first = layout.pack_names(library.folder)
    add_documents(library, docs(50, words=70))  # every text changed: re-imported
    texts = list((library.folder / "texts").rglob("*"))
    assert [p for p in texts if p.is_file() and not p.name.endswith(layout.PACK_SUFFIX)] == []
    # the first packs lost every text to the new ones: removed with the last of them
    assert not set(first) & set(layout.pack_names(library.folder))
    assert len(texts) == len(first)
    assert library.check() == []


def test_a_batch_flushes_its_own_files_before_the_journal_never_the_whole_system(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A system-wide sync waits for every other program's writes: a batch flushes
    each of its temporary files, then the journal, then the folders it changed."""
    events: list[tuple[str, str]] = []

    def no_sync() -> None:
        raise AssertionError("os.sync called by a store write")

    real_all, real_dir, real_write = journal.fsync_all, journal.fsync_dir, journal.atomic_write
    monkeypatch.setattr(atomic_files.os, "sync", no_sync)

    def flush_all(paths: list[Path], *, folders: bool = False) -> None:
        events.extend(("dir" if folders else "file", p.name) for p in paths)
        real_all(paths, folders=folders)

    monkeypatch.setattr(journal, "fsync_all", flush_all)
    monkeypatch.setattr(
        journal, "fsync_dir", lambda p: (events.append(("dir", p.name)), real_dir(p))
    )

    def journal_write(path: Path, data: bytes, **kwargs: object) -> None:
        events.append(("journal", path.name))
        real_write(path, data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(journal, "atomic_write", journal_write)
    add_documents(library, docs(40))
    at = events.index(("journal", "journal.json"))
    flushed = [name for kind, name in events[:at] if kind == "file"]
    # every file of the batch (its text packs, catalog shards, meta.json) flushed once
    shards = list((library.folder / "catalog").glob("*.json"))
    assert (
        len(flushed)
        == len(set(flushed))
        == len(shards) + len(layout.pack_names(library.folder)) + 1
    )
    assert len(shards) > 5
    assert ("dir", library.folder.name) in events[:at]  # the temporary names too
    after = {name for kind, name in events[at:] if kind == "dir"}
    assert "catalog" in after and len(after) > 2  # catalog/, text folders, the library
