"""Web pages: main text only, metadata, headings, canonical URL."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.ingest.conftest import DATA, SAMPLES
from tui_reader.ingest import IngestError, load_path
from tui_reader.ingest.html import parse_html
from tui_reader.model import Document

FURNITURE = [
    "cookie",
    "Accept",
    "Home",
    "Sport",
    "Share on",
    "Related stories",
    "Bridge plan costs",
    "Comments",
    "Great news for the town",
    "mark my words",
    "Post comment",
    "All rights reserved",
    "Privacy",
    "dataLayer",
]


def text_of(doc: Document) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def test_news_page_gives_the_article_and_nothing_around_it() -> None:
    [doc] = load_path(SAMPLES / "harbour-ferry-vote.html")
    assert doc.title == "Harbour town votes to keep its ferry"
    assert doc.source == "The Coastline Courier"
    assert doc.author == "Jonas Pereira"
    assert doc.published == "2026-03-14"
    assert doc.url == "https://courier.example.com/news/2026/03/harbour-ferry-vote"
    assert doc.origin.endswith("harbour-ferry-vote.html")
    text = text_of(doc)
    assert text.startswith("Residents of Port Selby voted on Saturday")
    assert "how half the town meets the other half" in text
    assert text.endswith("whether the fares should rise to help pay for it.")
    for junk in FURNITURE:
        assert junk not in text, junk
    headings = [(p.text, p.level) for p in doc.paragraphs if p.is_heading]
    assert headings == [("A service older than the road", 2), ("What happens next", 2)]
    assert len([p for p in doc.paragraphs if not p.is_heading]) == 6


def test_second_page_layout_lists_quotes_and_no_sidebars() -> None:
    [doc] = load_path(DATA / "night-trains.html")
    assert doc.title == "Night trains are back, and this time they are full"
    assert doc.source == "Rail & Road Weekly"
    assert doc.author == "Priya Lindqvist"
    assert doc.published.startswith("2026-05-02")
    assert doc.url == "https://railroad.example.org/features/night-trains-return"
    text = text_of(doc)
    assert "• Bicycles travel free in the luggage van." in text
    assert '"I sleep better here than at home,"' in text
    assert text.endswith("asking passengers to bring a jumper.")
    for junk in [
        "143 partners",
        "Sign in",
        "Timetables",
        "Facebook",
        "Copy link",
        "newsletter",
        "Sign up",
        "Advertisement",
        "Topics:",
        "More by Priya",
        "47 comments",
        "cello man is real",
        "Most read",
        "railway atlas",
        "Cookie settings",
        "Example Media",
        "clipboard",
    ]:
        assert junk not in text, junk
    assert [p.text for p in doc.paragraphs if p.is_heading] == [
        "Why passengers are choosing to sleep on the move",
        "The catch: old carriages",
    ]


def test_page_without_article_text_is_refused() -> None:
    with pytest.raises(IngestError, match="no article text"):
        load_path(DATA / "no-article.html")


def test_empty_page_is_refused(write: Callable[[str, bytes | str], Path]) -> None:
    with pytest.raises(IngestError):
        load_path(write("blank.html", "<html><head></head><body>  </body></html>"))


def test_page_without_canonical_uses_the_fetch_url_and_site_host() -> None:
    html = (DATA / "night-trains.html").read_text(encoding="utf-8")
    html = html.replace(
        '<link rel="canonical" href="https://railroad.example.org/features/night-trains-return">',
        "",
    ).replace('<meta property="og:site_name" content="Rail &amp; Road Weekly">', "")
    doc = parse_html(html, url="https://www.trains.example/n/1")
    assert doc.url == "https://www.trains.example/n/1"
    assert doc.source in ("trains.example", "Rail & Road Weekly")


def test_relative_canonical_is_made_absolute() -> None:
    html = (DATA / "night-trains.html").read_text(encoding="utf-8")
    html = html.replace(
        'href="https://railroad.example.org/features/night-trains-return"',
        'href="/features/night-trains-return"',
    )
    doc = parse_html(html, url="https://railroad.example.org/x?utm=1")
    assert doc.url == "https://railroad.example.org/features/night-trains-return"


def test_xml_declaration_and_meta_charset_are_handled(
    write: Callable[[str, bytes | str], Path],
) -> None:
    html = (SAMPLES / "harbour-ferry-vote.html").read_text(encoding="utf-8")
    html = html.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    html = html.replace("Elena Marsh", "Elena Marsh-Señorita")
    path = write(
        "page.htm", b'<?xml version="1.0" encoding="windows-1252"?>\n' + html.encode("cp1252")
    )
    [doc] = load_path(path)
    assert "Elena Marsh-Señorita" in text_of(doc)
