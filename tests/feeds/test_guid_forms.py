"""A feed read by feedparser-rs in one refresh and by feedparser in the next (the fast parser
refused the answer, a limit was hit, the worker died) gives its entries the same guids: a
relative permalink guid or Atom id is matched, never stored again as a new article, and
its highlights stay. Libraries whose guids were stored as the feed wrote them (feedparser-rs
before the two agreed) refresh with no duplicates, and their deleted articles stay deleted."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.feeds.feedserver import Answer, FeedServer
from tui_reader.feeds.refresh import refresh_feeds
from tui_reader.feeds.removed import article_keys, delete_article
from tui_reader.feeds.seen import KEY_LENGTH
from tui_reader.feeds.subscriptions import Subscription, subscribe, unsubscribe
from tui_reader.importing import import_inputs
from tui_reader.ingest import fastfeed
from tui_reader.merging import AddStatus
from tui_reader.model import Anchor, Article, Document, Highlight, Quote
from tui_reader.store import Library

PIER = "The harbour council met on Tuesday evening to discuss the new pier."
MARKET = "Stalls open at dawn on Saturdays."
#: Served as UTF-8 the fast parser reads it; served as Latin-1 (the same ASCII bytes)
#: it goes to feedparser, as any feed the fast parser leaves aside.
FAST = "application/rss+xml; charset=utf-8"
SLOW = "application/rss+xml; charset=iso-8859-1"


def rss_feed(pier: str = PIER, permalink: str = "") -> str:
    """Two entries with relative guids (and relative links)."""
    attr = f' isPermaLink="{permalink}"' if permalink else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>News</title>'
        f"<item><title>The pier</title><guid{attr}>/posts/1</guid>"
        f"<description>{pier}</description></item>"
        f"<item><title>The market</title><guid{attr}>12345</guid><link>/market</link>"
        f"<description>{MARKET}</description></item>"
        "</channel></rss>"
    )


def atom_feed(pier: str = PIER) -> str:
    """Two entries with relative ids."""
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>News</title><id>urn:news</id>"
        f'<entry><title>The pier</title><id>/posts/1</id><link href="/pier"/>'
        f"<content>{pier}</content></entry>"
        f"<entry><title>The market</title><id>12345</id><content>{MARKET}</content></entry>"
        "</feed>"
    )


KINDS = ["atom", "rss", "rss isPermaLink true"]


def feed_xml(kind: str, pier: str = PIER) -> str:
    """The feed of ``kind`` (one of :data:`KINDS`)."""
    if kind == "atom":
        return atom_feed(pier)
    return rss_feed(pier, "true" if kind == "rss isPermaLink true" else "")


def serve(server: FeedServer, xml: str, content_type: str) -> str:
    """Serve ``xml`` at /blog/feed.xml as ``content_type``; returns its address."""
    return server.serve("/blog/feed.xml", Answer(200, xml.encode(), {"Content-Type": content_type}))


def titles(library: Library) -> list[str]:
    return sorted(a.title for a in library.articles())


def pier_of(library: Library) -> Article:
    [pier] = [a for a in library.articles() if a.title == "The pier"]
    return pier


def highlight_council(library: Library, article: Article) -> None:
    quote = Quote("harbour council", "The ", " met")
    library.put_highlight(Highlight(Highlight.new_id(), article.id, Anchor(0, 4, 19, quote)))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("first", "then"), [(FAST, SLOW), (SLOW, FAST)], ids=["fast", "slow"])
def test_a_refresh_read_by_the_other_parser_matches_every_entry(
    library: Library, feed_server: FeedServer, kind: str, first: str, then: str
) -> None:
    url = serve(feed_server, feed_xml(kind), first)
    data = feed_xml(kind).encode()
    assert (fastfeed.parse_fast(data, url, first) is None) is (first == SLOW)
    assert (fastfeed.parse_fast(data, url, then) is None) is (then == SLOW)
    subscribe(library, Subscription(url))
    assert refresh_feeds(library).new == 2
    pier = pier_of(library)
    highlight_council(library, pier)

    edited = f"Yesterday {PIER[0].lower()}{PIER[1:]}"
    serve(feed_server, feed_xml(kind, edited), then)
    report = refresh_feeds(library)

    assert (report.new, report.updated) == (0, 1)
    assert titles(library) == ["The market", "The pier"]
    assert pier_of(library).id == pier.id
    [mark] = library.highlights(pier.id)
    assert not mark.orphan and mark.anchor.quote.exact == "harbour council"
    assert pier_of(library).guid == feed_server.url("/posts/1")  # resolved as feedparser does


@pytest.fixture
def guids_as_written(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """The fast parser as it was before it agreed with feedparser: guids kept as written."""
    monkeypatch.setattr(fastfeed, "resolve_guid", lambda guid, base: guid)
    return monkeypatch


@pytest.mark.parametrize("kind", KINDS)
def test_a_library_with_guids_as_written_refreshes_without_duplicates(
    library: Library, feed_server: FeedServer, guids_as_written: pytest.MonkeyPatch, kind: str
) -> None:
    url = serve(feed_server, feed_xml(kind), FAST)
    subscribe(library, Subscription(url))
    assert refresh_feeds(library).new == 2
    pier = pier_of(library)
    assert pier.guid == "/posts/1"  # stored as written
    highlight_council(library, pier)
    guids_as_written.undo()

    for content_type in (FAST, SLOW):  # either parser, after the upgrade
        serve(feed_server, feed_xml(kind), content_type)
        report = refresh_feeds(library)
        assert (report.new, report.updated) == (0, 0)
    edited = f"Yesterday {PIER[0].lower()}{PIER[1:]}"
    serve(feed_server, feed_xml(kind, edited), SLOW)
    report = refresh_feeds(library)

    assert (report.new, report.updated) == (0, 1)
    assert titles(library) == ["The market", "The pier"]
    assert pier_of(library).id == pier.id
    [mark] = library.highlights(pier.id)
    assert not mark.orphan


@pytest.mark.parametrize("kind", KINDS)
def test_articles_deleted_before_the_upgrade_stay_deleted(
    library: Library, feed_server: FeedServer, guids_as_written: pytest.MonkeyPatch, kind: str
) -> None:
    """The feed's record of the entries it showed, and the library's record of deleted
    articles, were written with the guids as written: both still keep the entry out."""
    url = serve(feed_server, feed_xml(kind), FAST)
    subscribe(library, Subscription(url))
    refresh_feeds(library)
    delete_article(library, pier_of(library).id)
    guids_as_written.undo()

    report = refresh_feeds(library)  # the feed's own record (seen)
    assert titles(library) == ["The market"]
    assert (report.new, report.feeds[0].kept_out) == (0, 1)

    unsubscribe(library, url)  # followed again later: a new record; the deletion's holds
    subscribe(library, Subscription(url))
    serve(feed_server, feed_xml(kind), SLOW)
    report = refresh_feeds(library)
    assert titles(library) == ["The market"]
    assert (report.new, report.feeds[0].kept_out) == (0, 1)


def test_an_article_with_its_guid_as_written_deleted_after_the_upgrade_stays_deleted(
    library: Library, feed_server: FeedServer, guids_as_written: pytest.MonkeyPatch
) -> None:
    url = serve(feed_server, rss_feed(), FAST)
    subscribe(library, Subscription(url))
    refresh_feeds(library)
    guids_as_written.undo()
    assert pier_of(library).guid == "/posts/1"

    delete_article(library, pier_of(library).id)
    unsubscribe(library, url)
    subscribe(library, Subscription(url))
    report = refresh_feeds(library)

    assert titles(library) == ["The market"]
    assert report.new == 0


def test_guids_not_permalinks_are_matched_as_before(
    library: Library, feed_server: FeedServer
) -> None:
    url = serve(feed_server, rss_feed(permalink="false"), FAST)
    subscribe(library, Subscription(url))
    refresh_feeds(library)
    assert pier_of(library).guid == "/posts/1"

    serve(feed_server, rss_feed(permalink="false"), SLOW)
    report = refresh_feeds(library)

    assert (report.new, report.updated) == (0, 0)
    assert pier_of(library).guid == "/posts/1"


def test_article_keys_hold_the_id_its_entry_gets_now() -> None:
    """A deletion records the id the entry gets with its guid resolved, as both parsers
    read it now, next to the ids made of the guid as the library held it."""
    url = "http://127.0.0.1:8000/blog/feed.xml"
    article = Article(
        id="0123456789abcdef", title="The pier", url="http://127.0.0.1:8000/pier", guid="12345"
    )
    resolved = "http://127.0.0.1:8000/blog/12345"
    now = Document(title="", paragraphs=[], url=article.url, guid=resolved)

    assert now.article_id()[:KEY_LENGTH] not in article_keys(article)  # no feed: as written
    assert now.article_id()[:KEY_LENGTH] in article_keys(replace(article, origin=url))


@pytest.mark.parametrize("kind", KINDS)
def test_importing_a_feed_again_after_the_upgrade_adds_nothing(
    library: Library, feed_server: FeedServer, guids_as_written: pytest.MonkeyPatch, kind: str
) -> None:
    url = serve(feed_server, feed_xml(kind), FAST)
    import_inputs(library, [url], fetch=True)
    assert pier_of(library).guid == "/posts/1"
    guids_as_written.undo()
    before = {a.title: a.id for a in library.articles()}

    for content_type in (FAST, SLOW):
        serve(feed_server, feed_xml(kind), content_type)
        report = import_inputs(library, [url], fetch=True)
        assert len(report.results) == 2
        assert all(r.status is not AddStatus.ADDED for r in report.results)
    assert {a.title: a.id for a in library.articles()} == before
