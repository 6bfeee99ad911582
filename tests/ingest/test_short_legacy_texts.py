"""Short legacy-encoded texts: Western European cp1252/Latin-1 read right, others unchanged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tui_reader.ingest import load_path
from tui_reader.ingest.charset import plausible_cp1252
from tui_reader.ingest.files import decode

Write = Callable[[str, bytes | str], Path]

#: Two-line notes, as a person saves them from an old editor.
WESTERN = {
    "French": "La crème\nLa crème est déjà prête, à côté du café.",
    "French, with cp1252 punctuation": "Déjà vu\n« C’est l’été », dit-elle… pour 5 €.",
    "German": "Größe\nDie Straße ist schön und grün, über den Fluß hinaus.",
    "Spanish": "Mañana\nEl niño comió jamón en la montaña. ¿Dónde está?",
    "Portuguese": "Ação\nA situação não é fácil, mas vamos à praia amanhã.",
    "Italian": "Perché\nLa città è più bella d'estate, però fa caldo.",
    "Catalan": "Col·legi\nEl col·legi és a prop de la plaça.",
    "Danish": "Smørrebrød\nVi spiser smørrebrød på færgen i år.",
    "Swedish": "Färja\nFärjan går från hamnen över sjön.",
}


def _fits_latin1(language: str) -> bool:
    try:
        WESTERN[language].encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


CASES = [
    (language, encoding)
    for language in sorted(WESTERN)
    for encoding in ("latin-1", "cp1252")
    if encoding == "cp1252" or _fits_latin1(language)
]


@pytest.mark.parametrize(("language", "encoding"), CASES)
def test_short_western_text_decodes_right(write: Write, language: str, encoding: str) -> None:
    text = WESTERN[language]
    [doc] = load_path(write("note.txt", text.encode(encoding)))
    title, body = text.split("\n")
    assert doc.title == title
    assert [p.text for p in doc.paragraphs] == [body]


def test_the_issue_s_example() -> None:
    data = "Crème brûlée\nLa crème est déjà prête.".encode("latin-1")
    assert decode(data) == "Crème brûlée\nLa crème est déjà prête."


#: Texts in other encodings that must keep decoding as they did.
OTHERS = [
    ("Polish", "Zażółć gęślą jaźń\nTo jest krótki tekst, który było trzeba zapisać.", "cp1250"),
    ("Czech", "Příliš žluťoučký kůň\nÚpěl ďábelské ódy, děkuji, dobře.", "cp1250"),
    ("Czech, short", "Dobrý den\nJak se máte? Děkuji, dobře.", "cp1250"),
    ("Russian, cp1251", "Привет\nЭто короткий текст на русском языке.", "cp1251"),
    (
        "Russian, KOI8-R",
        "Паром остаётся\nЖители города проголосовали в субботу за сохранение парома "
        "и отвергли план строительства моста выше по реке.",
        "koi8-r",
    ),
    ("Japanese, Shift-JIS", "こんにちは\n日本語の短い文章です。渡し船は続きます。", "shift_jis"),
    ("Chinese, GB2312", "你好\n这是一个简短的中文文本。", "gb2312"),
    ("French, UTF-16 with BOM", "La crème\nLa crème est déjà prête.", "utf-16"),
    ("Russian, UTF-16 with BOM", "Привет\nЭто короткий текст.", "utf-16"),
    ("German, UTF-8", "Größe\nDie Straße ist schön.", "utf-8"),
    ("French, UTF-8 with BOM", "La crème\nLa crème est déjà prête.", "utf-8-sig"),
]


@pytest.mark.parametrize(("language", "text", "encoding"), OTHERS, ids=[o[0] for o in OTHERS])
def test_other_encodings_still_decode(language: str, text: str, encoding: str) -> None:
    assert decode(text.encode(encoding)) == text


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Był tu\nTo było wczoraj.", "cp1250"),  # ł reads as ³ inside a word
        ("Děkuji\nDěkuji, dobře, přijdu zítra.", "cp1250"),  # ì with ø: no one alphabet
        ("Привет\nЭто короткий текст на русском языке.", "cp1251"),  # all accented
        ("Türkçe başlık\nBu kısa bir metin.", "cp1254"),  # ş þ, ı ý: no one alphabet
        ("Καλημέρα\nΑυτό είναι ένα σύντομο κείμενο.", "cp1253"),
    ],
)
def test_what_only_looks_western_in_cp1252_is_not_taken_for_it(text: str, encoding: str) -> None:
    assert plausible_cp1252(text.encode(encoding)) is None
