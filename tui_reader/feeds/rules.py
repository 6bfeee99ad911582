"""The feed rules as the steps of one refresh: ignore rules, full text, retention.

A :class:`RuleSteps` is made for each refresh (``feeds.hooks.default_hooks``)
and gives the three steps the refresh runs (see :mod:`tui_reader.feeds.hooks`):

- :meth:`RuleSteps.keep_entry`: drops an entry an ignore rule holds for
  (the library's rules and the config file's ``[feeds] ignore``);
- :meth:`RuleSteps.prepare_feed`: for a ``full_text`` feed, fetches the pages
  of its *new* entries (:mod:`tui_reader.feeds.fulltext`), and again those of
  its stored articles whose page failed before and whose next try has come
  (:mod:`tui_reader.feeds.fulltext_retry`);
- :meth:`RuleSteps.feed_state`: puts the marks of the pages to try again on
  the feed's new refresh state (stored with its articles);
- :meth:`RuleSteps.after_feed`: applies the feed's retention once its
  articles are stored (:mod:`tui_reader.feeds.retention`) and counts what it
  archived and removed on the feed's result.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Protocol

from tui_reader.feeds.fulltext import fetch_full_texts
from tui_reader.feeds.fulltext_retry import after_try, due, retry_document
from tui_reader.feeds.ignore import IgnoreFilter, load_rules
from tui_reader.feeds.retention import tidy
from tui_reader.feeds.seen import entry_keys, seen_keys
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

    def __init__(
        self, library: Library, config_rules: Iterable[str] = (), now: datetime | None = None
    ) -> None:
        self.ignore = IgnoreFilter(load_rules(library, config_rules))
        """The ignore rules (empty: nothing is dropped)."""
        self.now = now
        """The time the retries are due against (now, when None)."""
        self._by_feed: dict[str, list[str]] | None = None
        self._marks: dict[str, dict[str, tuple[int, str]]] = {}
        self._lock = threading.Lock()

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
        they are), preceded by the stored articles whose page failed before and came now.

        ``docs`` may be empty (the feed answered 304): the due pages are tried all the
        same. What failed is marked for :meth:`feed_state`. Raises :class:`Cancelled`
        when ``cancel`` stopped it, so nothing of the feed is stored and the next
        refresh fetches it again.
        """
        if not sub.full_text:
            return docs
        removed = seen_keys(sub.seen)  # seen before: new only if its article was never stored
        marks = sub.full_text_retry
        stored = library.get_many([*(doc.article_id() for doc in docs), *marks])
        new = [
            i
            for i, doc in enumerate(docs)
            if doc.article_id() not in stored and removed.isdisjoint(entry_keys(doc))
        ]
        retry_ids = due(marks, self._now())
        gone = [aid for aid in marks if aid not in stored]
        retries = [
            doc
            for aid in retry_ids
            if (article := stored.get(aid)) is not None
            and (doc := retry_document(article)) is not None
        ]
        unusable = set(retry_ids) - {doc.article_id() for doc in retries}
        if not new and not retries:
            self._set_marks(sub, after_try(marks, gone=[*gone, *unusable], now=self._now()))
            return docs
        asked = [docs[i] for i in new] + retries
        report = fetch_full_texts(asked, cancel=cancel)
        if report.cancelled:
            raise Cancelled("cancelled")
        out = list(docs)
        for i, doc in zip(new, report.documents[: len(new)], strict=True):
            out[i] = doc
        fetched = [
            doc for doc in report.documents[len(new) :] if doc.article_id() in report.extracted
        ]
        again = {doc.article_id() for doc in fetched}
        # the page's text comes first; the feed's summary of the same article is then left out
        out = fetched + [doc for doc in out if doc.article_id() not in again]
        failed_new = [
            doc.article_id()
            for doc in report.documents[: len(new)]
            if doc.article_id() not in report.extracted
        ]
        tried = [doc.article_id() for doc in retries]
        marks = after_try(
            marks,
            failed_new=failed_new,
            tried=tried,
            fetched=again,
            gone=[*gone, *unusable],
            now=self._now(),
        )
        self._set_marks(sub, marks)
        return out

    def feed_state(self, before: Subscription, after: Subscription) -> Subscription:
        """``after`` (the feed's new refresh state) with the marks :meth:`prepare_feed`
        left for the feed ``before`` (as the refresh found it), or as it was."""
        with self._lock:
            marks = self._marks.pop(before.url, None)
        return after if marks is None else replace(after, full_text_retry=marks)

    def _set_marks(self, sub: Subscription, marks: dict[str, tuple[int, str]]) -> None:
        if marks != sub.full_text_retry:
            with self._lock:
                self._marks[sub.url] = marks

    def _now(self) -> datetime:
        return self.now or datetime.now(UTC)

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
