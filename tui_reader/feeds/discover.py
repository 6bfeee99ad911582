"""Finding a web page's feed through ``<link rel="alternate" type="...rss+xml">``."""

from __future__ import annotations

from urllib.parse import urljoin

#: The link types that name a feed, best first.
FEED_TYPES = (
    "application/atom+xml",
    "application/rss+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
    "text/xml",
    "application/xml",
)


def feed_links(html: bytes, base_url: str) -> list[str]:
    """The feed addresses a page announces, absolute, best type first, without repeats."""
    import lxml.html

    try:
        doc = lxml.html.document_fromstring(html)
    except Exception:  # lxml refuses empty or binary pages: no feed link there
        return []
    base = base_url
    for href in doc.xpath("//base/@href")[:1]:
        base = urljoin(base_url, str(href).strip())
    found: list[tuple[int, str]] = []
    for link in doc.xpath("//link[@href]"):
        rel = {part.lower() for part in str(link.get("rel", "")).split()}
        kind = str(link.get("type", "")).split(";")[0].strip().lower()
        if "alternate" not in rel or kind not in FEED_TYPES:
            continue
        url = urljoin(base, str(link.get("href")).strip())
        if url.lower().startswith(("http://", "https://")):
            found.append((FEED_TYPES.index(kind), url))
    seen: set[str] = set()
    ordered: list[str] = []
    for _, url in sorted(found, key=lambda item: item[0]):
        if url not in seen:
            seen.add(url)
            ordered.append(url)
    return ordered
