"""The one seam between queries and full-text search.

Every word and phrase of a query is answered here, as a map from article id to
a score (higher ranks first). The answer comes from ``Library.search``, which
asks the full-text index (``tui_reader/index``): whole words, without regard
to case or accents.
"""

from __future__ import annotations

from collections.abc import Sequence

from tui_reader.query.nodes import Text
from tui_reader.store import Library, NotFound

#: Extra score for a term found in the title.
TITLE_WEIGHT = 2.0


def search_text(library: Library, terms: Sequence[Text]) -> dict[Text, dict[str, float]]:
    """For each term, the ids of the articles whose text holds it, with a score.

    A word matches a whole word of the title, source, tags or text (case and
    accents ignored; ``word*`` any word starting so); a phrase matches as one run.
    """
    hits: dict[Text, dict[str, float]] = {}
    for term in terms:
        needle = " ".join(term.value.split()).casefold()
        found = library.search(term.value)
        scores: dict[str, float] = {}
        for article in found:
            in_title = needle in article.title.casefold()
            if term.phrase and not in_title and not _holds_phrase(library, article.id, needle):
                continue
            scores[article.id] = 1.0 + (TITLE_WEIGHT if in_title else 0.0)
        hits[term] = scores
    return hits


def _holds_phrase(library: Library, article_id: str, phrase: str) -> bool:
    """True when the phrase is in the article's source, tags or text (words of it
    were found by the search, maybe apart)."""
    article = library.get(article_id)
    head = f"{article.source} {' '.join(article.tags)}".casefold()
    if phrase in head:
        return True
    try:
        paragraphs = library.paragraphs(article_id)
    except NotFound:
        return False
    # Paragraphs are joined by a space, as Library.search sees them.
    return phrase in " ".join(p.text for p in paragraphs).casefold()
