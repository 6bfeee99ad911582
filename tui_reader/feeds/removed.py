"""Articles the user deleted: no followed feed adds them again, whichever lists them.

Each feed remembers the entries it has shown (:mod:`.seen`), so a feed that
listed an entry before does not add it again once its article is deleted. A
deleted article listed by another feed (the same feed followed at two
addresses, a site's feed and one of its category feeds, a feed followed
later) would come back through that feed. So a deletion by the user also
records the article in the library's settings (:data:`SETTINGS_KEY`), in the
same store change as the deletion (a kill keeps both or neither; the JSON
backup carries it with the settings): at a refresh, an entry whose article id
is recorded is not stored again. Adding the article explicitly (``newsread
add``) still works: that path does not consult the record, and a refresh
matches the article it made as any stored one.

The record keeps, in the form of :mod:`.seen` (day -> space-separated keys),
the first :data:`~tui_reader.feeds.seen.KEY_LENGTH` characters of the
article's id and of the id its entry is given now (the two differ for entries
stored under their link's id before guids told entries apart); it forgets keys
after :data:`FORGET_AFTER_DAYS` days, and keeps at most :data:`MAX_KEYS` (by
then each feed listing the entry has refreshed and remembers it as seen).
It is read once per refresh write and looked up only for entries with no article.
Retention's removals are recorded the same way (:func:`record_removed`, once for
all of them, before they are deleted).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tui_reader.feeds.seen import KEY_LENGTH, Seen, parse_seen, seen_keys
from tui_reader.ingest.guids import is_relative, resolve_guid
from tui_reader.model import Article, Document
from tui_reader.store import Library

#: The settings key of the record.
SETTINGS_KEY = "removed_entries"
#: Days a deleted article is remembered.
FORGET_AFTER_DAYS = 180
#: Most keys kept (the newest first).
MAX_KEYS = 10_000


def article_keys(article: Article) -> tuple[str, ...]:
    """The keys that name ``article``'s entry: its id's, and the id its entry gets now (with
    a guid stored as the feed wrote it, ``/posts/1``, also the id it gets with the guid
    resolved against its feed's address, as both parsers read it now: :mod:`.guids`)."""
    keys = [article.id[:KEY_LENGTH]]
    guids = [article.guid]
    if article.guid and article.origin and is_relative(article.guid):
        resolved = resolve_guid(article.guid, article.origin)
        if resolved and resolved != article.guid:
            guids.append(resolved)
    for guid in guids:
        now = Document(title="", paragraphs=[], url=article.url, guid=guid).article_id()
        if (article.url or guid) and now[:KEY_LENGTH] not in keys:
            keys.append(now[:KEY_LENGTH])
    return tuple(keys)


def removed_keys(settings: Mapping[str, Any]) -> frozenset[str]:
    """The keys of the articles the user deleted, from the library's settings."""
    return seen_keys(parse_seen(settings.get(SETTINGS_KEY)))


def with_removed(settings: Mapping[str, Any], keys: Iterable[str], today: date) -> dict[str, Any]:
    """``settings`` with ``keys`` recorded as deleted ``today`` (old keys forgotten)."""
    record = parse_seen(settings.get(SETTINGS_KEY))
    stamp = today.isoformat()
    oldest = (today - timedelta(days=FORGET_AFTER_DAYS)).isoformat()
    new = list(dict.fromkeys(keys))
    out: Seen = {}
    kept: set[str] = set()
    for day in sorted({*record, stamp}, reverse=True):  # the newest first
        if day < oldest or len(kept) >= MAX_KEYS:
            break
        day_keys = [*(new if day == stamp else ()), *record.get(day, "").split()]
        day_keys = [k for k in dict.fromkeys(day_keys) if k not in kept]
        day_keys = day_keys[: MAX_KEYS - len(kept)]
        kept.update(day_keys)
        if day_keys:
            out[day] = " ".join(day_keys)
    return {**settings, SETTINGS_KEY: out}


def merge_removed(backup: Mapping[str, Any], merged: dict[str, Any]) -> dict[str, Any]:
    """``merged`` settings with the backup's record of deleted articles joined to theirs."""
    theirs = parse_seen(backup.get(SETTINGS_KEY))
    if not theirs:
        return merged
    mine = parse_seen(merged.get(SETTINGS_KEY))
    for day, keys in theirs.items():
        joined = dict.fromkeys([*mine.get(day, "").split(), *keys.split()])
        mine[day] = " ".join(joined)
    return {**merged, SETTINGS_KEY: mine}


def delete_article(library: Library, article_id: str, today: date | None = None) -> Article:
    """Delete an article at the user's request, and record it so that no feed adds it again
    (one store change). Raises ``NotFound`` for an unknown id."""
    article = library.get(article_id)
    day = today or datetime.now(UTC).date()
    settings = with_removed(library.settings(), article_keys(article), day)
    return library.delete(article_id, settings=settings)


def record_removed(
    library: Library, articles: Iterable[Article], today: date | None = None
) -> None:
    """Record ``articles`` as deleted (one write of the settings), before deleting them one
    by one: many deletions then write the record once, not once each. Recording an article
    that then stays (a deletion interrupted) changes nothing: the record is only looked up
    for entries whose article is not in the library."""
    keys = [key for article in articles for key in article_keys(article)]
    if keys:
        day = today or datetime.now(UTC).date()
        library.set_settings(with_removed(library.settings(), keys, day))
