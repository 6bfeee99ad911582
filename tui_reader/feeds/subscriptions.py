"""The subscription records and where they are kept: the library's settings.

Stored as ``settings["feeds"] = [{"url": ..., "title": ..., ...}, ...]`` in the
order they were added. A feed is known by its address (a URL, or the absolute
path of a local file); adding one that exists updates its title, tags and
full-text choice and keeps its refresh state.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from tui_reader.feeds import SUBSCRIPTIONS_KEY
from tui_reader.feeds.fulltext_retry import parse_marks
from tui_reader.feeds.seen import parse_seen
from tui_reader.model import Article, ReadingState, canonical_url, now_iso
from tui_reader.sanitize import clean_line, clean_tags
from tui_reader.store import Library

SETTINGS_KEY = SUBSCRIPTIONS_KEY
#: Stored fields that are a refresh's bookkeeping, not shown in listings.
INTERNAL_FIELDS = ("seen", "full_text_retry", "had_full_text")


class SubscriptionError(ValueError):
    """A subscription that cannot be made or found (the message is one line)."""


@dataclass(frozen=True, slots=True)
class Subscription:
    """A feed the library follows, and what the last refresh learned about it."""

    url: str
    """The feed's address: an http(s) URL or the absolute path of a local file."""
    title: str = ""
    """The channel's title as the last refresh read it, unless the person named the feed."""
    tags: tuple[str, ...] = ()
    """Given to every article from this feed; exported as OPML categories."""
    full_text: bool = False
    """Fetch each entry's page and extract the article (for summary-only feeds)."""
    had_full_text: bool = False
    """Full text was on once and turned off: the articles stored meanwhile may hold their
    pages' text, which the feed's summaries never replace."""
    added: str = field(default_factory=now_iso)
    etag: str = ""
    last_modified: str = ""
    last_refresh: str = ""
    """When the feed last answered (ISO 8601), or ""."""
    last_error: str = ""
    """Why the last refresh of this feed failed, or "" when it worked."""
    disabled: bool = False
    """True once the server said 410 Gone: refresh skips it."""
    archive_after: int = 0
    """Days after which its read articles in the inbox go to the archive (0: never)."""
    remove_after: int = 0
    """Days after which its unannotated archived articles are deleted (0: never)."""
    retry_after: str = ""
    """When the server asked to be left alone until (ISO 8601, from 429/503), or ""."""
    seen: dict[str, str] = field(default_factory=dict, compare=False)
    """The entries its answers carried, by day last seen (:mod:`tui_reader.feeds.seen`): an
    entry seen before whose article is gone was removed, and is not added again."""
    full_text_retry: dict[str, tuple[int, str]] = field(default_factory=dict, compare=False)
    """Articles whose page could not be had, to fetch again: id -> (tries, last try)
    (:mod:`tui_reader.feeds.fulltext_retry`)."""
    named: bool = False
    """The title is the person's own (``newsread feeds set --title``, or an OPML file's name
    for the feed that differed from the channel's the first time it was read): refreshes
    keep it. Otherwise a channel that renames itself is shown by its new title."""

    @property
    def name(self) -> str:
        """The title, or the address when the feed has no title."""
        return self.title or self.url

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (everything, as stored in the library and its backup)."""
        raw = asdict(self)
        raw["tags"] = list(self.tags)
        return raw

    def listing_dict(self) -> dict[str, Any]:
        """What ``newsread feeds --json`` shows: :meth:`to_dict` without the refresh's
        own bookkeeping (the entries seen), ``last_modified`` as a date
        (:func:`shown_last_modified`)."""
        raw = self.to_dict()
        for key in INTERNAL_FIELDS:
            raw.pop(key, None)
        if self.url.startswith("/"):  # a local file: its time, stored in nanoseconds
            raw["last_modified"] = shown_last_modified(self.last_modified)
        return raw

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Subscription | None:
        """A subscription from stored settings; None for a malformed entry."""
        url = raw.get("url")
        if not isinstance(url, str) or not url.strip():
            return None

        def text(key: str) -> str:
            value = raw.get(key, "")
            return clean_line(value) if isinstance(value, str) else ""

        tags = raw.get("tags", [])
        return cls(
            url=clean_line(url),
            title=text("title"),
            named=raw.get("named") is True,
            tags=clean_tags(t for t in tags if isinstance(t, str))
            if isinstance(tags, list)
            else (),
            full_text=raw.get("full_text") is True,
            had_full_text=raw.get("had_full_text") is True,
            added=text("added"),
            etag=text("etag"),
            last_modified=text("last_modified"),
            last_refresh=text("last_refresh"),
            last_error=text("last_error"),
            disabled=raw.get("disabled") is True,
            archive_after=_days(raw.get("archive_after")),
            remove_after=_days(raw.get("remove_after")),
            retry_after=text("retry_after"),
            seen=parse_seen(raw.get("seen")),
            full_text_retry=parse_marks(raw.get("full_text_retry")),
        )


def shown_last_modified(stamp: str) -> str:
    """``last_modified`` as people read it: a local file's (stored as its modification time
    in nanoseconds, to tell every change apart) as an HTTP date, like a server's
    ``Last-Modified``; anything else as it is."""
    if not (stamp.isdigit() and len(stamp) <= 30):
        return stamp
    from datetime import UTC, datetime
    from email.utils import format_datetime

    try:
        when = datetime.fromtimestamp(int(stamp) / 1e9, UTC)
    except (OverflowError, OSError, ValueError):
        return stamp
    return format_datetime(when, usegmt=True)


def _days(value: Any) -> int:
    """A stored number of days: a whole number from 0, anything else 0 (never)."""
    return value if type(value) is int and value > 0 else 0


def same_feed(a: str, b: str) -> bool:
    """True when two feed addresses name the same feed."""
    return canonical_url(a) == canonical_url(b)


def from_settings(settings: dict[str, Any]) -> list[Subscription]:
    """The subscriptions in a settings dict; malformed or repeated entries are skipped."""
    raw = settings.get(SETTINGS_KEY)
    found: list[Subscription] = []
    addresses: set[str] = set()
    for item in raw if isinstance(raw, list) else []:
        sub = Subscription.from_dict(item) if isinstance(item, dict) else None
        if sub is not None and (address := canonical_url(sub.url)) not in addresses:
            addresses.add(address)
            found.append(sub)
    return found


def to_settings(settings: dict[str, Any], subs: Iterable[Subscription]) -> dict[str, Any]:
    """``settings`` with its subscriptions replaced by ``subs``."""
    return {**settings, SETTINGS_KEY: [s.to_dict() for s in subs]}


def merge_subscriptions(backup: dict[str, Any], merged: dict[str, Any]) -> dict[str, Any]:
    """``merged`` settings with the backup's feeds joined to the library's by address.

    A feed in both keeps the library's copy (its refresh state is the newer one);
    the backup's other feeds are added after the library's.
    """
    if SETTINGS_KEY not in backup:
        return merged
    mine = from_settings(merged)
    theirs = [s for s in from_settings(backup) if not any(same_feed(s.url, m.url) for m in mine)]
    return to_settings(merged, [*mine, *theirs])


def subscriptions(library: Library) -> list[Subscription]:
    """The library's subscriptions, in the order they were added."""
    return from_settings(library.settings())


def save_subscriptions(library: Library, subs: Iterable[Subscription]) -> None:
    """Replace the library's subscriptions (one small write of the settings)."""
    library.set_settings(to_settings(library.settings(), subs))


def subscribe(library: Library, sub: Subscription) -> tuple[Subscription, bool]:
    """Add ``sub`` (or update the one with its address); returns it and True when new.

    A feed followed already keeps its tags and gets ``sub``'s too (``newsread feeds set
    FEED --tag T`` replaces them). Full text turned on for it marks its stored articles
    for their pages (:func:`with_full_text_backfill`)."""
    subs = subscriptions(library)
    for i, old in enumerate(subs):
        if same_feed(old.url, sub.url):
            updated = replace(
                old,
                title=old.title if old.named else (sub.title or old.title),
                named=old.named or sub.named,
                tags=clean_tags([*old.tags, *sub.tags]),
                full_text=sub.full_text or old.full_text,
                disabled=False,
            )
            updated = with_full_text_backfill(library, old, updated)
            subs[i] = updated
            save_subscriptions(library, subs)
            return updated, False
    subs.append(sub)
    save_subscriptions(library, subs)
    return sub, True


def feed_articles(library: Library, sub: Subscription) -> list[Article]:
    """The articles that came from ``sub`` (read from the catalog)."""
    address = canonical_url(sub.url)
    return [a for a in library.articles() if a.origin and canonical_url(a.origin) == address]


def with_full_text_backfill(library: Library, old: Subscription, new: Subscription) -> Subscription:
    """``new``; when it turns full text on (``old`` had it off), with the articles the feed
    stored before marked to have their pages fetched by the next refreshes
    (:func:`tui_reader.feeds.fulltext_retry.marked_stored`)."""
    if old.full_text or not new.full_text:
        return new
    from datetime import UTC, datetime

    from tui_reader.feeds.fulltext_retry import marked_stored

    marks = marked_stored(new.full_text_retry, feed_articles(library, new), datetime.now(UTC))
    return replace(new, full_text_retry=marks)


def find_subscription(subs: list[Subscription], key: str) -> Subscription:
    """The subscription named by ``key``: its address, its title (any case) or its number."""
    key = key.strip()
    for sub in subs:
        if same_feed(sub.url, key):
            return sub
    matches = [s for s in subs if s.title.casefold() == key.casefold()]
    if len(matches) == 1:
        return matches[0]
    if key.isdigit() and 1 <= int(key) <= len(subs):
        return subs[int(key) - 1]
    if len(matches) > 1:
        raise SubscriptionError(f"{len(matches)} feeds are titled {key!r}: name one by its URL")
    raise SubscriptionError(f"no feed {key!r} (see `newsread feeds`)")


def unsubscribe(library: Library, key: str) -> Subscription:
    """Stop following a feed (its articles stay in the library); returns it."""
    subs = subscriptions(library)
    gone = find_subscription(subs, key)
    save_subscriptions(library, [s for s in subs if s is not gone])
    return gone


def unread_counts(articles: Iterable[Article], subs: Iterable[Subscription]) -> dict[str, int]:
    """How many unread articles came from each feed (by address)."""
    keys = {canonical_url(s.url): s.url for s in subs}
    counts = dict.fromkeys(keys.values(), 0)
    feed_of: dict[str, str | None] = {}  # an origin's feed, worked out once per origin
    for article in articles:
        origin = article.origin
        if not origin or article.state is not ReadingState.UNREAD:
            continue
        if origin not in feed_of:
            feed_of[origin] = keys.get(canonical_url(origin))
        url = feed_of[origin]
        if url is not None:
            counts[url] += 1
    return counts
