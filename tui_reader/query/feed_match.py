"""What ``feed:NAME`` holds for: an article from the feed titled NAME, at the address NAME,
or on the host NAME.

An article comes from a feed when its ``origin`` is the address of a feed the
library follows, or when it carries a feed entry's guid (a feed added as a
file). The feed's title is the subscription's. ``feed:NAME`` holds when:

- NAME is the feed's whole title, in any case and spacing (``feed:"Harbour
  News"`` is not ``Harbour News Weekly``);
- NAME is the feed's address, with or without its scheme, compared as refresh
  compares addresses (no fragment, no trailing slash), in any case;
- NAME is the host of the feed's address (``feed:example.org`` for every feed
  there), with or without a leading ``www.`` or the port.

So two feeds whose names or addresses overlap (``/news`` and ``/news-weekly``)
are never taken for each other.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from tui_reader.model import Article, canonical_url

#: The library settings key holding the subscriptions (see ``feeds.subscriptions``).
FEEDS_KEY = "feeds"


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


def _bare(address: str) -> str:
    """An address without its scheme, as refresh compares them."""
    found = canonical_url(address)
    scheme, sep, rest = found.partition("://")
    return rest if sep and scheme.isalpha() else found


def _hosts(address: str) -> set[str]:
    """The host of an address in the forms NAME may give it (with and without port, www.)."""
    _, sep, rest = address.strip().partition("://")
    if not sep:
        return set()
    host = rest.split("/", 1)[0].rsplit("@", 1)[-1].casefold()
    found = {host, host.split(":", 1)[0]}
    return found | {h.removeprefix("www.") for h in found}


class FeedName:
    """``feed:NAME`` ready to test a feed, given its address and title."""

    def __init__(self, name: str) -> None:
        self.title = _words(name)
        self.address = _bare(name.strip().casefold())
        self.host = self.title.removeprefix("www.") if self.title else ""

    def holds(self, url: str, title: str) -> bool:
        """True when NAME names the feed at ``url`` (case folded) titled ``title``."""
        if not self.title:
            return False
        if title and _words(title) == self.title:
            return True
        if not url:
            return False
        return _bare(url) == self.address or self.host in _hosts(url)


def feed_titles(settings: Mapping[str, Any]) -> dict[str, str]:
    """The library's feeds, ``{address: title}`` (addresses as stored), from its settings."""
    found: dict[str, str] = {}
    raw = settings.get(FEEDS_KEY)
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, dict) and isinstance(url := item.get("url"), str):
            title = item.get("title")
            found.setdefault(url, title if isinstance(title, str) else "")
    return found


class FeedQuery:
    """``feed:NAME`` against the feeds of a library (its settings).

    An article's feed is known from its ``origin`` (the feed's address) and
    whether it carries a guid: an article with a guid came from a feed (its
    title is the subscription's when the library follows it); one without
    came from a feed only when its origin is the address of a followed feed,
    as refresh stores it (case ignored).
    """

    def __init__(self, name: str, settings: Mapping[str, Any]) -> None:
        self.name = FeedName(name)
        followed = feed_titles(settings)
        self._by_address = {canonical_url(url.casefold()): t for url, t in followed.items()}
        self._exact = {url.casefold(): t for url, t in followed.items()}
        self._known: dict[tuple[str, bool], bool] = {}

    def origin_holds(self, origin: str, guid: bool) -> bool:
        """True when an article from ``origin`` (with a guid, or not) is from feed NAME."""
        key = (origin, guid)
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = self._holds(origin.casefold(), guid)
        return found

    def _holds(self, origin: str, guid: bool) -> bool:
        if not origin:
            return False
        if not guid:
            title = self._exact.get(origin)
            return title is not None and self.name.holds(origin, title)
        return self.name.holds(origin, self._by_address.get(canonical_url(origin), ""))

    def plain_origins(self) -> set[str]:
        """The origins (folded) of articles without a guid that are from feed NAME."""
        return {url for url, title in self._exact.items() if self.name.holds(url, title)}


def feed_test(name: str, settings: Mapping[str, Any]) -> Callable[[Article], bool]:
    """A test of ``feed:name`` for the articles of a library with these ``settings``.

    An incoming entry (``query.entries``) names its feed itself: ``feed_url`` and
    ``feed_title`` attributes.
    """
    query = FeedQuery(name, settings)

    def test(article: Article) -> bool:
        url = getattr(article, "feed_url", None)
        if url is not None:
            return query.name.holds(url.casefold(), getattr(article, "feed_title", ""))
        return query.origin_holds(article.origin, bool(article.guid))

    return test
