"""Words a user types find the words the index holds, in every script: the query side
folds each character exactly as the index's tokenizer (SQLite's unicode61) does.

Found in tmux: `newsread list Straße` (and `/` Straße in the app) found nothing in an
article titled "Deutsche Straße", nor did Fußgänger, ﬁnaler, σίσυφος or ｗｉｄｅ.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.index.helpers import doc
from tui_reader.importing import add_documents
from tui_reader.index import TextQuery, make_snippet
from tui_reader.index.text import fold
from tui_reader.model import Document, Paragraph
from tui_reader.store import Library

BODY = (
    "Die Straße war lang, die Fußgänger gingen langsam. Ein ﬁnaler Satz. "
    "ΣΊΣΥΦΟΣ und İstanbul, ｗｉｄｅ letters, Œuvre and Ærø, ½ cup."
)


@pytest.fixture
def library(tmp_path: Path) -> Library:
    lib = Library.open(tmp_path / "lib", "write")
    add_documents(
        lib,
        [
            Document(title="Deutsche Straße", paragraphs=[Paragraph(BODY)], url="https://x.de/1"),
            *(doc(n) for n in range(5)),
        ],
    )
    yield lib
    lib.close()


@pytest.mark.parametrize(
    "typed",
    [
        "Straße",
        "STRASSE",  # (the index keeps ß: to SQLite "strasse" is another word)
        "Fußgänger",
        "fußganger",
        "ﬁnaler",
        "σίσυφος",
        "ΣΊΣΥΦΟΣ",
        "istanbul",
        "İstanbul",
        "ｗｉｄｅ",
        "œuvre",
        "ærø",
        '"die Straße"',
        "Straß*",
    ],
)
def test_a_word_of_the_text_finds_its_article(library: Library, typed: str) -> None:
    found = [a.title for a in library.search(typed)]
    if typed == "STRASSE":
        assert found == []
    else:
        assert found == ["Deutsche Straße"], typed


def test_snippets_mark_the_words_found(library: Library) -> None:
    snippet = make_snippet(BODY, TextQuery.parse("Straße ﬁnaler σίσυφος"))
    marked = [snippet.text[s:e] for s, e in snippet.spans]
    assert marked == ["Straße", "ﬁnaler", "ΣΊΣΥΦΟΣ"]


def test_fold_is_the_index_tokenizer_fold() -> None:
    import sqlite3

    words = ["Straße", "Fußgänger", "ﬁnaler", "ΣΊΣΥΦΟΣ", "σίσυφος", "İstanbul", "ｗｉｄｅ", "Ǆemal"]
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(b, tokenize='unicode61 remove_diacritics 2')")
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, instance)")
    db.executemany("INSERT INTO t(rowid, b) VALUES (?, ?)", enumerate(words, 1))
    index_terms = dict(db.execute("SELECT doc, term FROM v"))
    assert [fold(w) for w in words] == [index_terms[n] for n in range(1, len(words) + 1)]
