"""Full text for summary-only feeds: fetch each new entry's page and extract its article.

For a subscription with ``full_text`` set, refresh hands the feed's *new*
entries to :func:`fetch_full_texts`. Each entry's link is downloaded with the
importers' own fetch (:func:`tui_reader.ingest.url.fetch`: httpx, a size
cap, redirects, a deadline, cancelling) and read as a web page through the
importers' HTML path (trafilatura, sanitised paragraphs). The entry keeps
its title, link, id, feed and date; only its text is replaced. When the page
cannot be had (an HTTP error, a timeout, no article in it, a feed instead of
a page, no link at all), the entry stays as the feed gave it: its summary,
with the link kept.

Pages are fetched a few at a time (:data:`CONCURRENCY` threads, each
waiting on the network, never on the UI). The whole batch has one deadline:
no page starts after it, and each page's own deadline is cut to what is
left. Setting ``cancel`` stops the batch within about a second; what was not
fetched keeps its summary. This blocks: call it from a worker thread (it
runs inside refresh's worker), never from the app's event loop.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

from tui_reader.ingest.errors import Cancelled, IngestError
from tui_reader.ingest.url import Fetched, fetch
from tui_reader.model import Document
from tui_reader.sanitize import clean_line

#: Pages fetched at the same time for one feed.
CONCURRENCY = 4
#: Seconds one page may take (connecting, redirects, body), at most.
PAGE_DEADLINE = 20.0
#: Seconds the pages of one feed may take together.
BATCH_DEADLINE = 60.0
#: Largest page read (a page is rarely over a few hundred kilobytes).
MAX_PAGE_SIZE = 5 * 1024 * 1024

#: Downloads a page: ``fetcher(url, max_size, deadline=..., cancel=...)`` (``ingest.url.fetch``).
Fetcher = Callable[..., Fetched]


@dataclass(slots=True)
class FullTextReport:
    """The entries, in their order, with the full text where it could be had."""

    documents: list[Document] = field(default_factory=list)
    extracted: set[str] = field(default_factory=set)
    """Article ids of the entries that now carry their page's text (no longer summaries)."""
    failures: list[tuple[str, str]] = field(default_factory=list)
    """``(link, reason)`` for each page that could not be used (the summary was kept)."""
    cancelled: bool = False


def page_document(entry: Document, fetched: Fetched) -> Document:
    """``entry`` with its text replaced by the article of the page ``fetched`` from its link.

    Raises :class:`IngestError` when the page holds no article.
    """
    from tui_reader.ingest.feeds import sniff_feed
    from tui_reader.ingest.url import documents_from

    if sniff_feed(fetched.data) is not None:
        raise IngestError("the link leads to a feed, not a page")
    found = documents_from(fetched)
    if len(found) != 1 or not found[0].paragraphs:
        raise IngestError("no article text found in the page")
    page = found[0]
    return replace(
        entry,
        title=entry.title or page.title,
        paragraphs=list(page.paragraphs),
        author=entry.author or page.author,
        published=entry.published or page.published,
    )


def fetch_full_texts(
    entries: Sequence[Document],
    *,
    deadline: float = BATCH_DEADLINE,
    page_deadline: float = PAGE_DEADLINE,
    cancel: threading.Event | None = None,
    concurrency: int = CONCURRENCY,
    max_size: int = MAX_PAGE_SIZE,
    fetcher: Fetcher = fetch,
) -> FullTextReport:
    """Each entry with its page's article as text, or as it was when that fails.

    ``deadline`` bounds the whole batch and ``page_deadline`` each page (both
    in seconds); ``cancel`` stops it early. Never raises for a page.
    """
    report = FullTextReport(documents=list(entries))
    end = time.monotonic() + deadline
    lock = threading.Lock()

    def one(index: int) -> None:
        entry = entries[index]
        link = entry.url
        if cancel is not None and cancel.is_set():
            with lock:
                report.cancelled = True
            return
        left = end - time.monotonic()
        if left <= 0:
            reason = f"no time left (the feed's pages may take {deadline:g} s together)"
            with lock:
                report.failures.append((link, reason))
            return
        try:
            fetched = fetcher(link, max_size, deadline=min(page_deadline, left), cancel=cancel)
            document = page_document(entry, fetched)
        except Cancelled:
            with lock:
                report.cancelled = True
            return
        except IngestError as error:
            with lock:
                report.failures.append((link, clean_line(str(error))[:300]))
            return
        except Exception as error:  # an extractor's surprise on odd markup: keep the summary
            with lock:
                report.failures.append((link, f"unreadable page ({type(error).__name__})"))
            return
        with lock:
            report.documents[index] = document
            report.extracted.add(document.article_id())

    wanted = [i for i, e in enumerate(entries) if _is_web_link(e.url)]
    skipped = set(range(len(entries))) - set(wanted)
    for i, entry in enumerate(entries):
        if i in skipped:
            report.failures.append((entry.url, "the entry has no web link"))
    if wanted:
        workers = max(1, min(concurrency, len(wanted)))
        with ThreadPoolExecutor(workers, thread_name_prefix="newsread-fulltext") as pool:
            for future in [pool.submit(one, i) for i in wanted]:
                future.result()
    return report


def _is_web_link(url: str) -> bool:
    return url.strip().lower().startswith(("http://", "https://"))
