"""What a tool importer hands back: documents with their highlights, before any merging.

A tool's export (Kindle clippings, a Hypothesis file, a KOReader sidecar...)
becomes a list of :class:`AnnotatedDocument`, each with its
:class:`ImportedHighlight` s. Nothing here is sanitised or placed yet: the
import path (``tui_reader.annotated_merge``) cleans every string, places each
quote in the article's text and merges with what the library already holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui_reader.model import COLOURS, Paragraph, Queue, ReadingState


@dataclass(slots=True)
class ImportedHighlight:
    """One highlight (or note on a quote) as a tool exported it."""

    quote: str
    """The highlighted text, as exported."""
    key: str
    """What identifies this highlight in the tool across exports (its id, or its location)."""
    note: str = ""
    tags: tuple[str, ...] = ()
    colour: str = COLOURS[0]
    created: str = ""
    """ISO 8601, or empty when the tool gave no date."""
    updated: str = ""
    prefix: str = ""
    """Text just before the quote, when the tool kept it (Hypothesis' TextQuoteSelector)."""
    suffix: str = ""
    position: int | None = None
    """Where the quote started in the tool's own text (TextPositionSelector), a hint only."""
    order: tuple[float, ...] = ()
    """Sort key in the source (location, page); highlights keep export order when equal."""


@dataclass(slots=True)
class AnnotatedDocument:
    """An article or a book from another tool, with its highlights."""

    title: str
    key: str = ""
    """Identity when there is no URL (a book: ``book:<title>|<author>``)."""
    url: str = ""
    author: str = ""
    source: str = ""
    published: str = ""
    added: str = ""
    """When it was saved in the tool (ISO 8601), or empty."""
    tags: tuple[str, ...] = ()
    state: ReadingState | None = None
    """The tool's read state, when it has one."""
    queue: Queue | None = None
    """Where it waited in the tool (inbox, later, archive), when the tool has such places."""
    progress: float | None = None
    """Reading progress from 0.0 to 1.0, when the tool kept it."""
    paragraphs: list[Paragraph] | None = None
    """The article's text when the export carries it (Omnivore content), else None."""
    summary: str = ""
    """A description or excerpt: the text of an article with no text and no highlight."""
    note: str = ""
    """Notes that belong to no quote (a Kindle note on its own, a Hypothesis page note)."""
    highlights: list[ImportedHighlight] = field(default_factory=list)


@dataclass(slots=True)
class ToolExport:
    """Everything read from one export file."""

    tool: str
    """The tool's name, as shown to the user ("Kindle", "Hypothesis"...)."""
    documents: list[AnnotatedDocument] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """Things worth telling that did not stop the import (skipped rows, odd encodings)."""


#: Colour names used by other tools, mapped to newsread's five.
_COLOUR_NAMES = {
    "yellow": "yellow",
    "orange": "yellow",
    "gray": "yellow",
    "grey": "yellow",
    "green": "green",
    "olive": "green",
    "blue": "blue",
    "cyan": "blue",
    "pink": "pink",
    "red": "pink",
    "magenta": "pink",
    "purple": "purple",
    "violet": "purple",
}


def colour_of(name: str | None) -> str:
    """newsread's colour nearest to a tool's colour name (yellow when unknown)."""
    return _COLOUR_NAMES.get((name or "").strip().lower(), COLOURS[0])


def book_key(title: str, author: str) -> str:
    """The identity of a book without a URL: the same for every tool that exports it."""
    return f"book:{' '.join(title.split()).casefold()}|{' '.join(author.split()).casefold()}"
