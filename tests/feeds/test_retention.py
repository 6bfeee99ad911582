"""Retention with a fixed clock: read articles archived after N days, unannotated archived
ones removed after M days, annotated ones never; set and shown from the CLI; kept in the
backup."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from tui_reader.cli import cli
from tui_reader.export import export_articles, load_backup, restore_backup
from tui_reader.feeds.options import set_options
from tui_reader.feeds.retention import plan, tidy
from tui_reader.feeds.subscriptions import (
    Subscription,
    SubscriptionError,
    from_settings,
    save_subscriptions,
    subscriptions,
)
from tui_reader.model import Article, Paragraph, Queue, ReadingState, short_hash
from tui_reader.store import Library, NotFound, layout

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
FEED = "https://news.example/feed.xml"
OTHER = "https://other.example/feed.xml"


def put(
    library: Library,
    name: str,
    *,
    days_old: float,
    state: ReadingState = ReadingState.UNREAD,
    queue: Queue = Queue.INBOX,
    origin: str = FEED,
    tags: tuple[str, ...] = (),
    note: str = "",
) -> str:
    """Store an article of a feed that arrived ``days_old`` days before NOW; returns its id."""
    article = Article(
        id=short_hash(name),
        title=name,
        origin=origin,
        guid=name,
        added=(NOW - timedelta(days=days_old)).isoformat(timespec="seconds"),
        state=state,
        queue=queue,
        tags=tags,
        note=note,
        paragraph_count=1,
    )
    library.put_article(article, [Paragraph(f"The text of {name}.")])
    return article.id


def follow(library: Library, **options: int) -> Subscription:
    sub = Subscription(FEED, "News", tags=("news",), **options)
    save_subscriptions(library, [sub, Subscription(OTHER, "Other")])
    return sub


@pytest.fixture
def stocked(library: Library) -> dict[str, str]:
    """Articles of every kind retention must tell apart."""
    ids = {
        "read-old": put(library, "read-old", days_old=10, state=ReadingState.READ),
        "read-new": put(library, "read-new", days_old=3, state=ReadingState.READ),
        "unread-old": put(library, "unread-old", days_old=100),
        "reading-old": put(library, "reading-old", days_old=100, state=ReadingState.READING),
        "later-read-old": put(
            library, "later-read-old", days_old=100, state=ReadingState.READ, queue=Queue.LATER
        ),
        "other-feed-read-old": put(
            library, "other-feed-read-old", days_old=100, state=ReadingState.READ, origin=OTHER
        ),
        "archived-old": put(library, "archived-old", days_old=40, queue=Queue.ARCHIVE),
        "archived-new": put(library, "archived-new", days_old=20, queue=Queue.ARCHIVE),
        "archived-feed-tag": put(
            library, "archived-feed-tag", days_old=40, queue=Queue.ARCHIVE, tags=("news",)
        ),
        "archived-highlight": put(library, "archived-highlight", days_old=40, queue=Queue.ARCHIVE),
        "archived-orphan": put(library, "archived-orphan", days_old=40, queue=Queue.ARCHIVE),
        "archived-note": put(
            library, "archived-note", days_old=40, queue=Queue.ARCHIVE, note="keep me"
        ),
        "archived-tag": put(
            library, "archived-tag", days_old=40, queue=Queue.ARCHIVE, tags=("news", "mine")
        ),
        "archived-hl-note": put(library, "archived-hl-note", days_old=40, queue=Queue.ARCHIVE),
        "undated": put(library, "undated", days_old=0, queue=Queue.ARCHIVE),
    }
    library.create_highlight(ids["archived-highlight"], 0, 0, 3)
    hl = library.create_highlight(ids["archived-orphan"], 0, 0, 3)
    library.put_highlight(hl.evolve(orphan=True))
    library.create_highlight(ids["archived-hl-note"], 0, 4, 8, note="why")
    undated = library.get(ids["undated"])
    library.put_article(
        Article(**{**undated.to_dict(), "added": "not a date", "queue": Queue.ARCHIVE}),
        [Paragraph("x")],
    )
    return ids


def names(items: list, ids: dict[str, str]) -> set[str]:
    by_id = {v: k for k, v in ids.items()}
    return {by_id[i.article_id] for i in items}


def test_read_articles_in_the_inbox_are_archived_after_n_days(
    library: Library, stocked: dict[str, str]
) -> None:
    sub = follow(library, archive_after=7)
    stocked["read-old-2"] = put(library, "read-old-2", days_old=12, state=ReadingState.READ)
    writes: list[int] = []
    library.subscribe(lambda changes: writes.append(len(changes.articles)))
    report = tidy(library, [sub], now=NOW)
    assert writes == [2]  # the archived articles are written in one change
    assert names(report.archived, stocked) == {"read-old", "read-old-2"}
    assert report.removed == []
    assert library.get(stocked["read-old"]).queue is Queue.ARCHIVE
    for untouched in ("read-new", "unread-old", "reading-old", "later-read-old"):
        assert library.get(stocked[untouched]).queue is not Queue.ARCHIVE
    assert library.get(stocked["other-feed-read-old"]).queue is Queue.INBOX
    assert library.get(stocked["unread-old"]).state is ReadingState.UNREAD
    assert len(library) == len(stocked)


def test_unannotated_archived_articles_are_removed_after_m_days_annotated_never(
    library: Library, stocked: dict[str, str]
) -> None:
    sub = follow(library, remove_after=30)
    old = stocked["archived-old"]
    assert library.paragraphs(old)
    report = tidy(library, [sub], now=NOW)
    # a tag the feed gives every article is not the user's
    assert names(report.removed, stocked) == {"archived-old", "archived-feed-tag"}
    assert report.kept == 5
    gone = {stocked["archived-old"], stocked["archived-feed-tag"]}
    assert {a.id for a in library.articles()} == set(stocked.values()) - gone
    for kept in ("archived-highlight", "archived-orphan", "archived-note", "archived-tag"):
        assert library.saved(stocked[kept]) is not None
    assert library.highlights(stocked["archived-hl-note"])[0].note == "why"
    # removal went through the store's delete: the text is gone from its pack as well
    with pytest.raises(NotFound):
        library.paragraphs(old)
    for name in layout.pack_names(library.folder):
        assert old not in layout.read_pack(library.folder, name)
    assert tidy(library, [sub], now=NOW).removed == []


def test_an_article_archived_by_one_tidy_is_removed_by_the_next(
    library: Library, stocked: dict[str, str]
) -> None:
    sub = follow(library, archive_after=7, remove_after=5)
    first = tidy(library, [sub], now=NOW)
    assert "read-old" in names(first.archived, stocked)
    assert "read-old" not in names(first.removed, stocked)
    second = tidy(library, [sub], now=NOW)
    assert names(second.removed, stocked) == {"read-old"}


def test_dry_run_changes_nothing(library: Library, stocked: dict[str, str]) -> None:
    sub = follow(library, archive_after=7, remove_after=30)
    before = {a.id: a for a in library.articles()}
    report = tidy(library, [sub], now=NOW, dry_run=True)
    assert report.dry_run
    assert names(report.archived, stocked) == {"read-old"}
    assert names(report.removed, stocked) == {"archived-old", "archived-feed-tag"}
    assert {a.id: a for a in library.articles()} == before
    assert "would archive 1 article, would remove 2 articles" in report.summary()


def test_an_article_annotated_while_tidy_runs_is_not_removed(
    library: Library, stocked: dict[str, str]
) -> None:
    sub = follow(library, remove_after=30)
    pair = {stocked["archived-old"], stocked["archived-feed-tag"]}
    assert {i.article_id for i in plan(library, [sub], NOW).removed} == pair

    class UserMeanwhile:
        """Deletes as the library does, with the user highlighting the other article meanwhile."""

        def delete(self, article_id: str) -> Article:
            [other] = pair - {article_id}
            if library.highlight_count(other) == 0:
                library.create_highlight(other, 0, 0, 3)
            return library.delete(article_id)

    report = tidy(library, [sub], now=NOW, deleter=UserMeanwhile())
    assert len(report.removed) == 1 and report.kept == 6
    [other] = pair - {report.removed[0].article_id}
    assert library.saved(other) is not None
    assert library.saved(report.removed[0].article_id) is None


def test_feeds_without_retention_are_left_alone(library: Library, stocked: dict[str, str]) -> None:
    sub = follow(library)
    report = tidy(library, [sub], now=NOW)
    assert (report.archived, report.removed, report.kept) == ([], [], 0)


def test_old_settings_without_retention_load_with_none(library: Library) -> None:
    settings = {"feeds": [{"url": FEED, "title": "News", "full_text": True}]}
    [sub] = from_settings(settings)
    assert (sub.archive_after, sub.remove_after, sub.full_text) == (0, 0, True)
    odd = {"feeds": [{"url": FEED, "archive_after": "7", "remove_after": -3}]}
    [sub] = from_settings(odd)
    assert (sub.archive_after, sub.remove_after) == (0, 0)


def test_set_options_changes_only_what_is_given(library: Library) -> None:
    follow(library)
    set_options(library, "News", archive_after=7, remove_after=30)
    sub = set_options(library, "1", full_text=True)
    assert (sub.archive_after, sub.remove_after, sub.full_text, sub.tags) == (
        7,
        30,
        True,
        ("news",),
    )
    sub = set_options(library, FEED, archive_after=0, tags=["a", "b"])
    assert (sub.archive_after, sub.remove_after, sub.tags) == (0, 30, ("a", "b"))
    assert subscriptions(library)[0] == sub
    assert subscriptions(library)[1].title == "Other"
    with pytest.raises(SubscriptionError, match="no feed"):
        set_options(library, "Nope", archive_after=1)
    with pytest.raises(SubscriptionError, match="days from 0"):
        set_options(library, "News", remove_after=10**6)


def test_backup_and_restore_keep_retention(library: Library, tmp_path: Path) -> None:
    follow(library, archive_after=7, remove_after=30)
    export_articles(library, None, "json", tmp_path / "backup.json")
    with Library.open(tmp_path / "restored", "write") as other:
        restore_backup(other, load_backup((tmp_path / "backup.json").read_bytes()))
        [sub, _] = subscriptions(other)
        assert (sub.archive_after, sub.remove_after) == (7, 30)


def run(library_path: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--library", str(library_path), *args])
    return result.exit_code, result.stdout, result.stderr


def test_cli_set_shows_in_feeds_and_json(library_path: Path) -> None:
    with Library.open(library_path, "write") as library:
        follow(library)
    code, out, err = run(
        library_path,
        "feeds",
        "set",
        "News",
        "--archive-after",
        "7",
        "--remove-after",
        "30",
        "--full-text",
        "--tag",
        "world",
    )
    assert (code, err) == (0, "")
    assert out == (
        "News: archive read after 7 days · remove unannotated archived after 30 days"
        " · full text · tags: world\n"
    )
    code, out, _ = run(library_path, "feeds")
    assert "     archive read after 7 days · remove unannotated archived after 30 days" in out
    code, out, _ = run(library_path, "feeds", "--json")
    first = json.loads(out)[0]
    assert (first["archive_after"], first["remove_after"], first["full_text"]) == (7, 30, True)
    assert first["tags"] == ["world"]
    code, out, _ = run(library_path, "feeds", "set", "1", "--no-full-text", "--no-tags")
    assert out == (
        "News: archive read after 7 days · remove unannotated archived after 30 days\n"
        "Full text off: new entries come as the feed gives them; the articles stored keep "
        "the text they have\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("Nope", "--archive-after", "3"), "no feed 'Nope'"),
        (("News", "--archive-after", "-1"), "Invalid value for '--archive-after'"),
        (("News", "--remove-after", "soon"), "Invalid value for '--remove-after'"),
        (
            ("News", "--archive-after", "1x"),
            "Invalid value for '--archive-after': days are a whole number from 0 (never) to "
            "36500, not '1x'",
        ),
        (("News", "--remove-after", "99999"), "from 0 (never) to 36500, not '99999'"),
        (("News", "--tag", "x", "--no-tags"), "cannot be used together"),
    ],
)
def test_cli_set_refuses_bad_input_in_one_line(
    library_path: Path, args: tuple[str, ...], message: str
) -> None:
    with Library.open(library_path, "write") as library:
        follow(library)
    code, out, err = run(library_path, "feeds", "set", *args)
    assert code == 2 and out == ""
    assert err.startswith("newsread: error: ") and message in err and err.count("\n") == 1


def test_cli_tidy_dry_run_then_for_real(library_path: Path) -> None:
    with Library.open(library_path, "write") as library:
        follow(library, archive_after=7, remove_after=30)
        now = datetime.now(UTC)
        old = now - timedelta(days=40)
        for name, queue, state in (
            ("Old read \x1b[2Jpost", Queue.INBOX, ReadingState.READ),
            ("Old archived", Queue.ARCHIVE, ReadingState.UNREAD),
        ):
            library.put_article(
                Article(
                    id=short_hash(name),
                    title=name,
                    origin=FEED,
                    added=old.isoformat(timespec="seconds"),
                    queue=queue,
                    state=state,
                ),
                [Paragraph("text")],
            )
    code, out, err = run(library_path, "feeds", "tidy", "--dry-run")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "archive: Old read post (News)",
        "remove: Old archived (News)",
        "Would archive 1 article, would remove 1 article (0 annotated kept).",
    ]
    with Library.open(library_path) as library:
        assert len(library) == 2
    code, out, err = run(library_path, "feeds", "tidy", "News")
    assert out.splitlines()[-1] == "Archived 1 article, removed 1 article (0 annotated kept)."
    with Library.open(library_path) as library:
        [left] = library.articles()
        assert left.queue is Queue.ARCHIVE and left.title == "Old read post"
    code, out, err = run(library_path, "feeds", "tidy", "Nope")
    assert code == 2 and "no feed 'Nope'" in err


def test_tidy_can_look_at_given_articles_only(library: Library, stocked: dict[str, str]) -> None:
    sub = follow(library, archive_after=7, remove_after=30)
    only = [library.get(stocked["archived-old"])]
    report = tidy(library, [sub], now=NOW, articles=only)
    assert report.archived == [] and names(report.removed, stocked) == {"archived-old"}
    assert library.get(stocked["read-old"]).queue is Queue.INBOX


def test_an_article_retention_removed_is_recorded_and_no_feed_brings_it_back(
    library: Library, tmp_path: Path
) -> None:
    from tests.feeds.feedserver import rss
    from tui_reader.feeds.refresh import refresh_feeds
    from tui_reader.feeds.removed import article_keys, removed_keys
    from tui_reader.feeds.subscriptions import subscribe

    entry = ("g-tide", "https://news.example/tide", "Tide tables", "High water at noon.")
    first, second = tmp_path / "news.xml", tmp_path / "digest.xml"
    first.write_text(rss("News", [entry]), "utf-8")
    second.write_text(rss("Digest", [entry]), "utf-8")
    subscribe(library, Subscription(str(first), "News", remove_after=30))
    assert refresh_feeds(library).new == 1
    [article] = library.articles()
    library.set_queue(article.id, Queue.ARCHIVE)

    report = tidy(library, subscriptions(library), now=datetime.now(UTC) + timedelta(days=31))

    assert [item.article_id for item in report.removed] == [article.id]
    assert set(article_keys(article)) <= removed_keys(library.settings())
    subscribe(library, Subscription(str(second), "Digest"))  # never saw the entry
    again = refresh_feeds(library)
    assert again.new == 0 and not again.failed
    assert library.articles() == []
