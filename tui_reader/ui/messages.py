"""The messages screens post to the app, and the answers the app posts back.

Screens never import each other or the app: to open the reader, go back to
the library, export or import, a screen posts one of these; it bubbles up to
the app, which does the work. Long work (export, import) reports to the
``requester`` named in the request with the ``bubble=False`` messages below.

Messages are dataclasses for their fields and ``__init__`` only (``eq=False,
repr=False``): a message is an event, compared by identity, and each generated
``__eq__`` and ``__repr__`` is code compiled at import, which the app's start
pays for every message class it loads (the same holds for the screens' own).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.message import Message
from textual.message_pump import MessagePump

from tui_reader.review.request import ReviewRequest

if TYPE_CHECKING:  # imported when a refresh or an import runs, not at start-up
    from tui_reader.feeds.refresh import RefreshReport
    from tui_reader.importing import ImportReport

# ---------------------------------------------------------------------- navigation


@dataclass(eq=False, repr=False)
class OpenArticle(Message):
    """Open this article in the reader (its text is read off the UI thread first)."""

    article_id: str
    highlight_id: str = ""
    """Open at this highlight (its paragraph under the cursor) instead of the saved position."""


@dataclass(eq=False, repr=False)
class OpenHighlights(Message):
    """Open the highlights browser (every highlight of the library)."""


@dataclass(eq=False, repr=False)
class OpenFeeds(Message):
    """Open the feeds screen (every subscription, its unread count and its errors)."""


@dataclass(eq=False, repr=False)
class ShowFeed(Message):
    """Back to the library, listing only the articles from the feed at ``url``."""

    url: str
    name: str
    """The feed's title (or address), for the library's status line."""


@dataclass(eq=False, repr=False)
class OpenReview(Message):
    """Start today's review (the queue is built off the UI thread first)."""

    request: ReviewRequest = field(default_factory=ReviewRequest)
    quits_after: bool = False
    """Started by ``newsread review``: leaving the review quits the app."""


@dataclass(eq=False, repr=False)
class OpenStats(Message):
    """Open the stats screen."""


@dataclass(eq=False, repr=False)
class CloseReader(Message):
    """The reader is done: back to the library."""


@dataclass(eq=False, repr=False)
class LibraryListed(Message):
    """The library screen has shown its first listing of the whole library: start-up is
    over (the app lets Python's full collections run again)."""


@dataclass(eq=False, repr=False)
class CheckLibraryWarnings(Message):
    """A screen read the library: show what the library had to say (files are read
    lazily, so a damaged file found and restored mid-session is reported then)."""


# ---------------------------------------------------------------------- export


@dataclass(eq=False, repr=False)
class ExportRequested(Message):
    """Export the highlights and notes of these articles to the export folder."""

    article_ids: list[str]
    requester: MessagePump
    """Receives :class:`ExportProgress` and :class:`ExportFinished`."""
    highlight_ids: frozenset[str] | None = None
    """Only these highlights (the highlights browser's filtered list), written to one file
    of their own named after ``selection``; None: all of each article's, one file each."""
    selection: str = ""
    """The filter that listed ``highlight_ids`` (it names their file)."""
    annotated_only: bool = False
    """Leave out articles without highlights or notes (the library's list)."""


@dataclass(eq=False, repr=False)
class ExportProgress(Message, bubble=False):
    """``done`` of ``total`` articles exported (a newer one replaces it in the queue)."""

    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        """Only the latest progress needs showing."""
        return isinstance(message, ExportProgress)


@dataclass(eq=False, repr=False)
class ExportFinished(Message, bubble=False):
    """The export ended (the app has said how)."""


# ---------------------------------------------------------------------- import


@dataclass(eq=False, repr=False)
class ImportRequested(Message):
    """Import a file, a folder or a URL into the library."""

    source: str
    requester: MessagePump
    """Receives :class:`ImportStarted`, :class:`ImportAdvanced`, :class:`ImportFinished`."""


@dataclass(eq=False, repr=False)
class ImportStarted(Message, bubble=False):
    """The import found ``total`` inputs to read."""

    total: int


@dataclass(eq=False, repr=False)
class ImportAdvanced(Message, bubble=False):
    """``done`` inputs were read, the last one ``name``."""

    name: str
    done: int


@dataclass(eq=False, repr=False)
class ImportFinished(Message, bubble=False):
    """An import ended, with its report or the error that stopped it."""

    report: ImportReport | None
    error: str = ""


# ---------------------------------------------------------------------- refresh


@dataclass(eq=False, repr=False)
class RefreshRequested(Message):
    """Refresh these feeds (addresses, titles or numbers), or every feed when None."""

    keys: tuple[str, ...] | None = None


@dataclass(eq=False, repr=False)
class RefreshProgress(Message, bubble=False):
    """``done`` of ``total`` feeds refreshed, the last one ``feed`` (0 of 0: starting).

    Posted to the app, which hands a copy to every open screen."""

    done: int
    total: int
    feed: str

    def can_replace(self, message: Message) -> bool:
        """Only the latest progress needs showing."""
        return isinstance(message, RefreshProgress)


@dataclass(eq=False, repr=False)
class RefreshFinished(Message, bubble=False):
    """A refresh ended, with its report or the error that stopped it (posted to the app,
    which hands a copy to every open screen and sums it up in a notification)."""

    report: RefreshReport | None
    error: str = ""
