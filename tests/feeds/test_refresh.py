"""Refreshing feeds: new articles in the inbox, changed entries updated with their
highlights placed again, removed entries kept, matching by guid / link / content,
conditional GET, hooks, batched writes and cancelling."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from tests.feeds.feedserver import Answer, FeedServer, rss, running_server
from tui_reader.feeds import refresh as refreshing
from tui_reader.feeds.fetching import FetchLimits
from tui_reader.feeds.hooks import RefreshHooks
from tui_reader.feeds.refresh import FeedStatus, RefreshEvent, refresh_feeds
from tui_reader.feeds.subscriptions import (
    Subscription,
    SubscriptionError,
    subscribe,
    subscriptions,
)
from tui_reader.model import Article, Document, Queue, ReadingState
from tui_reader.store import Library

INTRO = "The harbour council met on Tuesday evening to discuss the new pier."
MIDDLE = "Fishermen asked for longer mooring hours during the winter storms."
ENDING = "A decision is expected before the end of the month."


def entries(*extra: tuple[str, str, str, str]) -> list[tuple[str, str, str, str]]:
    base = [
        ("g1", "http://example.test/pier", "The pier", f"{INTRO}\n\n{MIDDLE}\n\n{ENDING}"),
        ("g2", "http://example.test/market", "The market", "Stalls open at dawn on Saturdays."),
    ]
    return [*base, *extra]


def follow(library: Library, url: str, *tags: str) -> Subscription:
    return subscribe(library, Subscription(url, tags=tags))[0]


def by_title(library: Library) -> dict[str, Article]:
    return {a.title: a for a in library.articles()}


def test_new_entries_arrive_unread_in_the_inbox_with_the_feed_tags(
    library: Library, feed_server: FeedServer
) -> None:
    url = feed_server.feed("/news.xml", rss("Harbour News", entries()))
    follow(library, url, "local", "harbour")
    events: list[RefreshEvent] = []

    report = refresh_feeds(library, progress=events.append)

    assert report.new == 2 and not report.failed
    articles = by_title(library)
    assert set(articles) == {"The pier", "The market"}
    pier = articles["The pier"]
    assert pier.state is ReadingState.UNREAD and pier.queue is Queue.INBOX
    assert pier.tags == ("local", "harbour")
    assert pier.origin == url and pier.guid == "g1" and pier.source == "Harbour News"
    assert [p.text for p in library.paragraphs(pier.id)] == [INTRO, MIDDLE, ENDING]
    assert [(e.done, e.total, e.feed, e.new) for e in events] == [(1, 1, "Harbour News", 2)]
    sub = subscriptions(library)[0]
    assert sub.last_refresh and not sub.last_error
    assert sub.title == "Harbour News"  # a feed added without a title learns it


def test_etag_and_last_modified_are_sent_back_and_304_changes_nothing(
    library: Library, feed_server: FeedServer
) -> None:
    tagged = feed_server.feed("/etag.xml", rss("Tagged", entries()), etag='"v1"')
    dated = feed_server.feed(
        "/dated.xml",
        rss("Dated", [("d1", "http://example.test/d1", "Dated", "Some text.")]),
        last_modified="Tue, 01 Dec 2026 10:00:00 GMT",
    )
    follow(library, tagged)
    follow(library, dated)
    refresh_feeds(library)
    stored = {s.url: s for s in subscriptions(library)}
    assert stored[tagged].etag == '"v1"'
    assert stored[dated].last_modified == "Tue, 01 Dec 2026 10:00:00 GMT"

    report = refresh_feeds(library)

    assert {f.status for f in report.feeds} == {FeedStatus.NOT_MODIFIED}
    assert report.new == 0 and len(library) == 3
    assert feed_server.hits_of("/etag.xml")[-1].headers["if-none-match"] == '"v1"'
    last = feed_server.hits_of("/dated.xml")[-1].headers
    assert last["if-modified-since"] == "Tue, 01 Dec 2026 10:00:00 GMT"


def test_gzip_is_asked_for_and_decoded(library: Library, feed_server: FeedServer) -> None:
    url = feed_server.feed("/gz.xml", rss("Zipped", entries()), gzip=True)
    follow(library, url)

    report = refresh_feeds(library)

    assert report.new == 2
    assert "gzip" in feed_server.hits_of("/gz.xml")[0].headers["accept-encoding"]


def test_a_changed_entry_updates_its_article_and_keeps_or_orphans_highlights(
    library: Library, feed_server: FeedServer
) -> None:
    url = feed_server.feed("/news.xml", rss("Harbour News", entries()))
    follow(library, url)
    refresh_feeds(library)
    pier = by_title(library)["The pier"]
    library.set_state(pier.id, ReadingState.READ)
    library.set_tags(pier.id, ["mine"])
    kept = library.create_highlight(pier.id, 2, 0, len("A decision is expected"))
    lost = library.create_highlight(pier.id, 1, 0, len("Fishermen asked"))
    edited = f"{INTRO} (Updated.)\n\nThe mooring question was postponed.\n\n{ENDING}"
    feed_server.feed(
        "/news.xml",
        rss(
            "Harbour News", [("g1", "http://example.test/pier", "The pier", edited), *entries()[1:]]
        ),
    )

    report = refresh_feeds(library)

    feed = report.feeds[0]
    assert (feed.new, feed.updated) == (0, 1)
    assert feed.highlights() == (1, 0, 1)  # stayed, moved, orphaned
    after = library.get(pier.id)
    assert after.state is ReadingState.READ and after.tags == ("mine",)
    assert library.paragraphs(pier.id)[1].text == "The mooring question was postponed."
    placed = {h.id: h for h in library.highlights(pier.id)}
    assert (
        not placed[kept.id].orphan
        and placed[kept.id].anchor.quote.exact == "A decision is expected"
    )
    assert placed[lost.id].orphan  # kept and shown, never dropped
    assert "1 stayed, 0 moved, 1 orphaned" in report.summary()


def test_an_entry_that_left_the_feed_stays_in_the_library(
    library: Library, feed_server: FeedServer
) -> None:
    url = feed_server.feed("/news.xml", rss("Harbour News", entries()))
    follow(library, url)
    refresh_feeds(library)
    feed_server.feed(
        "/news.xml",
        rss("Harbour News", [("g3", "http://example.test/ferry", "The ferry", "New timetable.")]),
    )

    report = refresh_feeds(library)

    assert report.new == 1
    assert set(by_title(library)) == {"The pier", "The market", "The ferry"}


def test_entries_are_matched_by_guid_then_link_then_content(
    library: Library, feed_server: FeedServer
) -> None:
    first = [
        ("same-guid", "http://example.test/old-link", "Guid entry", "Text one."),
        ("", "http://example.test/linked", "Link entry", "Text two."),
        ("", "", "Bare entry", "Text three, no link and no guid."),
    ]
    url = feed_server.feed("/m.xml", rss("Matching", first))
    follow(library, url)
    refresh_feeds(library)
    ids = {a.title: a.id for a in library.articles()}
    second = [
        ("same-guid", "http://example.test/new-link", "Guid entry", "Text one, edited."),
        ("", "http://example.test/linked", "Link entry", "Text two, edited."),
        ("", "", "Bare entry", "Text three, no link and no guid."),
    ]
    feed_server.feed("/m.xml", rss("Matching", second))

    report = refresh_feeds(library)

    feed = report.feeds[0]
    assert (feed.new, feed.updated) == (0, 2)
    assert {a.title: a.id for a in library.articles()} == ids
    assert [p.text for p in library.paragraphs(ids["Guid entry"])] == ["Text one, edited."]


def test_guids_are_matched_within_their_feed_only(
    library: Library, feed_server: FeedServer
) -> None:
    a = feed_server.feed("/a.xml", rss("A", [("1", "http://a.test/1", "From A", "Alpha.")]))
    b = feed_server.feed("/b.xml", rss("B", [("1", "http://b.test/1", "From B", "Beta.")]))
    follow(library, a)
    follow(library, b)

    refresh_feeds(library)

    assert set(by_title(library)) == {"From A", "From B"}


def test_an_article_of_another_followed_feed_stays_with_it(
    library: Library, feed_server: FeedServer, tmp_path: Path
) -> None:
    from tui_reader.importing import import_inputs

    body = rss("Harbour News", entries())
    url = feed_server.feed("/news.xml", body)
    copy = tmp_path / "news.rss"
    copy.write_text(body, encoding="utf-8")
    import_inputs(library, [str(copy)])  # the feed's file added once, by hand
    other = feed_server.feed("/other.xml", rss("Other", entries()))
    follow(library, other)
    refresh_feeds(library)  # the entries now belong to the followed feed "Other"
    follow(library, url)
    pier_before = by_title(library)["The pier"]
    assert pier_before.origin == other

    report = refresh_feeds(library, [url])

    assert report.new == 0 and report.updated == 0
    pier = by_title(library)["The pier"]
    assert pier.origin == other and pier.id == pier_before.id


def test_an_article_of_no_followed_feed_is_taken_into_the_feed_carrying_it(
    library: Library, feed_server: FeedServer, tmp_path: Path
) -> None:
    from tui_reader.importing import import_inputs

    body = rss("Harbour News", entries())
    url = feed_server.feed("/news.xml", body)
    copy = tmp_path / "news.rss"
    copy.write_text(body, encoding="utf-8")
    import_inputs(library, [str(copy)])
    added = by_title(library)
    assert {a.origin for a in added.values()} == {str(copy)}
    library.set_tags(added["The pier"].id, ("mine",))
    follow(library, url)

    report = refresh_feeds(library)

    assert report.new == 0 and report.updated == 0
    after = by_title(library)
    assert {a.origin for a in after.values()} == {url}
    assert {a.id for a in after.values()} == {a.id for a in added.values()}
    assert after["The pier"].tags == ("mine",)
    assert after["The pier"].guid == "g1"


def test_hooks_filter_entries_and_run_after_each_feed(
    library: Library, feed_server: FeedServer
) -> None:
    url = feed_server.feed("/news.xml", rss("Harbour News", entries()))
    follow(library, url)
    finished: list[tuple[str, int]] = []
    prepared: list[list[str]] = []

    def prepare(
        lib: Library, sub: Subscription, docs: list[Document], cancel: object
    ) -> list[Document]:
        prepared.append([d.title for d in docs])
        for doc in docs:
            doc.title = doc.title.upper()
        return docs

    hooks = RefreshHooks(
        keep_entry=lambda sub, doc: "market" not in doc.title,
        prepare_feed=prepare,
        after_feed=lambda lib, sub, result: finished.append((sub.url, len(lib))),
    )

    report = refresh_feeds(library, hooks=hooks)

    assert set(by_title(library)) == {"THE PIER"}
    assert report.feeds[0].ignored == 1 and prepared == [["The pier"]]
    assert finished == [(url, 1)]  # after the feed's articles were stored


def test_an_unknown_feed_name_is_refused_before_anything_is_fetched(
    library: Library, feed_server: FeedServer
) -> None:
    url = feed_server.feed("/news.xml", rss("Harbour News", entries()))
    follow(library, url)

    with pytest.raises(SubscriptionError, match="no feed 'Nope'"):
        refresh_feeds(library, ["Nope"])
    assert feed_server.hits == []


def test_only_the_named_feeds_are_refreshed(library: Library, feed_server: FeedServer) -> None:
    a = feed_server.feed("/a.xml", rss("Alpha", [("1", "http://a.test/1", "From A", "Alpha.")]))
    b = feed_server.feed("/b.xml", rss("Beta", [("1", "http://b.test/1", "From B", "Beta.")]))
    follow(library, a)
    follow(library, b)
    refresh_feeds(library)  # learns the titles

    report = refresh_feeds(library, ["beta", "2"])

    assert [f.sub.url for f in report.feeds] == [b]
    assert len(feed_server.hits_of("/a.xml")) == 1
    assert len(feed_server.hits_of("/b.xml")) == 2


def test_a_local_file_feed_refreshes_and_is_not_read_again_unchanged(
    library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "local.xml"
    path.write_text(rss("On disk", entries()), encoding="utf-8")
    follow(library, str(path))

    first = refresh_feeds(library)
    second = refresh_feeds(library)

    assert first.new == 2
    assert second.feeds[0].status is FeedStatus.NOT_MODIFIED


def test_feeds_arriving_together_are_written_in_one_transaction(
    library: Library, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(6):
        items = [
            (f"{n}-{i}", f"http://f.test/{n}/{i}", f"Entry {n}.{i}", "Text.") for i in range(5)
        ]
        follow(library, feed_server.feed(f"/f{n}.xml", rss(f"Feed {n}", items)))
    calls: list[int] = []
    real = Library.put_many

    def counting(self, records, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(len(records))
        return real(self, records, *args, **kwargs)

    monkeypatch.setattr(Library, "put_many", counting)
    writes: list[str] = []

    def writer(write):  # type: ignore[no-untyped-def]
        writes.append("write")
        return write()

    report = refresh_feeds(library, writer=writer)

    assert report.new == 30
    # one write per batch of feeds that arrived together (at most one per feed), never
    # one per article; each write stores the articles and the feeds' state together;
    # a last one files the new records into their catalog shards (BulkStore.close)
    assert len(calls) == len(writes) - 1 <= 6 and sum(calls) == 30
    assert all(s.last_refresh for s in subscriptions(library))


def test_feeds_answering_close_together_are_stored_in_few_writes_off_the_parsing_thread(
    library: Library, feed_server: FeedServer
) -> None:
    for n in range(60):  # more than one batch of answers (fetching.BATCH_FEEDS)
        items = [
            (f"{n}-{i}", f"http://f.test/{n}/{i}", f"Entry {n}.{i}", "Text.") for i in range(3)
        ]
        follow(library, feed_server.feed(f"/f{n}.xml", rss(f"Feed {n}", items)))
    writes: list[str] = []

    def writer(write):  # type: ignore[no-untyped-def]
        writes.append(threading.current_thread().name)
        return write()

    report = refresh_feeds(library, writer=writer)

    assert report.new == 180 and len(report.feeds) == 60
    # every feed is stored with its state, in one or two changes (one per 25 feeds before),
    # written while the refresh's own thread goes on parsing, then the new records are
    # filed into their catalog shards (BulkStore.close), on the same writer
    assert 2 <= len(writes) <= 3
    assert threading.current_thread().name not in writes
    assert all(s.last_refresh for s in subscriptions(library))


def test_cancel_stops_a_slow_refresh_and_keeps_what_was_stored(
    library: Library, feed_server: FeedServer
) -> None:
    fast = feed_server.feed("/fast.xml", rss("Fast", entries()))
    slow = feed_server.feed("/slow.xml", rss("Slow", entries()), delay=5)
    follow(library, fast)
    follow(library, slow)
    stop = threading.Event()

    def progress(event: RefreshEvent) -> None:
        if event.url == fast:
            stop.set()

    started = time.monotonic()
    report = refresh_feeds(library, progress=progress, cancel=stop)

    assert time.monotonic() - started < 4  # the slow server answers after 5 s
    assert report.cancelled and [f.sub.url for f in report.feeds] == [fast]
    assert len(library) == 2
    states = {s.url: s for s in subscriptions(library)}
    assert states[fast].last_refresh and not states[slow].last_refresh


def test_fetch_limits_per_host_bound_the_requests_in_flight(
    library: Library, feed_server: FeedServer
) -> None:
    for n in range(6):
        body = rss(f"S{n}", [(f"s{n}", f"http://s.test/{n}", f"S {n}", "x")]).encode()
        feed_server.serve(f"/s{n}.xml", Answer(200, body, delay=0.3))
        follow(library, feed_server.url(f"/s{n}.xml"))

    report = refresh_feeds(library, limits=FetchLimits(per_host=2))

    assert report.new == 6 and feed_server.most_in_flight == 2


def test_feeds_waiting_for_a_busy_host_leave_the_other_hosts_free(
    library: Library, feed_server: FeedServer
) -> None:
    # Four slow feeds on one host (one request at a time there), then one feed on another
    # host, with two requests in flight overall: the feeds waiting for their busy host must
    # not hold the overall slots, or the other host's feed waits for the slow ones.
    for n in range(4):
        body = rss(f"Busy {n}", [(f"b{n}", f"http://b.test/{n}", f"Busy {n}", "x")]).encode()
        feed_server.serve(f"/busy{n}.xml", Answer(200, body, delay=0.5))
        follow(library, feed_server.url(f"/busy{n}.xml"))
    with running_server() as other:
        free = other.feed("/free.xml", rss("Free", [("f", "http://f.test/1", "Free 1", "x")]))
        follow(library, free)
        order: list[str] = []

        report = refresh_feeds(
            library,
            limits=FetchLimits(connections=2, per_host=1),
            progress=lambda event: order.append(event.url),
        )

    assert report.new == 5 and feed_server.most_in_flight == 1
    assert order[0] == free  # stored while the busy host still had three feeds to answer


def test_what_is_stored_is_filed_while_a_slow_feed_is_still_awaited(
    library: Library, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = feed_server.feed("/fast.xml", rss("Fast", entries()))
    slow = feed_server.feed("/slow.xml", rss("Slow", [("s", "http://s.test/1", "S", "x")]), delay=2)
    follow(library, fast)
    follow(library, slow)
    events: list[str] = []
    fold = refreshing.BulkStore.fold

    def folding(self: refreshing.BulkStore) -> list[refreshing.FeedResult]:
        events.append("fold")
        return fold(self)

    monkeypatch.setattr(refreshing.BulkStore, "fold", folding)

    report = refresh_feeds(library, progress=lambda event: events.append(event.url))

    assert report.new == len(entries()) + 1
    assert events[:3] == [fast, "fold", slow]  # filed before the slow answer came
    assert not (library.folder / "bulk.json").exists()
    assert {a.title for a in library.articles()} >= {"S"}
