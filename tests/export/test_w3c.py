"""W3C Web Annotation export: the model's structure, and selectors that hit the right text."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Any

from tests.export.conftest import add_article, annotated
from tui_reader.export import ExportFilter, export_articles
from tui_reader.model import paragraph_starts, plain_text
from tui_reader.store import Library

ISO_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def check_annotation(item: dict[str, Any]) -> None:
    """The keys and types the Web Annotation Data Model requires of an Annotation."""
    assert item["type"] == "Annotation"
    assert isinstance(item["id"], str) and ":" in item["id"]
    assert item["motivation"] in ("highlighting", "commenting", "tagging")
    target = item["target"]
    assert isinstance(target["source"], str) and ":" in target["source"]
    for body in item.get("body", []):
        assert body["type"] == "TextualBody"
        assert isinstance(body["value"], str) and body["value"]
        assert body["purpose"] in ("commenting", "tagging")
        assert body["format"] == "text/plain"
    for key in ("created", "modified"):
        if key in item:
            assert ISO_UTC.fullmatch(item[key]), item[key]
    for selector in target.get("selector", []):
        if selector["type"] == "TextQuoteSelector":
            assert {"exact", "prefix", "suffix"} <= set(selector)
        else:
            assert selector["type"] == "TextPositionSelector"
            assert 0 <= selector["start"] <= selector["end"]


def test_collection_structure(library: Library, tmp_path: Path) -> None:
    first, _ = annotated(library)
    result = export_articles(library, None, "w3c", tmp_path / "notes.jsonld")
    assert result.files == [tmp_path / "notes.jsonld"] and result.highlights == 3
    data = load(tmp_path / "notes.jsonld")
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection"
    assert data["id"].startswith("urn:uuid:")
    page = data["first"]
    assert page["type"] == "AnnotationPage" and page["startIndex"] == 0
    items = page["items"]
    assert data["total"] == len(items) == 4  # three highlights and the article's note
    for item in items:
        check_annotation(item)
    highlights = [i for i in items if i["motivation"] == "highlighting"]
    assert len(highlights) == 3
    for item, hl in zip(highlights, library.highlights(first.id), strict=True):
        assert item["id"] == f"urn:uuid:{uuid.UUID(hl.id)}"
        assert item["target"]["source"] == "https://example.com/first"
        assert item["target"]["styleClass"] == f"newsread-{hl.colour}"
        assert item["stylesheet"]["type"] == "CssStylesheet"
        assert f".newsread-{hl.colour} " in item["stylesheet"]["value"]
        bodies = item.get("body", [])
        assert [b["value"] for b in bodies if b["purpose"] == "commenting"] == (
            [hl.note] if hl.note else []
        )
        assert [b["value"] for b in bodies if b["purpose"] == "tagging"] == list(hl.tags)
    note = next(i for i in items if i["motivation"] == "commenting")
    assert note["target"] == {"source": "https://example.com/first"}
    assert note["body"][0]["value"] == "The article's own note."


def test_selectors_point_at_the_right_characters(library: Library, tmp_path: Path) -> None:
    paragraphs = [
        "Ünïcödé first paragraph 🎉 with an emoji.",
        "Second: the same words twice, the same words.",
        "Third.",
    ]
    article = add_article(library, "Selectors", paragraphs)
    spans = [(0, 0, 7), (0, 24, 25), (1, 30, 44), (1, 8, 22), (2, 0, 6)]
    for index, start, end in spans:
        library.create_highlight(article.id, index, start, end)
    export_articles(library, None, "w3c", tmp_path / "a.jsonld")
    items = load(tmp_path / "a.jsonld")["first"]["items"]
    stored = library.paragraphs(article.id)
    text = plain_text(stored)
    assert text == "\n\n".join(paragraphs)
    starts = paragraph_starts(stored)
    assert len(items) == len(spans)
    for item, hl in zip(items, library.highlights(article.id), strict=True):
        assert item["target"]["source"] == f"urn:newsread:{article.id}"
        quote, position = item["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector"
        assert position["type"] == "TextPositionSelector"
        a = hl.anchor
        assert position["start"] == starts[a.paragraph] + a.start
        assert position["end"] == starts[a.paragraph] + a.end
        assert text[position["start"] : position["end"]] == quote["exact"] == a.quote.exact
        assert text[: position["start"]].endswith(quote["prefix"])
        assert text[position["end"] :].startswith(quote["suffix"])
        assert len(quote["prefix"]) == min(32, position["start"])
        assert quote["exact"] == paragraphs[a.paragraph][a.start : a.end]


def test_orphans_have_only_a_quote_selector(library: Library, tmp_path: Path) -> None:
    article = add_article(library, "T", ["Some text to quote."])
    hl = library.create_highlight(article.id, 0, 5, 9)
    library.put_highlight(hl.evolve(orphan=True))
    export_articles(library, None, "w3c", tmp_path / "a.jsonld")
    (item,) = load(tmp_path / "a.jsonld")["first"]["items"]
    assert item["target"]["selector"] == [
        {"type": "TextQuoteSelector", "exact": "text", "prefix": "Some ", "suffix": " to quote."}
    ]


def test_highlight_filters_leave_out_article_notes(library: Library, tmp_path: Path) -> None:
    annotated(library)
    result = export_articles(
        library, None, "w3c", tmp_path / "a.jsonld", filters=ExportFilter(colours=("yellow",))
    )
    items = load(tmp_path / "a.jsonld")["first"]["items"]
    assert result.highlights == 1 and [i["motivation"] for i in items] == ["highlighting"]
    assert items[0]["target"]["styleClass"] == "newsread-yellow"
