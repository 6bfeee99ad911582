"""A full-text feed whose page failed is tried again at later refreshes (after a wait that
doubles, a bounded number of times, also when the feed answers 304); the page's text then
replaces the summary and the highlights made on the summary are placed again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.feeds.feedserver import Answer, FeedServer
from tests.feeds.test_feed_rules_refresh import PAGE
from tui_reader.feeds.fulltext_retry import (
    FIRST_WAIT,
    MAX_TRIES,
    after_try,
    due,
    parse_marks,
)
from tui_reader.feeds.hooks import RefreshHooks
from tui_reader.feeds.refresh import refresh_feeds
from tui_reader.feeds.rules import RuleSteps
from tui_reader.feeds.subscriptions import Subscription, subscribe, subscriptions
from tui_reader.model import Article
from tui_reader.store import Library

FIRST = (
    "The first night train in twenty years left the capital on Monday evening, carrying "
    "four hundred passengers and a great deal of curiosity about sleeping on rails again."
)


def teaser_feed(server: FeedServer) -> str:
    """A feed of one entry whose summary is the page's first paragraph (with an ETag)."""
    xml = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Rail</title>'
        f"<link>{server.base}/</link><item><guid>t1</guid><link>{server.url('/trains')}</link>"
        f"<title>Trains</title><description>{FIRST}</description></item></channel></rss>"
    )
    return server.feed("/f.xml", xml, etag='"v1"')


def hooks_at(library: Library, when: datetime) -> RefreshHooks:
    """The default rules, with the retries due against ``when``."""
    steps = RuleSteps(library, now=when)
    return RefreshHooks(
        prepare_feed=steps.prepare_feed, after_feed=steps.after_feed, feed_state=steps.feed_state
    )


def trains(library: Library) -> Article:
    [article] = library.articles()
    return article


def test_a_failed_page_is_fetched_again_later_and_keeps_the_highlights(
    library: Library, feed_server: FeedServer
) -> None:
    feed_server.status("/trains", 503)
    url = teaser_feed(feed_server)
    subscribe(library, Subscription(url, full_text=True))
    refresh_feeds(library)
    article = trains(library)
    assert library.paragraphs(article.id)[0].text == FIRST  # the summary, for now
    assert list(subscriptions(library)[0].full_text_retry) == [article.id]
    start = FIRST.index("four hundred passengers")
    mark = library.create_highlight(article.id, 0, start, start + len("four hundred passengers"))
    feed_server.serve("/trains", Answer(200, PAGE.encode(), {"Content-Type": "text/html"}))

    soon = refresh_feeds(library)  # too soon: the page is not asked for again
    assert len(feed_server.hits_of("/trains")) == 1 and soon.updated == 0

    later = datetime.now(UTC) + FIRST_WAIT + timedelta(minutes=1)
    report = refresh_feeds(library, hooks=hooks_at(library, later))

    assert report.feeds[0].status == "not modified"  # the feed itself did not change
    assert len(feed_server.hits_of("/trains")) == 2
    assert report.updated == 1 and report.new == 0
    texts = [p.text for p in library.paragraphs(article.id)]
    assert any("Operators say the sleeper cars" in t for t in texts)
    assert not any(t.startswith("Read the full article") for t in texts)
    [placed] = library.highlights(article.id)
    assert placed.id == mark.id and not placed.orphan
    assert placed.anchor.quote.exact == "four hundred passengers"
    assert subscriptions(library)[0].full_text_retry == {}
    assert trains(library).id == article.id


def test_a_page_that_keeps_failing_is_given_up_after_a_few_tries(
    library: Library, feed_server: FeedServer
) -> None:
    feed_server.status("/trains", 500)
    url = teaser_feed(feed_server)
    subscribe(library, Subscription(url, full_text=True))
    refresh_feeds(library)
    when = datetime.now(UTC)
    for _ in range(MAX_TRIES + 2):
        when += timedelta(days=2)  # longer than any wait
        refresh_feeds(library, hooks=hooks_at(library, when))

    assert len(feed_server.hits_of("/trains")) == MAX_TRIES
    assert subscriptions(library)[0].full_text_retry == {}
    assert library.paragraphs(trains(library).id)[0].text == FIRST


def test_the_marks_of_a_deleted_article_are_forgotten(
    library: Library, feed_server: FeedServer
) -> None:
    feed_server.status("/trains", 500)
    url = teaser_feed(feed_server)
    subscribe(library, Subscription(url, full_text=True))
    refresh_feeds(library)
    library.delete(trains(library).id)

    refresh_feeds(library, hooks=hooks_at(library, datetime.now(UTC) + timedelta(days=1)))

    assert len(feed_server.hits_of("/trains")) == 1 and len(library) == 0
    assert subscriptions(library)[0].full_text_retry == {}


def test_waits_double_and_malformed_marks_are_dropped() -> None:
    start = datetime(2026, 12, 1, 12, tzinfo=UTC)
    marks = after_try({}, failed_new=["a"], now=start)
    assert due(marks, start + FIRST_WAIT - timedelta(seconds=1)) == []
    assert due(marks, start + FIRST_WAIT) == ["a"]
    marks = after_try(marks, tried=["a"], now=start + FIRST_WAIT)
    assert marks["a"][0] == 2
    assert due(marks, start + FIRST_WAIT * 2) == []
    assert due(marks, start + FIRST_WAIT * 3) == ["a"]
    raw = {"a": [2, start.isoformat()], "b": "x", "c": [9, "then"], "d": [1, "no date"]}
    assert parse_marks(raw) == {"a": (2, start.isoformat())}
