"""Markdown for Obsidian-style vaults: one file per article, or one file for all.

Per article (see DESIGN.md)::

    ---
    id: <article id>
    title: <title>
    ...
    ---

    <!-- newsread:begin ... -->
    # <title>

    <article note>

    ## Highlights

    > <highlight text> ^hl-<8 characters of its id>

    #tag1 #tag2
    colour:: yellow

    <note>

    ## Orphaned highlights
    ...
    <!-- newsread:end -->

Every piece of text from the library is escaped (see :mod:`.escape`); the
front matter goes through PyYAML's emitter.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tui_reader.export.escape import (
    block_id,
    escape_lines,
    escape_one_line,
    obsidian_tags,
)
from tui_reader.model import Article, Highlight

#: Front matter keys newsread owns: replaced (or removed when empty) on re-export.
FRONT_MATTER_KEYS = (
    "id",
    "title",
    "source",
    "url",
    "author",
    "published",
    "added",
    "tags",
    "state",
    "highlights",
)

#: Title of the file written by ``--single-file``.
SINGLE_FILE_TITLE = "newsread highlights"

ORPHANS_HEADING = "Orphaned highlights"
ORPHANS_NOTE = (
    "These highlights could not be placed in the current text of the article; "
    "their quotes are kept here."
)


def front_matter(article: Article, highlight_count: int) -> dict[str, Any]:
    """The front matter of an article's file (empty fields left out)."""
    data: dict[str, Any] = {"id": article.id, "title": article.title}
    for key in ("source", "url", "author", "published", "added"):
        value = getattr(article, key)
        if value:
            data[key] = value
    tags = obsidian_tags(article.tags)
    if tags:
        data["tags"] = tags
    data["state"] = str(article.state)
    data["highlights"] = highlight_count
    return data


def render_highlight(hl: Highlight) -> list[str]:
    """The lines of one highlight: the quote with its block id, tags and colour, note."""
    quote = escape_lines(hl.anchor.quote.exact) or ["…"]
    quote[-1] = f"{quote[-1]} ^{block_id(hl.id)}".lstrip()
    lines = [f"> {line}".rstrip() for line in quote]
    lines.append("")
    tags = obsidian_tags(hl.tags)
    if tags:
        lines.append(" ".join(f"#{t}" for t in tags))
    lines.append(f"colour:: {escape_one_line(hl.colour)}")
    note = escape_lines(hl.note)
    if note:
        lines.append("")
        lines.extend(note)
    lines.append("")
    return lines


def render_article(
    article: Article,
    highlights: Sequence[Highlight],
    level: int = 1,
    details: bool = False,
) -> str:
    """An article's section: heading, note, highlights in reading order, orphans apart.

    ``level`` is the level of the title heading (the highlight headings sit one
    below); ``details`` adds a line with the source, URL and date (for
    ``--single-file``, which has no front matter per article).
    """
    h = "#" * level
    lines = [f"{h} {escape_one_line(article.title) or 'Untitled'}", ""]
    if details:
        parts = [p for p in (article.source, article.url, article.published[:10]) if p]
        if parts:
            lines += [escape_one_line(" · ".join(parts)), ""]
    note = escape_lines(article.note)
    if note:
        lines += [*note, ""]
    placed = sorted((x for x in highlights if not x.orphan), key=lambda x: (x.sort_key, x.id))
    orphans = sorted((x for x in highlights if x.orphan), key=lambda x: (x.sort_key, x.id))
    lines += [f"{h}# Highlights", ""]
    if not placed:
        lines += ["No highlights.", ""]
    for hl in placed:
        lines += render_highlight(hl)
    if orphans:
        lines += [f"{h}# {ORPHANS_HEADING}", "", ORPHANS_NOTE, ""]
        for hl in orphans:
            lines += render_highlight(hl)
    return "\n".join(lines).rstrip("\n") + "\n"


def render_single(sections: Sequence[str]) -> str:
    """The generated region of a ``--single-file`` export: a title and one section each."""
    body = [f"# {SINGLE_FILE_TITLE}", ""]
    for section in sections:
        body += [section.rstrip("\n"), ""]
    if not sections:
        body += ["No articles.", ""]
    return "\n".join(body).rstrip("\n") + "\n"


def single_front_matter(article_count: int, highlight_count: int) -> dict[str, Any]:
    """The front matter of a ``--single-file`` export."""
    return {"title": SINGLE_FILE_TITLE, "articles": article_count, "highlights": highlight_count}
