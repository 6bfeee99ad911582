"""The one seam between queries and full-text search.

Every word and phrase of a query is answered here, as a map from article id to
a score (higher ranks first), straight from the full-text index
(``tui_reader/index``): whole words without regard to case or accents,
phrases and ``word*`` prefixes matched by the index itself, scored by its BM25
rank. No article is loaded and no text is read.
"""

from __future__ import annotations

from collections.abc import Sequence

from tui_reader.index import Term, TextQuery
from tui_reader.query.nodes import Text
from tui_reader.store import Library

#: What a term of the query matched: article id -> score; None for every article
#: (a term holding no word at all, such as ``^``).
TermHits = dict[str, float] | None


def text_query(term: Text) -> TextQuery:
    """The index query for one word (``muse*`` a prefix) or one phrase of a query."""
    if term.phrase:
        found = Term.of(term.value)
        return TextQuery(() if found is None else (found,))
    return TextQuery.parse(term.value)


def search_text(
    library: Library,
    terms: Sequence[Text],
    together: Sequence[Text] = (),
    unranked: Sequence[Text] = (),
) -> dict[Text, TermHits]:
    """For each term, the ids of the articles holding it, with a score.

    A word matches a whole word of the title, source, tags or text (case and
    accents ignored; ``word*`` any word starting so); a phrase matches as one run.

    ``together`` are terms every match must hold (the query's top-level AND): the
    index answers them in one search, and each of them is given the articles holding
    them all. An article outside that set fails the query whatever the other terms
    say, so this answers the query as the separate sets would, and ``treaty drought``
    ranks only the articles with both words instead of every article with either.

    ``unranked`` are terms no match can hold (the query leaves them out at its top
    level, as in ``archive -council``): the index is asked only which articles hold
    them (every score 0, which is what they add to the score of any match), not to
    rank 100,000 articles holding a common word.
    """
    from tui_reader.store.searching import text_ranks

    hits: dict[Text, TermHits] = {}
    queries = {term: text_query(term) for term in terms}
    joint = [term for term in dict.fromkeys(together) if queries.get(term)]
    if len(joint) > 1:
        both = TextQuery(tuple(t for term in joint for t in queries[term].terms))
        found = {a: -r for a, r in text_ranks(library, both).items()}
        hits.update(dict.fromkeys(joint, found))
    for term, query in queries.items():
        if term not in hits:
            if not query:
                hits[term] = None
            elif term in unranked:
                hits[term] = text_ranks(library, query, ranked=False)
            else:
                hits[term] = {a: -r for a, r in text_ranks(library, query).items()}
    return hits
