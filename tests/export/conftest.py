"""Helpers for export tests: articles with highlights, and hostile text."""

from __future__ import annotations

from collections.abc import Sequence

from tui_reader.importing import add_document
from tui_reader.model import Article, Document, Paragraph
from tui_reader.store import Library

#: Titles that break naive YAML, Markdown or file names.
HOSTILE_TITLES: list[str] = [
    "Colon: a subtitle",
    "key: value\nother: thing",
    "He said \"hi\" and 'bye'",
    "# Not a heading",
    "#hashtag at start",
    "Line one\nline two",
    "---",
    "a\n---\nb",
    "...",
    "[link](http://example.com)",
    "[[Wiki link]] and ![[embed]]",
    "*bold* and _it_",
    "&anchor",
    "*alias",
    "!tag value",
    "{flow: map}",
    "| a | b |",
    "> quoted",
    "- list item",
    "1. ordered",
    "? question",
    "@at sign",
    "`backticks`",
    "<script>alert(1)</script>",
    "<!-- comment -->",
    "%% hidden %%",
    "==marked== ~~struck~~ $x^2$",
    "Caret ^block",
    "yes",
    "null",
    "~",
    "2024-05-01",
    "0x1F",
    "日本語のタイトル — émoji 🎉 and ﷽",
    "\u2028line separator\u2029paragraph separator",
    "next\x85line",
    "tab\there",
    "trailing space ",
    " ",
    "",
    "'single",
    '"double',
    "\\backslash\\",
    "CON",
    "nul.txt",
    "../../etc/passwd",
    "a/b\\c",
    "..",
    ".hidden",
    "x" * 400,
    "é" * 200,
    "\x1b[31mred\x1b[0m",
    "bidi \u202eevil\u202c text",
]


def add_article(
    library: Library,
    title: str,
    paragraphs: Sequence[str],
    *,
    url: str = "",
    source: str = "",
    tags: Sequence[str] = (),
    published: str = "",
) -> Article:
    """Add an article through the store's normal path and return its record."""
    doc = Document(
        title=title,
        paragraphs=[Paragraph(p) for p in paragraphs],
        url=url,
        source=source,
        tags=tuple(tags),
        published=published,
    )
    return add_document(library, doc).article


def annotated(library: Library) -> tuple[Article, Article]:
    """Two articles: one with three highlights (tags, notes, colours), one with none."""
    first = add_article(
        library,
        "First: the article",
        [
            "Alpha paragraph with some words in it.",
            "Beta paragraph: # not a heading, [not](a link) and <b>no html</b>.",
            "Gamma paragraph ends here.",
        ],
        url="https://example.com/first",
        source="example.com",
        tags=["news", "long read"],
        published="2024-05-01",
    )
    library.create_highlight(first.id, 1, 0, 4, "blue", note="Second note", tags=["idea"])
    library.create_highlight(
        first.id, 0, 6, 15, "green", note="A note\n\nwith two paragraphs", tags=["big idea", "x"]
    )
    library.create_highlight(first.id, 2, 0, 5, "yellow")
    library.set_note(first.id, "The article's own note.")
    second = add_article(library, "Second", ["Only paragraph."])
    return library.get(first.id), second
