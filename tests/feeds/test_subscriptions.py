"""Subscriptions: add (feed URL, page with a feed link, file), list, remove, OPML in and out,
kept in the library and in the JSON backup."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.ingest.conftest import Server
from tui_reader.cli import cli
from tui_reader.feeds.adding import resolve_feed
from tui_reader.feeds.opml import read_opml, write_opml
from tui_reader.feeds.subscriptions import (
    Subscription,
    SubscriptionError,
    subscribe,
    subscriptions,
    unread_counts,
    unsubscribe,
)
from tui_reader.model import Article, ReadingState
from tui_reader.store import Library

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{title}</title><link>https://example.org/</link>
<item><title>First entry</title><link>https://example.org/1</link><guid>e1</guid>
<description>One body of text for the first entry.</description></item>
</channel></rss>"""

PAGE = """<html><head><title>A blog</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="Posts" href="/feed.xml">
</head><body><p>Hello</p></body></html>"""


def run(library_path: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--library", str(library_path), *args])
    return result.exit_code, result.stdout, result.stderr


def test_add_a_feed_url_stores_it_with_its_title(server: Server, library_path: Path) -> None:
    url = server.page("/feed.xml", RSS.format(title="The Coast Courier"), "application/rss+xml")
    code, out, err = run(library_path, "feeds", "add", url, "--tag", "news", "--full-text")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"Following The Coast Courier ({url})",
        "Its articles arrive at the next refresh: newsread refresh (or r in the app)",
    ]
    with Library.open(library_path) as library:
        [sub] = subscriptions(library)
    assert (sub.url, sub.title, sub.tags, sub.full_text) == (
        url,
        "The Coast Courier",
        ("news",),
        True,
    )


def test_adding_a_feed_followed_already_says_so(server: Server, library_path: Path) -> None:
    url = server.page("/feed.xml", RSS.format(title="The Coast Courier"), "application/rss+xml")
    run(library_path, "feeds", "add", url)
    code, out, _ = run(library_path, "feeds", "add", url)
    assert (code, out) == (0, f"Already following The Coast Courier ({url})\n")
    code, out, _ = run(library_path, "feeds", "add", url, "--tag", "coast")
    assert (code, out) == (
        0,
        f"Updated The Coast Courier ({url})\nTags: coast (added: coast; newsread feeds set "
        "FEED --tag T replaces them)\n",
    )
    code, out, _ = run(library_path, "feeds", "add", url, "--tag", "news", "--tag", "Coast")
    assert out.splitlines()[1] == (
        "Tags: coast, news (added: news; newsread feeds set FEED --tag T replaces them)"
    )
    with Library.open(library_path, "read") as library:
        assert subscriptions(library)[0].tags == ("coast", "news")  # added to, not replaced


def test_importing_a_feed_file_as_opml_says_how_to_follow_it(
    tmp_path: Path, library_path: Path
) -> None:
    feed = tmp_path / "harbour.xml"
    feed.write_text('<?xml version="1.0"?>\n<!-- a feed -->\n' + RSS.format(title="Harbour"))
    code, _, err = run(library_path, "feeds", "import", str(feed))
    assert code == 2
    assert err == (
        "newsread: error: this is a feed, not an OPML list of feeds: "
        "follow it with newsread feeds add FILE\n"
    )


def test_an_html_page_finds_its_feed_link(server: Server) -> None:
    server.page("/feed.xml", RSS.format(title="Posts feed"), "application/rss+xml")
    page = server.page("/blog/", PAGE)
    sub = resolve_feed(page)
    assert sub.url == server.url("/feed.xml")
    assert sub.title == "Posts feed"


def test_a_page_without_a_feed_link_is_one_clear_error(server: Server, library_path: Path) -> None:
    page = server.page("/plain", "<html><head></head><body><p>No feed</p></body></html>")
    code, _, err = run(library_path, "feeds", "add", page)
    assert code == 2
    assert err == f"newsread: error: {page}: neither a feed nor a page that links to one\n"
    code, _, err = run(library_path, "feeds", "add", server.url("/missing"))
    assert code == 2 and err.startswith("newsread: error: ") and err.count("\n") == 1


def test_add_a_local_file(tmp_path: Path, library_path: Path) -> None:
    feed = tmp_path / "local.xml"
    feed.write_text(RSS.format(title="Local"), "utf-8")
    code, _, _ = run(library_path, "feeds", "add", str(feed))
    assert code == 0
    with Library.open(library_path) as library:
        assert [(s.url, s.title) for s in subscriptions(library)] == [(str(feed), "Local")]
    not_feed = tmp_path / "notes.txt"
    not_feed.write_text("just words", "utf-8")
    code, _, err = run(library_path, "feeds", "add", str(not_feed))
    assert code == 2 and "not an RSS, Atom or JSON feed" in err


def test_feeds_json_shows_a_local_feeds_last_modified_as_a_date(
    tmp_path: Path, library_path: Path
) -> None:
    feed = tmp_path / "local.xml"
    feed.write_text(RSS.format(title="Local"), "utf-8")
    os.utime(feed, ns=(1_764_000_000_123_456_789, 1_764_000_000_123_456_789))
    assert run(library_path, "feeds", "add", str(feed))[0] == 0
    assert run(library_path, "refresh")[0] == 0
    code, out, _ = run(library_path, "feeds", "--json")
    [row] = json.loads(out)
    assert row["last_modified"] == "Mon, 24 Nov 2025 16:00:00 GMT"  # as a server's reads
    with Library.open(library_path) as library:  # (stored to the nanosecond, to tell
        [sub] = subscriptions(library)  # every change apart)
    assert sub.last_modified == "1764000000123456789"
    code, out, _ = run(library_path, "refresh")
    assert code == 0 and "1 not modified" in out


def test_adding_again_updates_and_remove_forgets(library: Library) -> None:
    _, new = subscribe(library, Subscription("https://a.example/feed", "A"))
    assert new
    again, new = subscribe(library, Subscription("https://A.example/feed/", "", ("x",)))
    assert not new and again.title == "A" and again.tags == ("x",)
    assert len(subscriptions(library)) == 1
    subscribe(library, Subscription("https://b.example/rss", "B"))
    assert unsubscribe(library, "b").title == "B", "a title, in any case"
    assert unsubscribe(library, "1").url == "https://a.example/feed", "or a number"
    assert subscriptions(library) == []
    with pytest.raises(SubscriptionError, match="no feed 'nope'"):
        unsubscribe(library, "nope")


def test_feeds_lists_unread_counts_and_errors(library_path: Path) -> None:
    with Library.open(library_path) as library:
        subscribe(library, Subscription("https://a.example/feed", "A \x1b[31mred", ("t",)))
        from dataclasses import replace

        from tui_reader.feeds.subscriptions import save_subscriptions

        [sub] = subscriptions(library)
        stamp = (datetime.now(UTC) - timedelta(hours=2, minutes=5)).isoformat(timespec="seconds")
        failed = replace(sub, last_error="HTTP 500 Internal Server Error", last_refresh=stamp)
        save_subscriptions(library, [replace(failed, archive_after=7)])
        for n, state in enumerate([ReadingState.UNREAD, ReadingState.UNREAD, ReadingState.READ]):
            record = Article(
                id=f"{n:04x}" + "c" * 12,
                title=f"Entry {n}",
                origin="https://a.example/feed",
                guid=f"g{n}",
                state=state,
            )
            library.put_article(record, [])
        assert unread_counts(library.articles(), subscriptions(library)) == {
            "https://a.example/feed": 2
        }
    code, out, _ = run(library_path, "feeds")
    assert code == 0
    assert "2 unread" in out and "error: HTTP 500 Internal Server Error" in out
    assert "refreshed 2 h ago" in out and stamp not in out  # as the app says it
    assert "archive read after 7 days" in out
    assert "\x1b" not in out, "hostile text shown literally, never as terminal control"
    code, out, _ = run(library_path, "feeds", "--json")
    [row] = json.loads(out)
    assert row["unread"] == 2 and row["last_error"].startswith("HTTP 500")
    assert row["last_refresh"] == stamp  # JSON keeps the ISO time
    assert (row["archive_after"], row["remove_after"]) == (7, 0)


def test_opml_round_trip_is_identical() -> None:
    subs = [
        Subscription("https://a.example/feed", "Alpha & <Omega>", ("news", "tech/linux")),
        Subscription("https://b.example/rss?x=1&y=2", "", ()),
        Subscription("/home/me/feeds/local.xml", 'Local "quoted" feed', ("local",)),
    ]
    data = write_opml(subs)
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    assert b'xmlUrl="file:///home/me/feeds/local.xml"' in data  # a URL, as OPML wants
    back = read_opml(data)
    assert [(s.url, s.title, s.tags) for s in back] == [(s.url, s.title, s.tags) for s in subs]
    assert write_opml(back).split(b"<dateCreated>")[0] == data.split(b"<dateCreated>")[0]


def test_opml_round_trip_keeps_full_text_and_retention() -> None:
    """newsread's own options travel in its namespace; the defaults are left out."""
    subs = [
        Subscription("https://a.example/feed", "A", ("news",), full_text=True, archive_after=7),
        Subscription("https://b.example/rss", "B", remove_after=30),
        Subscription("https://c.example/rss", "C"),
    ]
    data = write_opml(subs)
    assert b'xmlns:newsread="urn:newsread:opml:1"' in data
    assert data.count(b"newsread:") == 4  # the namespace and the three options set
    back = read_opml(data)
    options = [(s.url, s.full_text, s.archive_after, s.remove_after) for s in back]
    assert options == [(s.url, s.full_text, s.archive_after, s.remove_after) for s in subs]
    assert write_opml(back).split(b"<dateCreated>")[0] == data.split(b"<dateCreated>")[0]


def test_opml_options_that_make_no_sense_are_left_at_their_defaults() -> None:
    data = b"""<?xml version="1.0"?><opml version="2.0" xmlns:n="urn:newsread:opml:1"><body>
    <outline type="rss" text="X" xmlUrl="https://x.example/rss" n:fullText="yes"
      n:archiveAfter="-1" n:removeAfter="99999999"/>
    <outline type="rss" text="Y" xmlUrl="https://y.example/rss" fullText="true"/>
    </body></opml>"""
    back = read_opml(data)
    assert [(s.full_text, s.archive_after, s.remove_after) for s in back] == [(False, 0, 0)] * 2


def test_a_cut_short_opml_file_says_so(tmp_path: Path, library_path: Path) -> None:
    whole = write_opml(
        [Subscription(f"https://{n}.example/rss", n) for n in ("alpha", "beta", "gamma")]
    )
    cut = tmp_path / "cut.opml"
    cut.write_bytes(whole[: whole.index(b"<outline", whole.index(b"beta.example"))])
    code, out, err = run(library_path, "feeds", "import", str(cut))
    assert code == 0 and "Imported 2 feeds" in out
    assert err.startswith("newsread: warning: the OPML file is not well-formed XML (")
    assert "2 feeds read before the damage; check that none is missing" in err
    cut.write_bytes(whole[: whole.index(b"<body>") + 10])
    code, out, err = run(library_path, "feeds", "import", str(cut))
    assert code == 2 and out == ""
    assert err.startswith("newsread: error: no feeds found in the OPML file: it is not well-formed")
    assert err.count("\n") == 1


def test_opml_import_with_folders_and_export_cli(tmp_path: Path, library_path: Path) -> None:
    opml = tmp_path / "subs.opml"
    opml.write_text(
        """<?xml version="1.0"?><opml version="1.0"><head><title>x</title></head><body>
        <outline text="Tech"><outline text="LWN" type="rss" xmlUrl="https://lwn.example/rss"/>
        </outline><outline text="Solo" type="rss" xmlUrl="https://solo.example/atom"/>
        <outline text="Solo again" type="rss" xmlUrl="https://solo.example/atom"/>
        </body></opml>""",
        "utf-8",
    )
    code, out, _ = run(library_path, "feeds", "import", str(opml))
    assert code == 0 and "Imported 2 feeds (0 already followed or repeated)" in out
    with Library.open(library_path) as library:
        subs = subscriptions(library)
    assert [(s.url, s.title, s.tags) for s in subs] == [
        ("https://lwn.example/rss", "LWN", ("Tech",)),
        ("https://solo.example/atom", "Solo", ()),
    ]
    target = tmp_path / "out.opml"
    code, out, _ = run(library_path, "feeds", "export", str(target))
    assert code == 0
    assert [(s.url, s.tags) for s in read_opml(target.read_bytes())] == [
        ("https://lwn.example/rss", ("Tech",)),
        ("https://solo.example/atom", ()),
    ]
    assert out == f"Wrote 2 feeds to {target}\n"
    code, _, err = run(library_path, "feeds", "export", str(target))
    assert code == 2 and "exists; --force replaces it" in err
    code, out, _ = run(library_path, "feeds", "export", str(tmp_path))  # a folder: a file in it
    assert (code, out) == (0, f"Wrote 2 feeds to {tmp_path / 'newsread-feeds.opml'}\n")
    assert len(read_opml((tmp_path / "newsread-feeds.opml").read_bytes())) == 2
    code, out, err = run(library_path, "feeds", "export", str(tmp_path / "no" / "f.opml"))
    assert code == 2 and out == ""
    assert (
        err == f"newsread: error: cannot write {tmp_path / 'no' / 'f.opml'}: the folder "
        f"{tmp_path / 'no'} does not exist\n"
    )
    code, out, _ = run(library_path, "feeds", "export")
    assert code == 0 and 'xmlUrl="https://lwn.example/rss"' in out
    bad = tmp_path / "bad.opml"
    bad.write_text("not xml at all", "utf-8")
    code, _, err = run(library_path, "feeds", "import", str(bad))
    assert code == 2 and err.startswith("newsread: error: no feeds found in the OPML file")


def test_a_local_feed_goes_out_as_a_file_url_and_comes_back_as_its_path(
    tmp_path: Path, library_path: Path
) -> None:
    folder = tmp_path / "my feeds"
    folder.mkdir()
    feed = folder / "café #1.xml"
    feed.write_text(RSS.format(title="Local"), "utf-8")
    assert run(library_path, "feeds", "add", str(feed), "--tag", "home")[0] == 0
    target = tmp_path / "out.opml"
    code, out, err = run(library_path, "feeds", "export", str(target))
    assert (code, err) == (0, "")
    [outline] = [line for line in target.read_text("utf-8").splitlines() if "xmlUrl" in line]
    assert f'xmlUrl="{feed.as_uri()}"' in outline and "%20feeds/caf%C3%A9%20%231.xml" in outline
    other = tmp_path / "other"
    code, out, err = run(other, "feeds", "import", str(target))
    assert (code, err) == (0, "") and "Imported 1 feed " in out
    with Library.open(other) as library:
        [sub] = subscriptions(library)
    assert (sub.url, sub.title, sub.tags) == (str(feed), "Local", ("home",))
    code, out, err = run(other, "refresh")
    assert (code, err) == (0, "") and "1 new article" in out
    code, out, err = run(other, "feeds", "import", str(target))  # the same feed again
    assert "Imported 0 feeds (1 already followed or repeated)" in out


def test_subscriptions_go_into_the_backup_and_come_back(tmp_path: Path, library_path: Path) -> None:
    with Library.open(library_path) as library:
        subscribe(library, Subscription("https://a.example/feed", "A", ("t",), full_text=True))
    backup = tmp_path / "backup.json"
    code, _, err = run(library_path, "export", "--format", "json", "--out", str(backup))
    assert code == 0, err
    other = tmp_path / "other"
    code, _, err = run(other, "restore", str(backup))
    assert code == 0, err
    with Library.open(other) as library:
        [sub] = subscriptions(library)
    assert (sub.url, sub.title, sub.tags, sub.full_text) == (
        "https://a.example/feed",
        "A",
        ("t",),
        True,
    )


def test_a_merge_restore_joins_the_backups_feeds_by_address(
    tmp_path: Path, library_path: Path
) -> None:
    with Library.open(library_path) as library:
        subscribe(library, Subscription("https://a.example/feed", "A from the backup"))
        subscribe(library, Subscription("https://b.example/feed", "B"))
    backup = tmp_path / "backup.json"
    code, _, err = run(library_path, "export", "--format", "json", "--out", str(backup))
    assert code == 0, err
    other = tmp_path / "other"
    with Library.open(other) as library:
        subscribe(library, Subscription("https://a.example/feed/", "A kept", last_error="404"))
        subscribe(library, Subscription("https://c.example/feed", "C"))
    code, _, err = run(other, "restore", "--merge", str(backup))
    assert code == 0, err
    with Library.open(other) as library:
        got = [(s.url, s.title, s.last_error) for s in subscriptions(library)]
    assert got == [
        ("https://a.example/feed/", "A kept", "404"),
        ("https://c.example/feed", "C", ""),
        ("https://b.example/feed", "B", ""),
    ]


def test_opml_import_skips_addresses_that_are_not_feeds(tmp_path: Path, library_path: Path) -> None:
    opml = tmp_path / "hostile.opml"
    opml.write_text(
        """<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
        <outline text="ok" xmlUrl="https://example.org/feed.xml"/>
        <outline text="local" xmlUrl="/srv/feeds/local.rss"/>
        <outline text="js" xmlUrl="javascript:alert(1)"/>
        <outline text="ftp" xmlUrl="ftp://x/y"/>
        <outline text="file" xmlUrl="file://fileserver/srv/feed.xml"/>
        <outline text="here" xmlUrl="file://localhost/srv/feeds/here%20too.rss"/>
        </body></opml>""",
        encoding="utf-8",
    )
    code, out, err = run(library_path, "feeds", "import", str(opml))
    assert code == 0
    assert out.splitlines() == [
        "Imported 3 feeds (0 already followed or repeated).",
        "Their articles arrive at the next refresh: newsread refresh (or r in the app)",
    ]
    assert err.splitlines() == [
        f"newsread: warning: skipped {url}: not an http(s) address or a local file"
        for url in ("javascript:alert(1)", "ftp://x/y", "file://fileserver/srv/feed.xml")
    ]
    with Library.open(library_path, "read") as library:
        assert [s.url for s in subscriptions(library)] == [
            "https://example.org/feed.xml",
            "/srv/feeds/local.rss",
            "/srv/feeds/here too.rss",
        ]
    only_bad = tmp_path / "bad-only.opml"
    only_bad.write_text(
        '<opml version="2.0"><body><outline text="js" xmlUrl="javascript:x"/></body></opml>',
        encoding="utf-8",
    )
    code, out, err = run(library_path, "feeds", "import", str(only_bad))
    assert code == 2
    assert err == (
        "newsread: error: no feeds to follow in the OPML file: "
        "1 address neither http(s) nor a local file\n"
    )
