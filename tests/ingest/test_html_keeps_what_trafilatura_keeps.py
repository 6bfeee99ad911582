"""HTML import keeps every sentence trafilatura keeps, link-heavy ones included."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.ingest.conftest import DATA, SAMPLES
from tui_reader.ingest import load_path
from tui_reader.model import Document

PAGES = [
    *sorted((DATA / "pages").glob("*.html")),
    DATA / "night-trains.html",
    *sorted(SAMPLES.glob("*.html")),
]
_NOT_WORD = re.compile(r"\W+")


def normal(text: str) -> str:
    return _NOT_WORD.sub(" ", text).strip().casefold()


def sentences(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        for part in re.split(r"(?<=[.!?])\s+", line):
            part = " ".join(part.split()).lstrip("•-* ").strip()
            if len(part) > 1:
                out.append(part)
    return out


def stored_text(doc: Document) -> str:
    return "\n".join([doc.title, *(p.text for p in doc.paragraphs)])


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_sentence_trafilatura_keeps_is_imported(page: Path) -> None:
    import trafilatura

    html = page.read_text(encoding="utf-8")
    reference = trafilatura.extract(html, include_comments=False, include_tables=True)
    assert reference
    [doc] = load_path(page)
    ours = normal(stored_text(doc))
    missing = [s for s in sentences(reference) if normal(s) not in ours]
    assert missing == []


def test_link_paragraphs_and_greetings_of_a_release_post() -> None:
    [doc] = load_path(DATA / "pages" / "release-notes.html")
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Hi everyone!"
    assert "We are working toward releasing version 0.2 on vcpkg." in texts
    assert "See the full list of changes in the documentation." in texts
    # a sign-off that is also the title of an older post linked in the sidebar
    assert texts[-2:] == ["Fair winds,", "Mara"]
    for furniture in ("More from the blog", "Our roadmap", "Privacy", "Documentation"):
        assert furniture not in stored_text(doc)


def test_paragraphs_made_of_one_link_stay() -> None:
    [doc] = load_path(DATA / "pages" / "weekly-links.html")
    texts = [p.text for p in doc.paragraphs]
    assert "A history of the Port Selby ferry by the sailing club." in texts
    assert "Elena Marsh on skippering the same boat for eleven years." in texts
    assert texts[-1] == "See you next week."
    for furniture in ("Archive", "Subscribe", "Links for the week: week 10", "Contact"):
        assert furniture not in stored_text(doc)


def test_a_letter_keeps_its_greeting_and_signature() -> None:
    [doc] = load_path(DATA / "pages" / "club-letter.html")
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Dear members,"
    assert texts[-2:] == ["Thank you all.", "Anna Kowalczyk, commodore"]
    assert "Join the club" not in stored_text(doc)
