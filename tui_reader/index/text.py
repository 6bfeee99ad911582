"""Words as the full-text index sees them, and text queries made of words, phrases and prefixes.

The index tokenises with SQLite's ``unicode61`` tokenizer (diacritics removed):
a token is a run of letters and digits, compared without case or Latin accents.
:func:`tokens` does the same in Python (each character folded as SQLite folds it), so snippets can point at the words
that matched, and :class:`TextQuery` builds the FTS5 query string (every term
quoted: nothing the user types is ever FTS5 syntax).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

_TOKEN = re.compile(r"[^\W_]+")
#: The index's tokenizer (SQLite FTS5), as the index and snippet tables declare it.
TOKENIZER = "unicode61 remove_diacritics 2"


def fold(word: str) -> str:
    """``word`` as the index compares it: each character folded as SQLite's unicode61
    tokenizer folds it (lower case, Latin diacritics removed), so a word typed in a
    query is the word the index holds: ``Straße`` stays ``straße`` and ``σίσυφος``
    keeps its accent, as they are in the index."""
    if word.isascii():
        return word.lower()
    folds = _CHAR_FOLDS
    if not folds.keys() >= set(word):
        _learn_folds(word)
    return "".join([folds[c] for c in word])


#: Character -> its fold by the index's tokenizer, asked of SQLite once per character.
_CHAR_FOLDS: dict[str, str] = {chr(c): chr(c).lower() for c in range(128)}
_LEARNING = threading.Lock()


def _learn_folds(text: str) -> None:
    """Ask SQLite's unicode61 tokenizer how it folds the characters of ``text`` not
    known yet (each between two ``q``: one token ``q…q`` holds its fold, two tokens
    mean the tokenizer splits words there, and the character stays as it is)."""
    import sqlite3  # the index's own import

    if not set(text).difference(_CHAR_FOLDS):
        return
    with _LEARNING:
        chars = sorted(set(text).difference(_CHAR_FOLDS))
        if not chars:
            return
        learnt: dict[str, str] = {}
        db = sqlite3.connect(":memory:")
        try:
            db.execute(f"CREATE VIRTUAL TABLE f USING fts5(c, tokenize={TOKENIZER!r})")
            db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(f, instance)")
            for n, c in enumerate(chars, 1):
                try:
                    db.execute("INSERT INTO f(rowid, c) VALUES (?, ?)", (n, f"q{c}q"))
                except (sqlite3.Error, UnicodeEncodeError):
                    learnt[c] = c.lower()  # (a lone surrogate: never in stored text)
            seen: dict[int, list[str]] = {}
            for doc, term in db.execute("SELECT doc, term FROM v"):
                seen.setdefault(doc, []).append(term)
        finally:
            db.close()
        for n, c in enumerate(chars, 1):
            if c in learnt:
                continue
            terms = seen.get(n, [])
            one = len(terms) == 1 and len(terms[0]) >= 2
            learnt[c] = terms[0][1:-1] if one else c
        _CHAR_FOLDS.update(learnt)


def tokens(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, folded word)`` for every word of ``text``."""
    if not text.isascii():
        _learn_folds(text)
    for match in _TOKEN.finditer(text):
        yield match.start(), match.end(), fold(match.group())


@dataclass(frozen=True, slots=True)
class Term:
    """One term of a text query: a word, a phrase (several words in a row) or a prefix."""

    words: tuple[str, ...]
    """The folded words, in order; one for a plain word."""
    prefix: bool = False
    """True when the last word matches any word starting with it (``muse*``)."""

    @classmethod
    def of(cls, text: str, *, prefix: bool = False) -> Term | None:
        """The term for ``text`` (one word or a phrase); None when it holds no word."""
        words = tuple(w for _, _, w in tokens(text))
        return cls(words, prefix) if words else None

    @property
    def is_phrase(self) -> bool:
        """True for several words in a row."""
        return len(self.words) > 1

    def fts(self) -> str:
        """This term in FTS5 syntax: one quoted string (a phrase when several words),
        ``*`` after a prefix. The words hold only letters and digits: never FTS5 syntax."""
        return '"' + " ".join(self.words) + '"' + ("*" if self.prefix else "")


@dataclass(frozen=True, slots=True)
class TextQuery:
    """Terms that must all match (in the title, source, tags or text), and terms none may."""

    terms: tuple[Term, ...]
    without: tuple[Term, ...] = ()
    """Terms no match holds (FTS5's ``NOT``): they add nothing to a match's rank, since
    a match holds none of them."""
    any: bool = False
    """True when a match needs only one of ``terms`` (FTS5's ``OR``); a term it lacks
    adds nothing to its rank."""

    @classmethod
    def of(cls, terms: Sequence[Term]) -> TextQuery:
        """A query of these terms (all required)."""
        return cls(tuple(terms))

    @classmethod
    def parse(cls, text: str) -> TextQuery:
        """Words, ``"a phrase"`` and ``prefix*``, all required; anything else is ignored.

        >>> TextQuery.parse('treaty "dry season" muse*').fts()
        '"treaty" AND "dry season" AND "muse"*'
        """
        terms: list[Term] = []
        for match in re.finditer(r'"([^"]*)"?(\*?)|(\S+)', text):
            phrase, star, word = match.group(1), match.group(2), match.group(3)
            if word is not None:
                star = "*" if word.endswith("*") else ""
                phrase = word.rstrip("*")
                # "co-op" or "e.g" are one term: the words in a row, as FTS5 reads them
            term = Term.of(phrase, prefix=bool(star))
            if term is not None:
                terms.append(term)
        return cls(tuple(terms))

    def __bool__(self) -> bool:
        return bool(self.terms)

    def fts(self) -> str:
        """The FTS5 MATCH expression: every term quoted, joined by AND (OR when
        :attr:`any`), then ``NOT`` the terms left out, joined by OR."""
        held = (" OR " if self.any else " AND ").join(term.fts() for term in self.terms)
        if not self.without:
            return held
        return f"({held}) NOT ({' OR '.join(term.fts() for term in self.without)})"

    def fts_any(self) -> str:
        """The FTS5 MATCH expression for any of the terms (OR): a text holding some of
        them (the rest in its title or tags) still gets its matched words marked."""
        return " OR ".join(term.fts() for term in self.terms)
