"""Feeds: RSS 0.91/1.0/2.0, Atom, JSON Feed, podcasts, escaped and broken feeds."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.ingest.conftest import SAMPLES
from tui_reader.ingest import IngestError, Loaded, load_path
from tui_reader.ingest.feeds import parse_feed, sniff_feed

Write = Callable[[str, bytes | str], Path]

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">Marsh &amp;amp; Moor Diary</title>
  <link href="https://moor.example.org/"/>
  <id>urn:uuid:7d0c1b1e-0000-4000-8000-000000000001</id>
  <updated>2026-04-02T10:00:00Z</updated>
  <entry>
    <title>Curlews on the high fields</title>
    <link rel="alternate" href="https://moor.example.org/2026/curlews"/>
    <id>tag:moor.example.org,2026:curlews</id>
    <published>2026-04-01T06:30:00+02:00</published>
    <updated>2026-04-01T09:00:00+02:00</updated>
    <author><name>Ines Albrecht</name></author>
    <content type="html">&lt;p&gt;Three pairs of curlews are back on the high fields above the reservoir.&lt;/p&gt;
      &lt;h3&gt;Listening for them&lt;/h3&gt;
      &lt;p&gt;Their call carries for a mile on a still morning; you hear them long before you see them.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">A <em>wet</em> week</div></title>
    <link href="https://moor.example.org/2026/wet-week"/>
    <id>tag:moor.example.org,2026:wet-week</id>
    <updated>2026-03-28T18:00:00Z</updated>
    <summary>Rain every day, and the becks are loud with it.</summary>
  </entry>
</feed>
"""

RSS_091 = """<?xml version="1.0"?>
<rss version="0.91"><channel>
<title>Parish Notices</title><link>https://parish.example.net/</link><description>Notices</description>
<item><title>Hall roof repaired</title><link>https://parish.example.net/roof</link>
<description>The village hall roof was repaired this week, in time for the spring fair.</description></item>
</channel></rss>
"""

RSS_10 = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://lab.example.edu/news">
  <title>Lab News</title><link>https://lab.example.edu/news</link><description>News</description>
  <items><rdf:Seq><rdf:li rdf:resource="https://lab.example.edu/news/telescope"/></rdf:Seq></items>
</channel>
<item rdf:about="https://lab.example.edu/news/telescope">
  <title>Student telescope sees first light</title>
  <link>https://lab.example.edu/news/telescope</link>
  <description>The rooftop telescope built by second-year students took its first images on Friday.</description>
  <dc:date>2026-02-20T21:15:00Z</dc:date>
  <dc:creator>Okonkwo Bell</dc:creator>
</item>
</rdf:RDF>
"""

PODCAST = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
<channel>
  <title>Tide Tables: a podcast about the coast</title>
  <link>https://tides.example.fm/</link>
  <itunes:author>Noor Haddad</itunes:author>
  <itunes:category text="Science"/>
  <item>
    <title>Episode 12: The ferry keepers</title>
    <guid isPermaLink="false">tides-ep-12</guid>
    <pubDate>Tue, 10 Mar 2026 05:00:00 GMT</pubDate>
    <enclosure url="https://cdn.tides.example.fm/ep12.mp3" length="34567890" type="audio/mpeg"/>
    <itunes:duration>00:41:12</itunes:duration>
    <itunes:summary>We ride the last hand-cranked ferry on the river.</itunes:summary>
    <itunes:explicit>false</itunes:explicit>
  </item>
  <item>
    <title>Episode 11: Sand</title>
    <guid isPermaLink="false">tides-ep-11</guid>
    <pubDate>Tue, 03 Mar 2026 05:00:00 GMT</pubDate>
    <enclosure url="https://cdn.tides.example.fm/ep11.mp3" length="30000000" type="audio/mpeg"/>
    <description>Where beaches come from, and where they go.</description>
  </item>
</channel>
</rss>
"""

DOUBLE_ESCAPED = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Escaped</title>
<item><title>Escaped twice</title><link>https://esc.example/1</link>
<description>&amp;lt;p&amp;gt;First paragraph of the escaped entry.&amp;lt;/p&amp;gt;&amp;lt;p&amp;gt;Second one, with &amp;lt;b&amp;gt;bold&amp;lt;/b&amp;gt; words.&amp;lt;/p&amp;gt;</description>
</item></channel></rss>
"""


def texts(doc: object) -> list[str]:
    return [p.text for p in doc.paragraphs]  # type: ignore[attr-defined]


def test_rss2_sample_full_content_summary_and_escaped_html() -> None:
    docs = load_path(SAMPLES / "coastline-courier.rss")
    assert isinstance(docs, Loaded)
    assert [d.title for d in docs] == [
        "Lifeboat crew rescues two kayakers off Gull Point",
        "Market square to close for resurfacing in April",
        "School choir to sing at the spring regatta",
    ]
    full, escaped, summary = docs
    assert {d.source for d in docs} == {"The Coastline Courier: Local news"}
    assert full.url == "https://courier.example.com/news/2026/03/gull-point-rescue"
    assert full.guid == full.url
    assert full.author == "Amira Hale"
    assert full.published == "2026-03-16T18:05:00+00:00"
    assert [(p.text, p.level) for p in full.paragraphs if p.is_heading] == [
        ("A reminder about the tides", 2)
    ]
    assert len(full.paragraphs) == 4
    assert full.article_id() not in docs.summaries
    assert texts(escaped)[0] == (
        "The Saturday market will move to the harbour car park for three weeks "
        "while the square is resurfaced."
    )
    assert "<p>" not in " ".join(texts(escaped))
    assert escaped.guid == "courier-2026-0315-market"
    assert texts(summary)[-1] == (
        "Read the full article: https://courier.example.com/news/2026/03/choir-regatta"
    )
    assert summary.article_id() in docs.summaries


def test_atom_feed(write: Write) -> None:
    docs = load_path(write("moor.atom", ATOM))
    curlews, wet = docs
    assert curlews.source == "Marsh & Moor Diary"
    assert curlews.title == "Curlews on the high fields"
    assert curlews.author == "Ines Albrecht"
    assert curlews.published == "2026-04-01T04:30:00+00:00"
    assert curlews.guid == "tag:moor.example.org,2026:curlews"
    assert texts(curlews) == [
        "Three pairs of curlews are back on the high fields above the reservoir.",
        "Listening for them",
        "Their call carries for a mile on a still morning; you hear them long before you see them.",
    ]
    assert curlews.paragraphs[1].is_heading
    assert wet.title == "A wet week"
    assert texts(wet)[0] == "Rain every day, and the becks are loud with it."
    assert wet.published == "2026-03-28T18:00:00+00:00"


def test_rss_091_and_rss_10(write: Write) -> None:
    [roof] = load_path(write("parish.rss", RSS_091))
    assert roof.title == "Hall roof repaired"
    assert roof.source == "Parish Notices"
    [scope] = load_path(write("lab.rdf", RSS_10))
    assert scope.title == "Student telescope sees first light"
    assert scope.author == "Okonkwo Bell"
    assert scope.published == "2026-02-20T21:15:00+00:00"
    assert scope.url == "https://lab.example.edu/news/telescope"


def test_xml_suffix_is_sniffed(write: Write) -> None:
    assert len(load_path(write("feed.xml", RSS_091))) == 1
    with pytest.raises(IngestError, match="not an RSS or Atom feed"):
        load_path(write("data.xml", '<?xml version="1.0"?><config><a>1</a></config>'))


def test_podcast_feed_keeps_the_audio_link(write: Write) -> None:
    ep12, ep11 = load_path(write("tides.rss", PODCAST))
    assert ep12.title == "Episode 12: The ferry keepers"
    assert ep12.source == "Tide Tables: a podcast about the coast"
    assert ep12.guid == "tides-ep-12"
    assert ep12.url == ""
    assert texts(ep12) == [
        "We ride the last hand-cranked ferry on the river.",
        "Listen: https://cdn.tides.example.fm/ep12.mp3",
    ]
    assert ep12.published == "2026-03-10T05:00:00+00:00"
    assert texts(ep11)[0] == "Where beaches come from, and where they go."
    assert ep12.article_id() != ep11.article_id()


def test_html_escaped_twice_is_unescaped(write: Write) -> None:
    [doc] = load_path(write("esc.rss", DOUBLE_ESCAPED))
    assert texts(doc)[:2] == [
        "First paragraph of the escaped entry.",
        "Second one, with bold words.",
    ]


def test_json_feed_sample() -> None:
    avocets, reeds = load_path(SAMPLES / "field-notes.json")
    assert avocets.source == "Field Notes from the Marsh"
    assert avocets.author == "Tomasz Reed"
    assert avocets.published == "2026-03-12T07:45:00+00:00"
    assert "Count them twice, then write the number down." in texts(avocets)
    assert reeds.url == "https://marsh.example.net/2026/03/reedbed-cut"
    assert reeds.guid == "2026-03-08-reedbed"
    assert reeds.published == "2026-03-08T16:20:00+01:00"
    assert len(reeds.paragraphs) == 2


def test_json_feed_version_1_summary_numeric_id_and_attachments(write: Write) -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1",
        "title": "Radio Estuary",
        "author": {"name": "Kai Moreno"},
        "items": [
            {
                "id": 42,
                "title": "Storm special",
                "summary": "Everything about last night's storm.",
                "external_url": "https://radio.example/storm",
                "attachments": [
                    {"url": "https://radio.example/storm.mp3", "mime_type": "audio/mpeg"}
                ],
            },
            "not an item",
            {"id": "empty"},
        ],
    }
    docs = load_path(write("radio.json", json.dumps(feed)))
    [storm] = docs
    assert storm.guid == "42"
    assert storm.author == "Kai Moreno"
    assert texts(storm) == [
        "Everything about last night's storm.",
        "Listen: https://radio.example/storm.mp3",
        "Read the full article: https://radio.example/storm",
    ]
    assert storm.article_id() in docs.summaries
    assert any("item 2" in w for w in docs.warnings)
    assert any("item 3" in w for w in docs.warnings)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "malformed JSON feed"),
        ('{"title": "x", "items": []}', "not a JSON Feed"),
        ('{"version": "https://jsonfeed.org/version/1.1", "items": {}}', "no list of items"),
        ('{"version": "https://jsonfeed.org/version/1.1", "items": []}', "no entries"),
    ],
)
def test_bad_json_feeds(write: Write, content: str, reason: str) -> None:
    with pytest.raises(IngestError, match=reason):
        load_path(write("bad.json", content))


def test_malformed_feed_imports_what_parses_and_warns(write: Write) -> None:
    broken = PODCAST.replace("</channel>\n</rss>", "<item><title>Cut off <b></item>")
    docs = load_path(write("broken.rss", broken))
    assert [d.title for d in docs][:2] == [
        "Episode 12: The ferry keepers",
        "Episode 11: Sand",
    ]
    assert any("malformed" in w for w in docs.warnings)


def test_feed_where_nothing_parses_fails(write: Write) -> None:
    with pytest.raises(IngestError, match="malformed feed"):
        load_path(write("junk.rss", '<?xml version="1.0"?><rss version="2.0"><channel><title>x'))
    with pytest.raises(IngestError, match="no entries"):
        load_path(write("empty.rss", RSS_091.split("<item>")[0] + "</channel></rss>"))


def test_duplicate_entries_in_one_feed_are_kept_once(write: Write) -> None:
    item = RSS_091.split("<item>")[1].split("</item>")[0]
    doubled = RSS_091.replace("</item>", f"</item><item>{item}</item>", 1)
    docs = load_path(write("twice.rss", doubled))
    assert len(docs) == 1
    assert any("appears twice" in w for w in docs.warnings)


def test_entity_bomb_is_not_expanded(write: Write) -> None:
    levels = ['<!ENTITY lol0 "lollollollollollollollollollol">']
    for n in range(1, 10):
        levels.append(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">')
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n'
        + "\n".join(levels)
        + "\n]>\n"
        + RSS_091.split("?>", 1)[1].replace("Hall roof repaired", "Hall roof &lol9;")
    )
    try:
        docs = load_path(write("bomb.rss", bomb))
    except IngestError:
        return  # refusing the feed is as good as not expanding it
    total = sum(len(p.text) for d in docs for p in d.paragraphs) + sum(len(d.title) for d in docs)
    assert total < 10_000


def test_external_entities_are_not_read(write: Write, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    feed = (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        + RSS_091.split("?>", 1)[1].replace("Hall roof repaired", "Hall roof &xxe;")
    )
    try:
        docs = load_path(write("xxe.rss", feed))
    except IngestError:
        return
    everything = " ".join(d.title + " " + " ".join(texts(d)) for d in docs)
    assert "TOP-SECRET-VALUE" not in everything


def test_sniff_feed() -> None:
    assert sniff_feed(b'<?xml version="1.0"?>\n<!-- c --><rss version="2.0">') == "xml"
    assert sniff_feed(b'\xef\xbb\xbf<feed xmlns="http://www.w3.org/2005/Atom">') == "xml"
    assert sniff_feed(RSS_10.encode()) == "xml"
    assert sniff_feed(b'{"version": "https://jsonfeed.org/version/1.1"}') == "json"
    assert sniff_feed(b"<!DOCTYPE html><html><body>x</body></html>") is None
    assert sniff_feed(b'{"a": 1}') is None


def test_parse_feed_resolves_relative_links_against_the_feed_url() -> None:
    feed = RSS_091.replace("https://parish.example.net/roof", "/roof")
    [doc] = parse_feed(feed.encode(), url="https://parish.example.net/feed.rss")
    assert doc.url == "https://parish.example.net/roof"


def test_quadratic_entity_blowup_is_not_expanded(write: Write) -> None:
    big = "A" * 100_000
    feed = (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "{big}">]>\n'
        '<rss version="2.0"><channel><title>T</title><item><title>Blowup</title>'
        f"<link>https://e.example/1</link><description>{'&a;' * 20_000}</description>"
        "</item></channel></rss>"
    )
    try:
        docs = load_path(write("quadratic.rss", feed))
    except IngestError:
        return
    total = sum(len(p.text) for d in docs for p in d.paragraphs)
    assert total < 1_000_000  # expanded, it would be 2,000,000,000 characters


def test_feed_without_a_title_is_known_by_its_host(write: Write) -> None:
    untitled = RSS_091.replace("<title>Parish Notices</title>", "")
    [doc] = load_path(write("untitled.rss", untitled))
    assert doc.source == "parish.example.net"
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "home_page_url": "https://www.quiet.example/",
        "items": [{"id": "1", "content_text": "Just text."}],
    }
    [item] = load_path(write("untitled.json", json.dumps(feed)))
    assert item.source == "quiet.example"
    assert item.title == "Just text."
