"""``newsread feeds ...`` (the feeds you follow, their ignore rules and retention) and
``newsread refresh``."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tui_reader import cli_output as output
from tui_reader.cli.common import fail, interrupt_sets, open_library, stop_interrupted
from tui_reader.store import OpenMode

if TYPE_CHECKING:
    from tui_reader.feeds.subscriptions import Subscription


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of lines.")
@click.pass_context
def feeds(ctx: click.Context, as_json: bool) -> None:
    """List the feeds you follow (unread articles, last refresh, last error).

    `add`, `remove`, `import` (OPML) and `export` (OPML) change them; they are
    kept in the library and its backup.
    """
    if ctx.invoked_subcommand is not None:
        return
    from tui_reader.feeds.options import describe_retention
    from tui_reader.feeds.overview import ago
    from tui_reader.feeds.subscriptions import subscriptions, unread_counts

    with open_library(ctx, OpenMode.READ) as library:
        subs = subscriptions(library)
        unread = unread_counts(library.articles(), subs)
    if as_json:
        rows = [{**s.listing_dict(), "unread": unread.get(s.url, 0)} for s in subs]
        output.echo_json(rows)
        return
    if not subs:
        output.echo("No feeds. Follow one: newsread feeds add URL|FILE")
        return
    for n, sub in enumerate(subs, 1):
        state = "disabled (410 Gone)" if sub.disabled else f"{unread.get(sub.url, 0)} unread"
        refreshed = f"refreshed {ago(sub.last_refresh)}" if sub.last_refresh else "never refreshed"
        tags = f"  [{', '.join(sub.tags)}]" if sub.tags else ""
        output.echo(f"{n:>3}. {output.field(sub.name)}{output.field(tags)}")
        output.echo(f"     {output.field(sub.url)}")
        line = f"     {state} · {refreshed}" + (" · full text" if sub.full_text else "")
        output.echo(output.field(line))
        if retention := describe_retention(sub):
            output.echo(f"     {retention}")
        if sub.last_error:
            output.echo(f"     error: {output.field(sub.last_error)}")


@click.command()
@click.argument("keys", nargs=-1, metavar="[FEED]...")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.pass_context
def refresh(ctx: click.Context, keys: tuple[str, ...], as_json: bool, quiet: bool) -> None:
    """Fetch new articles from the feeds you follow (or FEED...: URL, title or number).

    Exit status: 0 when every feed refreshed, 1 when some failed (each is named
    on stderr, the others are stored), 2 on bad input (an unknown feed).
    """
    from tui_reader.feeds.refresh import refresh_feeds, select_feeds
    from tui_reader.feeds.subscriptions import SubscriptionError, subscriptions

    with open_library(ctx, OpenMode.WRITE) as library:
        try:
            select_feeds(subscriptions(library), keys or None)
        except SubscriptionError as error:
            fail(str(error))
        with (
            interrupt_sets(threading.Event()) as cancel,
            output.refresh_bar(not (quiet or as_json)) as on_event,
        ):
            report = refresh_feeds(library, keys or None, progress=on_event, cancel=cancel)
    if as_json:
        output.echo_json(report.to_json())
    elif not report.total:
        output.echo("No feeds. Follow one: newsread feeds add URL|FILE")
    for feed in report.failed:
        output.warning(f"{feed.sub.name}: {feed.error}")
    for feed in report.skipped:
        output.warning(f"skipped {feed.sub.name}: {feed.error}")
    if not as_json:
        output.echo(report.summary())
    if report.cancelled:
        stop_interrupted("what was fetched is kept", "newsread refresh")
    sys.exit(1 if report.failed else 0)


@feeds.command("add")
@click.argument("address", metavar="URL|FILE")
@click.option("--tag", "tags", multiple=True, help="Tag every article of this feed (repeatable).")
@click.option("--full-text", is_flag=True, help="Fetch each entry's page for the whole article.")
@click.pass_context
def feeds_add(ctx: click.Context, address: str, tags: tuple[str, ...], full_text: bool) -> None:
    """Follow a feed: its URL, a web page that links to its feed, or a local file."""
    from tui_reader.feeds.adding import resolve_feed
    from tui_reader.feeds.subscriptions import (
        SubscriptionError,
        same_feed,
        subscribe,
        subscriptions,
    )
    from tui_reader.sanitize import clean_tags

    with open_library(ctx, OpenMode.WRITE, create=True) as library:
        try:
            found = resolve_feed(address, tags=clean_tags(tags), full_text=full_text)
        except SubscriptionError as error:
            fail(str(error))
        held = [s for s in subscriptions(library) if same_feed(s.url, found.url)]
        sub, new = subscribe(library, found)
    verb = "Following" if new else "Already following" if held == [sub] else "Updated"
    output.echo(f"{verb} {output.field(sub.name)} ({output.field(sub.url)})")
    if held and sub.tags != held[0].tags:
        added = [t for t in sub.tags if t not in held[0].tags]
        output.echo(
            f"Tags: {output.field(', '.join(sub.tags))} (added: {output.field(', '.join(added))}; "
            "newsread feeds set FEED --tag T replaces them)"
        )
    if new:
        output.echo("Its articles arrive at the next refresh: newsread refresh (or r in the app)")
    elif held:
        _say_full_text_backfill(held[0], sub)


def _say_full_text_backfill(old: Subscription, new: Subscription) -> None:
    """When full text was just turned on for a feed with articles: their pages come too;
    when it was turned off: what the articles stored keep."""
    from tui_reader.feeds.fulltext_retry import MAX_PER_REFRESH

    if old.full_text and not new.full_text:
        output.echo(
            "Full text off: new entries come as the feed gives them; the articles stored "
            "keep the text they have"
        )
        return
    if old.full_text or not new.full_text:
        return
    marked = len(set(new.full_text_retry) - set(old.full_text_retry))
    if marked:
        output.echo(
            f"Full text from now on; the pages of the {marked} article"
            f"{' it' if marked == 1 else 's it'} stored before are fetched by the next "
            f"refreshes ({MAX_PER_REFRESH} a refresh): newsread refresh"
        )


@feeds.command("remove")
@click.argument("feed", metavar="FEED")
@click.pass_context
def feeds_remove(ctx: click.Context, feed: str) -> None:
    """Stop following FEED (its URL, title or number); its articles stay."""
    from tui_reader.feeds.subscriptions import SubscriptionError, unsubscribe

    with open_library(ctx, OpenMode.WRITE) as library:
        try:
            gone = unsubscribe(library, feed)
        except SubscriptionError as error:
            fail(str(error))
    output.echo(f"No longer following {output.field(gone.name)}; its articles stay.")


class _Days(click.ParamType):
    """A retention in days: a whole number from 0 (never) to MAX_DAYS."""

    name = "days"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        """The number of days, or a usage error that says what is expected."""
        from tui_reader.feeds.options import MAX_DAYS

        text = str(value).strip()
        if text.isdigit() and int(text) <= MAX_DAYS:
            return int(text)
        self.fail(f"days are a whole number from 0 (never) to {MAX_DAYS}, not {text!r}", param, ctx)


DAYS = _Days()


@feeds.command("set")
@click.argument("feed", metavar="FEED")
@click.option(
    "--archive-after",
    type=DAYS,
    metavar="DAYS",
    help="Archive read articles (in the inbox) DAYS after they arrived; 0: never.",
)
@click.option(
    "--remove-after",
    type=DAYS,
    metavar="DAYS",
    help="Delete archived "
    "articles without highlight, note or tag DAYS after they arrived; 0: never.",
)
@click.option("--full-text/--no-full-text", default=None, help="Fetch each new entry's page.")
@click.option("--tag", "tags", multiple=True, help="Replace the feed's tags (repeatable).")
@click.option("--no-tags", is_flag=True, help="Remove the feed's tags.")
@click.option(
    "--title",
    metavar="TITLE",
    help="Call the feed TITLE, whatever the channel calls itself; '' takes its own again.",
)
@click.option(
    "--enable", is_flag=True, help="Fetch again a feed disabled by 410 Gone (at the next refresh)."
)
@click.pass_context
def feeds_set(
    ctx: click.Context,
    feed: str,
    archive_after: int | None,
    remove_after: int | None,
    full_text: bool | None,
    tags: tuple[str, ...],
    no_tags: bool,
    title: str | None,
    enable: bool,
) -> None:
    """Change FEED's options (its URL, title or number); retention applies after each refresh.

    --enable fetches again, from the next refresh, a feed its server disabled with 410 Gone.
    --title names the feed: refreshes keep that name when the channel renames itself.
    """
    from tui_reader.feeds.options import describe_retention, set_options
    from tui_reader.feeds.subscriptions import (
        SubscriptionError,
        find_subscription,
        subscriptions,
    )

    if tags and no_tags:
        fail("--tag and --no-tags cannot be used together")
    new_tags = () if no_tags else (tags or None)
    with open_library(ctx, OpenMode.WRITE) as library:
        try:
            old = find_subscription(subscriptions(library), feed)
            sub = set_options(
                library,
                feed,
                archive_after=archive_after,
                remove_after=remove_after,
                full_text=full_text,
                tags=new_tags,
                enable=enable,
                title=title,
            )
        except SubscriptionError as error:
            fail(str(error))
    shown = [describe_retention(sub) or "no retention", "full text" if sub.full_text else ""]
    if sub.disabled:
        shown.insert(0, "disabled (410 Gone; --enable fetches it again)")
    elif enable:
        shown.insert(0, "enabled (fetched at the next refresh)")
    if title is not None:
        named = "named (kept through refreshes)"
        shown.insert(0, named if sub.named else "its channel's title from the next refresh")
    shown.append(f"tags: {', '.join(sub.tags)}" if sub.tags else "")
    output.echo(output.field(f"{sub.name}: {' · '.join(p for p in shown if p)}"))
    _say_full_text_backfill(old, sub)


@feeds.command("tidy")
@click.argument("feed_keys", nargs=-1, metavar="[FEED]...")
@click.option("--dry-run", is_flag=True, help="Only say what would be archived or removed.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary line.")
@click.pass_context
def feeds_tidy(ctx: click.Context, feed_keys: tuple[str, ...], dry_run: bool, quiet: bool) -> None:
    """Apply the feeds' retention now (refresh does it too): archive, then remove."""
    from tui_reader.feeds.retention import tidy
    from tui_reader.feeds.subscriptions import SubscriptionError, find_subscription, subscriptions

    with open_library(ctx, OpenMode.READ if dry_run else OpenMode.WRITE) as library:
        subs = subscriptions(library)
        try:
            chosen = [find_subscription(subs, key) for key in feed_keys] if feed_keys else subs
        except SubscriptionError as error:
            fail(str(error))
        report = tidy(library, chosen, dry_run=dry_run)
    for item in [] if quiet else [*report.archived, *report.removed]:
        verb = "archive" if item.action == "archive" else "remove"
        output.echo(output.field(f"{verb}: {item.title} ({item.feed})"))
    output.echo(report.summary()[:1].upper() + report.summary()[1:] + ".")


@feeds.group("ignore", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of lines.")
@click.pass_context
def feeds_ignore(ctx: click.Context, as_json: bool) -> None:
    """List the ignore rules: queries whose matching entries refresh skips.

    `add` and `remove` change the library's rules; `[feeds] ignore = [...]`
    in config.toml adds more.
    """
    if ctx.invoked_subcommand is not None:
        return
    from tui_reader.config import load_config
    from tui_reader.feeds.ignore import library_rules

    config = load_config()
    for problem in config.problems:
        output.warning(problem)
    with open_library(ctx, OpenMode.READ) as library:
        stored = library_rules(library)
    if as_json:
        rows = [{"number": n, "rule": r, "from": "library"} for n, r in enumerate(stored, 1)]
        output.echo_json(rows + [{"rule": r, "from": "config"} for r in config.feed_ignore])
        return
    if not stored and not config.feed_ignore:
        output.echo("No ignore rules. Add one: newsread feeds ignore add 'title:sponsored'")
    for n, rule in enumerate(stored, 1):
        output.echo(f"{n:>3}. {output.field(rule)}")
    for rule in config.feed_ignore:
        output.echo(f"   - {output.field(rule)}  (config file)")


@feeds_ignore.command("add")
@click.argument("query", nargs=-1, required=True, metavar="QUERY...")
@click.pass_context
def feeds_ignore_add(ctx: click.Context, query: tuple[str, ...]) -> None:
    """Skip entries matching QUERY at refresh (title:, feed:, source:, tag:, words, phrases)."""
    from tui_reader.feeds.ignore import IgnoreRuleError, add_rule

    with open_library(ctx, OpenMode.WRITE, create=True) as library:
        try:
            rule, new = add_rule(library, " ".join(query))
        except IgnoreRuleError as error:
            fail(str(error))
    output.echo(
        f"{'Ignoring' if new else 'Already ignoring'} entries matching {output.field(rule)}"
    )


@feeds_ignore.command("remove")
@click.argument("rule", metavar="N|QUERY")
@click.pass_context
def feeds_ignore_remove(ctx: click.Context, rule: str) -> None:
    """Forget the library's ignore rule number N (see `feeds ignore`) or with this exact text."""
    from tui_reader.feeds.ignore import IgnoreRuleError, remove_rule

    with open_library(ctx, OpenMode.WRITE) as library:
        try:
            gone = remove_rule(library, rule)
        except IgnoreRuleError as error:
            fail(str(error))
    output.echo(f"No longer ignoring {output.field(gone)}")


@feeds.command("import")
@click.argument("opml_file", metavar="FILE.opml", type=click.Path(path_type=Path))
@click.pass_context
def feeds_import(ctx: click.Context, opml_file: Path) -> None:
    """Follow every feed listed in an OPML file (folders and categories become tags)."""
    from tui_reader.feeds.opml import read_opml_file
    from tui_reader.feeds.subscriptions import (
        SubscriptionError,
        same_feed,
        save_subscriptions,
        subscriptions,
    )
    from tui_reader.ingest.url import local_file_path

    opml_file = Path(local_file_path(str(opml_file)) or opml_file)  # file:///... too
    skipped: list[str] = []
    warnings: list[str] = []
    try:
        listed = read_opml_file(opml_file, skipped, warnings)
    except SubscriptionError as error:
        fail(str(error))
    for warning in warnings:
        output.warning(f"warning: {warning}")
    for url in skipped:
        output.warning(
            f"warning: skipped {output.field(url)[:200]}: not an http(s) address or a local file"
        )
    with open_library(ctx, OpenMode.WRITE, create=True) as library:
        subs = subscriptions(library)
        new = [s for s in listed if not any(same_feed(s.url, old.url) for old in subs)]
        unique = [s for i, s in enumerate(new) if not any(same_feed(s.url, o.url) for o in new[:i])]
        save_subscriptions(library, [*subs, *unique])
    output.echo(
        f"Imported {len(unique)} feed{'' if len(unique) == 1 else 's'} "
        f"({len(listed) - len(unique)} already followed or repeated)."
    )
    if unique:
        output.echo("Their articles arrive at the next refresh: newsread refresh (or r in the app)")


#: The file ``feeds export DIR`` writes in the folder.
EXPORT_NAME = "newsread-feeds.opml"


@feeds.command("export")
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace FILE when it exists.")
@click.pass_context
def feeds_export(ctx: click.Context, file: Path | None, force: bool) -> None:
    """Write the feeds as OPML 2.0 to FILE (or to standard output); into a folder, as
    newsread-feeds.opml."""
    from tui_reader.atomic_files import atomic_write
    from tui_reader.feeds.opml import write_opml
    from tui_reader.feeds.subscriptions import subscriptions

    with open_library(ctx, OpenMode.READ) as library:
        subs = subscriptions(library)
    data = write_opml(subs)
    if file is None:
        output.echo(data.decode("utf-8").rstrip("\n"))
        return
    if file.is_dir():
        file = file / EXPORT_NAME
    if file.is_dir():
        fail(f"{file} is a folder; name the file to write")
    if file.exists() and not force:
        fail(f"{file} exists; --force replaces it")
    if not file.parent.is_dir():
        fail(f"cannot write {file}: the folder {file.parent} does not exist")
    try:
        atomic_write(file, data)
    except OSError as error:
        fail(f"{file}: {(error.strerror or str(error)).lower()}")
    output.echo(f"Wrote {len(subs)} feed{'' if len(subs) == 1 else 's'} to {output.field(file)}")
