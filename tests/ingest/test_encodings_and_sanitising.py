"""Legacy encodings are detected and decoded; hostile text is made safe in every format."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.ingest.conftest import SAMPLES
from tui_reader.ingest import load_path
from tui_reader.model import Document

Write = Callable[[str, bytes | str], Path]

FRENCH = (
    "Le café du port\n\n"
    "Le café du port ouvre à six heures, été comme hiver. Les pêcheurs y boivent un crème "
    "avant de sortir en mer, et la patronne, Hélène, connaît tout le monde par son prénom.\n\n"
    "À midi, on y mange une soupe de poissons ; le soir, on y écoute la météo marine."
)
JAPANESE = (
    "港の渡し船\n\n"
    "町の住民は土曜日、百年続く渡し船の運航を続けることを投票で決めた。橋を架ける計画は否決された。\n\n"
    "投票率は二十年で最も高く、図書館の投票所の前には朝七時前から列ができた。"
)
RUSSIAN = (
    "Паром остаётся\n\n"
    "Жители города проголосовали в субботу за сохранение столетнего парома и отвергли план "
    "строительства моста выше по реке.\n\n"
    "Явка была самой высокой за двадцать лет: очереди у библиотеки выстроились ещё до семи утра."
)
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(FRENCH, "cp1252"), (FRENCH, "latin-1"), (JAPANESE, "shift_jis"), (RUSSIAN, "koi8-r")],
)
def test_legacy_encoded_text_files(write: Write, text: str, encoding: str) -> None:
    [doc] = load_path(write(f"article-{encoding}.txt", text.encode(encoding)))
    title, *paragraphs = text.split("\n\n")
    assert doc.title == title
    assert [p.text for p in doc.paragraphs] == paragraphs


def test_legacy_encoded_html_without_a_declared_charset(write: Write) -> None:
    body = "".join(f"<p>{p}</p>" for p in FRENCH.split("\n\n")[1:]) * 2
    html = f"<html><head><title>Le café</title></head><body><article>{body}</article></body></html>"
    [doc] = load_path(write("cafe.html", html.encode("cp1252")))
    assert doc.paragraphs[0].text.startswith("Le café du port ouvre à six heures, été comme hiver.")


def test_html_declaring_latin1_but_written_in_utf8(write: Write) -> None:
    html = (SAMPLES / "harbour-ferry-vote.html").read_text(encoding="utf-8")
    html = html.replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">')
    html = html.replace("Elena Marsh", "Elena Märsh")
    [doc] = load_path(write("mislabelled.html", html.encode("utf-8")))
    assert "Elena Märsh" in " ".join(p.text for p in doc.paragraphs)


def assert_clean(doc: Document) -> None:
    for value in (doc.title, doc.source, doc.author, *(p.text for p in doc.paragraphs)):
        assert not UNSAFE.search(value), repr(value)
        assert value == value.strip()
        assert "  " not in value and "\n" not in value and "\t" not in value


HOSTILE_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<title>Evil \x1b[2J title\u202e</title>
<link rel="canonical" href="https://evil.example/a"></head>
<body><nav><a href="/">Home</a></nav><article><h1>Evil \x1b[2J title\u202e</h1>
<p>First   paragraph\twith\n\n  odd    spacing\u00a0and \x1b[31mred\x1b[0m text and a bell \x07 too.</p>
<p>An OSC \x1b]0;owned\x07 title change, a C1 \u009b31m CSI and \u0085 NEL in the middle.</p>
<p>Bidi tricks: abc\u202edcba\u202c and \u2066isolate\u2069 and &#x202E;entity&#x202C; here.</p>
<p>Markup-looking text such as [bold]not markup[/bold] and [ b @click=app.quit] stays as plain text.</p>
<p>Numeric references &#27;[31m and &#155; and &#x85; are stripped after parsing too, surely.</p>
</article><section class="comments"><p>spam comment</p></section></body></html>
"""


def test_hostile_html_is_sanitised(write: Write) -> None:
    [doc] = load_path(write("hostile.html", HOSTILE_PAGE))
    assert_clean(doc)
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "First paragraph with odd spacing and red text and a bell too."
    assert "owned" not in texts[1] and "31m" not in texts[1]
    assert "abcdcba" in texts[2]
    assert "[bold]not markup[/bold]" in texts[3]
    assert doc.title == "Evil title"
    assert "spam comment" not in " ".join(texts)


def test_hostile_feed_is_sanitised(write: Write) -> None:
    feed = (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        "<title>Feed \u202eeman\u202c &#x1b;[1m</title>"
        "<item><title>Item\x1b[5m blink \u009b title</title><link>https://evil.example/1</link>"
        "<author>x@evil.example (Mal\u2066lory)</author>"
        "<description><![CDATA[<p>Body \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\   with\u202e tricks"
        "\u009d and\n\n spaces.</p><p>Second\tparagraph.</p>]]></description></item>"
        "</channel></rss>"
    )
    [doc] = load_path(write("hostile.rss", feed.encode("utf-8")))
    assert_clean(doc)
    # feedparser reads the C1 byte as cp1252 would ("›"), which is harmless text.
    assert doc.title in ("Item blink title", "Item blink › title")
    assert [p.text for p in doc.paragraphs][:2] == [
        "Body link with tricks and spaces.",
        "Second paragraph.",
    ]


def test_hostile_json_feed_is_sanitised(write: Write) -> None:
    import json

    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "J\x1b[31mSON\u202e",
        "items": [
            {
                "id": "1",
                "title": "T\u0090itle\x00",
                "content_text": "Line\x1b[2K one\r\n\r\n\u2067Line two\u2069\x7f",
                "authors": [{"name": "A\x08uthor"}],
            }
        ],
    }
    [doc] = load_path(write("hostile.json", json.dumps(feed)))
    assert_clean(doc)
    assert (doc.source, doc.title, doc.author) == ("JSON", "Title", "Author")
    assert [p.text for p in doc.paragraphs] == ["Line one", "Line two"]
