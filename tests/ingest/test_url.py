"""URLs: fetched from a server on 127.0.0.1; pages, feeds, redirects and every failure."""

from __future__ import annotations

import socket

import pytest

from tests.ingest.conftest import DATA, SAMPLES, Route, Server
from tui_reader.ingest import IngestError
from tui_reader.ingest.url import fetch, load_url

PAGE = (SAMPLES / "harbour-ferry-vote.html").read_bytes()
RSS = (SAMPLES / "coastline-courier.rss").read_bytes()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_page_url(server: Server) -> None:
    url = server.page("/news/ferry", PAGE, "text/html; charset=utf-8")
    [doc] = load_url(url)
    assert doc.title == "Harbour town votes to keep its ferry"
    assert doc.url == "https://courier.example.com/news/2026/03/harbour-ferry-vote"
    assert doc.origin == url
    assert "Accept all cookies" not in " ".join(p.text for p in doc.paragraphs)


def test_page_without_canonical_gets_the_final_url(server: Server) -> None:
    body = PAGE.replace(
        b'<link rel="canonical" href="https://courier.example.com/news/2026/03/harbour-ferry-vote">',
        b"",
    )
    final = server.page("/final", body)
    start = server.redirect("/start", "/final", 301)
    [doc] = load_url(start)
    assert doc.url == final


@pytest.mark.parametrize(
    "content_type",
    ["application/rss+xml", "text/xml", "application/xml", "text/html", ""],
)
def test_feed_url_by_content_type_or_sniffing(server: Server, content_type: str) -> None:
    url = server.page("/feed", RSS, content_type)
    docs = load_url(url)
    assert len(docs) == 3
    assert docs[0].source == "The Coastline Courier: Local news"
    assert docs[0].origin == url


def test_json_feed_url(server: Server) -> None:
    url = server.page(
        "/feed.json", (SAMPLES / "field-notes.json").read_bytes(), "application/feed+json"
    )
    assert [d.title for d in load_url(url)] == ["The first avocets are back", "Cutting the reedbed"]


def test_charset_comes_from_the_header(server: Server) -> None:
    body = (
        "<html><head><title>Café\u00e9</title></head><body><article><h1>Le café du port</h1>"
        + "<p>Le café du port ouvre à six heures, été comme hiver, et ferme tard. </p>" * 4
        + "</article></body></html>"
    ).encode("cp1252")
    url = server.page("/fr", body, "text/html; charset=windows-1252")
    [doc] = load_url(url)
    assert "Le café du port ouvre à six heures, été comme hiver" in doc.paragraphs[0].text


def test_plain_text_url(server: Server) -> None:
    url = server.page(
        "/note.txt", "A short note\n\nThe ferry runs until ten tonight.", "text/plain"
    )
    [doc] = load_url(url)
    assert doc.title == "A short note"
    assert doc.url == url


def test_http_404(server: Server) -> None:
    with pytest.raises(IngestError, match=r"^HTTP 404 Not Found$"):
        load_url(server.url("/missing"))


def test_http_500(server: Server) -> None:
    server.routes["/boom"] = Route(500, b"oops", {"Content-Type": "text/plain"})
    with pytest.raises(IngestError, match=r"^HTTP 500 Internal Server Error$"):
        load_url(server.url("/boom"))


def test_redirect_loop(server: Server) -> None:
    server.redirect("/a", "/b")
    server.redirect("/b", "/a")
    with pytest.raises(IngestError, match="redirect loop"):
        load_url(server.url("/a"))


def test_too_many_redirects(server: Server) -> None:
    for n in range(8):
        server.redirect(f"/r{n}", f"/r{n + 1}")
    server.page("/r8", PAGE)
    with pytest.raises(IngestError, match="too many redirects"):
        load_url(server.url("/r0"))
    server.hits.clear()
    fetched = fetch(server.url("/r0"), max_redirects=8)
    assert fetched.url == server.url("/r8")


def test_redirect_to_a_file_url_is_refused(server: Server) -> None:
    server.redirect("/sneaky", "file:///etc/passwd")
    with pytest.raises(IngestError, match="non-web address"):
        load_url(server.url("/sneaky"))


def test_non_text_content_type(server: Server) -> None:
    url = server.page("/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
    with pytest.raises(IngestError, match=r"not a text page \(content type image/png\)"):
        load_url(url)


def test_binary_body_with_a_text_type(server: Server) -> None:
    url = server.page("/lie", b"\x00\x01\x02" * 100, "text/plain")
    with pytest.raises(IngestError, match="binary"):
        load_url(url)


def test_download_over_the_size_cap(server: Server) -> None:
    url = server.page("/big", PAGE, "text/html")
    with pytest.raises(IngestError, match="over the"):
        load_url(url, max_size=1000)


def test_unreachable_host() -> None:
    with pytest.raises(IngestError, match=r"^cannot reach 127\.0\.0\.1: .*refused"):
        load_url(f"http://127.0.0.1:{free_port()}/article")


def test_page_url_without_article(server: Server) -> None:
    url = server.page("/gone", (DATA / "no-article.html").read_bytes())
    with pytest.raises(IngestError, match="no article text"):
        load_url(url)


def test_empty_body(server: Server) -> None:
    with pytest.raises(IngestError, match="empty"):
        load_url(server.page("/empty", b"", "text/html"))


def test_timeout_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection, never answers
    port = listener.getsockname()[1]
    try:
        with pytest.raises(IngestError, match="timed out"):
            fetch(f"http://127.0.0.1:{port}/slow", read_timeout=0.2, connect_timeout=1)
    finally:
        listener.close()
