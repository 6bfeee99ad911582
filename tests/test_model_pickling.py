"""Documents and paragraphs survive pickling (the refresh's parser process sends them back
pickled), field for field."""

from __future__ import annotations

import pickle
from dataclasses import fields

from tui_reader.ingest.loaded import Loaded
from tui_reader.model import Document, Paragraph


def every_field_set() -> Document:
    """A document whose every field holds something other than its default."""
    return Document(
        "Title",
        [Paragraph("Heading", "heading", 2), Paragraph("Body text.")],
        source="feed.example",
        url="https://feed.example/1",
        author="A. Writer",
        published="2026-03-02T10:00:00+00:00",
        tags=("one", "two"),
        origin="https://feed.example/feed.xml",
        guid="urn:1",
        id="0123456789abcdef",
    )


def test_a_document_and_its_paragraphs_come_back_equal() -> None:
    doc = every_field_set()
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        back = pickle.loads(pickle.dumps(doc, protocol))
        assert back == doc
        assert [(f.name, getattr(back, f.name)) for f in fields(Document)] == [
            (f.name, getattr(doc, f.name)) for f in fields(Document)
        ]
        assert back.paragraphs[0].is_heading and back.paragraphs[0].level == 2


def test_every_field_is_pickled() -> None:
    # a field added to Document or Paragraph must be added to its __reduce__ too
    assert len(every_field_set().__reduce__()[1]) == len(fields(Document))
    assert len(Paragraph("x").__reduce__()[1]) == len(fields(Paragraph))


def test_a_loaded_feed_keeps_its_warnings_and_summaries() -> None:
    loaded = Loaded([every_field_set()], warnings=["odd"], summaries={"abc"})
    back = pickle.loads(pickle.dumps(loaded))
    assert list(back) == list(loaded)
    assert back.warnings == ["odd"] and back.summaries == {"abc"}
