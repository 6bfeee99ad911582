"""The store refuses a highlight whose quote is not the stored text at its place."""

from __future__ import annotations

import pytest

from tests.ui.test_reader_support import import_seed
from tui_reader.highlighting import new_highlight
from tui_reader.model import Anchor, Paragraph
from tui_reader.store import InvalidRecord, Library, StaleQuote


def test_a_highlight_made_on_a_replaced_text_is_refused(library: Library) -> None:
    article_id = import_seed(library)
    old = library.paragraphs(article_id)
    hl = new_highlight(article_id, old, 2, 0, 30)
    new = [Paragraph("A new first paragraph."), *old]
    library.put_many([(library.get(article_id), new, ())])
    with pytest.raises(StaleQuote, match="text changed since it was shown") as raised:
        library.put_highlight(hl)
    assert isinstance(raised.value, InvalidRecord)
    assert library.highlights(article_id) == []


def test_a_highlight_whose_quote_is_the_text_is_stored(library: Library) -> None:
    article_id = import_seed(library)
    paragraphs = library.paragraphs(article_id)
    hl = new_highlight(article_id, paragraphs, 2, 4, 30)
    assert library.put_highlight(hl).anchor == hl.anchor
    elsewhere = Anchor(0, 0, 5, hl.anchor.quote)  # not the text at 0:0-5
    orphan = hl.evolve(id="o" * 32, orphan=True, anchor=elsewhere)
    library.put_highlight(orphan)  # an orphan keeps its quote wherever it points
    assert len(library.highlights(article_id)) == 2
