"""``feeds add``: from a feed URL, a web page that names its feed, or a local file, to a
subscription (with the feed's title), checked by reading the feed once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tui_reader.feeds.discover import feed_links
from tui_reader.feeds.subscriptions import Subscription, SubscriptionError
from tui_reader.ingest.errors import IngestError
from tui_reader.ingest.feeds import parse_feed, sniff_feed
from tui_reader.ingest.files import DEFAULT_MAX_SIZE, read_regular_file
from tui_reader.ingest.url import NOT_FETCHABLE, Fetched, fetch, local_file_path, other_scheme
from tui_reader.sanitize import clean_line

#: Largest feed file read to follow it (as ``newsread add`` and a refresh read one).
MAX_FEED_FILE = DEFAULT_MAX_SIZE
#: Downloads one URL (``ingest.url.fetch`` by default; tests and the app may pass another).
Fetch = Callable[[str], Fetched]


def is_web_address(text: str) -> bool:
    """True for http(s) URLs."""
    return text.strip().lower().startswith(("http://", "https://"))


def resolve_feed(
    address: str,
    *,
    tags: tuple[str, ...] = (),
    full_text: bool = False,
    fetcher: Fetch = fetch,
) -> Subscription:
    """The subscription for ``address``: a feed URL, a page linking to its feed, or a file.

    Raises :class:`SubscriptionError` with one line when no feed is found there.
    """
    address = address.strip()
    if not address:
        raise SubscriptionError("an empty address is not a feed")
    if not is_web_address(address):
        local = local_file_path(address)
        if local is None and other_scheme(address) and not Path(address).exists():
            raise SubscriptionError(f"{address}: {NOT_FETCHABLE}")
        path = Path(local or address).expanduser()
        try:
            data = read_regular_file(path, MAX_FEED_FILE)
        except IngestError as error:
            raise SubscriptionError(f"{address}: {error}") from None
        url = str(path.resolve())
        return Subscription(url, _title(data, url), tags, full_text)
    try:
        fetched = fetcher(address)
    except IngestError as error:
        raise SubscriptionError(f"{address}: {error}") from None
    if sniff_feed(fetched.data) is not None:
        return Subscription(address, _title(fetched.data, address), tags, full_text)
    links = feed_links(fetched.data, fetched.url)
    if not links:
        raise SubscriptionError(f"{address}: neither a feed nor a page that links to one")
    for link in links:
        try:
            feed = fetcher(link)
        except IngestError:
            continue
        if sniff_feed(feed.data) is not None:
            return Subscription(link, _title(feed.data, link), tags, full_text)
    raise SubscriptionError(f"{address}: the page's feed links lead to no readable feed")


def _title(data: bytes, url: str) -> str:
    """The feed's title (its entries' source), or "" when it cannot be read."""
    if sniff_feed(data) is None:
        raise SubscriptionError(f"{url}: not an RSS, Atom or JSON feed")
    try:
        docs = parse_feed(data, origin=url, url=url)
    except IngestError as error:
        raise SubscriptionError(f"{url}: {error}") from None
    except Exception as error:  # a parser's surprise: one line, nothing stored
        raise SubscriptionError(f"{url}: unreadable feed ({type(error).__name__})") from None
    return clean_line(docs[0].source) if docs else ""
