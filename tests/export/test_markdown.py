"""Markdown export: structure (parsed with markdown-it-py), front matter, re-export."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from tests.export.conftest import HOSTILE_TITLES, add_article, annotated
from tui_reader.export import ExportFilter, export_articles
from tui_reader.export.document import BEGIN, END, compose
from tui_reader.export.filenames import INDEX_NAME
from tui_reader.export.markdown import FRONT_MATTER_KEYS, front_matter, render_article
from tui_reader.importing import add_document
from tui_reader.model import Article, Document, Paragraph
from tui_reader.store import Library

MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
ALLOWED_TOKENS = {
    "heading_open",
    "heading_close",
    "paragraph_open",
    "paragraph_close",
    "blockquote_open",
    "blockquote_close",
    "inline",
    "html_block",
}
HOSTILE_PARAGRAPHS = [
    "# Heading inside <b>bold</b> [link](javascript:alert(1)) ![img](x.png) #tag",
    "1. not a list | a | b | %% hidden %% ==mark== $x$ ^fake-id",
    "- not a list either <!-- comment --> <http://example.com> `code` *em* __strong__",
    "> not a quote [[wiki]] [^note] &copy; \\ ~~strike~~",
]


def split_file(text: str) -> tuple[dict[str, Any], str]:
    """Front matter (through yaml.safe_load) and body, cut the way vault tools cut it."""
    assert text.startswith("---\n")
    yaml_text, body = text[4:].split("\n---\n", 1)
    data = yaml.safe_load(yaml_text)
    assert isinstance(data, dict)
    return data, body


def inline_text(token: Token) -> str:
    """The literal text of an inline token, failing on any markup inside it."""
    children = token.children or []
    kinds = {c.type for c in children}
    assert kinds <= {"text", "softbreak"}, kinds
    return "".join(c.content if c.type == "text" else "\n" for c in children)


def headings(tokens: list[Token]) -> list[tuple[str, str]]:
    """(tag, text) of every heading."""
    return [
        (tok.tag, inline_text(tokens[i + 1]))
        for i, tok in enumerate(tokens)
        if tok.type == "heading_open"
    ]


def blockquotes(tokens: list[Token]) -> list[str]:
    """The text of each blockquote."""
    found: list[str] = []
    depth = 0
    for tok in tokens:
        if tok.type == "blockquote_open":
            depth += 1
            found.append("")
        elif tok.type == "blockquote_close":
            depth -= 1
        elif depth and tok.type == "inline":
            found[-1] += inline_text(tok)
    return found


def check_structure(body: str, title: str, quotes: list[str]) -> list[Token]:
    """Assert the DESIGN.md layout; returns the tokens."""
    tokens = MD.parse(body)
    kinds = {t.type for t in tokens}
    assert kinds <= ALLOWED_TOKENS, kinds - ALLOWED_TOKENS
    html = [t.content.strip() for t in tokens if t.type == "html_block"]
    assert html == [BEGIN, END]
    heads = headings(tokens)
    assert [h for h in heads if h[0] == "h1"] == [("h1", " ".join(title.split()) or "Untitled")]
    assert next(h for h in heads if h[0] == "h2") == ("h2", "Highlights")
    found = blockquotes(tokens)
    assert len(found) == len(quotes)
    for text, quote in zip(found, quotes, strict=True):
        assert re.fullmatch(r"(?s)(.*) \^hl-[0-9a-f]{8}", text), text
        assert text.rsplit(" ^hl-", 1)[0] == quote
    return tokens


def export_one(library: Library, out: Path, article: Article) -> str:
    result = export_articles(library, [article.id], "md", out)
    assert len(result.files) == 1
    return result.files[0].read_text(encoding="utf-8")


def test_layout_matches_the_design(library: Library, tmp_path: Path) -> None:
    first, _ = annotated(library)
    text = export_one(library, tmp_path / "out", first)
    data, body = split_file(text)
    assert data["id"] == first.id
    assert data["title"] == "First: the article"
    assert data["url"] == "https://example.com/first"
    assert data["source"] == "example.com"
    assert data["published"] == "2024-05-01"
    assert data["tags"] == ["news", "long-read"]
    assert data["highlights"] == 3
    hls = library.highlights(first.id)
    tokens = check_structure(body, first.title, [h.anchor.quote.exact for h in hls])
    paragraphs = [
        inline_text(tokens[i + 1]) for i, t in enumerate(tokens) if t.type == "paragraph_open"
    ]
    assert "The article's own note." in paragraphs
    # Highlights in reading order, each followed by its tags and colour, then its note.
    assert body.index("> paragraph") < body.index("> Beta") < body.index("> Gamma")
    block = body[body.index("> paragraph") : body.index("> Beta")]
    assert "#big-idea #x\ncolour:: green\n\nA note\n\nwith two paragraphs\n" in block
    assert f"^hl-{hls[0].id[:8]}" in block


def test_hostile_quotes_notes_and_tags_stay_text(library: Library, tmp_path: Path) -> None:
    article = add_article(library, "<b>#1</b> [x](y)", HOSTILE_PARAGRAPHS, tags=["a b", "#c"])
    for i, p in enumerate(HOSTILE_PARAGRAPHS):
        library.create_highlight(
            article.id, i, 0, len(p), note=p + "\n---\n" + p, tags=["tag with space", "x<y>"]
        )
    library.set_note(article.id, "\n".join(HOSTILE_PARAGRAPHS))
    text = export_one(library, tmp_path / "out", article)
    _, body = split_file(text)
    tokens = check_structure(body, article.title, HOSTILE_PARAGRAPHS)
    assert [h for h in headings(tokens) if h[0] == "h1"] == [("h1", "<b>#1</b> [x](y)")]
    for line in body.splitlines():
        if line.startswith("#") and not line.startswith(("# ", "## ")):
            assert re.fullmatch(r"(#[\w/-]+ ?)+", line), line  # only real tags
    assert "#tag-with-space #xy" in body


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_front_matter_round_trips_hostile_titles(title: str) -> None:
    article = Article(id="0123456789abcdef", title=title, source=title, tags=(title, "ok"))
    wanted = front_matter(article, 0)
    text = compose(wanted, render_article(article, []), None, FRONT_MATTER_KEYS)
    data, body = split_file(text)
    assert data == wanted
    assert data["title"] == title
    assert body.count(BEGIN) == 1 and body.count(END) == 1
    tokens = MD.parse(body)
    assert len([t for t in tokens if t.type == "heading_open" and t.tag == "h1"]) == 1


def test_hostile_titles_through_the_library(library: Library, tmp_path: Path) -> None:
    articles = [add_article(library, t, [f"Paragraph {n}."]) for n, t in enumerate(HOSTILE_TITLES)]
    out = (tmp_path / "out").resolve()
    result = export_articles(library, None, "md", out)
    assert len(result.files) == len(articles)
    assert len({p.name.casefold() for p in result.files}) == len(articles)
    for path in result.files:
        assert path.resolve().parent == out
        data, _ = split_file(path.read_text(encoding="utf-8"))
        assert data["title"] == library.get(data["id"]).title
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [INDEX_NAME, *(p.name for p in result.files)]
    )


def test_reexport_keeps_user_text_and_front_matter_keys(library: Library, tmp_path: Path) -> None:
    first, _ = annotated(library)
    out = tmp_path / "vault"
    path = export_articles(library, [first.id], "md", out).files[0]
    text = path.read_text(encoding="utf-8")
    text = text.replace("---\n", "---\nrating: 5\naliases: [mine]\n", 1)
    text = text.replace(BEGIN, "Written above.\n\n" + BEGIN)
    text += "\n## My thoughts\n\nWritten below, with #mytag.\n"
    text = text.replace("No highlights.", "edited inside")  # inside: replaced on export
    path.write_text(text, encoding="utf-8")
    library.create_highlight(first.id, 2, 6, 15, "pink", note="new one")
    library.set_tags(first.id, ["changed"])
    again = export_articles(library, [first.id], "md", out)
    assert again.files == [path] and again.changed == 1
    new_text = path.read_text(encoding="utf-8")
    data, body = split_file(new_text)
    assert data["rating"] == 5 and data["aliases"] == ["mine"]
    assert data["tags"] == ["changed"] and data["highlights"] == 4
    assert list(data)[:2] == ["id", "title"] and list(data)[-2:] == ["rating", "aliases"]
    assert "Written above.\n\n" + BEGIN in body
    assert body.endswith("\n## My thoughts\n\nWritten below, with #mytag.\n")
    assert "new one" in body
    assert body.count(BEGIN) == 1 and body.count(END) == 1
    # A third export with nothing changed rewrites nothing and keeps the bytes.
    third = export_articles(library, [first.id], "md", out)
    assert third.changed == 0 and path.read_text(encoding="utf-8") == new_text


def test_changed_title_updates_the_same_file(library: Library, tmp_path: Path) -> None:
    url = "https://example.com/story"
    article = add_article(library, "Old title", ["Some text here."], url=url)
    out = tmp_path / "vault"
    export_one(library, out, article)
    path = out / "Old title.md"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\nMy note below.\n")
    add_document(library, Document("New title", [Paragraph("Some text here, changed.")], url=url))
    assert library.get(article.id).title == "New title"
    result = export_articles(library, [article.id], "md", out)
    assert result.files == [path]
    data, body = split_file(path.read_text(encoding="utf-8"))
    assert data["title"] == "New title" and "# New title" in body
    assert body.endswith("My note below.\n")
    assert sorted(p.name for p in out.iterdir()) == [INDEX_NAME, "Old title.md"]


def test_file_found_by_front_matter_id_when_index_and_name_are_gone(
    library: Library, tmp_path: Path
) -> None:
    article = add_article(library, "Title", ["Text."])
    out = tmp_path / "vault"
    export_one(library, out, article)
    (out / INDEX_NAME).unlink()
    (out / "Title.md").rename(out / "Renamed by me.md")
    result = export_articles(library, [article.id], "md", out)
    assert result.files == [out / "Renamed by me.md"]
    assert sorted(p.name for p in out.glob("*.md")) == ["Renamed by me.md"]


def test_missing_markers_keep_the_old_body(library: Library, tmp_path: Path) -> None:
    article = add_article(library, "Title", ["Text."])
    out = tmp_path / "vault"
    export_one(library, out, article)
    path = out / "Title.md"
    path.write_text("---\nid: " + article.id + "\n---\n\nEverything rewritten by me.\n")
    export_articles(library, [article.id], "md", out)
    text = path.read_text(encoding="utf-8")
    assert text.count(BEGIN) == 1
    assert text.endswith(END + "\n\nEverything rewritten by me.\n")


def test_same_titles_get_distinct_files_and_user_files_are_never_overwritten(
    library: Library, tmp_path: Path
) -> None:
    out = tmp_path / "vault"
    out.mkdir()
    (out / "Same.md").write_text("the user's own file", encoding="utf-8")
    a = add_article(library, "Same", ["One."])
    b = add_article(library, "same", ["Two."])
    result = export_articles(library, None, "md", out)
    assert len(result.files) == 2
    assert (out / "Same.md").read_text(encoding="utf-8") == "the user's own file"
    ids = {split_file(p.read_text(encoding="utf-8"))[0]["id"] for p in result.files}
    assert ids == {a.id, b.id}


def test_orphans_have_their_own_section(library: Library, tmp_path: Path) -> None:
    article = add_article(library, "Title", ["First text.", "Second text."])
    kept = library.create_highlight(article.id, 0, 0, 5)
    lost = library.create_highlight(article.id, 1, 0, 6, note="lost note")
    library.put_highlight(lost.evolve(orphan=True))
    _, body = split_file(export_one(library, tmp_path / "out", article))
    tokens = check_structure(body, "Title", ["First", "Second"])
    assert [h for h in headings(tokens) if h[0] == "h2"] == [
        ("h2", "Highlights"),
        ("h2", "Orphaned highlights"),
    ]
    assert body.index(kept.id[:8]) < body.index("Orphaned") < body.index(lost.id[:8])


def test_single_file_has_a_section_per_article(library: Library, tmp_path: Path) -> None:
    first, second = annotated(library)
    out = tmp_path / "all.md"
    result = export_articles(library, None, "md", out, single_file=True)
    assert result.files == [out] and result.articles == 2 and result.highlights == 3
    data, body = split_file(out.read_text(encoding="utf-8"))
    assert data == {"title": "newsread highlights", "articles": 2, "highlights": 3}
    tokens = MD.parse(body)
    heads = headings(tokens)
    assert [h for h in heads if h[0] == "h1"] == [("h1", "newsread highlights")]
    assert [h[1] for h in heads if h[0] == "h2"] == [first.title, second.title]
    assert [h[1] for h in heads if h[0] == "h3"] == ["Highlights", "Highlights"]
    assert len(blockquotes(tokens)) == 3
    out.write_text(out.read_text(encoding="utf-8") + "\nMine.\n", encoding="utf-8")
    export_articles(library, None, "md", out, single_file=True)
    assert out.read_text(encoding="utf-8").endswith(END + "\n\nMine.\n")


def test_filters_choose_articles_and_highlights(library: Library, tmp_path: Path) -> None:
    _first, second = annotated(library)
    by_colour = export_articles(
        library, None, "md", tmp_path / "c", filters=ExportFilter(colours=("green", "blue"))
    )
    assert by_colour.articles == 1 and by_colour.highlights == 2
    body = by_colour.files[0].read_text(encoding="utf-8")
    assert "colour:: green" in body and "colour:: yellow" not in body
    by_tag = export_articles(
        library, None, "md", tmp_path / "t", filters=ExportFilter(tags=("NEWS",))
    )
    assert [p.name for p in by_tag.files] == ["First the article.md"]
    by_id = export_articles(library, [second.id], "md", tmp_path / "i")
    assert [p.name for p in by_id.files] == ["Second.md"]
    nothing = export_articles(
        library, None, "md", tmp_path / "n", filters=ExportFilter(tags=("zzz",))
    )
    assert nothing.files == [] and not (tmp_path / "n").exists()
