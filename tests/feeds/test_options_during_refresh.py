"""A feed's options changed while a refresh fetches it (the app's f and t on the feeds
screen, whose writes queue behind the refresh's) are not written over by the refresh's
copy of the feed as it found it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from tests.feeds.feedserver import FeedServer, rss
from tui_reader.feeds.options import set_options
from tui_reader.feeds.refresh import refresh_feeds
from tui_reader.feeds.subscriptions import Subscription, subscribe, subscriptions
from tui_reader.store import Library

T = TypeVar("T")


def test_options_set_while_the_feed_is_fetched_stay(
    library: Library, feed_server: FeedServer
) -> None:
    url = feed_server.feed("/f.xml", rss("Coast", [("c-1", "", "Tides", "High water.")]))
    subscribe(library, Subscription(url, "Coast", ("old",)))

    calls: list[int] = []

    def writer(batch: Callable[[], T]) -> T:
        # Another change lands before the refresh's first write, as the saver orders them.
        if not calls:
            set_options(library, url, full_text=True, tags=("new",), archive_after=3)
        calls.append(1)
        return batch()

    report = refresh_feeds(library, writer=writer)
    assert report.new == 1
    [sub] = subscriptions(library)
    assert (sub.full_text, sub.tags, sub.archive_after) == (True, ("new",), 3)
    assert sub.last_refresh and not sub.last_error, "the refresh's own state is stored too"
