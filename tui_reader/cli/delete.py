"""``newsread delete``: delete articles (by id, or those a query selects), after asking.

Each article goes as the app's delete does it: its text and highlights with it, and
recorded in the library's record of deleted articles (:mod:`tui_reader.feeds.removed`)
so that no feed adds it again; the record is written once for all, before the deletions.
"""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING

import click

from tui_reader import cli_output as output
from tui_reader.cli.common import (
    build_query,
    fail,
    interrupt_sets,
    open_library,
    stop_interrupted,
)
from tui_reader.model import Article
from tui_reader.store import Library, OpenMode

if TYPE_CHECKING:
    from tui_reader.query import Query

#: Articles named one a line before the question; the rest are counted.
SHOWN = 20


@click.command("delete")
@click.argument("ids", nargs=-1, metavar="[ID]...")
@click.option(
    "--query",
    "query_text",
    default="",
    metavar="QUERY",
    help="Also every article this query selects (docs/query.md).",
)
@click.option("--yes", "-y", is_flag=True, help="Delete without asking.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary line.")
@click.pass_context
def delete(
    ctx: click.Context, ids: tuple[str, ...], query_text: str, yes: bool, quiet: bool
) -> None:
    """Delete articles by id (a prefix of 4+ characters, as `newsread list` prints them),
    or every article --query selects, with their highlights and notes.

    Asks first (unless --yes). A feed does not add a deleted article again
    (`newsread add` of it does). All the ids must be known, or nothing is deleted.
    """
    if not ids and not query_text.strip():
        fail("give the ids of the articles to delete, or --query QUERY")
    query = build_query([query_text]) if query_text.strip() else None
    with open_library(ctx, OpenMode.WRITE) as library:
        chosen = _chosen(library, ids, query)
        if not chosen:
            output.echo("No articles match: nothing deleted.")
            return
        counts = {a.id: library.highlight_count(a.id) for a in chosen}
        if not quiet or not yes:
            _show(chosen, counts)
        if not yes and not _confirmed(len(chosen), sum(counts.values())):
            output.echo("Nothing deleted.")
            return
        done, cancelled = _delete_all(library, chosen, quiet)
    highlights = sum(counts[a.id] for a in done)
    output.echo(f"Deleted {_articles(len(done))} ({_count(highlights, 'highlight')}).")
    if cancelled:
        stop_interrupted(f"{_articles(len(done))} deleted, the others kept", "the same command")


def _chosen(library: Library, ids: tuple[str, ...], query: Query | None) -> list[Article]:
    """The articles named (every id resolved first: one unknown deletes nothing), then
    those the query selects, each once."""
    from tui_reader.store import NotFound

    found: dict[str, Article] = {}
    for prefix in ids:
        try:
            article = library.resolve(prefix)
        except NotFound as error:
            fail(f"{output.field(error)}: nothing deleted")
        found.setdefault(article.id, article)
    if query is not None:
        from tui_reader.query.evaluate import run_query

        for article in run_query(library, query).articles:
            found.setdefault(article.id, article)
    return list(found.values())


def _show(chosen: list[Article], counts: dict[str, int]) -> None:
    for article in chosen[:SHOWN]:
        marks = f"  ({_count(counts[article.id], 'highlight')})" if counts[article.id] else ""
        output.echo(f"{article.id[:8]}  {output.field(article.title) or 'Untitled'}{marks}")
    if len(chosen) > SHOWN:
        output.echo(f"… and {len(chosen) - SHOWN} more")


def _confirmed(articles: int, highlights: int) -> bool:
    """The person's answer; stdin closed without one is a one-line error (exit 2)."""
    extra = f" and {_count(highlights, 'highlight')}" if highlights else ""
    try:
        return click.confirm(f"Delete {_articles(articles)}{extra}?", default=False, err=True)
    except click.Abort:
        if sys.stdin is None or sys.stdin.closed or not _is_tty():
            fail("no answer to the question: nothing deleted (--yes deletes without asking)")
        raise


def _is_tty() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _delete_all(library: Library, chosen: list[Article], quiet: bool) -> tuple[list[Article], bool]:
    """Delete the articles, recorded first as the app records a deletion so that no feed
    adds them again (one write for all); Ctrl+C stops between two articles. Returns
    those deleted, and whether it stopped."""
    from tui_reader.feeds.removed import record_removed
    from tui_reader.store import NotFound

    done: list[Article] = []
    record_removed(library, chosen)
    with (
        interrupt_sets(threading.Event()) as cancel,
        output.counting_bar("deleting", not quiet) as progress,
    ):
        for n, article in enumerate(chosen, 1):
            if cancel.is_set():
                return done, True
            try:
                done.append(library.delete(article.id))
            except NotFound:  # (gone meanwhile)
                continue
            progress(n, len(chosen))
    return done, False


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _articles(n: int) -> str:
    return _count(n, "article")
