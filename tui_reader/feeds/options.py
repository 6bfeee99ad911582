"""Changing what a subscription does: full text, tags, retention, and enabling again a
feed disabled by 410 Gone (``newsread feeds set``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from tui_reader.feeds.subscriptions import (
    Subscription,
    SubscriptionError,
    find_subscription,
    save_subscriptions,
    subscriptions,
    with_full_text_backfill,
)
from tui_reader.sanitize import clean_line, clean_tags
from tui_reader.store import Library

#: Longest retention accepted, in days (a century).
MAX_DAYS = 36_500


def set_options(
    library: Library,
    key: str,
    *,
    archive_after: int | None = None,
    remove_after: int | None = None,
    full_text: bool | None = None,
    tags: Iterable[str] | None = None,
    enable: bool = False,
    title: str | None = None,
) -> Subscription:
    """Change the options given (None leaves one as it is) of the feed ``key``; returns it.

    ``key`` is the feed's address, title or number. Days are whole numbers
    from 0 (never) to :data:`MAX_DAYS`. ``enable`` fetches again, from the next
    refresh, a feed disabled because its server said 410 Gone (as ``feeds add``
    of its address does). ``title`` names the feed (kept through refreshes); ""
    gives it back the channel's own title at the next refresh. Full text turned on marks the articles the feed stored
    before for their pages (:func:`with_full_text_backfill`). Raises
    :class:`SubscriptionError`.
    """
    for name, days in (("archive-after", archive_after), ("remove-after", remove_after)):
        if days is not None and not 0 <= days <= MAX_DAYS:
            raise SubscriptionError(f"--{name}: days from 0 (never) to {MAX_DAYS}, not {days}")
    subs = subscriptions(library)
    old = find_subscription(subs, key)
    new = replace(
        old,
        archive_after=old.archive_after if archive_after is None else archive_after,
        remove_after=old.remove_after if remove_after is None else remove_after,
        full_text=old.full_text if full_text is None else full_text,
        had_full_text=old.had_full_text or (old.full_text and full_text is False),
        tags=old.tags if tags is None else clean_tags(tags),
        disabled=old.disabled and not enable,
    )
    if title is not None:
        chosen = clean_line(title)
        new = replace(new, title=chosen or new.title, named=bool(chosen))
    new = with_full_text_backfill(library, old, new)
    save_subscriptions(library, [new if s is old else s for s in subs])
    return new


def keep_options(refreshed: Subscription, stored: Subscription) -> Subscription:
    """``refreshed`` (a feed's state after a refresh, built from the feed as the refresh
    found it) with the options of ``stored`` (the feed as the library holds it now): full
    text, tags, retention and a title given while the feed was being fetched (in the app)
    stay.
    So do the pages to fetch that full text turned on meanwhile marked: a refresh of a
    feed without full text leaves the marks alone."""
    return replace(
        refreshed,
        title=stored.title if stored.named else refreshed.title,
        named=stored.named or refreshed.named,
        full_text=stored.full_text,
        had_full_text=stored.had_full_text,
        tags=stored.tags,
        archive_after=stored.archive_after,
        remove_after=stored.remove_after,
        full_text_retry=(
            refreshed.full_text_retry if refreshed.full_text else stored.full_text_retry
        ),
    )


def describe_retention(sub: Subscription, *, short: bool = False) -> str:
    """``archive read after 7 days · remove unannotated archived after 30 days`` (or ""
    when neither); ``short`` leaves out "unannotated" (a line under a list)."""
    parts = []
    if sub.archive_after:
        parts.append(f"archive read after {_days(sub.archive_after)}")
    if sub.remove_after:
        which = "archived" if short else "unannotated archived"
        parts.append(f"remove {which} after {_days(sub.remove_after)}")
    return " · ".join(parts)


def _days(n: int) -> str:
    return f"{n} day{'' if n == 1 else 's'}"
