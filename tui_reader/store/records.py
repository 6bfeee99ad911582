"""Validation of the records the store writes: one check per record kind.

Every write path of :class:`~tui_reader.store.Library` passes its records
through here, so nothing unsafe or inconsistent reaches a file whatever the
caller (import, restore, the reader, a script): text fields are sanitised,
ids checked, highlights kept inside their article's text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from tui_reader.model import COLOURS, Article, Highlight, Paragraph
from tui_reader.sanitize import clean_article, clean_multiline, clean_tags, strip_unsafe
from tui_reader.store.errors import InvalidRecord, StaleQuote

#: Article ids: lower-case hex, as :meth:`Document.article_id` makes them.
ARTICLE_ID = re.compile(r"[0-9a-f]{4,64}")
#: Highlight ids: letters, digits, ``_`` and ``-`` (uuid4 hex for new ones).
HIGHLIGHT_ID = re.compile(r"[0-9A-Za-z_-]{1,64}")


def check_article_id(article_id: Any) -> str:
    """``article_id`` if it is a valid article id, else :class:`InvalidRecord`."""
    if not isinstance(article_id, str) or not ARTICLE_ID.fullmatch(article_id):
        raise InvalidRecord(
            f"bad article id {article_id!r}: 4 to 64 lower-case hex digits expected"
        )
    return article_id


def valid_article(article: Article) -> Article:
    """The article with a checked id and sanitised fields (see :func:`clean_article`)."""
    check_article_id(article.id)
    return clean_article(article)


def valid_highlight(hl: Highlight, paragraphs: Sequence[Paragraph] | None) -> Highlight:
    """The highlight with a checked id, colour and anchor, and a sanitised note and tags.

    ``paragraphs`` is its article's text; a highlight that is not an orphan must
    lie inside one of them. ``None`` skips that check (the text is not at hand).
    """
    if not isinstance(hl.id, str) or not HIGHLIGHT_ID.fullmatch(hl.id):
        raise InvalidRecord(f"bad highlight id {hl.id!r}")
    check_article_id(hl.article_id)
    if hl.colour not in COLOURS:
        raise InvalidRecord(f"unknown colour {hl.colour!r}")
    a = hl.anchor
    if a.start < 0 or a.end < a.start or a.paragraph < 0:
        raise InvalidRecord(f"highlight {hl.id} has a bad anchor")
    if (
        paragraphs is not None
        and not hl.orphan
        and (a.paragraph >= len(paragraphs) or a.end > len(paragraphs[a.paragraph].text))
    ):
        raise InvalidRecord(f"highlight {hl.id} points outside its article's text")
    note = clean_multiline(hl.note)
    tags = clean_tags(hl.tags)
    quote = a.quote
    exact, prefix, suffix = (strip_unsafe(t) for t in (quote.exact, quote.prefix, quote.suffix))
    if (note, tags, exact, prefix, suffix) == (hl.note, hl.tags, *_quote(hl)):
        return hl
    quote = replace(quote, exact=exact, prefix=prefix, suffix=suffix)
    return replace(hl, note=note, tags=tags, anchor=replace(a, quote=quote))


def check_quote(hl: Highlight, paragraphs: Sequence[Paragraph] | None) -> Highlight:
    """``hl`` if its quote is the text at its place in ``paragraphs`` (the stored text),
    else :class:`StaleQuote`: a highlight made on a text that has since been replaced
    would show its colour on other words. Orphans and ``None`` (no text) pass."""
    a = hl.anchor
    if paragraphs is None or hl.orphan or not 0 <= a.paragraph < len(paragraphs):
        return hl
    text = paragraphs[a.paragraph].text
    if a.end > len(text) and len(a.quote.exact) != a.end - a.start:
        return hl  # a bad anchor rather than a changed text: valid_highlight says so
    at_place = text[a.start : a.end]
    if strip_unsafe(at_place) != strip_unsafe(a.quote.exact):  # the quote is kept sanitised
        raise StaleQuote(
            "the article's text changed since it was shown (a refresh or re-import "
            "replaced it): reopen the article and highlight again"
        )
    return hl


def _quote(hl: Highlight) -> tuple[str, str, str]:
    q = hl.anchor.quote
    return q.exact, q.prefix, q.suffix


#: The fields of a review card record, with the types each may hold.
_REVIEW_FIELDS: dict[str, tuple[type, ...]] = {
    "due": (str,),
    "state": (int,),
    "step": (int, type(None)),
    "stability": (float, int, type(None)),
    "difficulty": (float, int, type(None)),
    "last_review": (str, type(None)),
    "retired": (bool,),
}
#: Longest ISO date-time kept in a review record.
_WHEN = 40


def valid_review(record: dict[str, Any]) -> dict[str, Any]:
    """A review card record checked field by field (a copy holding only known fields).

    ``{"id": <highlight id>, "article_id", "due": ISO time ("" for a card never
    reviewed), "state": 0-3, "step", "stability", "difficulty", "last_review",
    "retired": bool, "log": [[ISO time, rating 1-4], ...]}``; raises
    :class:`InvalidRecord` naming the first bad field.
    """
    if not isinstance(record, dict):
        raise InvalidRecord("a review record must be an object")
    hl_id = record.get("id")
    if not isinstance(hl_id, str) or not HIGHLIGHT_ID.fullmatch(hl_id):
        raise InvalidRecord(f"bad highlight id {hl_id!r} in a review record")
    row: dict[str, Any] = {"id": hl_id, "article_id": check_article_id(record.get("article_id"))}
    for key, types in _REVIEW_FIELDS.items():
        value = record.get(key, "" if key == "due" else False if key == "retired" else None)
        if key == "state" and value is None:
            value = 0
        bad_bool = isinstance(value, bool) and bool not in types
        if not isinstance(value, types) or bad_bool:
            raise InvalidRecord(f"review record {hl_id}: bad {key} {value!r}")
        if isinstance(value, str) and len(value) > _WHEN:
            raise InvalidRecord(f"review record {hl_id}: {key} is too long")
        row[key] = value
    if not 0 <= row["state"] <= 3:
        raise InvalidRecord(f"review record {hl_id}: bad state {row['state']!r}")
    log = record.get("log", [])
    if not isinstance(log, list):
        raise InvalidRecord(f"review record {hl_id}: the log must be a list")
    entries: list[list[Any]] = []
    for entry in log:
        ok = isinstance(entry, list | tuple) and len(entry) == 2
        if ok:
            when, rating = entry
            ok = isinstance(when, str) and 0 < len(when) <= _WHEN
            ok = ok and isinstance(rating, int) and not isinstance(rating, bool)
            ok = ok and 1 <= rating <= 4
        if not ok:
            raise InvalidRecord(f"review record {hl_id}: bad log entry {entry!r}")
        entries.append([when, rating])
    row["log"] = entries
    return row
