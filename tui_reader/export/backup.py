"""JSON backup of the whole library, and restoring one (into an empty library, or merged).

A backup is one JSON object::

    {"format": "newsread-backup", "version": 1, "exported": "<ISO time of the newest change>",
     "generator": "newsread <version>", "schema_version": <library schema>,
     "settings": {...},
     "articles": [{"article": {...}, "paragraphs": [[text], [text, "heading", 2], ...],
                   "highlights": [{...}, ...], "reviews": [{...}, ...]}, ...]}

``reviews`` (only when the article has any) holds the review cards of its
highlights: FSRS state, retired flag and log of ratings (:mod:`tui_reader.review`).

Articles are ordered by id and highlights by position, and ``exported`` is
the time of the newest change the backup holds (an article added or updated,
a highlight made or changed), not the time the file was written: two backups
of equal libraries are the same bytes, and a backup restored into a new
library and backed up again gives the same file. Restoring validates the whole
file before anything is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import orjson

from tui_reader import __version__
from tui_reader.anchoring import reanchor
from tui_reader.export.errors import BackupError
from tui_reader.feeds.ignore import merge_rules
from tui_reader.feeds.removed import merge_removed
from tui_reader.feeds.subscriptions import merge_subscriptions
from tui_reader.model import Article, Highlight, Paragraph
from tui_reader.query.saved import merge_settings
from tui_reader.sanitize import clean_article, clean_multiline, clean_tags, strip_unsafe
from tui_reader.store import InvalidRecord, Library, NotFound
from tui_reader.store.records import valid_review

BACKUP_FORMAT = "newsread-backup"
BACKUP_VERSION = 1

_ARTICLE_ID = re.compile(r"[0-9a-f]{4,64}")
_HIGHLIGHT_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")
_STR_FIELDS = ("title", "source", "url", "author", "published", "added", "updated", "note")
_STR_FIELDS += ("content_hash", "state", "origin", "guid", "queue", "read_at")
_INT_FIELDS = ("paragraph_count", "word_count", "position")


@dataclass(slots=True)
class BackupEntry:
    """One article of a backup: its record, its text and its highlights."""

    article: Article
    paragraphs: list[Paragraph]
    highlights: list[Highlight]
    reviews: list[dict[str, Any]] = field(default_factory=list)
    """Review card records of these highlights (checked by the store's validation)."""


@dataclass(slots=True)
class Backup:
    """A validated backup, ready to restore."""

    entries: list[BackupEntry]
    settings: dict[str, Any] = field(default_factory=dict)
    version: int = BACKUP_VERSION


# ---------------------------------------------------------------------- writing


def backup_document(
    library: Library,
    articles: Iterable[Article] | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """The backup of ``articles`` (default: the whole library) as a JSON-ready dict."""
    chosen = sorted(library.articles() if articles is None else articles, key=lambda a: a.id)
    items: list[dict[str, Any]] = []
    newest = ""
    for n, article in enumerate(chosen, 1):
        try:
            paragraphs = library.paragraphs(article.id)
        except NotFound:
            paragraphs = []
        highlights = sorted(library.highlights(article.id), key=lambda h: (h.sort_key, h.id))
        newest = max(newest, article.added, article.updated, *_changed(highlights))
        item: dict[str, Any] = {
            "article": article.to_dict(),
            "paragraphs": [p.to_list() for p in paragraphs],
            "highlights": [h.to_dict() for h in highlights],
        }
        reviews = [
            card
            for hl in sorted(highlights, key=lambda h: h.id)
            if (card := library.review_record(article.id, hl.id)) is not None
        ]
        if reviews:
            item["reviews"] = reviews
            newest = max(newest, *(str(e[0]) for card in reviews for e in card["log"]))
        items.append(item)
        if progress:
            progress(n)
    return {
        "format": BACKUP_FORMAT,
        "version": BACKUP_VERSION,
        "exported": newest,
        "generator": f"newsread {__version__}",
        "schema_version": library.schema_version,
        "settings": library.settings(),
        "articles": items,
    }


def _changed(highlights: Sequence[Highlight]) -> Iterator[str]:
    for hl in highlights:
        yield hl.created
        yield hl.updated


def dump_backup(document: dict[str, Any]) -> bytes:
    """The backup's bytes: indented JSON, UTF-8, ending in a newline."""
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


# ---------------------------------------------------------------------- reading


def _fail(where: str, message: str) -> BackupError:
    return BackupError(f"{where}: {message}" if where else message)


def load_backup(data: bytes, name: str = "backup") -> Backup:
    """Parse and validate a backup's bytes; raises :class:`BackupError` with one line."""
    try:
        raw = orjson.loads(data)
    except orjson.JSONDecodeError as error:
        raise BackupError(f"{name} is not valid JSON ({error})") from None
    if not isinstance(raw, dict) or raw.get("format") != BACKUP_FORMAT:
        found = raw.get("format") if isinstance(raw, dict) else None
        what = f" (its format is {found!r})" if isinstance(found, str) else ""
        raise BackupError(f"{name} is not a newsread backup{what}")
    version = raw.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BackupError(f"{name} has no valid backup version")
    if version > BACKUP_VERSION:
        raise BackupError(
            f"{name} was written by a newer newsread (backup version {version}; "
            f"this one reads version {BACKUP_VERSION}); update newsread to restore it"
        )
    settings = raw.get("settings", {})
    if not isinstance(settings, dict):
        raise BackupError(f"{name}: settings must be an object")
    articles = raw.get("articles")
    if not isinstance(articles, list):
        raise BackupError(f"{name}: 'articles' must be a list")
    entries: list[BackupEntry] = []
    seen_articles: set[str] = set()
    seen_highlights: set[str] = set()
    for n, item in enumerate(articles, 1):
        entry = _entry(item, f"{name}: article {n}")
        if entry.article.id in seen_articles:
            raise BackupError(f"{name}: article {n}: id {entry.article.id!r} appears twice")
        seen_articles.add(entry.article.id)
        for hl in entry.highlights:
            if hl.id in seen_highlights:
                raise BackupError(f"{name}: article {n}: highlight {hl.id!r} appears twice")
            seen_highlights.add(hl.id)
        entries.append(entry)
    return Backup(entries, dict(settings), version)


def _entry(item: Any, where: str) -> BackupEntry:
    if not isinstance(item, dict):
        raise _fail(where, "must be an object")
    record = item.get("article")
    if not isinstance(record, dict):
        raise _fail(where, "has no 'article' object")
    article = _article(record, where)
    where = f"{where} ({article.id})"
    raw_paragraphs = item.get("paragraphs")
    if not isinstance(raw_paragraphs, list):
        raise _fail(where, "'paragraphs' must be a list")
    paragraphs = [_paragraph(p, f"{where}: paragraph {i}") for i, p in enumerate(raw_paragraphs)]
    raw_highlights = item.get("highlights", [])
    if not isinstance(raw_highlights, list):
        raise _fail(where, "'highlights' must be a list")
    highlights = [_highlight(h, article.id, paragraphs, where) for h in raw_highlights]
    return BackupEntry(
        article, paragraphs, highlights, _reviews(item, article.id, highlights, where)
    )


def _reviews(
    item: dict[str, Any], article_id: str, highlights: Sequence[Highlight], where: str
) -> list[dict[str, Any]]:
    raw = item.get("reviews", [])
    if not isinstance(raw, list):
        raise _fail(where, "'reviews' must be a list")
    ids = {hl.id for hl in highlights}
    cards: list[dict[str, Any]] = []
    for card in raw:
        if isinstance(card, dict):
            card = {"article_id": article_id, **card}
        try:
            checked = valid_review(card)
        except InvalidRecord as error:
            raise _fail(where, str(error)) from None
        if checked["article_id"] != article_id or checked["id"] not in ids:
            raise _fail(where, f"review card {checked['id']!r} belongs to no highlight here")
        cards.append(checked)
    return cards


def _article(record: dict[str, Any], where: str) -> Article:
    article_id = record.get("id")
    if not isinstance(article_id, str) or not _ARTICLE_ID.fullmatch(article_id):
        raise _fail(where, f"bad article id {article_id!r}")
    for key in _STR_FIELDS:
        if not isinstance(record.get(key, ""), str):
            raise _fail(where, f"{key!r} must be text")
    for key in _INT_FIELDS:
        value = record.get(key, 0)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise _fail(where, f"{key!r} must be a whole number")
    tags = record.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise _fail(where, "'tags' must be a list of text")
    return clean_article(Article.from_dict(record))


def _paragraph(raw: Any, where: str) -> Paragraph:
    ok = isinstance(raw, list) and len(raw) in (1, 3) and isinstance(raw[0], str)
    if ok and len(raw) == 3:
        ok = raw[1] in ("text", "heading") and isinstance(raw[2], int) and 0 <= raw[2] <= 6
    if not ok:
        raise _fail(where, "must be [text] or [text, kind, level]")
    paragraph = Paragraph.from_list(raw)
    return replace(paragraph, text=strip_unsafe(paragraph.text))


def _highlight(raw: Any, article_id: str, paragraphs: Sequence[Paragraph], where: str) -> Highlight:
    if not isinstance(raw, dict):
        raise _fail(where, "a highlight must be an object")
    hl_id = raw.get("id")
    if not isinstance(hl_id, str) or not _HIGHLIGHT_ID.fullmatch(hl_id):
        raise _fail(where, f"bad highlight id {hl_id!r}")
    where = f"{where}: highlight {hl_id}"
    if raw.get("article_id", article_id) != article_id:
        raise _fail(where, "belongs to another article")
    for key in ("paragraph", "start", "end"):
        value = raw.get(key, 0)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise _fail(where, f"{key!r} must be a whole number")
    quote = raw.get("quote", {})
    if not isinstance(quote, dict) or not all(isinstance(v, str) for v in quote.values()):
        raise _fail(where, "'quote' must be an object of text")
    for key in ("colour", "note", "created", "updated"):
        if not isinstance(raw.get(key, ""), str):
            raise _fail(where, f"{key!r} must be text")
    tags = raw.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise _fail(where, "'tags' must be a list of text")
    if not isinstance(raw.get("orphan", False), bool):
        raise _fail(where, "'orphan' must be true or false")
    hl = Highlight.from_dict({**raw, "article_id": article_id})
    a = hl.anchor
    if not hl.orphan and (
        a.paragraph >= len(paragraphs)
        or a.start > a.end
        or a.end > len(paragraphs[a.paragraph].text)
    ):
        raise _fail(where, "points outside its article's text")
    quote_clean = replace(
        a.quote,
        exact=strip_unsafe(a.quote.exact),
        prefix=strip_unsafe(a.quote.prefix),
        suffix=strip_unsafe(a.quote.suffix),
    )
    return replace(
        hl,
        anchor=replace(a, quote=quote_clean),
        note=clean_multiline(hl.note),
        tags=clean_tags(hl.tags),
    )


# ---------------------------------------------------------------------- restoring


@dataclass(slots=True)
class RestoreReport:
    """What a restore did."""

    articles_added: int = 0
    articles_kept: int = 0
    """Articles already in the library (merge): their text and fields were kept."""
    highlights_added: int = 0
    highlights_updated: int = 0
    """Highlights in both, where the backup's copy was newer."""
    highlights_kept: int = 0
    """Highlights in both, where the library's copy was as new or newer."""
    highlights_orphaned: int = 0
    """Backup highlights that could not be placed in the library's changed text."""
    conflicts: list[str] = field(default_factory=list)
    """Ids of backup highlights not restored because the library holds a highlight
    with that id on another article (the library's highlight is left as it is)."""
    settings_restored: bool = False
    merged: bool = False
    reviews_restored: int = 0
    """Review cards written (new, or later than the library's in a merge)."""

    def summary(self) -> str:
        """One line for the user."""
        if not self.merged:
            text = (
                f"restored {_count(self.articles_added, 'article')} and "
                f"{_count(self.highlights_added, 'highlight')}"
            )
            return text + (", and the settings" if self.settings_restored else "")
        parts = [
            f"merged: {_count(self.articles_added, 'article')} added, "
            f"{self.articles_kept} already there",
            f"highlights: {self.highlights_added} added, {self.highlights_updated} updated, "
            f"{self.highlights_kept} unchanged",
        ]
        if self.highlights_orphaned:
            parts.append(f"{self.highlights_orphaned} orphaned")
        if self.conflicts:
            shown = ", ".join(self.conflicts[:3]) + (", ..." if len(self.conflicts) > 3 else "")
            parts.append(
                f"{_count(len(self.conflicts), 'highlight')} not restored: the library has "
                f"another article's highlight with the same id ({shown})"
            )
        return "; ".join(parts)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def restore_backup(
    library: Library,
    backup: Backup,
    merge: bool = False,
    progress: Callable[[int], None] | None = None,
) -> RestoreReport:
    """Load ``backup`` into ``library``.

    Without ``merge`` the library must be empty and receives everything as it
    was. With ``merge``, by id: new articles are added with their text;
    articles already there keep their text and fields, and receive the
    backup's highlights (placed again by their quotes if the text differs); a
    highlight in both keeps the copy changed last. Settings missing from the
    library are added; saved searches are joined by name and feeds by address.
    """
    if len(library) and not merge:
        raise BackupError(
            f"the library has {len(library)} articles; restore into an empty library, "
            "or use --merge to merge by id"
        )
    report = RestoreReport(merged=merge)
    records: list[tuple[Article, Sequence[Paragraph] | None, Sequence[Highlight]]] = []
    reviews: list[dict[str, Any]] = []
    # Which article each highlight id of the library belongs to: a backup highlight
    # never replaces a highlight of another article, whatever its id.
    owners = {h.id: h.article_id for h in library.all_highlights()} if len(library) else {}
    for entry in backup.entries:
        try:
            current = library.get(entry.article.id)
        except NotFound:
            current = None
        highlights = []
        for hl in entry.highlights:
            if owners.get(hl.id, hl.article_id) != hl.article_id:
                report.conflicts.append(hl.id)
            else:
                highlights.append(hl)
        entry = replace(entry, highlights=highlights)
        kept = {hl.id for hl in highlights}
        if current is None:
            records.append((entry.article, entry.paragraphs, entry.highlights))
            report.articles_added += 1
            report.highlights_added += len(entry.highlights)
            reviews.extend(card for card in entry.reviews if card["id"] in kept)
            continue
        report.articles_kept += 1
        chosen = _merge_highlights(library, current, entry, report)
        if chosen:
            records.append((current, None, chosen))
        reviews.extend(_newer_cards(library, entry.reviews, kept))
    settings = dict(backup.settings)
    if merge:
        settings = merge_settings(backup.settings, library.settings())
        settings = merge_subscriptions(backup.settings, settings)
        settings = merge_rules(backup.settings, settings)
        settings = merge_removed(backup.settings, settings)
    report.settings_restored = settings != library.settings()
    # One transaction: a kill leaves the library as it was, or with all of the backup.
    library.put_many(
        records, progress, settings if report.settings_restored else None, reviews=reviews
    )
    report.reviews_restored = len(reviews)
    return report


def _newer_cards(
    library: Library, cards: Iterable[dict[str, Any]], kept: set[str]
) -> Iterator[dict[str, Any]]:
    """The backup's review cards a merge takes: those the library lacks, or whose last
    rating is later than the library's."""
    for card in cards:
        if card["id"] not in kept:
            continue
        mine = library.review_record(card["article_id"], card["id"])
        if mine is None or _last_rating(card) > _last_rating(mine):
            yield card


def _last_rating(card: dict[str, Any]) -> str:
    log = card.get("log") or []
    return str(log[-1][0]) if log else ""


def _merge_highlights(
    library: Library, current: Article, entry: BackupEntry, report: RestoreReport
) -> list[Highlight]:
    """The backup highlights to write into an article that is already in the library."""
    existing = {h.id: h for h in library.highlights(current.id)}
    chosen: list[Highlight] = []
    for hl in entry.highlights:
        mine = existing.get(hl.id)
        if mine is None:
            report.highlights_added += 1
            chosen.append(hl)
        elif hl.updated > mine.updated:
            report.highlights_updated += 1
            chosen.append(hl)
        else:
            report.highlights_kept += 1
    if chosen and current.content_hash != entry.article.content_hash:
        placed = reanchor(chosen, entry.paragraphs, library.paragraphs(current.id))
        report.highlights_orphaned += sum(p.newly_orphaned for p in placed)
        # Keep each highlight's own timestamps: moving it is not a change by the user.
        chosen = [
            replace(p.highlight, updated=hl.updated) for p, hl in zip(placed, chosen, strict=True)
        ]
    return chosen
