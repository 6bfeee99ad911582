"""Full text for summary-only feeds, against a web server on 127.0.0.1: a page served is
extracted, a failing page keeps the summary and its link, a slow page meets the deadline,
hostile page text arrives clean, pages are fetched a few at a time."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tui_reader.feeds.fulltext import fetch_full_texts
from tui_reader.ingest.feeds import parse_feed
from tui_reader.model import Document

ARTICLE = """<!doctype html><html><head><title>Night trains return | The Courier</title>
<meta name="author" content="Ana Page"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Night trains return</h1>
<p>The first night train in twenty years left the capital on Monday evening, carrying
four hundred passengers and a great deal of curiosity about sleeping on rails again.</p>
<p>Operators say the sleeper cars were booked out for the first three months, and that
they plan two more routes before the summer if the demand holds up through the winter.</p>
<p>Critics point to the cost of the old rolling stock, which had to be refitted with new
brakes, new heating and new beds before the safety agency would allow it back.</p>
</article><footer>Copyright The Courier</footer></body></html>"""

HOSTILE = """<!doctype html><html><head><title>x</title></head><body><article>
<h1>Evil</h1>
<p>Plain words then \x1b[2J\x1b]8;;http://evil.example\x07a link\x1b]8;;\x07 and a bell \x07
and a C1 \u009b31m control and [b]markup[/b] and [ b @click=app.quit] as text only.</p>
<p>A second paragraph, long enough for the extractor to keep it as the article body of
this page, with \u202ebidi override\u202c in it and ordinary words around it as well.</p>
</article></body></html>"""


@dataclass
class Page:
    status: int = 200
    body: str = ""
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0
    """Seconds to wait before answering."""
    trickle: bool = False
    """Send the body one byte a second after the headers."""


@dataclass
class Site:
    base: str
    pages: dict[str, Page]
    hits: list[str]
    in_flight: list[int] = field(default_factory=lambda: [0, 0])
    """Requests being answered now, and the most at once."""

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def site() -> Iterator[Site]:
    pages: dict[str, Page] = {}
    hits: list[str] = []
    counter = [0, 0]
    lock = threading.Lock()
    stop = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            with lock:
                counter[0] += 1
                counter[1] = max(counter[1], counter[0])
            try:
                self._answer(pages.get(self.path, Page(404, "<html>Not found</html>")))
            except OSError:
                pass  # the client gave up (a deadline): nothing more to send
            finally:
                with lock:
                    counter[0] -= 1

        def _answer(self, page: Page) -> None:
            if page.delay:
                stop.wait(page.delay)
            data = page.body.encode("utf-8")
            self.send_response(page.status)
            self.send_header("Content-Type", page.content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if page.trickle:
                for byte in data:
                    if stop.wait(1.0):
                        return
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
            else:
                self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    host, port = httpd.server_address[:2]
    try:
        yield Site(f"http://{host}:{port}", pages, hits, counter)
    finally:
        stop.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def summary_entries(site: Site, *paths: str) -> list[Document]:
    """Summary-only entries of an RSS feed linking to ``paths`` on the site."""
    items = "".join(
        f"<item><title>Entry {n}</title><link>{site.url(p)}</link><guid>g{n}</guid>"
        f"<description>Summary {n}, a teaser only.</description></item>"
        for n, p in enumerate(paths)
    )
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>The Courier</title>'
        f"<link>{site.base}/</link>{items}</channel></rss>"
    )
    loaded = parse_feed(rss.encode(), origin=site.url("/feed.xml"), url=site.url("/feed.xml"))
    assert len(loaded.summaries) == len(paths)
    return list(loaded)


def texts(doc: Document) -> list[str]:
    return [p.text for p in doc.paragraphs]


def test_a_page_served_replaces_the_summary_with_its_article(site: Site) -> None:
    site.pages["/night-trains"] = Page(body=ARTICLE)
    [entry] = summary_entries(site, "/night-trains")
    report = fetch_full_texts([entry])
    [doc] = report.documents
    assert report.failures == [] and not report.cancelled
    assert report.extracted == {entry.article_id()}
    body = " ".join(texts(doc))
    assert "four hundred passengers" in body and "new brakes" in body
    assert "Summary 0" not in body and "Home" not in body and "Copyright" not in body
    # the entry's identity and feed stay: a later refresh matches it again
    assert (doc.title, doc.url, doc.guid, doc.source, doc.origin) == (
        entry.title,
        entry.url,
        entry.guid,
        entry.source,
        entry.origin,
    )
    assert doc.article_id() == entry.article_id()
    assert site.hits == ["/night-trains"]


@pytest.mark.parametrize(
    ("page", "reason"),
    [
        (None, "HTTP 404"),
        (Page(500, "<html>oops</html>"), "HTTP 500"),
        (Page(body="<html><body><nav><a href='/'>Home page link</a></nav></body></html>"), "no "),
        (Page(body="\x00\x01binary", content_type="application/octet-stream"), "not a text"),
        (
            Page(
                body='<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>'
                "<item><title>x</title><description>y</description></item></channel></rss>",
                content_type="application/rss+xml",
            ),
            "leads to a feed",
        ),
    ],
)
def test_a_page_that_fails_keeps_the_summary_and_the_link(
    site: Site, page: Page | None, reason: str
) -> None:
    if page is not None:
        site.pages["/story"] = page
    [entry] = summary_entries(site, "/story")
    report = fetch_full_texts([entry])
    assert report.documents == [entry]
    assert report.extracted == set()
    [(link, why)] = report.failures
    assert link == site.url("/story") and reason in why
    assert texts(entry) == ["Summary 0, a teaser only.", f"Read the full article: {link}"]


def test_a_slow_page_gives_up_at_its_deadline_and_the_others_still_arrive(site: Site) -> None:
    site.pages["/slow"] = Page(body=ARTICLE, trickle=True)
    site.pages["/late"] = Page(body=ARTICLE, delay=30)
    site.pages["/fine"] = Page(body=ARTICLE)
    entries = summary_entries(site, "/slow", "/late", "/fine")
    report = fetch_full_texts(entries, page_deadline=0.5)
    assert report.documents[:2] == entries[:2]
    assert report.extracted == {entries[2].article_id()}
    reasons = dict(report.failures)
    assert "gave up" in reasons[site.url("/slow")]
    assert "gave up" in reasons[site.url("/late")]


def test_the_batch_deadline_keeps_summaries_for_what_it_did_not_reach(site: Site) -> None:
    site.pages["/a"] = Page(body=ARTICLE)
    entries = summary_entries(site, "/a", "/a?2")
    report = fetch_full_texts(entries, deadline=0)
    assert report.documents == entries and site.hits == []
    assert all("no time left" in why for _, why in report.failures)


def test_cancel_stops_the_batch_and_keeps_the_summaries(site: Site) -> None:
    site.pages["/slow"] = Page(body=ARTICLE, trickle=True)
    entries = summary_entries(site, "/slow", "/slow?b", "/slow?c")
    cancel = threading.Event()

    def cancel_once_the_first_page_is_asked_for() -> None:
        # (a fixed timer fired before the first request on a loaded machine)
        deadline = time.monotonic() + 30
        while not site.hits and time.monotonic() < deadline:
            time.sleep(0.01)
        cancel.set()

    threading.Thread(target=cancel_once_the_first_page_is_asked_for, daemon=True).start()
    report = fetch_full_texts(entries, cancel=cancel, concurrency=1, page_deadline=120)
    assert report.cancelled and report.documents == entries
    assert report.failures == []  # stopped by the cancel, not by a deadline
    assert site.hits == ["/slow"]  # the pages after the cancel were never asked for


def test_pages_are_fetched_a_few_at_a_time(site: Site) -> None:
    paths = [f"/p{n}" for n in range(6)]
    for path in paths:
        site.pages[path] = Page(body=ARTICLE, delay=0.2)
    report = fetch_full_texts(summary_entries(site, *paths), concurrency=2)
    assert len(report.extracted) == 6
    assert site.in_flight[1] <= 2


def test_an_entry_without_a_web_link_stays_as_it_is() -> None:
    entry = Document("No link", [])
    report = fetch_full_texts([entry], fetcher=pytest.fail)
    assert report.documents == [entry]
    assert report.failures == [("", "the entry has no web link")]


def test_hostile_page_text_arrives_without_controls_or_markup_meaning(site: Site) -> None:
    site.pages["/evil"] = Page(body=HOSTILE)
    [entry] = summary_entries(site, "/evil")
    report = fetch_full_texts([entry])
    [doc] = report.documents
    assert report.extracted == {entry.article_id()}
    body = "\n".join(texts(doc))
    assert "Plain words" in body and "[b]markup[/b]" in body
    assert "[ b @click=app.quit]" in body  # kept as literal text
    for bad in ("\x1b", "\x07", "\x9b", "\u202e", "\u202c"):
        assert bad not in body
