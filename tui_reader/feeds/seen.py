"""Which entries a feed has shown: so an article the user (or retention) removed stays removed.

A feed keeps listing an entry for a while after its article was deleted from
the library; without a record, the next refresh would store it again as new.
So each subscription remembers the entries its answers carried (``seen``),
written in the same store change as the feed's articles and refresh state
(a kill keeps both or neither; the JSON backup carries it with the feeds).
At a refresh, an entry that was seen before but has no article in the
library any more was removed on purpose, and is skipped.

Each entry is remembered by short keys (12 hex characters of a hash) of its
guid and of the article id it was matched to (see
:meth:`~tui_reader.model.Document.article_id`), matched the way refresh matches entries: by guid, then link, then
content. The record stays small: the keys of the entries in the feed's
latest answer, plus those of entries that left the feed less than
:data:`FORGET_AFTER_DAYS` ago (at most :data:`MAX_GONE` of them). It is kept
as ``{"YYYY-MM-DD": "key key ..."}``, the day each key was last seen.

Keys written before both parsers gave a relative guid the same (resolved)
form were made of the guid as the feed wrote it: an entry is also looked up
under those spellings (:func:`spelled_keys`, :mod:`tui_reader.ingest.guids`).

The record starts with the first refresh that keeps one: an article deleted
before a feed's first such refresh may come back once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from tui_reader.model import Document, canonical_url, short_hash

#: Characters of each key (48 bits: a false match within one feed is about 1 in 10^11).
KEY_LENGTH = 12
#: Days an entry that left the feed is still remembered (it may come back: feeds flap).
FORGET_AFTER_DAYS = 30
#: Most keys kept of entries no longer in the feed (the newest first).
MAX_GONE = 2000

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_KEY = re.compile(rf"[0-9a-f]{{{KEY_LENGTH}}}\Z")
#: A day's keys as written: one regex test for the whole string (2,000 feeds hold 200,000).
_KEYS = re.compile(rf"[0-9a-f]{{{KEY_LENGTH}}}(?: [0-9a-f]{{{KEY_LENGTH}}})*\Z")

#: The stored form: day last seen -> space-separated keys.
Seen = dict[str, str]


def entry_keys(doc: Document) -> tuple[str, ...]:
    """The keys that name the entry ``doc``: its article id's, and its guid's when it has one."""
    keys = [doc.article_id()[:KEY_LENGTH]]
    if doc.guid:
        guid_key = short_hash("guid:" + doc.guid)[:KEY_LENGTH]
        if guid_key not in keys:
            keys.append(guid_key)
    return tuple(keys)


def spelled_keys(url: str, guid: str) -> tuple[str, ...]:
    """:func:`entry_keys` of an entry with the link ``url`` and the guid ``guid`` (and no id
    matched): the keys it was remembered under with its guid spelled so (entries whose guid
    was stored as the feed wrote it, before the parsers agreed; :mod:`tui_reader.ingest.guids`).
    """
    guid_key = short_hash("guid:" + guid)[:KEY_LENGTH]
    if not url:
        return (guid_key,)
    aid_key = short_hash("entry:" + guid + "\n" + canonical_url(url))[:KEY_LENGTH]
    return (aid_key, guid_key)


def parse_seen(raw: Any) -> Seen:
    """A stored record, checked: days and keys that are not what this module writes are
    dropped (a damaged or hostile backup cannot put anything else in)."""
    if not isinstance(raw, dict):
        return {}
    found: Seen = {}
    for day, keys in raw.items():
        if not (isinstance(day, str) and _DAY.match(day) and isinstance(keys, str)):
            continue
        if _KEYS.match(keys):
            found[day] = keys
            continue
        good = [k for k in keys.split() if _KEY.match(k)]
        if good:
            found[day] = " ".join(good)
    return found


def seen_keys(seen: Mapping[str, str]) -> frozenset[str]:
    """Every key of the record."""
    return frozenset(k for keys in seen.values() for k in keys.split())


def remember(seen: Mapping[str, str], present: Iterable[str], today: date) -> Seen:
    """The record after an answer carrying the entries with keys ``present``.

    Present keys are dated ``today``; the others keep their day, and go once
    older than :data:`FORGET_AFTER_DAYS` or past the newest :data:`MAX_GONE`.
    """
    now = set(present)
    stamp = today.isoformat()
    oldest = (today - timedelta(days=FORGET_AFTER_DAYS)).isoformat()
    out: Seen = {stamp: " ".join(sorted(now))} if now else {}
    kept = 0
    for day in sorted(seen, reverse=True):
        if day < oldest or kept >= MAX_GONE:
            break
        gone = [k for k in seen[day].split() if k not in now]
        gone = gone[: MAX_GONE - kept]
        kept += len(gone)
        if gone:
            earlier = out.get(day, "")
            out[day] = f"{earlier} {' '.join(gone)}".strip()
    return out
