"""Where the feed rules plug into a refresh: a per-entry filter and per-feed steps.

A refresh (:mod:`tui_reader.feeds.refresh`) runs, for each feed that answered
with entries, in this order:

1. ``keep_entry(sub, doc)`` for every entry (ignore rules): False drops the
   entry before anything is stored. Runs on the refresh's thread, off the writer.
2. ``prepare_feed(library, sub, docs, cancel)`` once per feed, on the kept
   entries (full text for summary-only feeds): returns the documents to store,
   may download (honouring ``cancel``), must not write the library. It also
   runs, with no entries, for a feed that answered 304 Not Modified (pages
   to fetch again need no new entry).
3. the entries are merged into the library (one transaction with the feed's
   new refresh state, which ``feed_state(before, after)`` may add to: the
   rules' own bookkeeping, such as the pages to fetch again);
4. ``after_feed(library, sub, result)`` once per feed that answered (with
   entries, or 304 Not Modified), inside the writer, after its articles are
   stored (retention). It may write the library through its
   ordinary methods (each its own transaction); an exception it raises is
   reported as a warning of that feed and never undoes what was stored.

:func:`default_hooks` builds the hooks a refresh runs when its caller passes
none, so the CLI and the app get the same rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui_reader.feeds.subscriptions import Subscription
from tui_reader.model import Document
from tui_reader.store import Library

if TYPE_CHECKING:
    import threading

    from tui_reader.feeds.refresh import FeedResult

#: True to keep an entry, False to skip it (ignore rules).
EntryFilter = Callable[[Subscription, Document], bool]
#: The documents of one feed to store, from the kept ones (full text).
FeedPreparer = Callable[
    [Library, Subscription, list[Document], "threading.Event | None"], list[Document]
]
#: Run after a feed's articles are stored (retention).
FeedFinisher = Callable[[Library, Subscription, "FeedResult"], None]
#: The feed's new state to store, from the feed as found and its new refresh state.
FeedState = Callable[[Subscription, Subscription], Subscription]


@dataclass(frozen=True, slots=True)
class RefreshHooks:
    """The optional steps a refresh runs per entry and per feed (see the module doc)."""

    keep_entry: EntryFilter | None = None
    prepare_feed: FeedPreparer | None = None
    after_feed: FeedFinisher | None = None
    feed_state: FeedState | None = None


def default_hooks(library: Library) -> RefreshHooks:
    """The hooks every refresh runs unless its caller passes others: the feed rules
    (:mod:`tui_reader.feeds.rules`), with the ignore rules of the library and of the
    config file read now."""
    from tui_reader.config import load_config
    from tui_reader.feeds.rules import RuleSteps

    steps = RuleSteps(library, load_config().feed_ignore)
    return RefreshHooks(
        keep_entry=steps.keep_entry if steps.ignore else None,
        prepare_feed=steps.prepare_feed,
        after_feed=steps.after_feed,
        feed_state=steps.feed_state,
    )
