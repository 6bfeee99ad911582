"""A clippings file larger than the size limit is streamed, with progress, duplicates collapsed."""

from __future__ import annotations

from pathlib import Path

from benchmarks.clippings_file import write_clippings
from tui_reader.importing import import_inputs
from tui_reader.ingest import DEFAULT_MAX_SIZE
from tui_reader.store import Library


def test_a_clippings_file_over_the_size_limit_is_streamed_with_progress(
    library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "My Clippings.txt"
    books, distinct = write_clippings(path, DEFAULT_MAX_SIZE + (1 << 20), books=60, per_book=20)
    size = path.stat().st_size
    assert size > DEFAULT_MAX_SIZE  # files of other kinds this size are refused
    reports: list[tuple[int, int]] = []
    report = import_inputs(library, [str(path)], on_bytes=lambda d, t: reports.append((d, t)))
    assert not report.failures, report.failures
    assert len(library) == books
    assert sum(library.highlight_count(a.id) for a in library.articles()) == distinct
    assert len(reports) >= 10
    assert [d for d, _ in reports] == sorted(d for d, _ in reports)
    assert reports[-1] == (size, size)
    first = next(a for a in library.articles() if a.title == "Book number 0")
    notes = [h.note for h in library.highlights(first.id)]
    assert notes[0] == "A thought on 0." and notes[7] == "A thought on 7." and notes[1] == ""
