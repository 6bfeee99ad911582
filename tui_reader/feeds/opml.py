"""OPML subscription lists: read with listparser, written with ElementTree (OPML 2.0).

Tags become OPML categories (``category="/news,/tech/linux"``) and come back
as tags: a category path is joined with ``/``; folders (nested outlines) that
listparser reports as categories become tags the same way. A local feed (kept
as its absolute path) is written as a ``file://`` URL, as an OPML ``xmlUrl``
must be a URL, and read back as its path (a bare absolute path, as older
exports wrote, is read too).

What a feed does in newsread beyond its address (full text, retention) goes
in attributes of newsread's own namespace (:data:`OPTIONS_NAMESPACE`), which
other readers ignore and newsread reads back: an export imported elsewhere
and back loses nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui_reader.feeds.subscriptions import Subscription, SubscriptionError
from tui_reader.model import now_iso
from tui_reader.sanitize import clean_line, clean_tags

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

#: Largest OPML file read (a list of feeds, never this big in practice).
MAX_OPML_SIZE = 20 * 1024 * 1024
#: The namespace of newsread's attributes on an outline (not a web address: nothing
#: is ever fetched from it).
OPTIONS_NAMESPACE = "urn:newsread:opml:1"
#: The options written as attributes of that namespace: attribute -> Subscription field.
_OPTIONS = {
    "fullText": "full_text",
    "archiveAfter": "archive_after",
    "removeAfter": "remove_after",
    "named": "named",
}
#: Longest retention read back, in days (as ``newsread feeds set`` accepts).
_MAX_DAYS = 36_500


def followable(url: str) -> bool:
    """True for an address a feed can be refreshed from: http(s), or a local file's
    absolute path (as newsread keeps a local feed); never ``javascript:``, ``ftp:`` or
    ``data:`` addresses a hostile list may carry (a ``file:`` URL is followable once
    :func:`local_path` made it a path)."""
    lowered = url.lower()
    if lowered.startswith(("http://", "https://")):
        return len(url) > len("https://")
    return url.startswith("/") and not url.startswith("//")


def file_url(address: str) -> str:
    """The URL an OPML file lists for a feed address: a local file's absolute path as a
    ``file://`` URL (``/home/me/my feed.xml`` -> ``file:///home/me/my%20feed.xml``)."""
    if address.startswith("/") and not address.startswith("//"):
        from pathlib import PurePosixPath

        return PurePosixPath(address).as_uri()
    return address


def local_path(url: str) -> str:
    """A ``file:`` URL of this machine (no host, or ``localhost``) as the absolute path it
    names; any other address as it is (``file://server/...`` is then not followable)."""
    from tui_reader.ingest.url import local_file_path

    path = local_file_path(url)
    return url if path is None else path


def read_opml(
    data: bytes, skipped: list[str] | None = None, warnings: list[str] | None = None
) -> list[Subscription]:
    """The feeds listed in an OPML document; raises SubscriptionError when none can be read.

    Outlines whose address cannot be followed (see :func:`followable`) are left out and,
    when ``skipped`` is given, their addresses appended to it. A document that is not
    well-formed XML (cut short, say: listparser reads what comes before the damage
    without a word) adds a line saying so to ``warnings``.
    """
    import listparser

    result = listparser.parse(data)
    root, damage = _xml_root(data)
    options = _newsread_options(root) if root is not None else {}
    subs: list[Subscription] = []
    refused: list[str] = []
    for feed in result.feeds:
        url = clean_line(local_path(str(feed.get("url", ""))))
        if not url:
            continue
        if not followable(url):
            refused.append(url)
            continue
        categories = feed.get("categories") or []
        tags = clean_tags("/".join(part for part in path if part) for path in categories)
        title = clean_line(str(feed.get("title", "")))
        # A feed without a title is written with its address as the outline's text.
        sub = Subscription(url=url, title="" if title == url else title, tags=tags)
        subs.append(replace(sub, **options.get(url, {})))
    if skipped is not None:
        skipped.extend(refused)
    if damage and subs and warnings is not None:
        warnings.append(
            f"the OPML file is not well-formed XML ({damage}): {len(subs)} feed"
            f"{'' if len(subs) == 1 else 's'} read before the damage; check that none is missing"
        )
    if not subs and refused:
        raise SubscriptionError(
            f"no feeds to follow in the OPML file: {len(refused)} address"
            f"{'' if len(refused) == 1 else 'es'} neither http(s) nor a local file"
        )
    if not subs:
        if _looks_like_a_feed(data):
            raise SubscriptionError(
                "this is a feed, not an OPML list of feeds: follow it with newsread feeds add FILE"
            )
        reason = f": {clean_line(str(result.bozo_exception))}" if result.bozo else ""
        if damage and not reason:
            reason = f": it is not well-formed XML ({damage})"
        raise SubscriptionError(f"no feeds found in the OPML file{reason}"[:300])
    return subs


def _xml_root(data: bytes) -> tuple[Element | None, str]:
    """The document's root element, or None and where it stops being well-formed XML."""
    import xml.etree.ElementTree as ET

    try:
        return ET.fromstring(data), ""
    except ET.ParseError as error:
        return None, clean_line(str(error))[:120]
    except ValueError as error:
        return None, clean_line(str(error))[:120]


def _newsread_options(root: Element) -> dict[str, dict[str, Any]]:
    """newsread's own options of each outline, by feed address."""
    found: dict[str, dict[str, Any]] = {}
    for outline in root.iter("outline"):
        url = clean_line(local_path(outline.get("xmlUrl", "")))
        values = {
            field: outline.get(f"{{{OPTIONS_NAMESPACE}}}{name}") for name, field in _OPTIONS.items()
        }
        chosen: dict[str, Any] = {}
        for field in ("full_text", "named"):
            if values[field] in ("true", "false"):
                chosen[field] = values[field] == "true"
        for field in ("archive_after", "remove_after"):
            text = values[field]
            if text is not None and text.isdigit() and int(text) <= _MAX_DAYS:
                chosen[field] = int(text)
        if url and chosen:
            found.setdefault(url, chosen)
    return found


def _looks_like_a_feed(data: bytes) -> bool:
    """True when ``data``'s root element is an RSS, RDF or Atom feed's."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    # past the XML declaration, comments and a doctype, the first element's name
    found = re.search(rb"<(?![?!])([A-Za-z_][\w.:-]*)", head)
    return found is not None and found.group(1).lower() in (b"rss", b"feed", b"rdf:rdf")


def read_opml_file(
    path: Path, skipped: list[str] | None = None, warnings: list[str] | None = None
) -> list[Subscription]:
    """:func:`read_opml` on a file, with a one-line error for a missing or huge file."""
    from tui_reader.ingest.errors import IngestError
    from tui_reader.ingest.files import read_regular_file

    try:
        data = read_regular_file(path, MAX_OPML_SIZE)
    except IngestError as error:
        raise SubscriptionError(f"{path}: {error}") from None
    if len(data) > MAX_OPML_SIZE:
        raise SubscriptionError(f"{path}: larger than {MAX_OPML_SIZE // 2**20} MB")
    return read_opml(data, skipped, warnings)


def write_opml(subs: Iterable[Subscription], title: str = "newsread subscriptions") -> bytes:
    """An OPML 2.0 document listing ``subs`` (UTF-8, with an XML declaration)."""
    import xml.etree.ElementTree as ET

    ET.register_namespace("newsread", OPTIONS_NAMESPACE)
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = _rfc822(now_iso())
    body = ET.SubElement(root, "body")
    for sub in subs:
        outline = ET.SubElement(
            body, "outline", type="rss", text=sub.name, xmlUrl=file_url(sub.url)
        )
        if sub.title:
            outline.set("title", sub.title)
        categories = [f"/{tag}" for tag in sub.tags if "," not in tag]
        if categories:
            outline.set("category", ",".join(categories))
        for name, field in _OPTIONS.items():
            value = getattr(sub, field)
            if value:  # the defaults (off, never) are left out
                text = "true" if value is True else str(value)
                outline.set(f"{{{OPTIONS_NAMESPACE}}}{name}", text)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _rfc822(iso: str) -> str:
    from datetime import datetime
    from email.utils import format_datetime

    return format_datetime(datetime.fromisoformat(iso))
