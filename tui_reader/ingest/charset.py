"""Guessing the code page of legacy text (no BOM, not UTF-8, no declared charset).

charset_normalizer is good on long texts but has little to go on in a short
one: a two-line French note in Latin-1 holds three accented letters, and it
then often picks a Central European or Baltic code page ("crème" read as
"crčme"). Most such files on a Western reader's disk are cp1252 (a superset
of Latin-1 in practice), so that reading is tried first and kept when it is
*plausible*:

- every non-ASCII letter belongs to the alphabet of one Western European
  language (French, German, Spanish, Portuguese, Italian, Catalan, Dutch,
  the Nordic languages);
- no non-ASCII symbol sits inside a word (Polish "było" in cp1250 reads as
  "by³o"; apostrophes and the Catalan middle dot are allowed);
- accented letters are a minority of the letters (Cyrillic, Greek or Hebrew
  text read as cp1252 is nearly all accented letters).

Czech in cp1250 read as cp1252 mixes Italian "ì" with Nordic "ø" ("Dìkuji,
dobøe") and fails the first test; Russian, Greek and Japanese fail the
others. Anything not plausible goes to charset_normalizer.
"""

from __future__ import annotations

import re

from tui_reader.ingest.errors import IngestError

#: Non-ASCII letters of Western European alphabets that cp1252 covers (lower case).
ALPHABETS: dict[str, frozenset[str]] = {
    name: frozenset(letters)
    for name, letters in {
        "French": "àâæçéèêëîïôœùûüÿ",
        "German": "äöüßé",
        "Spanish": "áéíóúñü",
        "Portuguese": "áâãàçéêíóôõú",
        "Italian": "àèéìíîòóùú",
        "Catalan": "àçèéíïòóúü",
        "Dutch": "áéëïóöüèêô",
        "Danish and Norwegian": "æøåéó",
        "Swedish and Finnish": "åäöé",
        "Icelandic": "áðéíóúýþæö",
    }.items()
}
#: Non-ASCII characters that may sit between two letters of a word.
_IN_WORD = frozenset("’‘´·\u00ad")
#: Largest share of letters that may be non-ASCII, checked from this many letters on.
_MAX_ACCENTED_SHARE = 0.4
_MIN_LETTERS_FOR_SHARE = 12
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
#: Code pages charset_normalizer names for what cp1252 reads the same way.
_WESTERN = {"cp1252", "windows-1252", "latin_1", "iso8859_1", "iso8859_15", "ascii"}


def decode_legacy(data: bytes) -> str:
    """Text in a legacy single- or multi-byte encoding: cp1252 if plausible, else detected."""
    western = plausible_cp1252(data)
    if western is not None:
        return western
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise IngestError("text is in an encoding that could not be recognised")
    if best.encoding in _WESTERN:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    return str(best)


def plausible_cp1252(data: bytes) -> str | None:
    """``data`` read as cp1252 when that reads as Western European text, else None."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    accented: set[str] = set()
    count = 0
    for m in _NON_ASCII.finditer(text):
        char = m.group()
        if char.isalpha():
            accented.add(char.lower())
            count += 1
            continue
        i = m.start()
        inside = 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha()
        if inside and char not in _IN_WORD:
            return None
    if not accented:
        return text
    if not _one_alphabet(accented):
        return None
    letters = sum(1 for c in text if c.isalpha())
    if letters >= _MIN_LETTERS_FOR_SHARE and count > _MAX_ACCENTED_SHARE * letters:
        return None
    return text


def _one_alphabet(letters: set[str]) -> bool:
    """True when ``letters`` all belong to one of :data:`ALPHABETS`.

    A text mixing alphabets (a German text quoting "Málaga") is left to
    charset_normalizer, which has more to go on in such longer texts.
    """
    return any(letters <= alphabet for alphabet in ALPHABETS.values())
