"""The fast feed reader (feedparser-rs) gives what feedparser gives, or steps aside."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.ingest.conftest import SAMPLES
from tests.ingest.test_feeds import ATOM, DOUBLE_ESCAPED, PODCAST, RSS_091, RSS_10
from tui_reader.ingest import fastfeed
from tui_reader.ingest.feeds import parse_xml_feed
from tui_reader.ingest.loaded import Loaded

ATOM_BASE = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://base.example.org/blog/">
<title type="html">Notes &amp;amp; &lt;b&gt;Sketches&lt;/b&gt;</title><link href="https://base.example.org/"/>
<updated>2026-03-01T10:00:00Z</updated><id>urn:x</id>
<entry><title type="html">A &lt;em&gt;bold&lt;/em&gt; move</title><link rel="alternate" href="posts/1"/>
<id>urn:x:1</id><updated>2026-03-01T10:00:00+01:00</updated>
<author><name>Ana Souza</name><email>ana@example.org</email></author>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>First <b>xhtml</b> paragraph.</p><p>Second one.</p></div></content></entry>
<entry><title>Plain &lt; than &amp; more</title><link href="/abs/2"/><id>urn:x:2</id>
<published>2026-02-01T08:00:00Z</published><summary>Only a summary, with a &lt;b&gt;tag&lt;/b&gt; as text.</summary></entry>
<entry><title type="text">Third</title><link rel="alternate" type="text/html" href="https://other.example.com/3"/><link rel="enclosure" type="audio/mpeg" href="https://cdn.example.com/3.mp3" length="1"/>
<id>urn:x:3</id><updated>2026-01-01T00:00:00Z</updated><summary type="html">&lt;p&gt;Escaped &lt;a href="/x"&gt;html&lt;/a&gt; summary.&lt;/p&gt;</summary></entry>
</feed>"""
RSS_DC = """<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>Fish &amp; Chips Weekly</title><link>https://fish.example.net/</link><description>d</description>
<item><title>Why cod &lt; haddock</title><link>https://fish.example.net/a</link><dc:creator>Tom Reed</dc:creator>
<dc:date>2026-03-02T10:00:00Z</dc:date><guid isPermaLink="false">fish-a</guid>
<description>Short &lt;i&gt;teaser&lt;/i&gt;.</description><content:encoded><![CDATA[<h2>Intro</h2><p>Long <a href="/x">body</a> text.</p><ul><li>one</li><li>two</li></ul><table><tr><td>a</td><td>b</td></tr></table>]]></content:encoded></item>
<item><title><![CDATA[CDATA <b>title</b> here]]></title><link>relative/b</link><pubDate>Tue, 03 Mar 2026 09:00:00 GMT</pubDate>
<description>Plain summary only.</description><enclosure url="https://fish.example.net/ep.mp3" type="audio/mpeg" length="5"/></item>
<item><description>No title, just a description that is long enough to be a title of its own when cut at eighty characters or so.</description><guid>https://fish.example.net/c</guid></item>
<item><title>Empty</title></item>
<item><title>Dup</title><link>https://fish.example.net/a</link><description>again</description></item>
</channel></rss>"""
RDF = """<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://rdf.example/"><title>RDF news</title><link>https://rdf.example/</link><description>x</description></channel>
<item rdf:about="https://rdf.example/1"><title>One</title><link>https://rdf.example/1</link><description>First item text.</description><dc:date>2026-01-05</dc:date><dc:creator>Eve</dc:creator></item>
</rdf:RDF>"""
UNICODE = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Café ☕ 日本</title><link>https://u.example/</link>
<item><title>Crème brûlée — déjà vu</title><link>https://u.example/1</link><description>&lt;p&gt;Entités: &amp;eacute; &amp;#233; &amp;hellip;&lt;/p&gt;</description></item></channel></rss>"""

FEEDS = {
    "sample": (SAMPLES / "coastline-courier.rss").read_text(encoding="utf-8"),
    "atom": ATOM,
    "double escaped": DOUBLE_ESCAPED,
    "podcast": PODCAST,
    "rss 0.91": RSS_091,
    "rss 1.0": RSS_10,
    "atom, relative links": ATOM_BASE.replace(' xml:base="https://base.example.org/blog/"', ""),
    "rss with dc, content, media": RSS_DC,
    "rdf": RDF,
    "unicode": UNICODE,
}
URL = "https://feeds.example.org/feed.xml"


def summary(loaded: Loaded) -> tuple[object, ...]:
    docs = [
        (d.title, d.url, d.guid, d.author, d.published, d.source, d.origin, d.paragraphs)
        for d in loaded
    ]
    return docs, sorted(loaded.summaries), loaded.warnings


@pytest.mark.parametrize("url", [URL, ""])
@pytest.mark.parametrize("name", sorted(FEEDS))
def test_fast_reader_gives_the_same_documents_as_feedparser(
    name: str, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = FEEDS[name].encode("utf-8")
    assert fastfeed.parse_fast(data, url) is not None  # the fast path is really taken
    fast = summary(parse_xml_feed(data, url=url))
    monkeypatch.setattr(fastfeed, "parse_fast", lambda *args, **kwargs: None)
    assert summary(parse_xml_feed(data, url=url)) == fast


@pytest.mark.parametrize(
    ("why", "data", "content_type"),
    [
        (
            "declared in another encoding",
            RSS_091.replace(
                '<?xml version="1.0"?>', '<?xml version="1.0" encoding="iso-8859-1"?>'
            ).encode("latin-1"),
            "",
        ),
        ("not UTF-8", RSS_DC.replace("Tom Reed", "Tom Rééd").encode("cp1252"), ""),
        ("served in another charset", RSS_DC.encode("utf-8"), "text/xml; charset=windows-1252"),
        (
            "control characters XML forbids",
            RSS_DC.replace("Tom Reed", "Tom\x1b[5m Reed").encode(),
            "",
        ),
        ("xml:base", ATOM_BASE.encode("utf-8"), ""),
        ("malformed", PODCAST.replace("</channel>", "<item><title>Cut <b></item>").encode(), ""),
        (
            "undefined entity",
            RSS_091.replace("Hall roof repaired", "Hall &nbsp; roof").encode(),
            "",
        ),
    ],
)
def test_feeds_the_fast_reader_leaves_to_feedparser(
    why: str, data: bytes, content_type: str
) -> None:
    assert fastfeed.parse_fast(data, URL, content_type) is None, why


def test_text_is_never_handed_to_the_fast_reader() -> None:
    # feedparser-rs fetches a string that looks like a URL: only bytes are passed on
    assert fastfeed.parse_fast("https://feeds.example.org/feed.xml") is None  # type: ignore[arg-type]


def test_too_many_entries_go_to_feedparser(monkeypatch: pytest.MonkeyPatch) -> None:
    data = RSS_DC.encode("utf-8")
    monkeypatch.setattr(fastfeed, "MAX_ENTRIES", 3)
    assert fastfeed.parse_fast(data, URL) is None
    assert len(parse_xml_feed(data, url=URL)) == 3


def test_feeds_import_without_feedparser_rs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "feedparser_rs", None)  # import fails
    data = FEEDS["sample"].encode("utf-8")
    assert fastfeed.parse_fast(data, URL) is None
    assert [d.title for d in parse_xml_feed(data, url=URL)][:1] == [
        "Lifeboat crew rescues two kayakers off Gull Point"
    ]


def test_sample_feed_read_from_a_file_takes_the_fast_path(tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    path.write_bytes((SAMPLES / "coastline-courier.rss").read_bytes())
    assert fastfeed.parse_fast(path.read_bytes()) is not None


@pytest.mark.parametrize("host", ["127.0.0.1:8080", "localhost", "192.168.1.20", "10.0.0.5"])
def test_links_to_local_hosts_are_kept(host: str) -> None:
    # feedparser-rs empties these links: such feeds go to feedparser, which keeps them
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>LAN</title>'
        f"<item><title>One</title><link>http://{host}/one</link><guid>g1</guid>"
        f'<enclosure url="http://{host}/one.mp3" type="audio/mpeg" length="1"/>'
        "<description>Summary.</description></item></channel></rss>"
    ).encode()
    [doc] = parse_xml_feed(rss, url=f"http://{host}/feed.xml")
    assert doc.url == f"http://{host}/one"
    assert f"Listen: http://{host}/one.mp3" in [p.text for p in doc.paragraphs]
