"""Snippets: a short window of an article's text around the words a query matched.

A snippet is plain text plus the offsets of the matched words in it, so a
caller styles it (a Rich ``Text``, a Textual ``Content``, a terminal table)
without any markup string ever being built from article text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tui_reader.index.text import TOKENIZER, TextQuery, tokens

#: Characters of text a snippet shows (about a line of a wide terminal).
SNIPPET_WIDTH = 160
#: Characters of context kept before the first matched word.
LEAD = 40
ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class Snippet:
    """Plain text and the ``(start, end)`` offsets in it of every matched word."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()

    def parts(self) -> list[tuple[str, bool]]:
        """The text cut into ``(piece, matched)`` runs, in order (for styling)."""
        out: list[tuple[str, bool]] = []
        at = 0
        for start, end in self.spans:
            if start > at:
                out.append((self.text[at:start], False))
            out.append((self.text[start:end], True))
            at = end
        if at < len(self.text):
            out.append((self.text[at:], False))
        return out


def find_matches(text: str, query: TextQuery) -> list[tuple[int, int, int]]:
    """``(start, end, term number)`` of every place in ``text`` where a term of ``query`` matches."""
    words = list(tokens(text))
    found: list[tuple[int, int, int]] = []
    for number, term in enumerate(query.terms):
        size = len(term.words)
        last = size - 1
        for i in range(len(words) - last):
            ok = True
            for k, wanted in enumerate(term.words):
                word = words[i + k][2]
                if word != wanted and not (k == last and term.prefix and word.startswith(wanted)):
                    ok = False
                    break
            if ok:
                found.append((words[i][0], words[i + last][1], number))
    found.sort()
    return found


def make_snippet(text: str, query: TextQuery, width: int = SNIPPET_WIDTH) -> Snippet:
    """The window of ``text`` (at most ``width`` characters) holding the most query terms.

    Line breaks become spaces; ``…`` marks text cut at either end. With no
    match in ``text`` (the words were in the title or tags), its beginning.
    """
    matches = find_matches(text, query)
    start = 0
    if matches:
        best = -1
        for anchor, _, _ in matches:
            terms = {n for s, e, n in matches if anchor <= s and e <= anchor + width - LEAD}
            if len(terms) > best:
                best, start = len(terms), anchor
        start = _word_start(text, max(0, start - LEAD), start)
    end = min(len(text), start + width)
    if end < len(text):
        cut = text.rfind(" ", start, end)
        if cut > start + width // 2:
            end = cut
    window = text[start:end].replace("\r", " ").replace("\n", " ").replace("\t", " ")
    lead = ELLIPSIS if start > 0 else ""
    shift = len(lead) - start
    spans = tuple((s + shift, min(e, end) + shift) for s, e, _ in matches if s >= start and s < end)
    return Snippet(lead + window + (ELLIPSIS if end < len(text) else ""), spans)


def _word_start(text: str, at: int, limit: int) -> int:
    """The first word start at or after ``at`` (and not after ``limit``)."""
    if at == 0:
        return 0
    space = text.find(" ", at, limit)
    return space + 1 if space != -1 else at


#: Words a snippet cut by FTS5 holds (about :data:`SNIPPET_WIDTH` characters of text).
SNIPPET_TOKENS = 24
_OPEN, _CLOSE = "\x02", "\x03"
#: Control characters never shown: the markers above among them (store text has none).
_CONTROLS = dict.fromkeys(range(32), " ") | {0x7F: " "}


def fts_snippets(texts: Mapping[str, str], query: TextQuery) -> dict[str, Snippet]:
    """A snippet of each of ``texts`` (article id -> its text) cut by FTS5's ``snippet()``.

    The texts go into a throw-away FTS5 table in memory with the index's own
    tokenizer, so the windows and matched words are exactly the index's (the
    index itself keeps no text). A text the query does not match (its words
    were in the title or tags) gets its opening, nothing marked.
    """
    if not texts or not query:
        return {}
    import sqlite3  # the index's own import: loaded on first search, not at start-up

    ids = list(texts)
    db = sqlite3.connect(":memory:")
    try:
        db.execute(f"CREATE VIRTUAL TABLE snip USING fts5(body, tokenize='{TOKENIZER}')")
        db.executemany(
            "INSERT INTO snip(rowid, body) VALUES (?, ?)",
            ((n, texts[aid].translate(_CONTROLS)) for n, aid in enumerate(ids)),
        )
        rows = db.execute(
            "SELECT rowid, snippet(snip, 0, ?, ?, ?, ?) FROM snip WHERE snip MATCH ?",
            (_OPEN, _CLOSE, ELLIPSIS, SNIPPET_TOKENS, query.fts_any()),
        ).fetchall()
    except sqlite3.Error:
        return {}
    finally:
        db.close()
    found = {ids[rowid]: _parse_marked(marked) for rowid, marked in rows}
    # The words were in the title or tags only: the text's opening, nothing marked.
    return {aid: found.get(aid) or _opening(texts[aid].translate(_CONTROLS)) for aid in ids}


def _opening(text: str, width: int = SNIPPET_WIDTH) -> Snippet:
    """The first ``width`` characters of ``text`` (cut after a word), nothing marked."""
    text = " ".join(text[: width * 2].split())
    if len(text) <= width:
        return Snippet(text)
    cut = text.rfind(" ", 0, width)
    return Snippet(text[: cut if cut > width // 2 else width] + ELLIPSIS)


def _parse_marked(marked: str) -> Snippet:
    """Text with matched words between FTS5 markers -> plain text and spans."""
    text: list[str] = []
    spans: list[tuple[int, int]] = []
    at = 0
    for n, piece in enumerate(marked.replace(_CLOSE, _OPEN).split(_OPEN)):
        if n % 2:
            spans.append((at, at + len(piece)))
        text.append(piece)
        at += len(piece)
    return _lead_to_match(Snippet("".join(text), tuple(spans)))


def _lead_to_match(snippet: Snippet) -> Snippet:
    """Start the snippet :data:`LEAD` characters before its first matched word, so a
    line cut to the terminal's width shows the match (FTS5 may put it late in the window)."""
    if not snippet.spans or snippet.spans[0][0] <= LEAD:
        return snippet
    first = snippet.spans[0][0]
    cut = _word_start(snippet.text, first - LEAD, first)
    lead = "" if snippet.text.startswith(ELLIPSIS) and cut == 0 else ELLIPSIS
    shift = len(lead) - cut
    spans = tuple((start + shift, end + shift) for start, end in snippet.spans)
    return Snippet(lead + snippet.text[cut:], spans)
