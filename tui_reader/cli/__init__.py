"""The ``newsread`` command line: parse, call the core, print.

Every failure a person can cause (a bad path, a locked library, a damaged
file) ends in one line ``newsread: error: ...`` on stderr and exit code 2.
"""

from __future__ import annotations

import errno
import re
import sys
import threading
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tui_reader import __version__
from tui_reader import cli_output as output
from tui_reader.cli.common import (
    EXIT_ERROR,
    build_query,
    fail,
    interrupt_sets,
    open_library,
    stop_interrupted,
)
from tui_reader.config import library_dir
from tui_reader.highlight_list import (
    ORPHAN_MARK,
    HighlightRow,
    HighlightSort,
    RowOrder,
    collect_rows,
    filter_for_query,
    sort_rows,
)
from tui_reader.ingest.files import DEFAULT_MAX_SIZE
from tui_reader.model import Article, ReadingState
from tui_reader.output_guard import os_error_message
from tui_reader.store import Library, OpenMode

if TYPE_CHECKING:
    from tui_reader.index import Snippet
    from tui_reader.review.request import ReviewRequest

#: The largest ``--max-size`` accepted: 1 TB (more is no cap at all in practice).
MAX_SIZE_LIMIT = 1024**4
_SIZE = re.compile(r"\s*(\d+(?:\.\d*)?|\.\d+)\s*([kmgt]?)(?:i?b)?\s*", re.IGNORECASE)


def parse_size(text: str) -> int:
    """``20MB``, ``512k``, ``1.5GiB``, ``1048576`` -> bytes; anything else is a one-line error."""
    match = _SIZE.fullmatch(text)
    if match is None:
        fail(f"--max-size: not a size: {text!r} (try 20MB)")
    number, unit = match.groups()
    factor = 1024 ** " kmgt".index(unit.lower() or " ")
    if float(number) * factor > MAX_SIZE_LIMIT:
        fail(f"--max-size: at most 1TB (got {text.strip()})")
    value = int(float(number) * factor)
    if value <= 0:
        fail("--max-size must be at least 1 byte")
    return value


def _usage_message(error: click.ClickException) -> str:
    message = error.format_message().rstrip(".")
    ctx = getattr(error, "ctx", None)
    if isinstance(error, click.UsageError) and ctx is not None:
        message += f" (see '{ctx.command_path} --help')"
    return message


class NewsreadGroup(click.Group):
    """A click group whose usage errors also read ``newsread: error: ...`` (one line)."""

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run; click's own errors and unexpected OS errors become one sanitised line."""
        output.guard_library_output()
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as error:
            output.error(_usage_message(error))
            code = error.exit_code
        except click.Abort:
            output.echo("Aborted!", err=True)
            code = 1
        except OSError as error:  # e.g. a broken pipe or a full disk while printing
            if error.errno == errno.EPIPE:  # the reader of a pipe went away: stop quietly
                sys.stdout = click.utils.PacifyFlushWrapper(sys.stdout)  # type: ignore[assignment]
                code = 1
            else:
                output.error(os_error_message(error))
                code = EXIT_ERROR
        code = code if isinstance(code, int) else 0
        if not standalone_mode:
            return code
        sys.exit(code)


@click.group(name="newsread", cls=NewsreadGroup, invoke_without_command=True)
@click.option(
    "--library",
    "library",
    metavar="DIR",
    help="Library folder (default: $NEWSREAD_LIBRARY or the user data folder).",
)
@click.version_option(__version__, prog_name="newsread")
@click.pass_context
def cli(ctx: click.Context, library: str | None) -> None:
    """newsread: read and annotate articles in the terminal.

    With no command, opens the library in the reader app.
    """
    ctx.ensure_object(dict)
    ctx.obj["library"] = library
    if ctx.invoked_subcommand is None:
        open_app(ctx)


def open_app(
    ctx: click.Context, article_id: str | None = None, review: ReviewRequest | None = None
) -> None:
    """Open the app (on an article, if given); the first run imports the bundled samples.

    An article id that matches nothing is refused before anything is written.
    """
    from tui_reader.app_start import AppStartError, run_app

    try:
        run_app(
            library_dir(ctx.obj.get("library")),
            warn=output.warning,
            article_id=article_id,
            review=review,
        )
    except AppStartError as error:
        fail(str(error))


@cli.command()
@click.argument("article_id")
@click.pass_context
def read(ctx: click.Context, article_id: str) -> None:
    """Open the app straight on one article (an id prefix of 4+ characters is enough)."""
    open_app(ctx, article_id)


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="PATH|URL...")
@click.option(
    "--max-size",
    default=str(DEFAULT_MAX_SIZE),
    metavar="SIZE",
    help="Largest file or download accepted (default 20MB).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary line.")
@click.option(
    "--fetch",
    is_flag=True,
    help="Exports of other tools: download each article's page to place its highlights in.",
)
@click.pass_context
def add(
    ctx: click.Context, inputs: tuple[str, ...], max_size: str, quiet: bool, fetch: bool
) -> None:
    """Import articles from files, folders (recursively) and URLs.

    Exports of other tools are recognised by their content and bring their
    highlights, notes, tags and read state: Kindle My Clippings.txt, Readwise
    and Readwise Reader CSV, Pocket (zip or HTML), Omnivore zip, Instapaper
    CSV, Hypothesis JSON and KOReader metadata.*.lua.
    """
    from tui_reader.feeds.collector import collector_held
    from tui_reader.importing import import_inputs

    limit = parse_size(max_size)
    with (
        open_library(ctx, OpenMode.WRITE, create=True) as library,
        interrupt_sets(threading.Event()) as cancel,
    ):
        on_start, on_item, stop, on_bytes = output.progress_callbacks(not quiet)
        try:
            # New records filed in their shards at the end, not per batch; no full collection
            # of the cycle collector walking every record kept (as in a refresh).
            with collector_held(), library.bulk():
                report = import_inputs(
                    library,
                    list(inputs),
                    max_size=limit,
                    on_start=on_start,
                    on_item=on_item,
                    cancel=cancel,
                    fetch=fetch,
                    on_bytes=on_bytes,
                )
        finally:
            stop()
    if not quiet:
        for result in report.results:
            extra = ""
            if result.stayed or result.moved or result.orphaned:
                extra = (
                    f" (highlights: {result.stayed} stayed, {result.moved} moved, "
                    f"{result.orphaned} orphaned)"
                )
            title = output.field(result.article.title)
            output.echo(f"{result.status}: {result.article.id[:8]}  {title}{extra}")
    for name, message in report.warnings:
        output.warning(f"warning: {name}: {message}")
    for name, reason in report.failures:
        output.error(f"{name}: {reason}")
    output.echo(report.summary())
    if report.cancelled:
        stop_interrupted("what was read is kept", "the same command")
    if not report.succeeded:
        sys.exit(EXIT_ERROR)


def _article_row(
    article: Article, highlights: int, orphans: int = 0, snippet: Snippet | None = None
) -> dict[str, Any]:
    """An article as ``list`` prints it: ``highlights`` placed in its text (as the app's HL
    column counts them), ``orphans`` that lost their place (``list --orphans`` lists them)."""
    row: dict[str, Any] = {
        "id": article.id,
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "published": article.published,
        "added": article.added,
        "tags": list(article.tags),
        "highlights": highlights,
        "orphans": orphans,
        "progress": round(article.progress, 3),
        "state": str(article.state),
        "queue": str(article.queue),
    }
    if snippet is not None:
        row["snippet"] = _snippet_row(snippet)
    return row


#: The states read in full (:attr:`Article.progress` 1.0).
_DONE = frozenset({ReadingState.READ, ReadingState.ARCHIVED})


def _percent(article: Article) -> str:
    """``read`` as :func:`_article_row`'s ``progress`` prints: most articles are unread
    at their start, 0% without working it out (0.9 us a row)."""
    if article.position == 0 and article.state not in _DONE:
        return "0%"
    return f"{round(article.progress, 3):.0%}"


def _snippet_row(snippet: Snippet) -> dict[str, Any]:
    return {"text": snippet.text, "matches": [list(span) for span in snippet.spans]}


def _table_row(article: Article, highlights: int, snippet: Snippet | None) -> output.TableRow:
    """The cells the table prints of :func:`_article_row`'s row (``cli_output._values``),
    made without the row (93,000 rows of ``list --search``: 1.2 against 2.7 us a row)."""
    cells = [
        article.id[:8],
        str(article.title),
        str(article.source),
        (article.published or article.added)[:10],
        ", ".join(article.tags),
        str(highlights),
        _percent(article),
        str(article.state),
        str(article.queue),
    ]
    return cells, None if snippet is None else _snippet_row(snippet)


#: How many of the articles a query's words select are printed with a snippet.
SNIPPETS = 100
#: Snippets are cut for this many rows at a time (a page of the table's first rows).
SNIPPET_PAGE = output.FIRST_PAGE_SIZE


#: For commands whose arguments are a query: ``-tag:korea`` or ``-word`` is a negated
#: term of the query, not an unknown option (none of them has a one-letter option).
QUERY_ARGUMENTS = {"ignore_unknown_options": True}


@cli.command("list", context_settings=QUERY_ARGUMENTS)
@click.argument("query", nargs=-1, metavar="[QUERY]...")
@click.option("--tag", "tags", multiple=True, help="Only articles with this tag (repeatable).")
@click.option("--search", default="", metavar="QUERY", help="The query, as an option.")
@click.option("--saved", metavar="NAME", help="The saved search NAME (see `newsread searches`).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--orphans", is_flag=True, help="List highlights that lost their place.")
@click.pass_context
def list_(
    ctx: click.Context,
    query: tuple[str, ...],
    tags: tuple[str, ...],
    search: str,
    saved: str | None,
    as_json: bool,
    orphans: bool,
) -> None:
    """List the articles in the library, or those a query selects (printed as they come).

    QUERY is in the query language of docs/query.md, e.g.
    newsread list 'tag:korea has:note -colour:yellow sort:-published'.
    The best 100 matches of a query's words show them in context.
    """
    from tui_reader.gc_pause import gc_paused
    from tui_reader.query.evaluate import stream_query

    # Words may build the search index the first time: that takes the writer's lock.
    mode = OpenMode.AUTO if query or search.strip() or saved else OpenMode.READ
    # The records read make no cycles: the collector would only walk them again and
    # again (a tenth of `list --search harbour` at 100,000 articles).
    with gc_paused(), open_library(ctx, mode) as library:
        parts = [*query, search]
        if saved is not None:
            parts.insert(0, _saved_query(library, saved))
        chosen = build_query(parts, tags)
        if orphans:
            _print_orphans(library, as_json)
            return
        library.index_progress = _index_progress
        found = stream_query(library, chosen)
        articles = found.articles
        words = " ".join(f'"{t.value}"' if t.phrase else t.value for t in chosen.text_terms)
        tallies = library.highlight_tallies() if found.expected > 1000 else None

        def count(article_id: str) -> tuple[int, int]:
            """Placed and orphaned highlights (HL counts those placed, as the app does)."""
            if tallies is not None:
                return tallies[0][article_id], tallies[1][article_id]
            placed = library.highlight_count(article_id, orphans=False)
            return placed, library.highlight_count(article_id) - placed

        found_rows = _with_snippets(library, articles, words)
        if as_json:
            output.echo_json_rows(_article_row(a, *count(a.id), s) for a, s in found_rows)
            return
        table = (_table_row(a, count(a.id)[0], s) for a, s in found_rows)
        if not output.print_cells(table, first_rows=SNIPPETS if words else 0):
            output.echo("No articles." if chosen.where is None else "No articles match.")


def _with_snippets(
    library: Library, articles: Iterable[Article], words: str
) -> Iterator[tuple[Article, Snippet | None]]:
    """``articles`` with the snippet of ``words`` of each of the first :data:`SNIPPETS`,
    cut a page at a time (the first rows print before the rest are cut)."""
    from tui_reader.store.searching import snippets_for

    pending = iter(articles)
    start = 0
    while words and start < SNIPPETS and (page := list(islice(pending, SNIPPET_PAGE))):
        start += len(page)
        snippets = snippets_for(library, [a.id for a in page], words)
        for article in page:
            yield article, snippets.get(article.id)
    for article in pending:
        yield article, None


def _index_progress(done: int, total: int) -> None:
    if done == 0:
        output.warning(f"building the search index ({total:,} articles)…")


def _saved_query(library: Library, name: str) -> str:
    from tui_reader.query.saved import SavedSearchError, find_search

    try:
        # Joined by a space: OR binds more tightly, so more terms narrow the whole search.
        return find_search(library, name).query
    except SavedSearchError as error:
        fail(str(error))


@cli.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of lines.")
@click.pass_context
def searches(ctx: click.Context, as_json: bool) -> None:
    """List the saved searches (named queries); `add` and `remove` change them.

    A saved search is a list you can switch to in the library (key l) and
    with `newsread list --saved NAME`; it is kept in the library and its backup.
    """
    if ctx.invoked_subcommand is not None:
        return
    from tui_reader.query.saved import saved_searches

    with open_library(ctx, OpenMode.READ) as library:
        found = saved_searches(library)
    if as_json:
        rows = [{"name": s.name, "query": s.query} for s in found]
        output.echo_json(rows)
    elif not found:
        output.echo("No saved searches. Add one: newsread searches add NAME QUERY")
    else:
        width = max(len(output.field(s.name)) for s in found)
        for search in found:
            output.echo(f"{output.field(search.name):<{width}}  {output.field(search.query)}")


@searches.command("add", context_settings=QUERY_ARGUMENTS)
@click.argument("name")
@click.argument("query", nargs=-1, required=True, metavar="QUERY...")
@click.pass_context
def searches_add(ctx: click.Context, name: str, query: tuple[str, ...]) -> None:
    """Save QUERY under NAME (replacing a saved search of that name)."""
    from tui_reader.query import QueryError
    from tui_reader.query.saved import SavedSearchError, find_search, save_search
    from tui_reader.sanitize import clean_line

    with open_library(ctx, OpenMode.WRITE, create=True) as library:
        try:
            earlier = find_search(library, name).query
        except SavedSearchError:
            earlier = None
        try:
            saved = save_search(library, name, " ".join(query))
        except QueryError as error:
            fail(f"query: {clean_line(str(error))[:300]}")
        except SavedSearchError as error:
            fail(str(error))
    if earlier is None:
        output.echo(f"Saved search {saved.name!r}: {saved.query}")
    elif earlier == saved.query:
        output.echo(f"Saved search {saved.name!r} already is: {saved.query}")
    else:
        output.echo(f"Replaced saved search {saved.name!r}: {saved.query} (was: {earlier})")


@searches.command("remove")
@click.argument("name")
@click.pass_context
def searches_remove(ctx: click.Context, name: str) -> None:
    """Forget the saved search NAME."""
    from tui_reader.query.saved import SavedSearchError, remove_search

    with open_library(ctx, OpenMode.WRITE) as library:
        try:
            gone = remove_search(library, name)
        except SavedSearchError as error:
            fail(str(error))
    output.echo(f"Removed saved search {gone.name!r}.")


def _print_orphans(library: Library, as_json: bool) -> None:
    found = library.orphans()
    if as_json:
        output.echo_json([h.to_dict() for h in found])
        return
    if not found:
        output.echo("No orphaned highlights.")
        return
    for hl in found:
        title = output.field(library.get(hl.article_id).title)
        output.echo(f"{hl.short_id}  {title}: “{output.field(hl.anchor.quote.exact)}”")


@cli.command("delete-highlights")
@click.argument("ids", nargs=-1, metavar="ID...")
@click.option("--orphans", "all_orphans", is_flag=True, help="Delete every orphaned highlight.")
@click.pass_context
def delete_highlights(ctx: click.Context, ids: tuple[str, ...], all_orphans: bool) -> None:
    """Delete highlights by id (8+ characters, as `newsread list --orphans` prints them).

    All of them or none: an unknown or ambiguous id deletes nothing.
    """
    from tui_reader.highlight_ids import HighlightIdError, resolve_highlight_ids

    if not ids and not all_orphans:
        fail("give the ids of the highlights to delete, or --orphans")
    with open_library(ctx, OpenMode.WRITE) as library:
        try:
            chosen = resolve_highlight_ids(ids, library.all_highlights())
        except HighlightIdError as error:
            fail(output.field(str(error)))
        if all_orphans:
            known = {hl.id for hl in chosen}
            chosen += [hl for hl in library.orphans() if hl.id not in known]
        removed = library.delete_highlights(chosen) if chosen else []
    noun = "highlight" if len(removed) == 1 else "highlights"
    output.echo(f"Deleted {len(removed)} {noun}." if removed else "No highlights to delete.")


@cli.command()
@click.argument("article_id")
@click.pass_context
def show(ctx: click.Context, article_id: str) -> None:
    """Print an article as plain text (title, source, paragraphs)."""
    with open_library(ctx, OpenMode.READ) as library:
        article = library.resolve(article_id)
        paragraphs = library.paragraphs(article.id)
    lines = [article.title]
    if article.source:
        lines.append(f"Source: {article.source}")
    if article.url:
        lines.append(f"URL: {article.url}")
    output.echo("\n".join(output.field(line) for line in lines))
    for p in paragraphs:
        output.echo("")
        output.echo(("#" * p.level + " " if p.is_heading else "") + p.text)


@cli.command()
@click.pass_context
def locate(ctx: click.Context) -> None:
    """Print the library folder's path."""
    output.echo(output.field(library_dir(ctx.obj.get("library"))))


@cli.command()
@click.option(
    "--format",
    "fmt",
    default="md",
    metavar="md|json|w3c",
    help="md: Markdown files for Obsidian-style vaults (default); "
    "json: a backup of the library; w3c: W3C Web Annotation JSON-LD.",
)
@click.option(
    "--out",
    metavar="DIR|FILE",
    help="md: a folder (default ./newsread-export); --single-file, json, w3c: a file "
    "(default ./newsread-highlights.md, ./newsread-backup-<time>.json, "
    "./newsread-annotations.jsonld; a folder receives that name).",
)
@click.option(
    "--query",
    "query_text",
    default="",
    metavar="QUERY",
    help="Only the articles and highlights this query selects (docs/query.md).",
)
@click.option(
    "--tag", "tags", multiple=True, metavar="TAG", help="Only articles with this tag (repeatable)."
)
@click.option(
    "--article", "article_ids", multiple=True, metavar="ID", help="Only this article (repeatable)."
)
@click.option(
    "--colour",
    "--color",
    "colours",
    multiple=True,
    metavar="COLOUR",
    help="Only highlights of this colour (repeatable).",
)
@click.option(
    "--since",
    metavar="DATE",
    help="Only highlights created or changed since DATE (YYYY-MM-DD, yesterday, 7d).",
)
@click.option("--single-file", is_flag=True, help="md: one file with a section per article.")
@click.option(
    "--all-articles",
    is_flag=True,
    help="md: also articles without highlights or notes (left out unless named by --article).",
)
@click.option(
    "--template",
    metavar="FILE",
    help="md: lay out each article with this Jinja2 template (docs/templates.md).",
)
@click.option(
    "--force", is_flag=True, help="Write over an --out file that is not a newsread export."
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.pass_context
def export(
    ctx: click.Context,
    fmt: str,
    out: str | None,
    query_text: str,
    tags: tuple[str, ...],
    article_ids: tuple[str, ...],
    colours: tuple[str, ...],
    since: str | None,
    single_file: bool,
    all_articles: bool,
    template: str | None,
    force: bool,
    quiet: bool,
) -> None:
    """Export highlights and notes (Markdown, JSON backup or W3C Web Annotation).

    Markdown holds the articles with highlights or notes (and brings up to date
    the files of articles exported before). Re-exporting updates each article's
    own file, even after its title changed, and keeps what you wrote outside the
    generated region. An existing --out file is written over only when newsread
    wrote it (or --force).
    """
    from tui_reader.export import ExportError, ExportFilter, export_articles, parse_since

    query = build_query([query_text]) if query_text.strip() else None
    try:
        chosen = ExportFilter(
            query=query,
            tags=tags,
            colours=tuple(c.strip().lower() for c in colours),
            since=parse_since(since) if since is not None else None,
            annotated_only=not (article_ids or all_articles),
        )
        with open_library(ctx, OpenMode.READ) as library:
            ids = [library.resolve(i).id for i in article_ids] if article_ids else None
            with output.counting_bar("exporting", not quiet) as progress:
                result = export_articles(
                    library,
                    ids,
                    fmt.strip().lower(),
                    out,
                    filters=chosen,
                    single_file=single_file,
                    progress=progress,
                    force=force,
                    template=template,
                )
    except ExportError as error:
        fail(str(error))
    if not result.files and result.left_out:
        which = "the article chosen has no" if result.left_out == 1 else "no article chosen has"
        output.echo(
            f"Nothing to export: {which} highlights or notes (--all-articles exports "
            "them anyway); nothing was written."
        )
        return
    if not result.files:
        output.echo("Nothing to export: no article matched; nothing was written.")
        return
    output.echo(result.summary())


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of lines.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Reading stats: articles read and highlights made per week, streak, top tags."""
    from tui_reader.stats import compute_stats, review_times
    from tui_reader.stats_report import stats_lines

    with open_library(ctx, OpenMode.READ) as library:
        figures = compute_stats(library, review_times=review_times(library))
    if as_json:
        output.echo_json(figures.to_dict())
        return
    for line in stats_lines(figures):
        output.echo(output.field(line))


@cli.command()
@click.argument("backup", metavar="FILE")
@click.option("--merge", is_flag=True, help="Merge by id into a library that is not empty.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.pass_context
def restore(ctx: click.Context, backup: str, merge: bool, quiet: bool) -> None:
    """Load a JSON backup (from `newsread export --format json`) into the library.

    Into an empty library everything is restored as it was; with --merge,
    articles and highlights missing from the library are added and a
    highlight in both keeps the copy changed last.
    """
    from tui_reader.export import BackupError, load_backup, restore_backup
    from tui_reader.ingest.url import local_file_path

    try:
        path = Path(local_file_path(backup) or backup).expanduser()  # file:///... too
    except RuntimeError:  # ~name of a user that does not exist
        fail(f"cannot read {backup}: no home folder for {backup.split('/')[0]}")
    from tui_reader.ingest import IngestError
    from tui_reader.ingest.files import read_regular_file

    try:
        data = read_regular_file(path)
    except IngestError as error:
        if str(error) == "is a folder":
            fail(f"{path} is a folder, not a backup file")
        fail(f"cannot read {path}: {error}")
    try:
        loaded = load_backup(data, path.name)
        with open_library(ctx, OpenMode.WRITE, create=True) as library:
            total = len(loaded.entries)
            with output.counting_bar("restoring", not quiet) as progress:
                report = restore_backup(library, loaded, merge, lambda n: progress(n, total))
    except BackupError as error:
        fail(str(error))
    output.echo(report.summary()[:1].upper() + report.summary()[1:] + ".")


def main() -> None:
    """Entry point of the ``newsread`` console script."""
    cli(prog_name="newsread")


@cli.command("highlights", context_settings=QUERY_ARGUMENTS)
@click.argument("query", nargs=-1, metavar="[QUERY]...")
@click.option("--search", default="", metavar="QUERY", help="The query, as an option.")
@click.option(
    "--sort",
    "order",
    type=click.Choice([s.value for s in HighlightSort]),
    default=HighlightSort.DATE.value,
    help="date (newest first), article (title, then reading order) or colour; "
    "a sort: in the query wins.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of lines.")
@click.pass_context
def highlights_(
    ctx: click.Context, query: tuple[str, ...], search: str, order: str, as_json: bool
) -> None:
    """List every highlight in the library, or those a query selects (see docs/query.md):
    colour, date, quote, note, tags and article title."""
    chosen = build_query([*query, search])
    with open_library(ctx, OpenMode.READ) as library:
        keep = filter_for_query(library, chosen)
        by = RowOrder.of_query(chosen.sort) if chosen.sort else HighlightSort(order)
        rows = sort_rows(collect_rows(library, keep), by)
    if as_json:
        output.echo_json([row.to_dict() for row in rows])
        return
    if not rows:
        output.echo("No highlights." if keep is None else "No highlights match.")
        return
    for row in rows:
        output.echo(_highlight_line(row))


def _highlight_line(row: HighlightRow) -> str:
    """One highlight on one line: colour, date, “quote”, the note, #tags, · article title."""
    hl = row.highlight
    quote = f"“{output.field(hl.anchor.quote.exact)}”"
    parts = [f"{hl.colour:<6}", row.date or "—", (ORPHAN_MARK if hl.orphan else "") + quote]
    if hl.note:
        parts.append(f"— {output.field(hl.note)}")
    if hl.tags:
        parts.append(output.field(" ".join(f"#{t}" for t in hl.tags)))
    parts.append(f"· {output.field(row.article_title) or 'Untitled'}")
    return "  ".join(parts)


@cli.command("review", context_settings=QUERY_ARGUMENTS)
@click.argument("query", nargs=-1, metavar="[QUERY]...")
@click.option(
    "--query", "query_option", default="", metavar="QUERY", help="The query, as an option."
)
@click.option("--limit", type=click.IntRange(min=1), help="At most N highlights this session.")
@click.option("--due", is_flag=True, help="Print how many highlights are due today, and exit.")
@click.option("--json", "as_json", is_flag=True, help="Print today's queue as JSON, and exit.")
@click.pass_context
def review_(
    ctx: click.Context,
    query: tuple[str, ...],
    query_option: str,
    limit: int | None,
    due: bool,
    as_json: bool,
) -> None:
    """Review today's highlights in the app (spaced repetition with FSRS): the due ones, then
    new ones up to the daily limit; a query (`tag:history`) reviews only those it selects."""
    from tui_reader.review.request import ReviewRequest

    chosen = build_query([*query, query_option])
    if not (due or as_json):
        text = " ".join(part for part in (*query, query_option) if part)
        open_app(ctx, review=ReviewRequest(text, limit))
        return
    from tui_reader.config import load_config
    from tui_reader.review.queue import build_queue
    from tui_reader.review.report import due_line, queue_document

    config = load_config()
    for problem in config.problems:
        output.warning(problem)
    with open_library(ctx, OpenMode.READ) as library:
        queue = build_queue(library, config.review, query=chosen, limit=limit)
    if as_json:
        output.echo_json(queue_document(queue))
    else:
        output.echo(due_line(queue))


# ---------------------------------------------------------------------- feeds


from tui_reader.cli.delete import delete  # noqa: E402  (registered on the group above)
from tui_reader.cli.feeds import feeds, refresh  # noqa: E402

cli.add_command(feeds)
cli.add_command(refresh)
cli.add_command(delete)
