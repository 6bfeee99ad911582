"""Merging documents with highlights from another tool into the library.

Given a :class:`~tui_reader.ingest.tools.ToolExport`, this decides for each
document its id, its text and every highlight's place, and what to write:

- **Text.** The export's own text (Omnivore), else the page fetched when asked
  (``--fetch``), else the text already in the library, else a *list of
  quotes*: each quote its own paragraph, highlighted whole, in the order of the
  source (Kindle and Readwise books carry no text).
- **Placing.** Each quote is placed with :func:`~tui_reader.quote_placing.place_quote`;
  the counts of placed, approximately placed, unplaced and listed quotes are kept.
- **Identity.** A highlight's id comes from the article and the tool's own key
  (its id, or its location), so the same export imported twice finds its
  highlights again; a highlight already in the article with the same quote is
  the same highlight too (the same book from Kindle and from Readwise).
- **Changes.** A highlight in both keeps the copy changed last (the export's
  date against the library's): a newer export updates, a stale one does not
  undo what the user changed since. Highlights the export does not mention are
  kept (re-placed if the text changed), never dropped.

Nothing is written here: :func:`merge_export` returns records for one
``Library.put_many`` call, so an import is one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from tui_reader.anchoring import Placement, Reanchored, reanchor
from tui_reader.ingest.errors import Cancelled, IngestError
from tui_reader.ingest.tools.annotated import AnnotatedDocument, ImportedHighlight, ToolExport
from tui_reader.merging import AddResult, AddStatus
from tui_reader.model import (
    COLOURS,
    QUOTE_CONTEXT,
    Anchor,
    Article,
    Document,
    Highlight,
    Paragraph,
    Queue,
    Quote,
    ReadingState,
    content_hash,
    link_id,
    now_iso,
    paragraph_starts,
    plain_text,
    short_hash,
)
from tui_reader.quote_placing import Fit, normalise_quote, place_quote
from tui_reader.sanitize import clean_line, clean_multiline, clean_paragraph, clean_tags
from tui_reader.store import Library, NotFound

#: Fetches an article's text from its URL; raises IngestError.
Fetcher = Callable[[str], list[Paragraph]]
Record = tuple[Article, Sequence[Paragraph] | None, Sequence[Highlight]]

_STATE_RANK = {
    ReadingState.UNREAD: 0,
    ReadingState.READING: 1,
    ReadingState.READ: 2,
    ReadingState.ARCHIVED: 3,
}


@dataclass(slots=True)
class QuoteCounts:
    """How the imported quotes found their places."""

    placed: int = 0
    approximate: int = 0
    unplaced: int = 0
    listed: int = 0

    def add(self, fit: Fit) -> None:
        """Count one quote."""
        if fit is Fit.PLACED:
            self.placed += 1
        elif fit is Fit.APPROXIMATE:
            self.approximate += 1
        elif fit is Fit.UNPLACED:
            self.unplaced += 1
        else:
            self.listed += 1

    def __bool__(self) -> bool:
        return bool(self.placed or self.approximate or self.unplaced or self.listed)

    def summary(self) -> str:
        """``quotes: 3 placed, 1 placed approximately, 0 unplaced, 12 listed``."""
        parts = [f"{self.placed} placed", f"{self.approximate} placed approximately"]
        parts.append(f"{self.unplaced} unplaced")
        if self.listed:
            parts.append(f"{self.listed} listed (no article text)")
        return "quotes: " + ", ".join(parts)


@dataclass(slots=True)
class MergePlan:
    """What to write for one export, and what it will do."""

    records: list[Record] = field(default_factory=list)
    results: list[AddResult] = field(default_factory=list)
    quotes: QuoteCounts = field(default_factory=QuoteCounts)
    highlights_added: int = 0
    highlights_updated: int = 0
    warnings: list[str] = field(default_factory=list)


def document_id(doc: AnnotatedDocument, tool: str) -> str:
    """The library id of an imported document: from its URL, else its key, else its title."""
    key = doc.key or f"{tool.casefold()}:{' '.join(doc.title.split()).casefold()}"
    url = clean_line(doc.url)
    return link_id(url) if url else Document(title="", paragraphs=[], guid=key).article_id()


def highlight_id(article_id: str, tool: str, key: str) -> str:
    """A stable highlight id for the tool's own highlight ``key`` in this article."""
    return short_hash(f"{article_id}\x00{tool.casefold()}\x00{key}", 32)


def merge_export(
    library: Library,
    export: ToolExport,
    origin: str,
    fetcher: Fetcher | None = None,
) -> MergePlan:
    """The records that bring ``export`` into ``library`` (nothing is written)."""
    plan = MergePlan()
    grouped: dict[str, AnnotatedDocument] = {}
    for doc in export.documents:
        aid = document_id(doc, export.tool)
        known = grouped.get(aid)
        if known is None:
            grouped[aid] = doc
        else:  # the same article twice in one export (a URL with and without #fragment)
            known.highlights.extend(doc.highlights)
            known.tags = (*known.tags, *doc.tags)
            known.note = "\n\n".join(n for n in (known.note, doc.note) if n)
    for aid, doc in grouped.items():
        _Merge(library, export.tool, origin, fetcher, plan, aid, doc).run()
    return plan


def pages_to_fetch(library: Library, export: ToolExport) -> list[str]:
    """The URLs whose page an export's documents need: no text of their own, none in the library.

    Fetched before the merge, so that the merge (run by the app's writer) never waits on the network.
    """
    urls: dict[str, None] = {}
    for doc in export.documents:
        if doc.paragraphs or not doc.url:
            continue
        aid = document_id(doc, export.tool)
        try:
            library.get(aid)
            if not is_quote_list(library.paragraphs(aid), library.highlights(aid)):
                continue
        except NotFound:
            pass
        urls[doc.url] = None
    return list(urls)


def is_quote_list(paragraphs: Sequence[Paragraph], highlights: Sequence[Highlight]) -> bool:
    """True when every paragraph is exactly one highlight's quote (an article made of quotes)."""
    if not paragraphs:
        return True
    whole = {
        h.anchor.paragraph
        for h in highlights
        if not h.orphan
        and h.anchor.start == 0
        and 0 <= h.anchor.paragraph < len(paragraphs)
        and h.anchor.end == len(paragraphs[h.anchor.paragraph].text)
    }
    return len(whole) == len(paragraphs)


class _Merge:
    """Merging one document: its text, its highlights, its record."""

    def __init__(
        self,
        library: Library,
        tool: str,
        origin: str,
        fetcher: Fetcher | None,
        plan: MergePlan,
        aid: str,
        doc: AnnotatedDocument,
    ) -> None:
        self.library, self.tool, self.origin, self.fetcher = library, tool, origin, fetcher
        self.plan, self.aid, self.doc = plan, aid, doc
        try:
            self.existing: Article | None = library.get(aid)
        except NotFound:
            self.existing = None
        self.old_paragraphs: list[Paragraph] = []
        self.old_highlights: list[Highlight] = []
        if self.existing is not None:
            try:
                self.old_paragraphs = library.paragraphs(aid)
            except NotFound:
                self.old_paragraphs = []
            self.old_highlights = library.highlights(aid)
        self._by_id = {h.id: h for h in self.old_highlights}
        self._by_quote = {normalise_quote(h.anchor.quote.exact): h for h in self.old_highlights}
        self.matched: set[str] = set()
        self._quotes: dict[int, str] = {}
        """Each imported highlight's quote, normalised once (a big export has 100,000)."""

    def run(self) -> None:
        imported = self._imported()
        text = self._text()
        if text is None:
            paragraphs, placed = self._quote_list(imported)
        else:
            paragraphs, placed = text, self._place(imported, text)
        writes = self._highlights(imported, placed)
        others = self._others(imported, paragraphs, writes)
        article = self._article(paragraphs)
        text_changed = self.existing is None or paragraphs != self.old_paragraphs
        changed = self.existing is None or text_changed or _differs(article, self.existing)
        result = AddResult(
            AddStatus.ADDED if self.existing is None else AddStatus.UNCHANGED, article
        )
        for item in others:
            if item.placement is Placement.STAYED:
                result.stayed += 1
            elif item.placement is Placement.MOVED:
                result.moved += 1
            elif item.newly_orphaned:
                result.orphaned += 1
        moved = [o.highlight for o in others if o.placement is not Placement.STAYED]
        all_writes = writes + moved
        if self.existing is not None and (changed or all_writes):
            result.status = AddStatus.UPDATED
            if changed:
                article = replace(article, updated=now_iso())
            result.article = article
        if changed or all_writes:
            self.plan.records.append((article, paragraphs if text_changed else None, all_writes))
        self.plan.results.append(result)

    # -------------------------------------------------------------- text

    def _imported(self) -> list[ImportedHighlight]:
        """The document's highlights with a quote, in source order, one per key."""
        by_key: dict[str, ImportedHighlight] = {}
        for hl in self.doc.highlights:
            quote = normalise_quote(hl.quote)
            if quote:
                self._quotes[id(hl)] = quote
                by_key[hl.key] = hl
        return sorted(by_key.values(), key=lambda h: h.order)

    def _text(self) -> list[Paragraph] | None:
        """The article's text, or None when it is to be the list of its quotes."""
        doc = self.doc
        if doc.paragraphs:
            return [p for p in (_clean(p) for p in doc.paragraphs) if p.text]
        has_text = bool(self.old_paragraphs) and not is_quote_list(
            self.old_paragraphs, self.old_highlights
        )
        if has_text:
            return self.old_paragraphs
        if self.fetcher is not None and doc.url:
            try:
                fetched = self.fetcher(doc.url)
            except Cancelled:
                raise  # the whole import stops; nothing of this export is written
            except IngestError as error:
                self.plan.warnings.append(
                    f"{clean_line(doc.url)}: not fetched ({error}); its quotes are kept as a list"
                )
            else:
                if fetched:
                    return fetched
        return None

    def _quote_list(
        self, imported: list[ImportedHighlight]
    ) -> tuple[list[Paragraph], dict[str, tuple[Anchor, Fit]]]:
        """Each quote a paragraph; paragraphs of an earlier import this one lacks are kept after."""
        paragraphs: list[Paragraph] = []
        placed: dict[str, tuple[Anchor, Fit]] = {}
        for hl in imported:
            paragraphs.append(Paragraph(self._quotes[id(hl)]))
        matched = {self._match(hl) for hl in imported} - {None}
        matched_paragraphs = {h.anchor.paragraph for h in matched if h is not None and not h.orphan}
        fresh = {p.text for p in paragraphs}
        for index, p in enumerate(self.old_paragraphs):
            if index not in matched_paragraphs and p.text not in fresh:
                paragraphs.append(p)
        if not paragraphs:
            paragraphs.append(Paragraph(self._placeholder()))
        anchors = _whole_paragraphs(paragraphs)
        for index, hl in enumerate(imported):
            placed[hl.key] = (anchors[index], Fit.LISTED)
        return paragraphs, placed

    def _placeholder(self) -> str:
        doc = self.doc
        return (
            clean_paragraph(doc.summary)
            or clean_paragraph(doc.url)
            or clean_paragraph(doc.title)
            or "Untitled"
        )

    def _place(
        self, imported: list[ImportedHighlight], text: list[Paragraph]
    ) -> dict[str, tuple[Anchor, Fit]]:
        placed: dict[str, tuple[Anchor, Fit]] = {}
        for hl in imported:
            found = place_quote(text, hl.quote, hl.prefix, hl.suffix, hl.position)
            if found is None:
                quote = Quote(self._quotes[id(hl)])
                placed[hl.key] = (Anchor(0, 0, 0, quote), Fit.UNPLACED)
            else:
                placed[hl.key] = found
        return placed

    # -------------------------------------------------------------- highlights

    def _match(self, hl: ImportedHighlight) -> Highlight | None:
        """The library's copy of an imported highlight: same id, else same quote."""
        found = self._by_id.get(highlight_id(self.aid, self.tool, hl.key))
        quote = self._quotes.get(id(hl)) or normalise_quote(hl.quote)
        return found or self._by_quote.get(quote)

    def _highlights(
        self, imported: list[ImportedHighlight], placed: dict[str, tuple[Anchor, Fit]]
    ) -> list[Highlight]:
        """The imported highlights that are new or changed, ready to write."""
        writes: list[Highlight] = []
        for hl in imported:
            anchor, fit = placed[hl.key]
            self.plan.quotes.add(fit)
            orphan = fit is Fit.UNPLACED
            stamp = hl.updated or hl.created
            colour = hl.colour if hl.colour in COLOURS else COLOURS[0]
            note, tags = clean_multiline(hl.note), clean_tags(hl.tags)
            mine = self._match(hl)
            if mine is None:
                created = hl.created or now_iso()
                writes.append(
                    Highlight(
                        id=highlight_id(self.aid, self.tool, hl.key),
                        article_id=self.aid,
                        anchor=anchor,
                        colour=colour,
                        note=note,
                        tags=tags,
                        created=created,
                        updated=stamp or created,
                        orphan=orphan,
                    )
                )
                self.plan.highlights_added += 1
                continue
            self.matched.add(mine.id)
            newer = bool(stamp) and stamp[:19] > mine.updated[:19]
            fields = {"colour": colour, "note": note, "tags": tags} if newer else {}
            updated = replace(mine, anchor=anchor if not orphan else mine.anchor, **fields)
            if orphan != mine.orphan:
                updated = replace(updated, orphan=orphan)
            if newer and (updated.colour, updated.note, updated.tags) != (
                mine.colour,
                mine.note,
                mine.tags,
            ):
                updated = replace(updated, updated=stamp)
            if updated != mine:
                writes.append(updated)
                if _visible(updated) != _visible(mine):  # not only the quote's context moved
                    self.plan.highlights_updated += 1
        return writes

    def _others(
        self,
        imported: list[ImportedHighlight],
        paragraphs: list[Paragraph],
        writes: list[Highlight],
    ) -> list[Reanchored]:
        """Highlights already in the article that this export does not hold, placed again."""
        written = {h.id for h in writes}
        others = [
            h for h in self.old_highlights if h.id not in self.matched and h.id not in written
        ]
        if not others or paragraphs == self.old_paragraphs:
            return []
        return reanchor(others, self.old_paragraphs, paragraphs)

    # -------------------------------------------------------------- record

    def _article(self, paragraphs: list[Paragraph]) -> Article:
        doc = self.doc
        title = clean_line(doc.title) or "Untitled"
        count = len(paragraphs)
        position = 0
        if doc.progress and count > 1:
            position = max(0, min(count - 1, round(doc.progress * (count - 1))))
        state = doc.state or (ReadingState.READING if doc.progress else ReadingState.UNREAD)
        note = clean_multiline(doc.note)
        words = sum(len(p.text.split()) for p in paragraphs)
        existing = self.existing
        if existing is None:
            return Article(
                id=self.aid,
                title=title,
                source=clean_line(doc.source) or _host(doc.url),
                url=clean_line(doc.url),
                author=clean_line(doc.author),
                published=clean_line(doc.published),
                added=clean_line(doc.added) or now_iso(),
                tags=clean_tags(doc.tags),
                note=note,
                content_hash=content_hash(title, paragraphs),
                paragraph_count=count,
                word_count=words,
                position=position,
                state=state,
                origin=self.origin,
                queue=doc.queue or Queue.INBOX,
            )
        keep_state = _STATE_RANK[existing.state] >= _STATE_RANK[state]
        if note and note not in existing.note:
            note = f"{existing.note}\n\n{note}".strip()
        else:
            note = existing.note
        return replace(
            existing,
            title=existing.title if existing.title not in ("", "Untitled") else title,
            source=existing.source or clean_line(doc.source),
            author=existing.author or clean_line(doc.author),
            published=existing.published or clean_line(doc.published),
            tags=clean_tags([*existing.tags, *doc.tags]),
            note=note,
            content_hash=content_hash(existing.title or title, paragraphs),
            paragraph_count=count,
            word_count=words,
            position=min(max(existing.position, position), max(0, count - 1)),
            state=existing.state if keep_state else state,
            queue=doc.queue if doc.queue and existing.queue is Queue.INBOX else existing.queue,
        )


def _whole_paragraphs(paragraphs: Sequence[Paragraph]) -> list[Anchor]:
    """Each paragraph's anchor covering all of it (as :func:`make_anchor` makes it, in one pass)."""
    full = plain_text(paragraphs)
    anchors: list[Anchor] = []
    for index, (start, p) in enumerate(zip(paragraph_starts(paragraphs), paragraphs, strict=True)):
        end = start + len(p.text)
        quote = Quote(
            full[start:end],
            full[max(0, start - QUOTE_CONTEXT) : start],
            full[end : end + QUOTE_CONTEXT],
        )
        anchors.append(Anchor(index, 0, len(p.text), quote))
    return anchors


def _visible(hl: Highlight) -> tuple[object, ...]:
    """What a person sees of a highlight: its place, words, colour, note, tags, orphan state."""
    a = hl.anchor
    return (a.paragraph, a.start, a.end, a.quote.exact, hl.colour, hl.note, hl.tags, hl.orphan)


def _differs(a: Article, b: Article) -> bool:
    """True when two records differ in anything but their update time."""
    return replace(a, updated="") != replace(b, updated="")


def _host(url: str) -> str:
    """The site of a URL (``www.example.org``), or ``""``."""
    from urllib.parse import urlsplit

    try:
        return clean_line(urlsplit(url.strip()).hostname or "")
    except ValueError:
        return ""


def _clean(p: Paragraph) -> Paragraph:
    text = clean_paragraph(p.text)
    return p if text == p.text else Paragraph(text, p.kind, p.level)
