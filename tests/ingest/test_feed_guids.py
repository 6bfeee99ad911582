"""An entry's guid is the same whichever parser read its feed: feedparser-rs's reading
is made feedparser's (a permalink guid or an Atom id is resolved against the feed's address,
a guid with isPermaLink="false" is not), or the feed goes to feedparser."""

from __future__ import annotations

import pytest

from tui_reader.ingest import fastfeed
from tui_reader.ingest.feeds import parse_xml_feed

# tui_reader.ingest.guids is imported in the tests that use it: the others run on the code
# before it (where they fail) as they are.

URL = "http://127.0.0.1:8000/blog/feed.xml"


def rss_items(*guids: str) -> bytes:
    """An RSS 2.0 feed with one item per guid tag (given whole: ``<guid ...>x</guid>``)."""
    items = "".join(
        f"<item><title>Entry {n}</title>{tag}<description>Text {n}.</description></item>"
        for n, tag in enumerate(guids)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        f"<link>http://127.0.0.1:8000/</link>{items}</channel></rss>"
    ).encode()


def atom_entries(*ids: str, base: str = "") -> bytes:
    """An Atom feed with one entry per id (``base``: the feed's xml:base)."""
    attr = f' xml:base="{base}"' if base else ""
    entries = "".join(
        f"<entry><title>Entry {n}</title><id>{i}</id><content>Text {n}.</content></entry>"
        for n, i in enumerate(ids)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"{attr}>'
        f"<title>A</title><id>urn:feed</id>{entries}</feed>"
    ).encode()


FEEDS = {
    "rss permalink": (
        rss_items(
            '<guid isPermaLink="true">/posts/1</guid>',
            "<guid>posts/2</guid>",
            "<guid>12345</guid>",
            "<guid>../up/4?x=1#f</guid>",
            "<guid>//other.example/5</guid>",
            "<guid>https://blog.example/6</guid>",
            "<guid>urn:uuid:7</guid>",
        ),
        [
            "http://127.0.0.1:8000/posts/1",
            "http://127.0.0.1:8000/blog/posts/2",
            "http://127.0.0.1:8000/blog/12345",
            "http://127.0.0.1:8000/up/4?x=1#f",
            "http://other.example/5",
            "https://blog.example/6",
            "urn:uuid:7",
        ],
    ),
    "rss not permalinks": (
        rss_items(
            '<guid isPermaLink="false">/posts/1</guid>',
            "<guid isPermaLink='false'>12345</guid>",
            '<guid isPermaLink="True">posts/3</guid>',  # feedparser: only "true" is true
        ),
        ["/posts/1", "12345", "posts/3"],
    ),
    "atom": (
        atom_entries("/posts/1", "42", "tag:blog.example,2026:3", "urn:uuid:4"),
        [
            "http://127.0.0.1:8000/posts/1",
            "http://127.0.0.1:8000/blog/42",
            "tag:blog.example,2026:3",
            "urn:uuid:4",
        ],
    ),
}


def guids(data: bytes, url: str) -> list[str]:
    return [doc.guid for doc in parse_xml_feed(data, url=url)]


def feedparser_guids(data: bytes, url: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    with monkeypatch.context() as patch:
        patch.setattr(fastfeed, "parse_fast", lambda *args, **kwargs: None)
        return guids(data, url)


@pytest.mark.parametrize("name", sorted(FEEDS))
def test_both_parsers_give_an_entry_the_same_guid(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, expected = FEEDS[name]
    assert fastfeed.parse_fast(data, URL) is not None  # the fast path is really taken

    assert feedparser_guids(data, URL, monkeypatch) == expected  # feedparser: the reference
    assert guids(data, URL) == expected


@pytest.mark.parametrize("name", sorted(FEEDS))
def test_a_feed_read_without_an_address_keeps_its_guids_as_written(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, _ = FEEDS[name]
    fast = guids(data, "")
    assert fast == feedparser_guids(data, "", monkeypatch)
    assert "/posts/1" in fast or "12345" in fast


def test_guids_partly_permalinks_are_read_as_feedparser_reads_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = rss_items(
        "<guid>/posts/1</guid>",
        '<guid isPermaLink="false">/posts/2</guid>',
        '<guid ispermalink="false">/posts/3</guid>',
    )
    expected = ["http://127.0.0.1:8000/posts/1", "/posts/2", "/posts/3"]
    assert feedparser_guids(data, URL, monkeypatch) == expected
    assert guids(data, URL) == expected


def test_a_guid_that_is_no_address_at_all_is_dropped_by_both() -> None:
    data = rss_items("<guid>http://[bad/1</guid>", "<guid>/posts/2</guid>")
    assert guids(data, URL) == ["", "http://127.0.0.1:8000/posts/2"]


def test_xml_base_ids_match_the_same_feed_read_from_that_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A feed with xml:base goes to feedparser (ids resolved against xml:base); the same
    entries fetched from that address without xml:base are read by the fast path: the same
    guids."""
    based = atom_entries("/posts/1", "42", "sub/3", base="http://blog.example/notes/")
    plain = atom_entries("/posts/1", "42", "sub/3")
    assert fastfeed.parse_fast(based, URL) is None
    assert fastfeed.parse_fast(plain, "http://blog.example/notes/atom") is not None

    expected = [
        "http://blog.example/posts/1",
        "http://blog.example/notes/42",
        "http://blog.example/notes/sub/3",
    ]
    assert guids(based, URL) == expected
    assert guids(plain, "http://blog.example/notes/atom") == expected
    assert feedparser_guids(plain, "http://blog.example/notes/atom", monkeypatch) == expected


@pytest.mark.parametrize(
    "guid",
    [
        "/posts/1",
        "posts/2",
        "12345",
        "../k?x=1#f",
        "//other.example/m",
        "http:///e.example/i",
        "HTTP://E.example/L",
        "http://[bad/n",
        "a b",
        "urn:uuid:1",
        "tag:e.example,2005:7",
        "https://e.example/a/../b",
        "?page=2",
        "#frag",
        "/",
        "/posts/1?",
        "/posts/1#",
        "posts/1?q=1#f",
        "x;p?q#f",
        ".hidden/x",
        "a/./b",
        "a//b",
        "/a//b",
        "a:b/c",
        "/a:b",
        "_x/y",
        "ü/é",
        "http://h.example/a?",
        "http://h.example/a#",
        "http://h.example?x=1",
        "https://h.example/a;p?q=1#f",
        "https://user@h.example:8080/x",
        "http://h.example//double",
        "http:relative",
        "https:relative",
        "mailto:ana@example.org",
        "Urn:X:1",
        "http://h.example/a b",
        "http://[::1]/x",
        "ftp://h.example/../x",
        "svn+ssh://h.example/x",
        "http://bücher.example/x",
        "http://a\uff03b.example/x",
        "http://h.example/ü?q=ä#ö",
        "",
    ],
)
@pytest.mark.parametrize(
    "base",
    [
        URL,
        "",
        "https://e.example",
        "https://e.example/",
        "https://e.example/feed?x=1#top",
        "https://e.example//twice/feed.xml",
        "https://e.example/a/./b/feed.xml",
        "https://e.example/a/../feed.xml",
        "HTTPS://E.example/feed.xml",
        "/tmp/feeds/feed.xml",
    ],
)
def test_resolve_guid_is_feedparsers_rule(guid: str, base: str) -> None:
    from feedparser.urls import _urljoin

    from tui_reader.ingest.guids import resolve_guid

    assert resolve_guid(guid, base) == _urljoin(base, guid)


@pytest.mark.parametrize(
    ("written", "base"),
    [
        ("/posts/1", URL),
        ("posts/2", URL),
        ("12345", URL),
        ("//other.example/m", URL),
        ("12345", "https://e.example"),
        ("12345", "/tmp/feeds/feed.xml"),
    ],
)
def test_guid_forms_give_back_the_guid_as_written(written: str, base: str) -> None:
    from tui_reader.ingest.guids import guid_forms, resolve_guid

    resolved = resolve_guid(written, base)
    assert resolved != written
    forms = guid_forms(resolved, base)
    assert written in forms
    assert all(resolve_guid(form, base) == resolved for form in forms)
    assert resolved not in forms


def test_guid_forms_of_other_guids_are_none() -> None:
    from tui_reader.ingest.guids import guid_forms

    assert guid_forms("urn:uuid:1", URL) == ()
    assert guid_forms("https://elsewhere.example/1", URL) == ()
    assert guid_forms("http://127.0.0.1:8000/1", "") == ()


BASES = [
    URL,
    "https://e.example",
    "https://e.example/",
    "https://e.example/feed?x=1#top",
    "https://e.example//twice/feed.xml",
    "https://e.example/a/./b/feed.xml",
    "/tmp/feeds/feed.xml",
]
PATHS = ["12345", "posts/1", "a:b/c", "?page=2", "#f", ".hidden/x", "a//b", "a/../b", "x;p?q#f"]


@pytest.mark.parametrize("base", BASES)
def test_every_spelling_given_reads_as_the_guid_again(base: str) -> None:
    """The spellings told without joining (plain addresses) are checked here by joining."""
    from tui_reader.ingest.guids import guid_forms, resolve_guid

    given = 0
    for written in [*PATHS, *(f"/{p}" for p in PATHS), "//127.0.0.1:8000/x", "//e.example/y"]:
        resolved = resolve_guid(written, base)
        for form in guid_forms(resolved, base):
            given += 1
            assert resolve_guid(form, base) == resolved, (written, form)
    assert given
