"""Importing inputs into a library: the one path the CLI and the app both use.

Inputs are expanded (folders walked), each loaded by its importer, and the
resulting documents added in batches. One bad input never stops the rest; the
report says what happened to each.

:func:`add_documents` is the one way documents enter a library: it reads what
the library holds under each id, applies the merge policy of
:mod:`tui_reader.merging` and writes the outcome through the store's validated
write path (:meth:`Library.put_many`), each touched file once per batch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from tui_reader.annotated_merge import QuoteCounts
from tui_reader.ingest import DEFAULT_MAX_SIZE, Cancelled, IngestError, expand_paths, load_path
from tui_reader.ingest.guids import guid_forms, is_relative, resolve_guid
from tui_reader.merging import AddResult, AddStatus, Current, merge_document
from tui_reader.model import (
    Article,
    Document,
    Highlight,
    Paragraph,
    canonical_url,
    content_hash,
    link_id,
)
from tui_reader.store import Library, NotFound, StoreError

__all__ = [
    "BATCH",
    "AddResult",
    "AddStatus",
    "ImportReport",
    "add_document",
    "add_documents",
    "import_annotated",
    "import_inputs",
    "is_url",
    "load_input",
    "plan_inputs",
]

if TYPE_CHECKING:
    import threading

    from tui_reader.ingest.tools import ToolExport

#: Documents added to the store per write.
BATCH = 200

T = TypeVar("T")


def write_here(write: Callable[[], T]) -> T:
    """Run a store write on the calling thread (the CLI's way; the app passes its saver)."""
    return write()


@dataclass(slots=True)
class ImportReport:
    """What an import did, input by input."""

    results: list[AddResult] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    """(input, reason) for every input that could not be imported."""
    warnings: list[tuple[str, str]] = field(default_factory=list)
    """(input, message) for inputs imported with something worth saying."""
    cancelled: bool = False
    """True when the import stopped early because its ``cancel`` event was set."""
    quotes: QuoteCounts = field(default_factory=QuoteCounts)
    """How the highlights of other tools' exports found their places."""
    highlights_added: int = 0
    highlights_updated: int = 0

    def count(self, status: AddStatus) -> int:
        """How many documents ended with ``status``."""
        return sum(1 for r in self.results if r.status is status)

    @property
    def succeeded(self) -> bool:
        """True when anything was added, updated or already there."""
        return bool(self.results)

    def summary(self) -> str:
        """One line: added / updated / already there / failed, and highlight moves."""
        parts = [
            f"{self.count(AddStatus.ADDED):,} added",
            f"{self.count(AddStatus.UPDATED):,} updated",
            f"{self.count(AddStatus.UNCHANGED):,} already there",
            f"{len(self.failures):,} failed",
        ]
        stayed = sum(r.stayed for r in self.results)
        moved = sum(r.moved for r in self.results)
        orphaned = sum(r.orphaned for r in self.results)
        if stayed or moved or orphaned:
            parts.append(f"highlights: {stayed:,} stayed, {moved:,} moved, {orphaned:,} orphaned")
        if self.quotes:
            parts.append(
                f"{self.highlights_added} highlight{'' if self.highlights_added == 1 else 's'} "
                f"added, {self.highlights_updated} updated; " + self.quotes.summary()
            )
        if self.cancelled:
            parts.append("cancelled before the end")
        return ", ".join(parts)


def add_documents(
    library: Library,
    docs: Sequence[Document],
    progress: Callable[[int], None] | None = None,
    ids: Sequence[str] | None = None,
    hashes: Sequence[str] | None = None,
) -> list[AddResult]:
    """Add documents: new, updated (text changed) or already there; ``progress(n)`` after each.

    Everything is written in one batch (each touched file once); a document met
    twice is added once and then found already there (or updated). ``ids``: the
    documents' ids when already known (an id made from the text hashes all of it);
    ``hashes``: their content hashes when already known.
    """
    results: list[AddResult] = []
    records: list[tuple[Article, Sequence[Paragraph] | None, Sequence[Highlight]]] = []
    batch: dict[str, Article] = {}

    def flush() -> None:
        if records:
            library.put_many(records)
            records.clear()
            batch.clear()

    for n, doc in enumerate(docs, 1):
        aid = ids[n - 1] if ids is not None else doc.article_id()
        if aid in batch:
            flush()
        merged = merge_document(doc, _current(library, aid), hashes[n - 1] if hashes else "")
        results.append(merged.result)
        if merged.changed:
            records.append((merged.result.article, merged.paragraphs, merged.highlights))
            batch[aid] = merged.result.article
        if progress:
            progress(n)
    flush()
    return results


def add_document(library: Library, doc: Document) -> AddResult:
    """Add one document (see :func:`add_documents`)."""
    return add_documents(library, [doc])[0]


def _current(library: Library, article_id: str) -> Current | None:
    """What the library holds under ``article_id``, for the merge policy."""
    try:
        article = library.get(article_id)
    except NotFound:
        return None
    try:
        paragraphs = library.paragraphs(article_id)
    except NotFound:
        paragraphs = []
    return Current(article, paragraphs, library.highlights(article_id))


def is_url(text: str) -> bool:
    """True for http(s) URLs."""
    return text.lower().startswith(("http://", "https://"))


def load_input(
    item: str | Path,
    max_size: int = DEFAULT_MAX_SIZE,
    *,
    cancel: threading.Event | None = None,
    data: bytes | None = None,
) -> list[Document]:
    """Documents from one input (a file, or a URL); raises :class:`IngestError`.

    A fetch stops when ``cancel`` is set (see :mod:`tui_reader.ingest.url`).
    ``data``: a file's whole content when already read.
    """
    if isinstance(item, str) and is_url(item):
        from tui_reader.ingest.url import load_url

        return load_url(item, max_size, cancel=cancel)
    return load_path(Path(item), max_size, data)


def plan_inputs(inputs: Sequence[str]) -> list[tuple[str | Path, str | None]]:
    """Inputs expanded to single items: URLs as they are, folders walked."""
    planned: list[tuple[str | Path, str | None]] = []
    from tui_reader.ingest.url import NOT_FETCHABLE, local_file_path, other_scheme

    for item in inputs:
        if is_url(item):
            planned.append((item, None))
        elif (local := local_file_path(item)) is not None:
            planned.extend(expand_paths([Path(local)]))
        elif other_scheme(item) and not Path(item).exists():
            planned.append((item, NOT_FETCHABLE))
        else:
            planned.extend(expand_paths([Path(item)]))
    return planned


def import_inputs(
    library: Library,
    inputs: Sequence[str],
    *,
    max_size: int = DEFAULT_MAX_SIZE,
    on_start: Callable[[int], None] | None = None,
    on_item: Callable[[str], None] | None = None,
    cancel: threading.Event | None = None,
    writer: Callable[[Callable[[], list[AddResult]]], list[AddResult]] = write_here,
    fetch: bool = False,
    on_bytes: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import every input into ``library``; ``on_start(total)`` then ``on_item(name)`` each.

    Setting ``cancel`` (from any thread) stops the import within about a
    second: a running download is abandoned, the inputs not yet read are left
    out, what was read before is stored, and ``report.cancelled`` is True.

    ``writer`` runs each batch write: by default here and now; the app hands
    them to its one writer thread.

    Documents are added in batches but with the outcome of adding them one by
    one: an article met twice in one run is added once and then found already
    there (or updated). A feed entry that is only a summary never replaces an
    article already in the library. Another tool's export (recognised by its
    content) goes through :func:`import_annotated`; ``fetch`` lets it download
    the pages its highlights were made on; ``on_bytes(done, total)`` reports
    progress through a large export.
    """
    from tui_reader.ingest.ahead import read_ahead, read_file

    report = ImportReport()
    planned = plan_inputs(inputs)
    if on_start:
        on_start(len(planned))
    pending: dict[str, Document] = {}
    hashed: dict[str, str] = {}
    """The content hash of each pending document (its id may be made from it)."""
    guids: dict[str, Article] | None = None

    def flush() -> None:
        if pending:
            batch, ids = list(pending.values()), list(pending)
            hashes = [hashed[aid] for aid in ids]
            report.results.extend(
                writer(lambda: add_documents(library, batch, ids=ids, hashes=hashes))
            )
            pending.clear()
            hashed.clear()

    def load(path: Path, data: bytes | None) -> list[Document]:
        return load_input(path, max_size, cancel=cancel, data=data)

    files = read_ahead(planned, lambda path: read_file(path, load), cancel)
    try:
        for item, problem, ahead in files:
            name = str(item)
            if cancel is not None and cancel.is_set():
                report.cancelled = True
                break
            try:
                if problem:
                    raise IngestError(problem)
                read = ahead.result() if ahead is not None else None
                if read is not None and (tool := read.tool) is not None:
                    assert isinstance(item, Path)
                    flush()
                    export = tool.load(item, max_size, on_bytes)
                    import_annotated(
                        library,
                        export,
                        name,
                        report,
                        fetch=fetch,
                        max_size=max_size,
                        cancel=cancel,
                        writer=writer,
                    )
                    if on_item:
                        on_item(name)
                    continue
                docs = read.docs if read is not None else load_input(item, max_size, cancel=cancel)
                if not docs:
                    raise IngestError("nothing to import")
            except Cancelled:
                report.cancelled = True
                break
            except StoreError:
                raise  # the library could not be written: stop, as a batch of documents does
            except IngestError as error:
                report.failures.append((name, str(error)))
            except Exception as error:  # a bug or a library's surprise must not stop the rest
                message = " ".join(str(error).split())[:200]
                report.failures.append(
                    (name, f"unexpected error: {type(error).__name__}: {message}")
                )
            else:
                report.warnings.extend((name, w) for w in getattr(docs, "warnings", ()))
                summaries: set[str] = getattr(docs, "summaries", set())
                for doc in docs:
                    text_hash = content_hash(doc.title, doc.paragraphs)
                    aid = doc.article_id(text_hash)
                    summary_only = aid in summaries
                    if doc.guid and doc.url:
                        if guids is None:
                            guids = {a.guid: a for a in library.articles() if a.guid}
                        _same_entry_same_id(library, doc, guids)
                        aid = doc.article_id(text_hash)
                    if aid in pending:
                        flush()
                    if summary_only and (existing := _existing(library, aid)) is not None:
                        report.results.append(AddResult(AddStatus.UNCHANGED, existing))
                        continue
                    pending[aid] = doc
                    hashed[aid] = text_hash
            if len(pending) >= BATCH:
                flush()
            if on_item:
                on_item(name)
    finally:
        files.close()  # files read ahead of a cancel are left out
    flush()
    return report


def import_annotated(
    library: Library,
    export: ToolExport,
    origin: str,
    report: ImportReport,
    *,
    fetch: bool = False,
    max_size: int = DEFAULT_MAX_SIZE,
    cancel: threading.Event | None = None,
    writer: Callable[[Callable[[], list[AddResult]]], list[AddResult]] = write_here,
) -> None:
    """Documents with highlights (another tool's export) into ``library``, in one transaction.

    Each quote is placed in its article's text (or the article becomes the list
    of its quotes); ``report`` receives the outcome per article and the counts
    of placed, approximately placed and unplaced quotes. Nothing is written
    unless everything can be.
    """
    from tui_reader.annotated_merge import MergePlan, merge_export, pages_to_fetch

    pages: dict[str, list[Paragraph] | IngestError] = {}
    if fetch:  # first, outside the writer: the merge must never wait on the network
        from tui_reader.ingest.url import load_url

        for url in pages_to_fetch(library, export):
            try:
                docs = load_url(url, max_size, cancel=cancel)
            except Cancelled:
                raise  # the whole import stops; nothing of this export is written
            except IngestError as error:
                pages[url] = error
            else:
                pages[url] = docs[0].paragraphs if docs else []

    def fetched(url: str) -> list[Paragraph]:
        page = pages.get(url, IngestError("not fetched"))
        if isinstance(page, IngestError):
            raise page
        return page

    done: list[MergePlan] = []

    def write() -> list[AddResult]:
        plan = merge_export(library, export, origin, fetched if fetch else None)
        library.put_many(plan.records)
        done.append(plan)
        return plan.results

    writer(write)
    plan = done[0]
    report.results.extend(plan.results)
    report.warnings.extend((origin, w) for w in [*export.warnings, *plan.warnings])
    report.quotes.placed += plan.quotes.placed
    report.quotes.approximate += plan.quotes.approximate
    report.quotes.unplaced += plan.quotes.unplaced
    report.quotes.listed += plan.quotes.listed
    report.highlights_added += plan.highlights_added
    report.highlights_updated += plan.highlights_updated


def _same_entry_same_id(library: Library, doc: Document, guids: dict[str, Article]) -> None:
    """A feed entry keeps the id of the article with its guid (its link may have changed,
    or it was stored under its link's id), else of the article stored under its link that
    carries no other guid. An article of the same feed whose guid differs only in being
    resolved against the feed's address or not (:mod:`tui_reader.ingest.guids`) is the
    same entry."""
    known = guids.get(doc.guid) or _other_spelling(doc, guids)
    if known is None:
        known = _existing(library, link_id(doc.url))
        if known is None or known.guid not in ("", doc.guid):
            return
    if known.id != doc.article_id():
        doc.id = known.id


def _other_spelling(doc: Document, guids: dict[str, Article]) -> Article | None:
    """The article of ``doc``'s feed whose guid is ``doc``'s as the feed wrote it, or
    resolved against the feed's address: the parsers did not agree on that before, and a
    feed read from a file without its address keeps it as written."""
    if not doc.origin:
        return None
    spellings = list(guid_forms(doc.guid, doc.origin))
    if is_relative(doc.guid):
        spellings.append(resolve_guid(doc.guid, doc.origin))
    for guid in spellings:
        known = guids.get(guid)
        if (
            known is not None
            and known.origin
            and canonical_url(known.origin) == canonical_url(doc.origin)
        ):
            return known
    return None


def _existing(library: Library, article_id: str) -> Article | None:
    try:
        return library.get(article_id)
    except NotFound:
        return None
