"""Hypothesis annotations: API search rows and the client's export, placed in the fetched page."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.importers.conftest import DATA, bring
from tests.ingest.conftest import Server
from tui_reader.importing import import_inputs
from tui_reader.ingest.tools import detect
from tui_reader.merging import AddResult, AddStatus
from tui_reader.store import Library

PAGE_URL = "https://example.org/garden"


def _served(server: Server, tmp_path: Path, name: str) -> tuple[Path, str]:
    """The fixture with its page address pointing at the local server."""
    url = server.page("/garden", (DATA / "hypothesis_page.html").read_text(encoding="utf-8"))
    path = tmp_path / name
    path.write_text((DATA / name).read_text(encoding="utf-8").replace(PAGE_URL, url), "utf-8")
    return path, url


def test_fetch_places_each_quote_in_the_page(
    library: Library, server: Server, tmp_path: Path
) -> None:
    path, _ = _served(server, tmp_path, "hypothesis_api.json")
    report = bring(library, path, fetch=True)
    assert not report.failures, report.failures
    q = report.quotes
    assert (q.placed, q.approximate, q.unplaced, q.listed) == (2, 1, 1, 0)
    assert "quotes: 2 placed, 1 placed approximately, 1 unplaced" in report.summary()
    assert [w for _, w in report.warnings] == ["1 reply skipped"]
    (article,) = library.articles()
    assert article.title == "The Garden and the Stream"
    assert article.note == "A page note about the whole essay."
    assert "essay" in article.tags
    paragraphs = library.paragraphs(article.id)
    by_note = {h.note: h for h in library.highlights(article.id)}
    garden = by_note["Key definition."]
    text = paragraphs[garden.anchor.paragraph].text
    assert text[garden.anchor.start : garden.anchor.end] == "The Garden is the web as topology."
    assert garden.tags == ("web", "metaphor")
    assert garden.created == "2024-05-01T10:00:00+00:00"
    stream = by_note["approx"]
    placed = paragraphs[stream.anchor.paragraph].text[stream.anchor.start : stream.anchor.end]
    assert placed.startswith("The Stream is a newer metaphor") and not stream.orphan
    lost = by_note["lost"]
    assert lost.orphan
    assert lost.anchor.quote.exact == "This sentence was removed from the article entirely."
    assert [h.id for h in library.orphans()] == [lost.id]


def test_without_fetch_the_quotes_are_listed_and_a_later_add_of_the_page_places_them(
    library: Library, server: Server, tmp_path: Path
) -> None:
    path, url = _served(server, tmp_path, "hypothesis_export.json")
    report = bring(library, path)
    assert report.quotes.listed == 2
    (article,) = library.articles()
    assert [p.text for p in library.paragraphs(article.id)] == [
        "The Garden is the web as topology.",
        "You jump in and let it flow past.",
    ]
    later = bring(library, url)
    assert later.count(AddStatus.UPDATED) == 1
    paragraphs = library.paragraphs(article.id)
    for hl in library.highlights(article.id):
        assert not hl.orphan
        assert paragraphs[hl.anchor.paragraph].text[hl.anchor.start : hl.anchor.end] in (
            "The Garden is the web as topology.",
            "You jump in and let it flow past.",
        )


def test_reimport_changes_nothing_and_a_newer_edit_updates(
    library: Library, server: Server, tmp_path: Path
) -> None:
    path, _ = _served(server, tmp_path, "hypothesis_api.json")
    bring(library, path, fetch=True)
    again = bring(library, path, fetch=True)
    assert again.count(AddStatus.UNCHANGED) == 1
    assert (again.highlights_added, again.highlights_updated) == (0, 0)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["rows"][0]["text"] = "Key definition, revised."
    data["rows"][0]["updated"] = "2024-07-01T09:00:00.000000+00:00"
    path.write_text(json.dumps(data), encoding="utf-8")
    newer = bring(library, path, fetch=True)
    assert (newer.highlights_added, newer.highlights_updated) == (0, 1)
    (article,) = library.articles()
    notes = sorted(h.note for h in library.highlights(article.id))
    assert "Key definition, revised." in notes and "Key definition." not in notes


def test_an_unreachable_page_keeps_the_quotes_as_a_list_with_a_warning(
    library: Library, server: Server, tmp_path: Path
) -> None:
    path = tmp_path / "annotations.json"
    text = (DATA / "hypothesis_export.json").read_text(encoding="utf-8")
    path.write_text(text.replace(PAGE_URL, server.url("/gone")), encoding="utf-8")
    report = bring(library, path, fetch=True)
    assert report.quotes.listed == 2
    assert any("not fetched (HTTP 404" in w for _, w in report.warnings)


def test_pages_are_fetched_before_the_one_write_handed_to_the_writer(
    library: Library, server: Server, tmp_path: Path
) -> None:
    path, _ = _served(server, tmp_path, "hypothesis_api.json")
    hits_at_write: list[int] = []

    def writer(write: Callable[[], list[AddResult]]) -> list[AddResult]:
        hits_at_write.append(len(server.hits))  # the app runs this on its writer thread
        return write()

    report = import_inputs(library, [str(path)], fetch=True, writer=writer)
    assert hits_at_write == [1] and server.hits == ["/garden"]
    assert report.quotes.placed == 2


def test_a_json_feed_is_not_taken_for_an_export(tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    item = {"id": "1", "content_text": "Hello", "target": ["a"], "uri": "https://x.org"}
    feed.write_text(
        json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": [item]}),
        encoding="utf-8",
    )
    assert detect(feed) is None
    quoted = tmp_path / "quoted.json"
    quoted.write_text(json.dumps([{"note": 'say "target": [] and "uri": "x"'}]), encoding="utf-8")
    assert detect(quoted) is None
    tool = detect(DATA / "hypothesis_api.json")
    assert tool is not None and tool.name == "Hypothesis"
