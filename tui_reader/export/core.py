"""The one export entry point the CLI and the app share: :func:`export_articles`.

It chooses the articles, renders them in the asked format and writes every
file through :func:`atomic_write`. Everything is rendered before anything is
written, so a bad destination or a bad article id writes nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from tui_reader.atomic_files import atomic_write, sync_all
from tui_reader.export.errors import ExportError
from tui_reader.export.overwrite import check_replaceable, remove_export_debris
from tui_reader.export.selection import ExportFilter, Selected, choose_articles, select
from tui_reader.model import Article
from tui_reader.store import Library, NotFound

if TYPE_CHECKING:
    from tui_reader.export.template import ArticleTemplate

#: ``progress(done, total)`` after each article.
Progress = Callable[[int, int], None]


class ExportFormat(StrEnum):
    """The export formats."""

    MARKDOWN = "md"
    JSON = "json"
    W3C = "w3c"


DEFAULT_FOLDER = "newsread-export"
DEFAULT_SINGLE_FILE = "newsread-highlights.md"
DEFAULT_W3C_FILE = "newsread-annotations.jsonld"


def default_backup_name(moment: datetime | None = None) -> str:
    """``newsread-backup-YYYYMMDD-HHMMSS.json`` for now (local time)."""
    return f"newsread-backup-{(moment or datetime.now()).strftime('%Y%m%d-%H%M%S')}.json"


@dataclass(slots=True)
class ExportResult:
    """What an export wrote."""

    format: ExportFormat
    destination: Path
    """The folder (Markdown) or file (single file, JSON, W3C) written to."""
    files: list[Path] = field(default_factory=list)
    """Every file the export produced (unchanged files included), index excluded."""
    changed: int = 0
    """How many of ``files`` were actually rewritten (the rest already held the same text)."""
    articles: int = 0
    """How many articles the export holds."""
    highlights: int = 0
    """How many highlights the export holds."""
    left_out: int = 0
    """Articles chosen but left out for having no highlight and no note."""

    def summary(self) -> str:
        """One line for the user: counts and where the files went."""
        what = f"{self.articles} article{'s' if self.articles != 1 else ''}"
        what += f" ({self.highlights} highlight{'s' if self.highlights != 1 else ''})"
        if len(self.files) == 1:
            line = f"Exported {what} to {self.files[0]}"
        else:
            line = f"Exported {what} to {len(self.files)} files in {self.destination}"
        return line + self.left_out_note()

    def left_out_note(self) -> str:
        """``; N articles without highlights or notes left out`` (empty when none were)."""
        if not self.left_out:
            return ""
        n = self.left_out
        return f"; {n:,} article{'s' if n != 1 else ''} without highlights or notes left out"


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def resolve_destination(
    fmt: ExportFormat, out: str | os.PathLike[str] | None, single_file: bool, base: Path
) -> Path:
    """Where an export goes: a folder for Markdown, else a file; checked, not created."""
    folder_mode = fmt is ExportFormat.MARKDOWN and not single_file
    if fmt is ExportFormat.JSON:
        default_name = default_backup_name()
    elif fmt is ExportFormat.W3C:
        default_name = DEFAULT_W3C_FILE
    else:
        default_name = DEFAULT_SINGLE_FILE
    if out is None or str(out) == "":
        return (base / (DEFAULT_FOLDER if folder_mode else default_name)).absolute()
    text = os.fspath(out)
    path = (base / Path(text).expanduser()).absolute()
    if folder_mode:
        if path.exists() and not path.is_dir():
            raise ExportError(
                f"{path} is a file; Markdown export writes a folder "
                "(give a folder, or --single-file for one file)"
            )
        return path
    if path.is_dir() or text.endswith(("/", os.sep)):
        return path / default_name
    return path


def _prepare_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise ExportError(f"cannot create folder {folder}: a file is in the way") from None
    except OSError as error:
        raise ExportError(f"cannot create folder {folder}: {_reason(error)}") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"cannot write in {folder}: permission denied")


def _write_file(path: Path, data: bytes) -> None:
    """Write the one file of a single-file, JSON or W3C export, clearing old debris first."""
    _prepare_folder(path.parent)
    remove_export_debris(path.parent, names=(path.name,))
    _write(path, data)


def _write(path: Path, data: bytes, *, sync: bool = True) -> None:
    try:
        atomic_write(path, data, sync=sync)
    except OSError as error:
        raise ExportError(f"cannot write {path}: {_reason(error)}") from None


def _read_existing(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8", "replace")
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ExportError(f"cannot read {path}: {_reason(error)}") from None


def export_articles(
    library: Library,
    article_ids: Sequence[str] | None = None,
    fmt: ExportFormat | str = ExportFormat.MARKDOWN,
    out: str | os.PathLike[str] | None = None,
    *,
    filters: ExportFilter | None = None,
    single_file: bool = False,
    progress: Progress | None = None,
    base: Path | None = None,
    force: bool = False,
    template: str | os.PathLike[str] | None = None,
) -> ExportResult:
    """Export articles from ``library`` and say what was written.

    ``article_ids`` (exact ids; None for all) narrows ``filters``. ``out`` is a
    folder for Markdown (default ``./newsread-export``) or a file for
    ``single_file``, JSON and W3C (a folder given there receives the default
    file name); relative paths are taken from ``base`` (default: the current
    folder). An existing file is replaced only when newsread wrote it, or with
    ``force``. ``template`` is a Jinja2 file that lays out each article's
    Markdown instead of the built-in layout (see :mod:`.template`). Raises
    :class:`ExportError` with a one-line message; it only reads the library,
    so it can run in a worker thread while the app keeps writing.
    """
    try:
        fmt = ExportFormat(fmt)
    except ValueError:
        choices = ", ".join(f.value for f in ExportFormat)
        raise ExportError(f"unknown format {fmt!r} (choose from {choices})") from None
    chosen = filters or ExportFilter()
    if article_ids is not None:
        chosen = replace(chosen, article_ids=tuple(article_ids))
    if single_file and fmt is not ExportFormat.MARKDOWN:
        raise ExportError("--single-file applies to Markdown; JSON and W3C are one file anyway")
    if fmt is ExportFormat.JSON and chosen.filters_highlights:
        raise ExportError(
            "a JSON backup holds whole articles; --colour and --since apply to md and w3c"
        )
    layout = _load_template(template, fmt, single_file) if template is not None else None
    destination = resolve_destination(fmt, out, single_file, base or Path.cwd())
    if fmt is ExportFormat.MARKDOWN and not single_file:
        articles = choose_articles(library, chosen)
        return _export_folder(library, chosen, articles, destination, progress, layout)
    check_replaceable(destination, fmt.value, force=force)
    articles = choose_articles(library, chosen)
    tick = _ticker(progress, len(articles))
    if fmt is ExportFormat.MARKDOWN:
        return _export_single(library, chosen, articles, destination, tick)
    if fmt is ExportFormat.JSON:
        if (chosen.tags or chosen.query) and not articles:  # a filter that matched nothing
            return ExportResult(ExportFormat.JSON, destination)
        return _export_backup(library, articles, destination, tick)
    return _export_w3c(library, chosen, articles, destination, tick)


def _load_template(
    template: str | os.PathLike[str], fmt: ExportFormat, single_file: bool
) -> ArticleTemplate:
    from tui_reader.export.template import ArticleTemplate

    if fmt is not ExportFormat.MARKDOWN:
        raise ExportError("--template lays out Markdown; it does not apply to json or w3c")
    if single_file:
        raise ExportError("--template lays out one file per article; leave out --single-file")
    return ArticleTemplate.load(template)


def _ticker(progress: Progress | None, total: int) -> Callable[[], None]:
    done = [0]

    def tick() -> None:
        done[0] += 1
        if progress is not None:
            progress(done[0], total)

    return tick


def _selected(
    library: Library,
    chosen: ExportFilter,
    articles: list[Article],
    tick: Callable[[], None] | None = None,
) -> list[Selected]:
    found: list[Selected] = []
    for article in articles:
        found.extend(select(library, chosen, [article]))
        if tick is not None:
            tick()
    return found


def _export_folder(
    library: Library,
    chosen: ExportFilter,
    articles: list[Article],
    folder: Path,
    progress: Progress | None,
    layout: ArticleTemplate | None = None,
) -> ExportResult:
    from tui_reader.export.document import compose
    from tui_reader.export.filenames import INDEX_NAME, ExportIndex
    from tui_reader.export.markdown import FRONT_MATTER_KEYS, front_matter, render_article

    selected = _selected(library, chosen, articles)
    index = ExportIndex.load(folder)  # (empty for a folder not made yet)
    left_out = 0
    if chosen.annotated_only:
        kept = [s for s in selected if s.annotated or s.article.id in index.files]
        selected, left_out = kept, len(selected) - len(kept)
    if not selected:
        return ExportResult(ExportFormat.MARKDOWN, folder, left_out=left_out)
    # A template runs on every article before anything is written: an error in it
    # (or on one article's text) leaves the folder as it was.
    rendered = [layout.render(s.article, s.highlights) for s in selected] if layout else []
    _prepare_folder(folder)
    remove_export_debris(folder, names=(INDEX_NAME,), suffixes=(".md",))
    try:
        names = index.assign((s.article.id, s.article.title) for s in selected)
    except OSError as error:
        raise ExportError(f"cannot list {folder}: {_reason(error)}") from None
    planned: list[tuple[Path, bytes | None]] = []
    for n, item in enumerate(selected):
        path = folder / names[item.article.id]
        old = _read_existing(path)
        front = front_matter(item.article, len(item.highlights))
        owned = set(FRONT_MATTER_KEYS)
        if rendered:
            body = rendered[n].body
            if rendered[n].front_matter is not None:
                front = rendered[n].front_matter
                owned |= set(front)
        else:
            body = render_article(item.article, item.highlights)
        text = compose(front, body, old, owned)
        planned.append((path, None if text == old else text.encode("utf-8")))
    result = ExportResult(ExportFormat.MARKDOWN, folder, articles=len(selected))
    result.highlights = sum(len(s.highlights) for s in selected)
    result.left_out = left_out
    # Writing is the slow part: progress counts it. Each file is replaced
    # atomically; the batch is made durable with one sync at the end rather than
    # an fsync per file (10,000 fsyncs take seconds).
    step = _ticker(progress, len(planned))
    batch = sum(1 for _, data in planned if data is not None) > 1
    for path, data in planned:
        if data is not None:
            _write(path, data, sync=not batch)
            result.changed += 1
        result.files.append(path)
        step()
    if batch:
        try:
            sync_all(folder)
        except OSError as error:
            raise ExportError(f"cannot save the files in {folder}: {_reason(error)}") from None
    if index.changed:
        try:
            index.save()
        except OSError as error:
            raise ExportError(f"cannot write the index in {folder}: {_reason(error)}") from None
    return result


def _export_single(
    library: Library,
    chosen: ExportFilter,
    articles: list[Article],
    path: Path,
    tick: Callable[[], None],
) -> ExportResult:
    from tui_reader.export.document import compose
    from tui_reader.export.markdown import render_article, render_single, single_front_matter

    selected = _selected(library, chosen, articles, tick)
    left_out = 0
    if chosen.annotated_only:
        kept = [s for s in selected if s.annotated]
        selected, left_out = kept, len(selected) - len(kept)
    if not selected:
        return ExportResult(ExportFormat.MARKDOWN, path, left_out=left_out)
    count = sum(len(s.highlights) for s in selected)
    sections = [render_article(s.article, s.highlights, level=2, details=True) for s in selected]
    if path.is_dir():
        raise ExportError(f"{path} is a folder")
    old = _read_existing(path)
    front = single_front_matter(len(selected), count)
    text = compose(front, render_single(sections), old, front)
    result = ExportResult(ExportFormat.MARKDOWN, path, [path], articles=len(selected))
    result.highlights = count
    result.left_out = left_out
    if text != old:
        _write_file(path, text.encode("utf-8"))
        result.changed = 1
    return result


def _export_backup(
    library: Library, articles: list[Article], path: Path, tick: Callable[[], None]
) -> ExportResult:
    from tui_reader.export.backup import backup_document, dump_backup

    document = backup_document(library, articles, lambda _n: tick())
    if path.is_dir():
        raise ExportError(f"{path} is a folder")
    _write_file(path, dump_backup(document))
    count = sum(len(item["highlights"]) for item in document["articles"])
    return ExportResult(ExportFormat.JSON, path, [path], 1, len(articles), count)


def _export_w3c(
    library: Library,
    chosen: ExportFilter,
    articles: list[Article],
    path: Path,
    tick: Callable[[], None],
) -> ExportResult:
    from tui_reader.export.w3c import article_annotation, collection, highlight_annotation
    from tui_reader.model import plain_text

    items = []
    exported = 0
    count = 0
    for item in _selected(library, chosen, articles, tick):
        try:
            paragraphs = library.paragraphs(item.article.id)
        except NotFound:
            paragraphs = []
        text = plain_text(paragraphs)
        note = None if chosen.filters_highlights else article_annotation(item.article)
        if note is not None:
            items.append(note)
        for hl in item.highlights:
            items.append(highlight_annotation(hl, item.article, paragraphs, text))
        count += len(item.highlights)
        exported += bool(item.highlights) or note is not None
    if not items:
        return ExportResult(ExportFormat.W3C, path)
    if path.is_dir():
        raise ExportError(f"{path} is a folder")
    data = orjson.dumps(collection(items), option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    _write_file(path, data)
    return ExportResult(ExportFormat.W3C, path, [path], 1, exported, count)
