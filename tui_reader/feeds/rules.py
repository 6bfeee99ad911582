"""The feed rules as the steps of one refresh: ignore rules, full text, retention.

A :class:`RuleSteps` is made for each refresh (``feeds.hooks.default_hooks``)
and gives the three steps the refresh runs (see :mod:`tui_reader.feeds.hooks`):

- :meth:`RuleSteps.keep_entry`: drops an entry an ignore rule holds for
  (the library's rules and the config file's ``[feeds] ignore``);
- :meth:`RuleSteps.prepare_feed`: for a ``full_text`` feed, fetches the pages
  of its *new* entries (:mod:`tui_reader.feeds.fulltext`);
- :meth:`RuleSteps.after_feed`: applies the feed's retention once its
  articles are stored (:mod:`tui_reader.feeds.retention`) and counts what it
  archived and removed on the feed's result.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Protocol

from tui_reader.feeds.fulltext import fetch_full_texts
from tui_reader.feeds.ignore import IgnoreFilter, load_rules
from tui_reader.feeds.retention import tidy
from tui_reader.feeds.subscriptions import Subscription
from tui_reader.ingest.errors import Cancelled
from tui_reader.model import Document, canonical_url
from tui_reader.store import Library


class TidyCounts(Protocol):
    """Where :meth:`RuleSteps.after_feed` counts what retention did (a refresh's feed result)."""

    archived: int
    removed: int


class RuleSteps:
    """The feed rules of one refresh, read once when it starts."""

    def __init__(self, library: Library, config_rules: Iterable[str] = ()) -> None:
        self.ignore = IgnoreFilter(load_rules(library, config_rules))
        """The ignore rules (empty: nothing is dropped)."""
        self._by_feed: dict[str, list[str]] | None = None

    def keep_entry(self, sub: Subscription, doc: Document) -> bool:
        """False when an ignore rule holds for the entry ``doc`` of ``sub``."""
        return self.ignore.match(doc, sub) is None

    def prepare_feed(
        self,
        library: Library,
        sub: Subscription,
        docs: list[Document],
        cancel: threading.Event | None,
    ) -> list[Document]:
        """For a ``full_text`` feed, its new entries with their pages' text (the others as
        they are). Raises :class:`Cancelled` when ``cancel`` stopped it, so nothing of the
        feed is stored and the next refresh fetches it again."""
        if not sub.full_text:
            return docs
        new = [i for i, doc in enumerate(docs) if library.saved(doc.article_id()) is None]
        if not new:
            return docs
        report = fetch_full_texts([docs[i] for i in new], cancel=cancel)
        if report.cancelled:
            raise Cancelled("cancelled")
        out = list(docs)
        for i, doc in zip(new, report.documents, strict=True):
            out[i] = doc
        return out

    def after_feed(self, library: Library, sub: Subscription, result: TidyCounts) -> None:
        """Apply ``sub``'s retention; adds what moved to ``result.archived``/``removed``."""
        if not (sub.archive_after or sub.remove_after):
            return
        ids = self._articles_by_feed(library).get(canonical_url(sub.url), [])
        articles = [a for a in map(library.saved, ids) if a is not None]
        report = tidy(library, [sub], articles=articles)
        result.archived += len(report.archived)
        result.removed += len(report.removed)

    def _articles_by_feed(self, library: Library) -> dict[str, list[str]]:
        """Article ids by feed address, read once per refresh (the first time it is needed):
        a feed's retention then looks at its own articles, not at the whole library."""
        if self._by_feed is None:
            found: dict[str, list[str]] = {}
            for article in library.articles():
                if article.origin:
                    found.setdefault(canonical_url(article.origin), []).append(article.id)
            self._by_feed = found
        return self._by_feed
