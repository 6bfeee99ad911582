"""Shared checks for the index tests: does the index agree with the store?"""

from __future__ import annotations

from tui_reader.index.records import body_hash
from tui_reader.model import Document, Paragraph, plain_text
from tui_reader.store import Library


def doc(n: int, body: str = "", *, title: str = "", tags: tuple[str, ...] = ()) -> Document:
    """An article with a unique word ``tokenN`` in its text."""
    text = body or f"A plain paragraph about rivers and stones, token{n} included."
    return Document(
        title=title or f"Article {n}",
        paragraphs=[Paragraph(text), Paragraph(f"Second paragraph of article {n}.")],
        url=f"https://example.org/{n}",
        tags=tags,
    )


def assert_agrees(library: Library) -> None:
    """The index holds exactly the store's articles, with their current text and tags."""
    index = library.search_index
    indexed = index.indexed()
    articles = library.articles()
    assert set(indexed) == {a.id for a in articles}
    for article in articles:
        body = plain_text(library.paragraphs(article.id))
        assert indexed[article.id] == (
            article.title,
            article.source,
            " ".join(article.tags),
            body_hash(body),
        ), article.id
