"""Entries are told apart by their guids: entries sharing a link are each their own article,
an entry never stored is never remembered as seen, and libraries whose entries were stored
under their link's id (before guids told entries apart) refresh with no duplicates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.feeds.feedserver import FeedServer, rss
from tui_reader.cli import cli
from tui_reader.feeds.refresh import refresh_feeds
from tui_reader.feeds.subscriptions import Subscription, subscribe
from tui_reader.importing import import_inputs
from tui_reader.model import Anchor, Document, Highlight, Quote, content_hash, link_id, short_hash
from tui_reader.store import Library

SHARED = "http://example.org/shared"


def run(library_path: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["--library", str(library_path), *args])
    assert "Traceback" not in result.output, result.output
    return result


def by_title(library: Library) -> dict[str, str]:
    return {a.title: a.id for a in library.articles()}


def titles_in(library_path: Path) -> set[str]:
    with Library.open(library_path) as library:
        return set(by_title(library))


def _link_first_id(self: Document, hashed: str = "") -> str:
    """Document.article_id as it was before guids told entries apart: the link first."""
    if getattr(self, "id", ""):
        return self.id
    if self.url:
        return link_id(self.url)
    if self.guid:
        return short_hash("guid:" + self.guid)
    return short_hash("text:" + (hashed or content_hash(self.title, self.paragraphs)))


def test_two_feeds_whose_entries_share_a_link_keep_both(tmp_path: Path) -> None:
    """The tester's steps: A-1 and B-1 share a link; both are stored, and B's entry is not
    remembered as seen under A's article when its link changes."""
    lib = tmp_path / "L"
    a, b = tmp_path / "A.xml", tmp_path / "B.xml"
    a.write_text(rss("Alpha", [("A-1", SHARED, "Alpha news", "Alpha wrote this.")]))
    b.write_text(rss("Beta", [("B-1", SHARED, "Beta news", "Beta wrote something else.")]))
    assert run(lib, "feeds", "add", str(a)).exit_code == 0
    assert run(lib, "feeds", "add", str(b)).exit_code == 0

    first = run(lib, "refresh")

    assert first.exit_code == 0, first.output
    assert "2 new articles" in first.stdout
    assert titles_in(lib) == {"Alpha news", "Beta news"}

    b.write_text(rss("Beta", [("B-1", "http://example.org/beta", "Beta news", "Beta wrote.")]))
    again = run(lib, "refresh")

    assert again.exit_code == 0, again.output
    assert "0 new articles, 1 updated" in again.stdout
    with Library.open(lib) as library:
        [beta] = [x for x in library.articles() if x.guid == "B-1"]
        assert beta.url == "http://example.org/beta"
        assert len(library.articles()) == 2


def test_entries_of_one_feed_sharing_a_link_are_each_stored(
    library: Library, feed_server: FeedServer
) -> None:
    incidents = [
        (f"inc-{n}", "http://status.test/incidents", f"Incident {n}", f"Outage number {n}.")
        for n in (101, 102, 103)
    ]
    url = feed_server.feed("/status.xml", rss("Status", incidents))
    subscribe(library, Subscription(url))

    report = refresh_feeds(library)

    [feed] = report.feeds
    assert feed.new == 3
    assert not any("appears twice" in w for w in feed.warnings)
    assert set(by_title(library)) == {"Incident 101", "Incident 102", "Incident 103"}
    assert len({a.id for a in library.articles()}) == 3


def test_the_same_guid_twice_in_a_feed_is_kept_once(
    library: Library, feed_server: FeedServer
) -> None:
    twice = [
        ("g1", "http://a.test/1", "First copy", "One."),
        ("g1", "http://a.test/1", "Second copy", "Two."),
    ]
    url = feed_server.feed("/twice.xml", rss("Twice", twice))
    subscribe(library, Subscription(url))

    [feed] = refresh_feeds(library).feeds

    assert feed.new == 1
    assert set(by_title(library)) == {"First copy"}
    assert any("appears twice" in w for w in feed.warnings)


def test_entries_without_guid_still_match_by_link_then_content(
    library: Library, feed_server: FeedServer
) -> None:
    url = feed_server.feed(
        "/plain.xml",
        rss("Plain", [("", "http://p.test/1", "Linked", "Text."), ("", "", "Bare", "Words.")]),
    )
    subscribe(library, Subscription(url))
    refresh_feeds(library)
    ids = by_title(library)
    assert ids["Linked"] == link_id("http://p.test/1")

    feed_server.feed(
        "/plain.xml",
        rss(
            "Plain",
            [("", "http://p.test/1", "Linked", "Text, edited."), ("", "", "Bare", "Words.")],
        ),
    )
    [feed] = refresh_feeds(library).feeds

    assert (feed.new, feed.updated) == (0, 1)
    assert by_title(library) == ids


def test_a_library_stored_with_link_ids_refreshes_without_duplicates(
    library: Library, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Articles stored by the earlier code keep their ids; their entries are matched by guid
    (the same feed), by link (another feed listing them), and their highlights stay."""
    pier = ("g1", "http://example.test/pier", "The pier", "The harbour council met on Tuesday.")
    market = ("g2", "http://example.test/market", "The market", "Stalls open at dawn.")
    url = feed_server.feed("/news.xml", rss("News", [pier, market]))
    subscribe(library, Subscription(url))
    monkeypatch.setattr(Document, "article_id", _link_first_id)
    refresh_feeds(library)
    monkeypatch.undo()
    before = by_title(library)
    assert before["The pier"] == link_id("http://example.test/pier")  # made the old way
    pier_id = before["The pier"]
    quote = Quote("harbour council", "The ", " met")
    library.put_highlight(Highlight(Highlight.new_id(), pier_id, Anchor(0, 4, 19, quote)))

    edited = (*pier[:3], "Yesterday the harbour council met on Tuesday.")
    feed_server.feed("/news.xml", rss("News", [edited, market]))
    other = feed_server.feed("/copy.xml", rss("News copy", [edited, market]))
    subscribe(library, Subscription(other))
    report = refresh_feeds(library)

    assert report.new == 0
    assert report.updated == 1
    assert by_title(library) == before
    [mark] = library.highlights(pier_id)
    assert not mark.orphan
    assert mark.anchor.quote.exact == "harbour council"

    again = refresh_feeds(library)
    assert (again.new, again.updated) == (0, 0)
    assert by_title(library) == before


def test_an_entry_lost_to_a_shared_link_before_is_stored_now(
    library: Library, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The earlier code kept one of the two entries (the one stored last, here A's) and
    remembered the other as seen: B's comes now; an old entry deleted by the user stays
    deleted."""
    gone = ("A-2", "http://example.org/gone", "Gone", "Deleted by the user.")
    # A answers last: its entry is the one the earlier code left (the feeds are fetched
    # at once, and the entry stored last under the shared link's id replaced the other)
    a = feed_server.feed(
        "/a.xml", rss("A", [("A-1", SHARED, "Alpha", "Alpha text."), gone]), delay=0.5
    )
    b = feed_server.feed("/b.xml", rss("B", [("B-1", SHARED, "Beta", "Beta text.")]))
    subscribe(library, Subscription(a))
    subscribe(library, Subscription(b))
    monkeypatch.setattr(Document, "article_id", _link_first_id)
    refresh_feeds(library)
    assert set(by_title(library)) == {"Alpha", "Gone"}  # the defect, as it was
    library.delete(by_title(library)["Gone"])
    monkeypatch.undo()

    report = refresh_feeds(library)

    assert report.new == 1
    assert set(by_title(library)) == {"Alpha", "Beta"}
    assert sum(f.kept_out for f in report.feeds) == 1


def test_adding_a_feed_file_again_matches_articles_stored_with_link_ids(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed = tmp_path / "feed.xml"
    entries = [("g1", "http://x.test/1", "One", "First."), ("g2", "http://x.test/2", "Two", "B.")]
    feed.write_text(rss("X", entries))
    monkeypatch.setattr(Document, "article_id", _link_first_id)
    import_inputs(library, [str(feed)])
    monkeypatch.undo()
    before = by_title(library)

    feed.write_text(rss("X", [*entries, ("g3", "http://x.test/1", "Three", "Shares a link.")]))
    report = import_inputs(library, [str(feed)])

    assert sum(1 for r in report.results if r.status == "added") == 1
    assert {t: i for t, i in by_title(library).items() if t != "Three"} == before
    assert len(library.articles()) == 3


def test_refresh_json_reports_no_duplicate_warning_for_distinct_entries(tmp_path: Path) -> None:
    lib = tmp_path / "L"
    feed = tmp_path / "status.xml"
    feed.write_text(
        rss("Status", [(f"inc-{n}", SHARED, f"Incident {n}", f"Text {n}.") for n in (1, 2, 3)])
    )
    assert run(lib, "feeds", "add", str(feed)).exit_code == 0

    result = run(lib, "refresh", "--json")

    data = json.loads(result.stdout)
    assert data["new"] == 3
    assert data["feeds"][0]["warnings"] == []


def test_an_entry_without_guid_matches_an_entry_with_a_guid_by_link(
    library: Library, feed_server: FeedServer
) -> None:
    """A planet-like feed without guids lists the site's entry: one article, not two; in
    one feed, an entry without a guid repeating an earlier entry's link is that entry."""
    site = feed_server.feed("/site.xml", rss("Site", [("s-1", SHARED, "Post", "Body.")]))
    subscribe(library, Subscription(site))
    refresh_feeds(library)
    planet = feed_server.feed(
        "/planet.xml",
        rss("Planet", [("", SHARED, "Post", "Body."), ("", SHARED, "Post again", "Copy.")]),
    )
    subscribe(library, Subscription(planet))

    report = refresh_feeds(library)

    assert report.new == 0
    assert set(by_title(library)) == {"Post"}
    [feed] = [f for f in report.feeds if f.sub.url == planet]
    assert any("appears twice" in w for w in feed.warnings)
