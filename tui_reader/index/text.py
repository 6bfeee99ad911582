"""Words as the full-text index sees them, and text queries made of words, phrases and prefixes.

The index tokenises with SQLite's ``unicode61`` tokenizer (diacritics removed):
a token is a run of letters and digits, compared without case or accents.
:func:`tokens` does the same in Python, so snippets can point at the words
that matched, and :class:`TextQuery` builds the FTS5 query string (every term
quoted: nothing the user types is ever FTS5 syntax).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

_TOKEN = re.compile(r"[^\W_]+")


def fold(word: str) -> str:
    """``word`` as the index compares it: case-folded, accents removed."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, folded word)`` for every word of ``text``."""
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
