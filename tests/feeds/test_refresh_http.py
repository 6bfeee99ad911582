"""Refresh against a misbehaving web: redirects and loops, error statuses, Retry-After,
slow and endless answers, malformed feeds and web pages. One feed's failure is
recorded on it and never stops the others."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.feeds.feedserver import Answer, FeedServer, rss
from tui_reader.feeds.fetching import FetchLimits, retry_after_seconds
from tui_reader.feeds.refresh import FeedStatus, refresh_feeds
from tui_reader.feeds.subscriptions import Subscription, subscribe, subscriptions
from tui_reader.store import Library

FEED = rss("Good Feed", [("g1", "http://example.test/1", "Good entry", "Good text.")])
QUICK = FetchLimits(deadline=1.0, read_timeout=1.0, max_retry_wait=1.5)


def follow(library: Library, *urls: str) -> None:
    for url in urls:
        subscribe(library, Subscription(url))


def state(library: Library) -> dict[str, Subscription]:
    return {s.url: s for s in subscriptions(library)}


def test_a_permanent_redirect_moves_the_feed_and_its_articles(
    library: Library, feed_server: FeedServer
) -> None:
    target = feed_server.feed("/new.xml", FEED)
    old = feed_server.redirect("/old.xml", "/new.xml", 301)
    follow(library, old)

    report = refresh_feeds(library)

    assert report.new == 1 and report.feeds[0].moved_from == old
    assert list(state(library)) == [target]
    assert [a.origin for a in library.articles()] == [target]


def test_articles_stored_before_a_308_follow_the_feed(
    library: Library, feed_server: FeedServer
) -> None:
    old = feed_server.feed("/old.xml", FEED)
    follow(library, old)
    refresh_feeds(library)
    target = feed_server.feed("/moved.xml", FEED)
    feed_server.redirect("/old.xml", "/moved.xml", 308)

    refresh_feeds(library)

    assert list(state(library)) == [target]
    assert [a.origin for a in library.articles()] == [target]


def test_a_temporary_redirect_keeps_the_address(library: Library, feed_server: FeedServer) -> None:
    feed_server.feed("/today.xml", FEED)
    url = feed_server.redirect("/feed.xml", "/today.xml", 302)
    follow(library, url)

    report = refresh_feeds(library)

    assert report.new == 1 and list(state(library)) == [url]


def test_a_permanent_then_temporary_chain_moves_only_to_the_permanent_target(
    library: Library, feed_server: FeedServer
) -> None:
    feed_server.feed("/final.xml", FEED)
    middle = feed_server.redirect("/middle.xml", "/final.xml", 302)
    old = feed_server.redirect("/start.xml", "/middle.xml", 301)
    follow(library, old)

    refresh_feeds(library)

    assert list(state(library)) == [middle]


def test_a_redirect_loop_is_an_error_of_that_feed_only(
    library: Library, feed_server: FeedServer
) -> None:
    loop = feed_server.redirect("/a.xml", "/b.xml", 301)
    feed_server.redirect("/b.xml", "/a.xml", 302)
    good = feed_server.feed("/good.xml", FEED)
    follow(library, loop, good)

    report = refresh_feeds(library)

    results = {f.sub.url: f for f in report.feeds}
    assert results[loop].status is FeedStatus.FAILED and "redirect loop" in results[loop].error
    assert results[good].status is FeedStatus.REFRESHED
    assert "redirect loop" in state(library)[loop].last_error
    assert list(state(library)) == [loop, good]  # a loop moves nothing


def test_error_statuses_are_recorded_and_a_later_success_clears_them(
    library: Library, feed_server: FeedServer
) -> None:
    missing = feed_server.url("/missing.xml")
    broken = feed_server.status("/broken.xml", 500)
    good = feed_server.feed("/good.xml", FEED)
    follow(library, missing, broken, good)

    report = refresh_feeds(library)

    errors = {f.sub.url: f.error for f in report.failed}
    assert errors == {
        missing: "HTTP 404 Not Found",
        broken: "HTTP 500 Internal Server Error",
    }
    assert state(library)[broken].last_error == "HTTP 500 Internal Server Error"
    assert len(library) == 1
    feed_server.feed("/broken.xml", rss("Fixed", [("f", "http://f.test/", "Fixed", "Back.")]))

    again = refresh_feeds(library, [broken])

    assert not again.failed and state(library)[broken].last_error == ""


def test_410_gone_disables_the_feed_and_the_next_refresh_skips_it(
    library: Library, feed_server: FeedServer
) -> None:
    gone = feed_server.status("/gone.xml", 410)
    follow(library, gone)

    first = refresh_feeds(library)
    second = refresh_feeds(library)

    assert first.feeds[0].status is FeedStatus.GONE and first.failed
    assert state(library)[gone].disabled and "410" in state(library)[gone].last_error
    assert second.feeds[0].status is FeedStatus.SKIPPED and not second.failed
    assert len(feed_server.hits_of("/gone.xml")) == 1


def test_a_short_retry_after_is_waited_for_once(library: Library, feed_server: FeedServer) -> None:
    busy = Answer(429, b"slow down", {"Retry-After": "1"})
    url = feed_server.serve("/busy.xml", busy, Answer(200, FEED.encode()))
    follow(library, url)

    report = refresh_feeds(library, limits=QUICK)

    assert report.new == 1 and len(feed_server.hits_of("/busy.xml")) == 2


def test_a_long_retry_after_is_recorded_and_respected_next_time(
    library: Library, feed_server: FeedServer
) -> None:
    url = feed_server.serve("/busy.xml", Answer(503, b"later", {"Retry-After": "3600"}))
    follow(library, url)

    first = refresh_feeds(library, limits=QUICK)
    second = refresh_feeds(library, limits=QUICK)

    assert first.feeds[0].status is FeedStatus.RATE_LIMITED
    assert "wait 3600 s" in first.feeds[0].error
    until = datetime.fromisoformat(state(library)[url].retry_after)
    assert 3500 < (until - datetime.now(UTC)).total_seconds() <= 3600
    assert second.feeds[0].status is FeedStatus.SKIPPED
    assert len(feed_server.hits_of("/busy.xml")) == 1


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2026, 12, 1, 10, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds("Tue, 01 Dec 2026 10:02:00 GMT", now) == 120
    assert retry_after_seconds("soon") is None


def test_a_slow_server_gives_up_at_the_deadline_without_holding_the_others(
    library: Library, feed_server: FeedServer
) -> None:
    slow = feed_server.feed("/slow.xml", FEED, delay=4)
    good = feed_server.feed("/good.xml", FEED.replace("g1", "g2"))
    follow(library, slow, good)

    report = refresh_feeds(library, limits=QUICK)

    results = {f.sub.url: f for f in report.feeds}
    assert results[slow].status is FeedStatus.FAILED
    assert "gave up after 1 s" in results[slow].error or "timed out" in results[slow].error
    assert results[good].status is FeedStatus.REFRESHED
    assert report.feeds[0].sub.url == good  # the fast one is stored first


def test_an_endless_body_stops_at_the_size_cap(library: Library, feed_server: FeedServer) -> None:
    url = feed_server.serve(
        "/endless.xml",
        Answer(200, b"", {"Content-Type": "application/rss+xml"}, endless=True),
    )
    follow(library, url)

    report = refresh_feeds(library, limits=FetchLimits(max_size=256 * 1024, deadline=10))

    assert report.feeds[0].status is FeedStatus.FAILED
    assert "over the 256 KB limit" in report.feeds[0].error


def test_a_gzip_bomb_stops_at_the_size_cap(library: Library, feed_server: FeedServer) -> None:
    body = FEED.encode().replace(b"Good text.", b"x" * 5_000_000)
    url = feed_server.feed("/bomb.xml", body, gzip=True)
    follow(library, url)

    report = refresh_feeds(library, limits=FetchLimits(max_size=1024 * 1024))

    assert "over the 1.0 MB limit" in report.feeds[0].error


def test_malformed_xml_fails_that_feed_with_one_line(
    library: Library, feed_server: FeedServer
) -> None:
    broken = feed_server.feed("/broken.xml", "<?xml version='1.0'?><rss><channel><title>x</ti")
    half = feed_server.feed("/half.xml", FEED.replace("</channel></rss>", "<item><title>cut"))
    follow(library, broken, half)

    report = refresh_feeds(library)

    results = {f.sub.url: f for f in report.feeds}
    assert results[broken].status is FeedStatus.FAILED
    assert "\n" not in results[broken].error and results[broken].error
    assert results[half].status is FeedStatus.REFRESHED and results[half].new == 1
    assert any("malformed" in w for w in results[half].warnings)


def test_a_web_page_instead_of_a_feed_says_where_its_feed_is(
    library: Library, feed_server: FeedServer
) -> None:
    linked = feed_server.feed(
        "/blog",
        '<html><head><link rel="alternate" type="application/rss+xml" href="/blog/feed">'
        "</head><body><p>Hello</p></body></html>",
    )
    plain = feed_server.feed("/page", "<html><body><p>No feed here.</p></body></html>")
    follow(library, linked, plain)

    report = refresh_feeds(library)

    errors = {f.sub.url: f.error for f in report.failed}
    assert f"names its feed {feed_server.url('/blog/feed')}" in errors[linked]
    assert errors[plain] == "not a feed but a web page (without a feed link)"


def test_an_unreachable_host_is_one_error_line(library: Library) -> None:
    url = "http://127.0.0.1:9/feed.xml"  # the discard port: nothing listens
    follow(library, url)

    report = refresh_feeds(library, limits=QUICK)

    assert report.feeds[0].status is FeedStatus.FAILED
    assert report.feeds[0].error.startswith("cannot reach 127.0.0.1")
