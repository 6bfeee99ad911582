"""Feeds: RSS 0.9x/1.0/2.0 and Atom, JSON Feed read by its spec.

RSS and Atom are read by feedparser-rs when the feed is clean UTF-8 (ten
times faster) and by feedparser otherwise; both give the same documents
(fastfeed.py says when the fast reader steps aside).

Each entry becomes a document: its full content when the entry carries it,
else its summary with the link kept (and marked as a summary, so it never
replaces the full article already in the library). The feed's title is the
source, the entry link the URL, the entry id the guid, dates become ISO 8601.
A feed that is partly broken imports what parses, with a warning; one where
nothing parses fails.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from tui_reader.ingest.entries import entry_paragraphs
from tui_reader.ingest.errors import IngestError
from tui_reader.ingest.loaded import Loaded
from tui_reader.model import Document, Paragraph, canonical_url
from tui_reader.sanitize import clean_line, clean_paragraph

_FIRST_TAG = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_XML_FEED_ROOTS = {b"rss", b"feed", b"rdf:rdf", b"rdf", b"channel"}
_JSON_FEED_VERSION = re.compile(r"^https?://jsonfeed\.org/version/", re.IGNORECASE)
#: Warnings from feedparser that do not mean the feed is damaged.
_HARMLESS = ("CharacterEncodingOverride", "NonXMLContentType")
#: Longest title made from the text when an entry has none.
_TITLE_FROM_TEXT = 80


def sniff_feed(data: bytes) -> str | None:
    """``"xml"`` for RSS/Atom/RDF, ``"json"`` for JSON Feed, None for anything else."""
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", "replace").encode("utf-8")
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        return "json" if re.search(rb'"version"\s*:\s*"https?://jsonfeed\.org/', head) else None
    for m in _FIRST_TAG.finditer(head):
        if head[m.start() - 1 : m.start()] == b"!":  # a DOCTYPE or comment
            continue
        name = m.group(1).lower()
        return "xml" if name in _XML_FEED_ROOTS or name.endswith((b":rss", b":feed")) else None
    return None


def parse_feed(data: bytes, origin: str = "", url: str = "", content_type: str = "") -> Loaded:
    """The entries of a feed in ``data`` (RSS, Atom or JSON Feed) as documents."""
    if sniff_feed(data) == "json":
        return parse_json_feed(data, origin, url)
    return parse_xml_feed(data, origin, url, content_type)


def parse_xml_feed(data: bytes, origin: str = "", url: str = "", content_type: str = "") -> Loaded:
    """An RSS or Atom feed: feedparser-rs for clean UTF-8 feeds, else feedparser.

    Neither resolves external entities; see :mod:`tui_reader.ingest.fastfeed`
    for when the fast parser is trusted.
    """
    from tui_reader.ingest.fastfeed import parse_fast

    parsed = parse_fast(data, url, content_type) or _feedparser(data, url, content_type)
    problem = _bozo(parsed)
    entries = list(parsed.get("entries") or ())
    if not entries:
        if problem:
            raise IngestError(f"malformed feed: {problem}")
        if not parsed.get("version"):
            raise IngestError("not an RSS or Atom feed")
        raise IngestError("feed has no entries")
    feed = parsed.get("feed") or {}
    source = clean_line(_plain(feed.get("title_detail"), feed.get("title", "")))
    source = source or _site(feed.get("link") or url)
    loaded = Loaded()
    if problem:
        loaded.warnings.append(f"feed is malformed ({problem}); imported what could be read")
    seen: set[str] = set()
    for n, entry in enumerate(entries, 1):
        doc, summary_only = _rss_entry(entry, source, origin or url)
        if doc is None:
            loaded.warnings.append(f"entry {n} has no title or text; skipped")
            continue
        _keep(loaded, seen, doc, summary_only)
    return _finish(loaded)


def _feedparser(data: bytes, url: str, content_type: str) -> Mapping[str, Any]:
    """feedparser's reading of a feed: the reference, and the fallback for the fast parser."""
    import feedparser

    headers: dict[str, str] = {}
    if url:
        headers["content-location"] = url
    if content_type:
        headers["content-type"] = content_type
    # A stream, never bytes or str: feedparser would try those as a file name or URL.
    # Entry HTML is only read for its text (scripts, styles and forms dropped by
    # the walk in htmltext.py), so feedparser's costly sanitising and rewriting
    # of relative links in content (3 ms an entry) buys nothing here.
    return feedparser.parse(
        io.BytesIO(data),
        response_headers=headers or None,
        sanitize_html=False,
        resolve_relative_uris=False,
    )


def _bozo(parsed: Mapping[str, Any]) -> str:
    if not parsed.get("bozo"):
        return ""
    error = parsed.get("bozo_exception")
    if error is None or type(error).__name__ in _HARMLESS:
        return ""
    line = getattr(error, "getLineNumber", None)
    message = clean_line(getattr(error, "getMessage", lambda: str(error))())
    if callable(line):
        return f"line {line()}: {message}"
    return message or type(error).__name__


def _plain(detail: Any, value: str) -> str:
    """A feedparser text construct as plain text (HTML titles lose their tags)."""
    value = value or ""
    kind = (detail or {}).get("type", "") if isinstance(detail, Mapping) else ""
    if "html" in kind and ("<" in value or "&" in value):
        from lxml import html as lxml_html

        try:
            return lxml_html.fragment_fromstring(value, create_parent="div").text_content()
        except Exception:
            return re.sub(r"<[^>]*>", " ", value)
    return value


def _rss_entry(entry: Mapping[str, Any], source: str, origin: str) -> tuple[Document | None, bool]:
    """One feedparser entry as a document, and whether it holds only a summary."""
    link = clean_line(entry.get("link") or "")
    guid = clean_line(str(entry.get("id") or ""))
    title = clean_line(_plain(entry.get("title_detail"), entry.get("title", "")))
    contents = [c for c in entry.get("content") or () if (c.get("value") or "").strip()]
    summary_only = not contents
    if contents:
        best = max(contents, key=lambda c: len(c.get("value") or ""))
        paragraphs = entry_paragraphs(best.get("value", ""), best.get("type", "text/html"))
    else:
        detail = entry.get("summary_detail") or {}
        summary = entry.get("summary") or entry.get("subtitle") or ""
        paragraphs = entry_paragraphs(summary, detail.get("type", "text/html"))
    enclosures = [
        (clean_line(e.get("href") or ""), clean_line(e.get("type") or ""))
        for e in entry.get("enclosures") or ()
    ]
    # plain dict lookups: feedparser's own get() maps one key to the other, with a warning
    when = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
    published = _iso_from_struct(when) if when else ""
    published = published or clean_line(entry.get("published") or entry.get("updated") or "")
    doc = _document(
        title=title,
        paragraphs=paragraphs,
        summary_only=summary_only,
        link=link,
        enclosures=enclosures,
        source=source,
        author=_rss_author(entry),
        published=published,
        guid=guid,
        origin=origin,
    )
    return doc, summary_only


def _rss_author(entry: Mapping[str, Any]) -> str:
    """The entry's author's name (``a@b.example (Name)`` becomes ``Name``)."""
    detail = entry.get("author_detail")
    if isinstance(detail, Mapping) and detail.get("name"):
        return clean_line(detail["name"])
    return clean_line(entry.get("author") or entry.get("itunes_author") or "")


def _document(
    *,
    title: str,
    paragraphs: list[Paragraph],
    summary_only: bool,
    link: str,
    enclosures: Iterable[tuple[str, str]],
    source: str,
    author: str,
    published: str,
    guid: str,
    origin: str,
) -> Document | None:
    """A document for one entry, with its link (and media) kept when it is a summary."""
    paragraphs = list(paragraphs)
    if summary_only:
        for href, kind in enclosures:
            if href.lower().startswith(("http://", "https://")):
                label = "Listen" if kind.startswith("audio/") else "Media"
                paragraphs.append(Paragraph(clean_paragraph(f"{label}: {href}")))
        if link and paragraphs:
            paragraphs.append(Paragraph(clean_paragraph(f"Read the full article: {link}")))
    if not title and paragraphs:
        title = paragraphs[0].text[:_TITLE_FROM_TEXT]
    if not title:
        return None
    if not paragraphs:
        if not link:
            return None
        paragraphs = [Paragraph(clean_paragraph(f"Read the full article: {link}"))]
    return Document(
        title=title,
        paragraphs=paragraphs,
        source=source,
        url=link,
        author=author,
        published=published,
        guid=guid,
        origin=origin,
    )


def _keep(loaded: Loaded, seen: set[str], doc: Document, summary_only: bool) -> None:
    """Add ``doc`` unless the same entry came earlier: the same guid, the same article id, or
    (for an entry without a guid) the same link (all in ``seen``); entries with different
    guids sharing a link are two."""
    aid = doc.article_id()
    guid = "\x00guid:" + doc.guid if doc.guid else aid
    link = "\x00link:" + canonical_url(doc.url) if doc.url else aid
    if aid in seen or guid in seen or (not doc.guid and link in seen):
        loaded.warnings.append(f"entry {doc.title!r} appears twice in the feed; kept the first")
        return
    seen.update((aid, guid, link))
    loaded.append(doc)
    if summary_only and (doc.url or doc.guid):
        loaded.summaries.add(aid)


def _finish(loaded: Loaded) -> Loaded:
    if not loaded:
        raise IngestError("feed has no entry with text")
    return loaded


def _site(url: str) -> str:
    """A feed without a title is known by its site's host name."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return clean_line(host.removeprefix("www."))


def _iso_from_struct(when: time.struct_time) -> str:
    """feedparser's UTC struct_time as ISO 8601."""
    try:
        return datetime(*when[:6], tzinfo=UTC).isoformat(timespec="seconds")
    except (TypeError, ValueError):
        return ""


# ---------------------------------------------------------------- JSON Feed


def parse_json_feed(data: bytes, origin: str = "", url: str = "") -> Loaded:
    """A JSON Feed (https://jsonfeed.org/version/1.1, and 1.0), read with orjson."""
    import orjson

    try:
        raw = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise IngestError(f"malformed JSON feed: {clean_line(str(error))}") from None
    if not isinstance(raw, dict) or not _JSON_FEED_VERSION.match(str(raw.get("version", ""))):
        raise IngestError("JSON file is not a JSON Feed (no jsonfeed.org version)")
    items = raw.get("items")
    if not isinstance(items, list):
        raise IngestError("malformed JSON feed: no list of items")
    if not items:
        raise IngestError("feed has no entries")
    base = _str(raw.get("feed_url")) or url or _str(raw.get("home_page_url"))
    source = clean_line(_str(raw.get("title"))) or _site(_str(raw.get("home_page_url")) or base)
    feed_author = _json_author(raw)
    loaded = Loaded()
    seen: set[str] = set()
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            loaded.warnings.append(f"item {n} is not an object; skipped")
            continue
        doc, summary_only = _json_item(item, base, source, feed_author, origin or url)
        if doc is None:
            loaded.warnings.append(f"item {n} has no title or text; skipped")
            continue
        _keep(loaded, seen, doc, summary_only)
    return _finish(loaded)


def _json_item(
    item: dict[str, Any], base: str, source: str, feed_author: str, origin: str
) -> tuple[Document | None, bool]:
    link = _absolute(base, _str(item.get("url")) or _str(item.get("external_url")))
    html = _str(item.get("content_html"))
    text = _str(item.get("content_text"))
    summary = _str(item.get("summary"))
    if html.strip():
        paragraphs, summary_only = entry_paragraphs(html, "text/html"), False
    elif text.strip():
        paragraphs, summary_only = entry_paragraphs(text, "text/plain"), False
    else:
        paragraphs, summary_only = entry_paragraphs(summary, "text/plain"), True
    attachments = item.get("attachments")
    enclosures = [
        (_absolute(base, _str(a.get("url"))), _str(a.get("mime_type")))
        for a in (attachments if isinstance(attachments, list) else ())
        if isinstance(a, dict)
    ]
    published = _json_date(item.get("date_published")) or _json_date(item.get("date_modified"))
    doc = _document(
        title=clean_line(_str(item.get("title"))),
        paragraphs=paragraphs,
        summary_only=summary_only,
        link=clean_line(link),
        enclosures=[(clean_line(h), clean_line(k)) for h, k in enclosures],
        source=source,
        author=_json_author(item) or feed_author,
        published=published,
        guid=clean_line(_str(item.get("id"))),
        origin=origin,
    )
    return doc, summary_only


def _str(value: Any) -> str:
    """A JSON value as text: strings as they are, numbers as digits, else empty."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _absolute(base: str, link: str) -> str:
    if not link or link.lower().startswith(("http://", "https://")) or not base:
        return link
    return urljoin(base, link)


def _json_author(obj: dict[str, Any]) -> str:
    """``authors`` (1.1) or ``author`` (1.0) names, comma-separated."""
    people = obj.get("authors")
    if not isinstance(people, list):
        people = [obj.get("author")]
    names = [_str(p.get("name")) for p in people if isinstance(p, dict)]
    return clean_line(", ".join(n for n in names if n.strip()))


def _json_date(value: Any) -> str:
    """An RFC 3339 date as normalised ISO 8601 (the text as it is if it does not parse)."""
    text = clean_line(_str(value))
    if not text:
        return ""
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return text
    return when.isoformat(timespec="seconds")
