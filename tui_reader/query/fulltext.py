"""The one seam between queries and full-text search.

Every word and phrase of a query is answered here, as a map from article id to
a score (higher ranks first), straight from the full-text index
(``tui_reader/index``): whole words without regard to case or accents,
phrases and ``word*`` prefixes matched by the index itself, scored by its BM25
rank. No article is loaded and no text is read.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from itertools import repeat

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
    either: Sequence[Sequence[Text]] = (),
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
    level, as in ``archive -council``): with ``together`` terms they are the joint
    search's ``NOT`` (``archive NOT council`` lists the few articles left, and only
    those are ranked), and are given no article; otherwise the index is asked only
    which articles hold them (every score 0, which is what they add to the score of
    any match), not to rank 100,000 articles holding a common word.

    ``either`` are groups of terms an OR joins (each named nowhere else in the query):
    a group of single terms is one search (``archive OR signal``), whose scores (each
    the sum of its terms' scores, as two searches would give them) go to the group's
    first term, every article it lists holding that term as far as the OR can tell; the
    other terms of the group are given no article.
    """
    from tui_reader.store.searching import text_ranks, text_scores

    hits: dict[Text, TermHits] = {}
    queries = {term: text_query(term) for term in terms}
    joint = [term for term in dict.fromkeys(together) if queries.get(term)]
    # Words left out that are one term each go into the joint search as its NOT: the
    # index then never lists (nor ranks) the articles holding them, and they match
    # nothing themselves (no article the query keeps holds them). A word of several
    # terms ("co-op" read as two) stays apart: an article holding one of its terms
    # would pass the NOT and have that term add to its rank.
    left_out = [
        term
        for term in dict.fromkeys(unranked)
        if term not in joint and len(queries.get(term, TextQuery(())).terms) == 1
    ]
    if len(joint) > 1 or (joint and left_out):
        both = TextQuery(
            tuple(t for term in joint for t in queries[term].terms),
            tuple(queries[term].terms[0] for term in left_out),
        )
        found = text_scores(library, both)
        hits.update(dict.fromkeys(joint, found))
        hits.update((term, {}) for term in left_out)
    for group in either:
        fresh = [term for term in dict.fromkeys(group) if term not in hits]
        single = [queries[term].terms[0] for term in fresh if len(queries[term].terms) == 1]
        if len(fresh) > 1 and len(single) == len(fresh):
            hits[fresh[0]] = text_scores(library, TextQuery(tuple(single), any=True))
            hits.update((term, {}) for term in fresh[1:])
    for term, query in queries.items():
        if term not in hits:
            if not query:
                hits[term] = None
            elif term in unranked:
                hits[term] = text_ranks(library, query, ranked=False)
            else:
                hits[term] = text_scores(library, query)
    return hits


def summed_scores(hits: dict[Text, TermHits], article_ids: list[str]) -> list[float]:
    """How well each of ``article_ids`` matches the words of ``hits`` (0 without words):
    each term's score added in the order of the terms (terms searched together share
    their map: it is looked up once). The evaluator and the catalog table both rank so."""
    scores: list[float] | None = None
    looked: tuple[int, list[float]] | None = None
    for found in hits.values():
        if found is None:
            continue
        if looked is None or looked[0] != id(found):
            looked = (id(found), list(map(found.get, article_ids, repeat(0.0))))
        # (the first term's scores as they are: adding them to zeros gives the same order)
        scores = looked[1] if scores is None else list(map(operator.add, scores, looked[1]))
    return [0] * len(article_ids) if scores is None else scores  # type: ignore[list-item]
