"""Trying again the pages of a full-text feed that could not be had the first time.

When the page of a new entry of a ``full_text`` feed cannot be fetched or
read (a timeout, a server error, no article found), the entry is stored with
its summary and its article is marked on the subscription
(``full_text_retry``: article id -> ``[tries, last try]``). Later refreshes
fetch the page again (whether the feed answered with entries or with 304),
waiting longer each time (:data:`FIRST_WAIT`, then twice as long, ...), at
most :data:`MAX_TRIES` tries in all; when the page arrives, its text replaces
the summary through the ordinary merge, so highlights are placed again
(stayed / moved / orphaned). An article that is gone, or that no longer
needs it, is forgotten. The marks are saved with the feed's refresh state,
in the same store change as the articles.

Turning full text on for a feed followed already (``feeds add URL --full-text``,
``feeds set FEED --full-text``) marks the articles it stored before the same way,
due at once (:func:`marked_stored`): later refreshes fetch their pages, a few
each time, as for a page that failed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from tui_reader.model import Article, Document, link_id

#: Tries in all, the first one included, before the summary is kept for good.
MAX_TRIES = 5
#: The wait after the first failed try; each later wait is twice the one before.
FIRST_WAIT = timedelta(minutes=30)
#: Most articles of one feed tried again in one refresh (the oldest marks first).
MAX_PER_REFRESH = 20
#: Most marked articles kept per feed (the newest marks win).
MAX_MARKED = 500

#: The stored form: article id -> ``[tries, last try (ISO 8601)]``.
Marks = dict[str, tuple[int, str]]


def parse_marks(raw: Any) -> Marks:
    """Stored marks, checked (anything malformed is dropped)."""
    if not isinstance(raw, dict):
        return {}
    found: Marks = {}
    for article_id, value in raw.items():
        if not (isinstance(article_id, str) and isinstance(value, list | tuple)):
            continue
        if len(value) != 2 or type(value[0]) is not int or not isinstance(value[1], str):
            continue
        if 1 <= value[0] < MAX_TRIES and _moment(value[1]) is not None:
            found[article_id[:64]] = (value[0], value[1][:40])
    return found


def _moment(text: str) -> datetime | None:
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def next_try(tries: int, last: str) -> datetime | None:
    """When an article tried ``tries`` times, last at ``last``, may be tried again."""
    when = _moment(last)
    return None if when is None else when + FIRST_WAIT * (2 ** (tries - 1))


def due(marks: Mapping[str, tuple[int, str]], now: datetime) -> list[str]:
    """The marked articles whose next try has come, the longest waiting first (a few)."""
    ready = [
        (when, article_id)
        for article_id, (tries, last) in marks.items()
        if (when := next_try(tries, last)) is not None and when <= now
    ]
    ready.sort()
    return [article_id for _, article_id in ready[:MAX_PER_REFRESH]]


def retry_document(article: Article) -> Document | None:
    """The stored ``article`` as an entry whose page can be fetched again (no text: the
    page gives it); None when its id would not come back from it (then it is not tried)."""
    doc = Document(
        title=article.title,
        paragraphs=[],
        source=article.source,
        url=article.url,
        author=article.author,
        published=article.published,
        origin=article.origin,
        guid=article.guid,
    )
    if article.url and article.id == link_id(article.url):
        doc.id = article.id  # an entry stored under its link's id before guids told apart
    return doc if article.url and doc.article_id() == article.id else None


def after_try(
    marks: Mapping[str, tuple[int, str]],
    *,
    failed_new: Iterable[str] = (),
    tried: Iterable[str] = (),
    fetched: Iterable[str] = (),
    gone: Iterable[str] = (),
    now: datetime,
) -> Marks:
    """The marks after a refresh: new failures marked once, failed tries counted (dropped
    at :data:`MAX_TRIES`), pages ``fetched`` and articles ``gone`` forgotten."""
    stamp = now.isoformat(timespec="seconds")
    out: Marks = dict(marks)
    done = set(fetched) | set(gone)
    for article_id in done:
        out.pop(article_id, None)
    for article_id in tried:
        if article_id in done or article_id not in out:
            continue
        tries = out[article_id][0] + 1
        if tries >= MAX_TRIES:
            del out[article_id]
        else:
            out[article_id] = (tries, stamp)
    for article_id in failed_new:
        if article_id not in done:
            out[article_id] = (1, stamp)
    if len(out) > MAX_MARKED:
        newest = sorted(out.items(), key=lambda item: item[1][1], reverse=True)[:MAX_MARKED]
        out = dict(newest)
    return out


def marked_stored(
    marks: Mapping[str, tuple[int, str]], articles: Iterable[Article], now: datetime
) -> Marks:
    """``marks`` with the stored ``articles`` of a feed whose full text was just turned on
    marked as due now (the newest first, up to :data:`MAX_MARKED` marks in all); articles
    without a page to fetch (:func:`retry_document`) are left as they are."""
    stamp = (now - FIRST_WAIT).isoformat(timespec="seconds")  # due at once
    out: Marks = dict(marks)
    for article in sorted(articles, key=lambda a: (a.added, a.id), reverse=True):
        if len(out) >= MAX_MARKED:
            break
        if article.id not in out and retry_document(article) is not None:
            out[article.id] = (1, stamp)
    return out
