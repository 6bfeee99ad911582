"""The data model: articles, paragraphs, highlights and their anchors.

Plain dataclasses with conversions to and from JSON-ready dicts. No I/O and no
UI imports live here; the store, the importers, the exporters and the UI all
speak these types.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Literal

#: The highlight colours, in the order of the keys 1-5 that choose them.
COLOURS: tuple[str, ...] = ("yellow", "green", "blue", "pink", "purple")

#: How many characters of context a quote keeps on each side.
QUOTE_CONTEXT = 32

#: The separator between paragraphs in an article's plain text.
PARAGRAPH_SEPARATOR = "\n\n"

ParagraphKind = Literal["text", "heading"]


def now_iso() -> str:
    """The current UTC time as an ISO 8601 string with seconds."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def short_hash(text: str, length: int = 16) -> str:
    """A stable hex digest of ``text``, ``length`` characters long."""
    sha256 = _sha256 or _load_sha256()
    return sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:length]


#: ``hashlib.sha256`` once the first hash is made (a refresh makes several an entry).
_sha256: Callable[[bytes], Any] | None = None


def _load_sha256() -> Callable[[bytes], Any]:
    global _sha256
    import hashlib  # here, not at start-up: opening the app needs no hashing

    _sha256 = hashlib.sha256
    return _sha256


class ReadingState(StrEnum):
    """Where the reader is with an article."""

    UNREAD = "unread"
    READING = "reading"
    READ = "read"
    ARCHIVED = "archived"


class Queue(StrEnum):
    """Where an article waits: new arrivals, kept for later, or put away."""

    INBOX = "inbox"
    LATER = "later"
    ARCHIVE = "archive"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One block of an article: body text or a heading."""

    text: str
    """The paragraph's text, already sanitised."""
    kind: ParagraphKind = "text"
    """``"text"`` for body text, ``"heading"`` for a heading."""
    level: int = 0
    """Heading level 1-6 for headings, 0 for body text."""

    def __reduce__(self) -> tuple[type[Paragraph], tuple[str, ParagraphKind, int]]:
        # Pickled as a call with its fields (a refresh's parser process sends thousands):
        # a slots dataclass's own __getstate__/__setstate__ run in Python per object.
        return (Paragraph, (self.text, self.kind, self.level))

    @property
    def is_heading(self) -> bool:
        """True when this paragraph is a heading."""
        return self.kind == "heading"

    def to_list(self) -> list[Any]:
        """A compact JSON form: ``[text]`` or ``[text, kind, level]``."""
        if self.kind == "text":
            return [self.text]
        return [self.text, self.kind, self.level]

    @classmethod
    def from_list(cls, raw: list[Any]) -> Paragraph:
        """Inverse of :meth:`to_list`."""
        if len(raw) == 1:
            return cls(str(raw[0]))
        return cls(str(raw[0]), "heading" if raw[1] == "heading" else "text", int(raw[2]))


def plain_text(paragraphs: list[Paragraph] | tuple[Paragraph, ...]) -> str:
    """The article's plain text: paragraphs joined by a blank line."""
    return PARAGRAPH_SEPARATOR.join(p.text for p in paragraphs)


def paragraph_starts(paragraphs: list[Paragraph] | tuple[Paragraph, ...]) -> list[int]:
    """The offset of each paragraph in :func:`plain_text`."""
    starts: list[int] = []
    offset = 0
    for p in paragraphs:
        starts.append(offset)
        offset += len(p.text) + len(PARAGRAPH_SEPARATOR)
    return starts


def content_hash(title: str, paragraphs: list[Paragraph] | tuple[Paragraph, ...]) -> str:
    """A hash of an article's title and text, used to notice changed re-imports."""
    return short_hash(title + "\x00" + plain_text(paragraphs), 32)


def word_count(paragraphs: Iterable[Paragraph]) -> int:
    """How many words the paragraphs hold (``len(text.split())`` summed).

    A printable ASCII paragraph whose only spaces are single ones between words (what
    the sanitiser makes of most text) is counted by its spaces: splitting built a
    string per word, a tenth of the time an import spent on each article's record.
    """
    total = 0
    for p in paragraphs:
        text = p.text
        if (
            text.isascii()
            and text.isprintable()
            and "  " not in text
            and text[:1] != " "
            and text[-1:] != " "
        ):
            total += text.count(" ") + 1 if text else 0
        else:
            total += len(text.split())
    return total


@dataclass(slots=True)
class Document:
    """An article as an importer produces it, before the library gives it an id."""

    title: str
    paragraphs: list[Paragraph]
    source: str = ""
    """The site or feed it came from (``www.rfa.org``)."""
    url: str = ""
    """The canonical URL when known."""
    author: str = ""
    published: str = ""
    """Publication date as ISO 8601 text, or empty."""
    tags: tuple[str, ...] = ()
    origin: str = ""
    """Where it was imported from: a file path or URL."""
    guid: str = ""
    """A feed entry id, when the article came from a feed."""
    id: str = ""
    """The id of the article the library already holds for it, when matching found one
    under another id (an entry stored before its id was made this way); else ""."""

    def __reduce__(self) -> tuple[type[Document], tuple[Any, ...]]:
        # Pickled as a call with its fields, as Paragraph is (the refresh's parser
        # process sends its documents back pickled).
        return (
            Document,
            (
                self.title,
                self.paragraphs,
                self.source,
                self.url,
                self.author,
                self.published,
                self.tags,
                self.origin,
                self.guid,
                self.id,
            ),
        )

    def article_id(self, hashed: str = "") -> str:
        """A stable id: the matched one (``id``) when set; else from the feed guid together
        with the canonical URL (entries sharing a link are told apart by their guids), the
        URL alone, the guid alone, or else the text (``hashed``: its :func:`content_hash`
        when already computed).

        Entries with both a guid and a link were given their link's id before
        (:func:`link_id`): the refresh and the import match those by guid, then by link.
        """
        if self.id:
            return self.id
        if self.url and self.guid:
            return short_hash("entry:" + self.guid + "\n" + canonical_url(self.url))
        if self.url:
            return link_id(self.url)
        if self.guid:
            return short_hash("guid:" + self.guid)
        return short_hash("text:" + (hashed or content_hash(self.title, self.paragraphs)))


def link_id(url: str) -> str:
    """The id of an article known by its URL alone (and of feed entries with a guid and a
    link stored before guids told them apart)."""
    return short_hash("url:" + canonical_url(url))


def canonical_url(url: str) -> str:
    """A URL normalised for identity: no fragment, no trailing slash, lower-case host."""
    url = url.strip().split("#", 1)[0]
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url.rstrip("/")
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}://{host.lower()}{slash}{path}".rstrip("/")


@dataclass(slots=True)
class Article:
    """An article's record in the library (its paragraphs are stored apart)."""

    id: str
    title: str
    source: str = ""
    url: str = ""
    author: str = ""
    published: str = ""
    added: str = field(default_factory=now_iso)
    updated: str = ""
    tags: tuple[str, ...] = ()
    note: str = ""
    content_hash: str = ""
    paragraph_count: int = 0
    word_count: int = 0
    position: int = 0
    """Index of the paragraph the reader stopped at."""
    state: ReadingState = ReadingState.UNREAD
    origin: str = ""
    guid: str = ""
    queue: Queue = Queue.INBOX
    """Inbox, later or archive (feeds put new entries in the inbox)."""
    read_at: str = ""
    """When it was marked read (ISO 8601), empty when unread or read before this was kept."""

    @property
    def progress(self) -> float:
        """Reading progress from 0.0 to 1.0, from the saved position."""
        if self.state in (ReadingState.READ, ReadingState.ARCHIVED):
            return 1.0
        if self.paragraph_count <= 1:
            return 0.0
        return min(1.0, self.position / (self.paragraph_count - 1))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "author": self.author,
            "published": self.published,
            "added": self.added,
            "updated": self.updated,
            "tags": list(self.tags),
            "note": self.note,
            "content_hash": self.content_hash,
            "paragraph_count": self.paragraph_count,
            "word_count": self.word_count,
            "position": self.position,
            "state": str(self.state),
            "origin": self.origin,
            "guid": self.guid,
            "queue": str(self.queue),
            "read_at": self.read_at,
        }

    def to_record(self) -> dict[str, Any]:
        """The record the store writes: :meth:`to_dict` without the fields that hold their
        default (empty, zero, unread, inbox). :meth:`from_dict` reads both forms.

        A third of a feed-less article's record is empty fields: left out, the
        catalog of 100,000 articles parses in 0.6 of the time (``newsread list
        --search`` of a common word reads all of it) and takes a quarter less room.
        """
        # Field by field, in to_dict's order (a dict of every field filtered by a
        # comprehension cost a refresh of 10,000 new entries 0.1 s of its writer).
        record: dict[str, Any] = {"id": self.id, "title": self.title}
        if self.source != "":
            record["source"] = self.source
        if self.url != "":
            record["url"] = self.url
        if self.author != "":
            record["author"] = self.author
        if self.published != "":
            record["published"] = self.published
        record["added"] = self.added
        if self.updated != "":
            record["updated"] = self.updated
        if (tags := list(self.tags)) != []:
            record["tags"] = tags
        if self.note != "":
            record["note"] = self.note
        if self.content_hash != "":
            record["content_hash"] = self.content_hash
        if self.paragraph_count != 0:
            record["paragraph_count"] = self.paragraph_count
        if self.word_count != 0:
            record["word_count"] = self.word_count
        if self.position != 0:
            record["position"] = self.position
        if (state := str(self.state)) != "unread":
            record["state"] = state
        if self.origin != "":
            record["origin"] = self.origin
        if self.guid != "":
            record["guid"] = self.guid
        if (queue := str(self.queue)) != "inbox":
            record["queue"] = queue
        if self.read_at != "":
            record["read_at"] = self.read_at
        return record

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Article:
        """Inverse of :meth:`to_dict` and :meth:`to_record`; unknown keys are ignored, odd
        values coerced."""
        try:
            return cls._from_stored(raw)
        except (KeyError, TypeError, ValueError):
            return cls._from_foreign(raw)

    @classmethod
    def _from_stored(cls, raw: dict[str, Any]) -> Article:
        # The fast path, for records this code wrote: each field typed, and present unless
        # it holds its default (to_record). Opening a 10,000-article library builds
        # 10,000 of these.
        get = raw.get
        if type(raw["title"]) is not str or type(get("paragraph_count", 0)) is not int:
            raise TypeError("not a stored record")
        return cls(
            raw["id"],
            raw["title"],
            get("source", ""),
            get("url", ""),
            get("author", ""),
            get("published", ""),
            raw["added"],
            get("updated", ""),
            tuple(get("tags", ())),
            get("note", ""),
            get("content_hash", ""),
            get("paragraph_count", 0),
            get("word_count", 0),
            get("position", 0),
            _STATES[get("state", "unread")],
            get("origin", ""),
            get("guid", ""),
            _QUEUES[get("queue", "inbox")],
            get("read_at", ""),
        )

    @classmethod
    def _from_foreign(cls, raw: dict[str, Any]) -> Article:
        try:
            state = ReadingState(raw.get("state", "unread"))
        except ValueError:
            state = ReadingState.UNREAD
        queue = _QUEUES.get(str(raw.get("queue", "inbox")), Queue.INBOX)
        return cls(
            id=str(raw["id"]),
            title=str(raw.get("title", "")),
            source=str(raw.get("source", "")),
            url=str(raw.get("url", "")),
            author=str(raw.get("author", "")),
            published=str(raw.get("published", "")),
            added=str(raw.get("added", "")),
            updated=str(raw.get("updated", "")),
            tags=tuple(str(t) for t in raw.get("tags", ())),
            note=str(raw.get("note", "")),
            content_hash=str(raw.get("content_hash", "")),
            paragraph_count=int(raw.get("paragraph_count", 0)),
            word_count=int(raw.get("word_count", 0)),
            position=int(raw.get("position", 0)),
            state=state,
            origin=str(raw.get("origin", "")),
            guid=str(raw.get("guid", "")),
            queue=queue,
            read_at=str(raw.get("read_at", "")),
        )


_QUEUES = {str(queue): queue for queue in Queue}
_STATES = {str(state): state for state in ReadingState}


@dataclass(frozen=True, slots=True)
class Quote:
    """A W3C-style text quote: the exact text and its context."""

    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where a highlight sits: a paragraph, offsets inside it, and the quoted text."""

    paragraph: int
    start: int
    end: int
    quote: Quote


@dataclass(frozen=True, slots=True)
class Highlight:
    """A highlighted span of an article, with its colour, note and tags."""

    id: str
    article_id: str
    anchor: Anchor
    colour: str = COLOURS[0]
    note: str = ""
    tags: tuple[str, ...] = ()
    created: str = field(default_factory=now_iso)
    updated: str = field(default_factory=now_iso)
    orphan: bool = False
    """True when re-anchoring could not place the quote in the current text."""

    @staticmethod
    def new_id() -> str:
        """A fresh random highlight id (32 hex characters)."""
        import uuid

        return uuid.uuid4().hex

    @property
    def short_id(self) -> str:
        """The first 8 characters of the id, as used in block references."""
        return self.id[:8]

    @property
    def sort_key(self) -> tuple[int, int, int, int]:
        """Orders highlights by position in the article, orphans last."""
        return (int(self.orphan), self.anchor.paragraph, self.anchor.start, self.anchor.end)

    def evolve(self, **changes: Any) -> Highlight:
        """A copy with ``changes`` applied and ``updated`` set to now."""
        changes.setdefault("updated", now_iso())
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        a = self.anchor
        return {
            "id": self.id,
            "article_id": self.article_id,
            "paragraph": a.paragraph,
            "start": a.start,
            "end": a.end,
            "quote": {"exact": a.quote.exact, "prefix": a.quote.prefix, "suffix": a.quote.suffix},
            "colour": self.colour,
            "note": self.note,
            "tags": list(self.tags),
            "created": self.created,
            "updated": self.updated,
            "orphan": self.orphan,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Highlight:
        """Inverse of :meth:`to_dict`."""
        q = raw.get("quote") or {}
        colour = str(raw.get("colour", COLOURS[0]))
        return cls(
            id=str(raw["id"]),
            article_id=str(raw["article_id"]),
            anchor=Anchor(
                paragraph=int(raw.get("paragraph", 0)),
                start=int(raw.get("start", 0)),
                end=int(raw.get("end", 0)),
                quote=Quote(
                    exact=str(q.get("exact", "")),
                    prefix=str(q.get("prefix", "")),
                    suffix=str(q.get("suffix", "")),
                ),
            ),
            colour=colour if colour in COLOURS else COLOURS[0],
            note=str(raw.get("note", "")),
            tags=tuple(str(t) for t in raw.get("tags", ())),
            created=str(raw.get("created", "")),
            updated=str(raw.get("updated", "")),
            orphan=bool(raw.get("orphan", False)),
        )
