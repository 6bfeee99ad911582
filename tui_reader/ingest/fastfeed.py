"""A fast first reading of well-formed RSS and Atom feeds, with feedparser-rs.

feedparser spends about 0.5 ms an entry in its pure-Python SAX handlers (a
50,000-entry feed: 25 s before any of newsread's own work); feedparser-rs, a
Rust parser with feedparser's field names, reads the same feed about ten
times faster. It is used only where it gives what feedparser would:

- the bytes are UTF-8 (feedparser-rs takes no HTTP charset; anything else
  keeps feedparser's encoding rules);
- it reports nothing wrong with the feed (``bozo`` false) and the bytes hold
  no control character XML forbids (feedparser-rs accepts those silently):
  malformed feeds, undefined entities and entity tricks all go to
  feedparser, whose recovery and warnings newsread already relies on;
- the feed sets no ``xml:base`` (links relative to it are feedparser's job);
- no entry link or enclosure came back empty (feedparser-rs empties those on
  127.0.0.1, localhost and private networks);
- an entry's id that feedparser would resolve can be told from one it would
  not (see below);
- it is installed at all.

Otherwise :func:`parse_fast` returns None and feedparser parses the feed. What
it returns mimics ``feedparser.parse``: plain dicts and lists, RSS titles
typed ``text/plain`` unless they hold markup, relative entry links made
absolute against the feed's URL.

Entry ids are made feedparser's (:mod:`.guids`): feedparser resolves an Atom
``<id>`` and an RSS ``<guid>`` that is a permalink (``isPermaLink`` absent or
exactly ``"true"``) against the feed's URL, feedparser-rs keeps them as
written; the same entry read by the other parser in a later refresh would
have another guid (another article id: a duplicate). Ids that resolving
leaves as they are (absolute addresses, ``urn:`` and ``tag:`` ids) need no
decision; otherwise each such id's RSS ``<guid>`` is looked up in the bytes,
and a feed where that cannot tell goes to feedparser.
"""

from __future__ import annotations

import html
import re
import time
from typing import Any
from urllib.parse import urljoin

from tui_reader.ingest.guids import resolve_guid, unchanged

#: An XML declaration naming an encoding other than UTF-8 sends the feed to feedparser.
_DECLARED = re.compile(rb"""\A\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']""", re.IGNORECASE)
#: Feeds with more entry tags than this are left to feedparser.
MAX_ENTRIES = 200_000
#: Enclosures, links, authors, tags... per entry or feed read by feedparser-rs.
_MAX_PER_ENTRY = 1_000
#: C0 controls XML 1.0 forbids: feedparser reports them, feedparser-rs does not.
_FORBIDDEN = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_MARKUP = re.compile(r"<[A-Za-z/!]|&#?\w+;")
_ENTRY_KEYS = (
    "id",
    "link",
    "title",
    "title_detail",
    "summary",
    "summary_detail",
    "subtitle",
    "content",
    "enclosures",
    "published",
    "published_parsed",
    "updated",
    "updated_parsed",
    "author",
    "author_detail",
    "itunes_author",
)
_FEED_KEYS = ("title", "title_detail", "link")
#: An RSS guid (attributes, then CDATA or text), and its isPermaLink attribute
#: (feedparser: any case of the name).
_GUID = re.compile(
    rb"<guid(?=[\s>])([^>]*)>(?:\s*<!\[CDATA\[(.*?)\]\]>\s*|([^<]*))</guid\s*>", re.DOTALL
)
_PERMALINK = re.compile(rb"""\bispermalink\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def parse_fast(data: bytes, url: str = "", content_type: str = "") -> dict[str, Any] | None:
    """``feedparser.parse``-shaped results for a clean UTF-8 feed, or None to use feedparser."""
    if not isinstance(data, bytes) or not _utf8(data, content_type) or _FORBIDDEN.search(data):
        return None
    if b"xml:base" in data:
        return None  # feedparser-rs does not resolve links against xml:base  # never a str: feedparser-rs would fetch a string that looks like a URL
    try:
        import feedparser_rs
    except ImportError:
        return None
    try:
        # feedparser-rs reserves room for max_entries up front (a limit of a
        # million entries aborts the process), so the limit is the number of
        # entry tags in the bytes, capped; past a limit it reports the feed as
        # malformed and feedparser takes over.
        entries = data.count(b"<item") + data.count(b"<entry") + 1
        if entries > MAX_ENTRIES:
            return None
        limits = feedparser_rs.ParserLimits(
            max_entries=entries,
            max_feed_size_bytes=len(data) + 1,
            max_enclosures=_MAX_PER_ENTRY,
            max_content_blocks=_MAX_PER_ENTRY,
            max_links_per_entry=_MAX_PER_ENTRY,
            max_links_per_feed=_MAX_PER_ENTRY,
            max_authors=_MAX_PER_ENTRY,
            max_contributors=_MAX_PER_ENTRY,
            max_tags=_MAX_PER_ENTRY,
        )
        parsed = feedparser_rs.parse_with_limits(
            data, limits=limits, sanitize_html=False, resolve_relative_uris=False
        )
    except Exception:  # anything it cannot do, feedparser will try
        return None
    if parsed.bozo or not parsed.version or not parsed.entries:
        return None
    if any(_blanked_link(entry) for entry in parsed.entries):
        return None  # it empties links to loopback and private hosts; feedparser keeps them
    base = url  # feedparser resolves against the fetch address (content-location) only
    written = [str(entry.get("id") or "") for entry in parsed.entries]
    ids = _ids(str(parsed.version), written, data, base)
    if ids is None:
        return None  # which ids feedparser would resolve cannot be told: it reads the feed
    return {
        "bozo": 0,
        "version": parsed.version,
        "feed": _pick(parsed.feed, _FEED_KEYS),
        "entries": [
            _entry(entry, base, was, now)
            for entry, was, now in zip(parsed.entries, written, ids, strict=True)
        ],
    }


def _utf8(data: bytes, content_type: str) -> bool:
    charset = content_type.lower().partition("charset=")[2].strip(" \"';")
    if charset and charset not in ("utf-8", "utf8"):
        return False
    declared = _DECLARED.match(data)
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _blanked_link(entry: Any) -> bool:
    """True when feedparser-rs emptied a link or an enclosure of the entry (it does so for
    addresses on 127.0.0.1, localhost or a private network: a feed on a LAN lost its links)."""
    found = [*(entry.get("links") or ()), *(entry.get("enclosures") or ())]
    return any(not getattr(item, "href", "x") for item in found)


def _ids(version: str, written: list[str], data: bytes, base: str) -> list[str] | None:
    """The entries' ids as feedparser gives them (``written``: feedparser-rs's), or None
    when that cannot be told from the bytes."""
    if all(not guid or unchanged(guid) for guid in written):
        return written  # nothing to decide (absolute addresses, urn: and tag: ids)
    if version.startswith("atom"):
        return [resolve_guid(guid, base) if guid else guid for guid in written]  # always
    if version in ("rss090", "rss10"):
        # an item's rdf:about is kept as written; a <guid> there is left to feedparser
        return None if b"<guid" in data else written
    kinds = _permalinks(data)
    ids: list[str] = []
    for guid in written:
        if guid and not unchanged(guid):
            kind = kinds.get(guid)
            if kind:
                guid = resolve_guid(guid, base)
            elif kind is None and resolve_guid(guid, base) != guid:
                return None  # no such <guid> found, or one permalink and one not
        ids.append(guid)
    return ids


def _permalinks(data: bytes) -> dict[str, bool | None]:
    """Each RSS ``<guid>``'s value, and whether feedparser takes it for a permalink (its
    ``isPermaLink`` absent or exactly ``true``): None for a value found both ways."""
    found: dict[str, bool | None] = {}
    for attrs, cdata, text in _GUID.findall(data):
        if cdata:
            value = cdata.decode("utf-8").strip()
        else:
            value = html.unescape(text.decode("utf-8")).strip()
        flag = _PERMALINK.search(attrs)
        kind = flag is None or (flag.group(1) or flag.group(2) or b"") == b"true"
        found[value] = kind if found.get(value, kind) == kind else None
    return found


def _entry(entry: Any, base: str, written: str, guid: str) -> dict[str, Any]:
    out = _pick(entry, _ENTRY_KEYS)
    link = out.get("link") or ""
    if guid != written:
        if guid:
            out["id"] = guid
        else:
            out.pop("id", None)  # feedparser reads no address in it
        if link == written and entry.get("guidislink"):
            out["link"] = link = guid  # the link is the guid: feedparser's reading of it
            return out
    if link and base and "://" not in link:
        out["link"] = urljoin(base, link)
    return out


def _pick(obj: Any, keys: tuple[str, ...]) -> dict[str, Any]:
    """The given fields of a feedparser-rs object as plain values (None and empty left out)."""
    out: dict[str, Any] = {}
    for key in keys:
        value = _plain(obj.get(key))
        if value not in (None, "", [], {}):
            out[key] = value
    detail = out.get("title_detail")
    if (
        isinstance(detail, dict)
        and "html" in str(detail.get("type"))
        and not _MARKUP.search(str(detail.get("value") or ""))
    ):
        detail["type"] = "text/plain"  # feedparser's reading of an RSS title
    return out


def _plain(value: Any) -> Any:
    """feedparser-rs values (objects with keys()) as dicts, lists as lists."""
    if value is None or isinstance(value, str | int | float | time.struct_time):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "items") and hasattr(value, "get"):
        return {k: _plain(v) for k, v in value.items()}
    return value
