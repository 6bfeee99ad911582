"""Laying out the reader's blocks as rows: the title, each paragraph with its margin, orphans.

A *block* is the title, one paragraph, or the list of orphaned highlights.
Laying a block out gives its *rows*: which characters of the paragraph go on
each screen line, and which margin line sits beside (or below) it. Styling
of highlights, the cursor, the selection and search hits happens later, when
a row is drawn, so rows stay valid while the cursor moves.

Everything here builds :class:`rich.text.Text` objects from plain strings:
user text is never parsed as markup.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.console import Console
from rich.style import Style
from rich.text import Text

from tui_reader.model import Article, Highlight, Paragraph
from tui_reader.ui.labels import label
from tui_reader.ui.widgets.reader.article_wrap import estimate_lines, wrap_offsets

GUTTER = 2
"""Cells left of the text: the cursor bar and a space."""
GAP = 3
"""Cells between the text and the margin."""
MAX_TEXT_WIDTH = 88
"""The widest the text column gets, for comfortable reading."""
SIDE_MARGIN_MIN_WIDTH = 100
"""Below this many columns the margin folds under its paragraph."""
BELOW_INDENT = 4
"""Indent of margin lines folded under a paragraph."""
QUOTE_LIMIT = 90
"""Characters of a highlight's quote shown in the margin."""
MARGIN_LIMIT = 50
"""Margin entries drawn beside one paragraph; past it a line counts the rest."""
ORPHAN_LIMIT = 50
"""Orphaned highlights listed at the end of the article; past it a line counts the rest."""


# Control characters (C0 but tab and newline, DEL, C1) and bidi overrides: the
# importers strip them, but text restored or written by hand may still hold them.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe_text(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` fit for a terminal, the same length: a control character becomes "\ufffd".

    Tabs (and newlines, unless kept) become spaces, so offsets into the text
    stay valid for highlights and search hits.
    """
    if text.isprintable():
        return text
    text = text.replace("\t", " ")
    if not keep_newlines:
        text = text.replace("\n", " ")
    return _UNSAFE.sub("\ufffd", text)


@dataclass(frozen=True, slots=True)
class Geometry:
    """Column widths for one view width."""

    width: int
    text_width: int
    margin_width: int
    side: bool
    """True: the margin is beside the text; False: it folds below each paragraph."""
    margin: bool
    """False when the user hid the margin."""

    @classmethod
    def for_width(cls, width: int, show_margin: bool = True) -> Geometry:
        """The layout for a view ``width`` cells wide."""
        width = max(10, width)
        if show_margin and width >= SIDE_MARGIN_MIN_WIDTH:
            text = min(MAX_TEXT_WIDTH, width - GUTTER - GAP - 30)
            margin = min(60, width - GUTTER - text - GAP - 1)
            return cls(width, text, margin, True, True)
        text = max(8, min(MAX_TEXT_WIDTH, width - GUTTER - 1))
        return cls(width, text, max(8, text - BELOW_INDENT), False, show_margin)


@dataclass(frozen=True, slots=True)
class Row:
    """One screen line of a block."""

    span: tuple[int, int] | None = None
    """Offsets of the paragraph characters on this line."""
    text: Text | None = None
    """Ready-made text for the text column (title, orphans)."""
    margin: Text | None = None
    """A margin line: beside the text, or folded below it."""
    owner: str | None = None
    """The highlight whose quote starts on this margin line."""
    body: bool = True
    """False for the blank line that separates blocks."""


SEPARATOR = Row(body=False)


def wrap_text(text: Text, width: int, console: Console, max_lines: int | None = None) -> list[Text]:
    """``text`` wrapped to ``width`` cells; cut to ``max_lines`` with an ellipsis."""
    lines = list(text.wrap(console, max(1, width), overflow="fold"))
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        last.truncate(max(1, width - 1))
        last.append("…")
    for line in lines:
        line.rstrip()
    return lines


def short_quote(exact: str, limit: int = QUOTE_LIMIT) -> str:
    """A highlight's quote on one line, cut to ``limit`` characters."""
    quote = " ".join(safe_text(exact).split())
    if len(quote) > limit:
        quote = quote[: limit - 1].rstrip() + "…"
    return f"“{quote}”"


def swatch_style(styles: Mapping[str, Style], colour: str) -> Style:
    """The foreground style of a colour swatch: the view's ``swatch-COLOUR`` style (the
    highlight colour made visible on the theme's ground), else the highlight's background."""
    if f"swatch-{colour}" in styles:
        return styles[f"swatch-{colour}"]
    hl = styles.get(f"hl-{colour}", Style())
    return Style(color=hl.bgcolor, bold=True) if hl.bgcolor else Style(bold=True)


def highlight_note_lines(
    hl: Highlight,
    width: int,
    styles: Mapping[str, Style],
    console: Console,
    *,
    full_quote: bool = False,
) -> list[tuple[Text, str | None]]:
    """One highlight's margin entry: swatch and quote, note, tags.

    Returns lines paired with the highlight id on the quote's first line.
    """
    inner = max(4, width - 2)
    quote = Text(
        short_quote(hl.anchor.quote.exact, 10_000 if full_quote else QUOTE_LIMIT),
        style=styles.get("quote", Style()),
    )
    out: list[tuple[Text, str | None]] = []
    for n, line in enumerate(wrap_text(quote, inner, console, None if full_quote else 2)):
        prefix = Text("█ ", style=swatch_style(styles, hl.colour)) if n == 0 else Text("  ")
        out.append((prefix + line, hl.id if n == 0 else None))
    if hl.note:
        note = Text(safe_text(hl.note, keep_newlines=True), style=styles.get("note", Style()))
        out.extend((Text("  ") + line, None) for line in wrap_text(note, inner, console))
    if hl.tags:
        tags = Text(safe_text(" ".join(f"#{t}" for t in hl.tags)), style=styles.get("tag", Style()))
        out.extend((Text("  ") + line, None) for line in wrap_text(tags, inner, console))
    return out


def margin_lines(
    highlights: Sequence[Highlight],
    width: int,
    styles: Mapping[str, Style],
    console: Console,
) -> list[tuple[Text, str | None]]:
    """The margin beside one paragraph: each highlight's entry, a blank line between.

    At most :data:`MARGIN_LIMIT` entries, then one line saying how many more
    there are: what is built stays bounded however many highlights a paragraph has.
    """
    out: list[tuple[Text, str | None]] = []
    for hl in highlights[:MARGIN_LIMIT]:
        if out:
            out.append((Text(""), None))
        out.extend(highlight_note_lines(hl, width, styles, console))
    more = len(highlights) - MARGIN_LIMIT
    if more > 0:
        text = Text(f"+ {more:,} more highlights here: ] steps through them")
        text.stylize(styles.get("meta", Style()))
        out.append((Text(""), None))
        out.extend((line, None) for line in wrap_text(text, width, console))
    return out


def estimate_margin_rows(highlights: Sequence[Highlight], width: int) -> int:
    """A guess at the rows of :func:`margin_lines`, without wrapping anything."""
    inner = max(4, width - 2)
    shown = highlights[:MARGIN_LIMIT]
    rows = max(0, len(shown) - 1)  # blank lines between entries
    for hl in shown:
        rows += min(2, estimate_lines(min(len(hl.anchor.quote.exact), QUOTE_LIMIT) + 2, inner))
        if hl.note:
            rows += sum(estimate_lines(len(line), inner) for line in hl.note.split("\n"))
        if hl.tags:
            rows += estimate_lines(sum(len(t) + 2 for t in hl.tags), inner)
    if len(highlights) > MARGIN_LIMIT:
        rows += 2
    return rows


def paragraph_rows(
    text: str,
    highlights: Sequence[Highlight],
    geo: Geometry,
    styles: Mapping[str, Style],
    console: Console,
) -> list[Row]:
    """Rows of one paragraph (its display text): wrapped, the margin beside or below it."""
    spans = wrap_offsets(text, geo.text_width)
    notes = margin_lines(highlights, geo.margin_width, styles, console) if geo.margin else []
    rows: list[Row]
    if geo.side:
        rows = [
            Row(
                span=spans[i] if i < len(spans) else None,
                margin=notes[i][0] if i < len(notes) else None,
                owner=notes[i][1] if i < len(notes) else None,
            )
            for i in range(max(len(spans), len(notes)))
        ]
    else:
        rows = [Row(span=span) for span in spans]
        rows.extend(Row(margin=text, owner=owner) for text, owner in notes)
    rows.append(SEPARATOR)
    return rows


def estimate_rows(paragraph: Paragraph, geo: Geometry) -> int:
    """A guess at the number of rows of a paragraph without highlights."""
    return estimate_lines(len(paragraph.text), geo.text_width) + 1


def header_rows(
    article: Article,
    paragraph_count: int,
    geo: Geometry,
    styles: Mapping[str, Style],
    console: Console,
) -> list[Row]:
    """Rows of the article's title, its source line, its tags and its note."""
    width = geo.text_width
    rows = [
        Row(text=line)
        for line in wrap_text(
            Text(label(article.title), style=styles.get("title", Style())), width, console
        )
    ]
    meta = [part for part in (article.source, article.author, article.published[:10]) if part]
    if meta:
        text = Text(label(" · ".join(meta)), style=styles.get("meta", Style()))
        rows.extend(Row(text=line) for line in wrap_text(text, width, console))
    if article.tags:
        tags = label(" ".join(f"#{t}" for t in article.tags))
        text = Text(tags, style=styles.get("tag", Style()))
        rows.extend(Row(text=line) for line in wrap_text(text, width, console))
    if article.note:
        note = Text(safe_text(article.note, keep_newlines=True), style=styles.get("note", Style()))
        rows.extend(Row(text=line) for line in wrap_text(note, width, console))
    if paragraph_count == 0:
        rows.append(Row(text=Text("This article has no text.", style=styles.get("meta", Style()))))
    rows.append(SEPARATOR)
    return rows


def orphan_rows(
    orphans: Sequence[Highlight],
    geo: Geometry,
    styles: Mapping[str, Style],
    console: Console,
) -> list[Row]:
    """Rows listing highlights whose text is no longer in the article."""
    if not orphans:
        return []
    width = geo.text_width
    heading = Text(f"Orphaned highlights ({len(orphans)})", style=styles.get("heading", Style()))
    explain = Text(
        "Their words are not in this article's text (it changed, or an export had only "
        "the quote); they are kept here, not lost. "
        "] steps to one; p places it on the text you select (v), x deletes it.",
        style=styles.get("meta", Style()),
    )
    rows = [Row(text=heading)]
    rows.extend(Row(text=line) for line in wrap_text(explain, width, console))
    for hl in orphans[:ORPHAN_LIMIT]:
        rows.append(Row(text=Text("")))
        lines = highlight_note_lines(hl, width, styles, console, full_quote=True)
        rows.extend(Row(text=text, owner=owner) for text, owner in lines)
    more = len(orphans) - ORPHAN_LIMIT
    if more > 0:
        text = Text(
            f"+ {more:,} more orphaned highlights: newsread list --orphans shows them all.",
            style=styles.get("meta", Style()),
        )
        rows.append(Row(text=Text("")))
        rows.extend(Row(text=line) for line in wrap_text(text, width, console))
    rows.append(SEPARATOR)
    return rows
