"""The feed rules as refresh steps (RuleSteps): the filter, the full-text preparation and the
retention finish, each run the way a refresh runs it."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from tests.feeds.test_fulltext import ARTICLE, Page, Site, site, summary_entries  # noqa: F401
from tui_reader.feeds.ignore import add_rule
from tui_reader.feeds.rules import RuleSteps
from tui_reader.feeds.subscriptions import Subscription
from tui_reader.importing import add_document
from tui_reader.ingest.errors import Cancelled
from tui_reader.model import Article, Document, Paragraph, Queue, ReadingState, short_hash
from tui_reader.store import Library


@dataclass
class Counts:
    archived: int = 0
    removed: int = 0


def test_keep_entry_drops_what_a_library_or_config_rule_matches(library: Library) -> None:
    assert not RuleSteps(library).ignore  # no rules yet: a refresh gets no filter at all
    add_rule(library, "title:sponsored")
    steps = RuleSteps(library, ['feed:"harbour news" storm'])
    sub = Subscription("https://harbour.example/feed.xml", "Harbour News")
    assert steps.ignore
    assert not steps.keep_entry(sub, Document("Sponsored: boats", [Paragraph("x")]))
    assert not steps.keep_entry(sub, Document("Weather", [Paragraph("A storm comes.")]))
    assert steps.keep_entry(sub, Document("The pier", [Paragraph("It opens.")]))
    other = Subscription("https://other.example/feed.xml", "Other")
    assert steps.keep_entry(other, Document("Weather", [Paragraph("A storm comes.")]))


def test_prepare_feed_fetches_only_the_new_entries_of_a_full_text_feed(
    library: Library,
    site: Site,  # noqa: F811
) -> None:
    site.pages["/new"] = Page(body=ARTICLE)
    site.pages["/known"] = Page(body=ARTICLE)
    new, known = summary_entries(site, "/new", "/known")
    add_document(library, known)
    sub = Subscription(site.url("/feed.xml"), "Courier", full_text=True)
    out = RuleSteps(library).prepare_feed(library, sub, [new, known], None)
    assert out[1] is known and site.hits == ["/new"]
    assert any("four hundred passengers" in p.text for p in out[0].paragraphs)
    assert out[0].article_id() == new.article_id()
    plain = Subscription(site.url("/feed.xml"), "Courier")
    assert RuleSteps(library).prepare_feed(library, plain, [new], None) == [new]
    assert site.hits == ["/new"]


def test_prepare_feed_cancelled_raises_so_nothing_of_the_feed_is_stored(
    library: Library,
    site: Site,  # noqa: F811
) -> None:
    site.pages["/slow"] = Page(body=ARTICLE, trickle=True)
    entries = summary_entries(site, "/slow")
    cancel = threading.Event()
    threading.Timer(0.3, cancel.set).start()
    sub = Subscription(site.url("/feed.xml"), "Courier", full_text=True)
    with pytest.raises(Cancelled):
        RuleSteps(library).prepare_feed(library, sub, entries, cancel)


def test_after_feed_applies_the_feed_retention_to_its_own_articles(library: Library) -> None:
    url = "https://harbour.example/feed.xml"
    old = (datetime.now(UTC) - timedelta(days=40)).isoformat(timespec="seconds")
    for name, origin, queue in (
        ("Mine read", url, Queue.INBOX),
        ("Mine archived", url, Queue.ARCHIVE),
        ("Other read", "https://other.example/feed.xml", Queue.INBOX),
    ):
        library.put_article(
            Article(
                short_hash(name),
                name,
                origin=origin,
                added=old,
                state=ReadingState.READ,
                queue=queue,
            ),
            [Paragraph("text")],
        )
    steps = RuleSteps(library)
    counts = Counts()
    steps.after_feed(library, Subscription(url, "Harbour"), counts)
    assert counts == Counts(0, 0)  # no retention set: nothing looked at
    steps.after_feed(
        library, Subscription(url, "Harbour", archive_after=7, remove_after=30), counts
    )
    assert counts == Counts(1, 1)
    titles = {a.title: a.queue for a in library.articles()}
    assert titles == {"Mine read": Queue.ARCHIVE, "Other read": Queue.INBOX}
