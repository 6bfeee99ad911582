"""Export templates: variables, escaping of hostile text, errors with lines, merging."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, library_files
from tests.export.conftest import HOSTILE_TITLES, add_article, annotated
from tests.export.test_markdown import MD, split_file
from tui_reader.export import ExportError, ExportFilter, export_articles
from tui_reader.export.document import BEGIN, END
from tui_reader.export.template import ArticleTemplate, TemplateError
from tui_reader.export.template_filters import yaml_value
from tui_reader.model import Anchor, Article, Highlight, Quote
from tui_reader.query import parse_query
from tui_reader.store import Library

EXAMPLE = ROOT / "docs" / "template-example.md.j2"

#: Every variable, as YAML in the front matter (so a test reads them back exactly).
ALL_VARIABLES = """---
{% for key, value in article | dictsort %}
a_{{ key | raw }}: {{ value | yaml }}
{% endfor %}
{% for hl in highlights %}
{% set n = loop.index %}
{% for key, value in hl | dictsort %}
h{{ n }}_{{ key | raw }}: {{ value | yaml }}
{% endfor %}
{% endfor %}
orphans: {{ orphans | length }}
---
Body.
"""


def write(tmp_path: Path, text: str, name: str = "t.md.j2") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def export_with(library: Library, template: Path, out: Path, **kwargs: object) -> list[Path]:
    result = export_articles(library, None, "md", out, template=template, **kwargs)  # type: ignore[arg-type]
    return result.files


def test_every_documented_variable_reaches_the_template(library: Library, tmp_path: Path) -> None:
    first, _ = annotated(library)
    library.set_state(first.id, "reading")
    library.set_queue(first.id, "later")
    template = write(tmp_path, ALL_VARIABLES)
    (path,) = export_articles(library, [first.id], "md", tmp_path / "out", template=template).files
    data, body = split_file(path.read_text(encoding="utf-8"))
    article = library.get(first.id)
    assert data["a_title"] == "First: the article"
    assert data["a_url"] == "https://example.com/first"
    assert data["a_source"] == "example.com" and data["a_domain"] == "example.com"
    assert data["a_published"] == "2024-05-01" and data["a_added"] == article.added
    assert data["a_tags"] == ["news", "long-read"]
    assert data["a_raw_tags"] == list(article.tags)
    assert data["a_note"] == "The article's own note."
    assert data["a_state"] == "reading" and data["a_queue"] == "later"
    assert data["a_highlight_count"] == 3 and data["a_id"] == first.id
    hls = library.highlights(first.id)  # reading order
    assert [data[f"h{i}_quote"] for i in (1, 2, 3)] == [h.anchor.quote.exact for h in hls]
    assert data["h1_note"] == "A note\n\nwith two paragraphs"
    assert data["h1_tags"] == ["big-idea", "x"] and data["h1_raw_tags"] == list(hls[0].tags)
    assert data["h1_colour"] == "green" and data["h1_color"] == "green"
    assert data["h1_block_id"] == f"hl-{hls[0].id[:8]}" and data["h1_id"] == hls[0].id
    assert (data["h1_paragraph"], data["h1_start"], data["h1_end"]) == (1, 6, 15)
    assert data["h2_paragraph"] == 2 and data["h1_created"] == hls[0].created
    assert data["h1_orphan"] is False and data["orphans"] == 0
    assert next(iter(data)) == "id" and data["id"] == first.id
    assert body.count(BEGIN) == 1 and f"{BEGIN}\nBody.\n\n{END}\n" in body


def test_the_example_template_renders_the_design_layout(library: Library, tmp_path: Path) -> None:
    first, _ = annotated(library)
    (path,) = export_articles(library, [first.id], "md", tmp_path / "out", template=EXAMPLE).files
    data, body = split_file(path.read_text(encoding="utf-8"))
    assert data["title"] == "First: the article" and data["tags"] == ["news", "long-read"]
    assert data["published"] == "2024-05-01"
    hls = library.highlights(first.id)
    assert f"> paragraph ^hl-{hls[0].id[:8]}" in body
    assert "- tags: #big-idea #x" in body
    assert "#news #long-read" in body and "The article's own note." in body
    assert "## Highlights (3)" in body


HOSTILE_TEXT = [
    "# Heading <b>bold</b> <script>alert(1)</script> [l](javascript:x) ![i](x.png)",
    "- list | a | b | %% c %% ==m== $x$ ^id [[wiki]] <!-- comment --> &amp;",
    "\x1b[31mred\x1b[0m and \x9b31m and \x07bell",
    "---\ntitle: injected\n---",
]


def hostile_article(title: str, text: str) -> tuple[Article, list[Highlight]]:
    article = Article(
        id="0123456789abcdef", title=title, source=text, author=title, note=text, tags=(title,)
    )
    hl = Highlight(
        id="89abcdef" * 4,
        article_id=article.id,
        anchor=Anchor(0, 0, len(text), Quote(text)),
        note=text,
        tags=(text,),
    )
    return article, [hl]


@pytest.mark.parametrize("title", HOSTILE_TITLES + HOSTILE_TEXT)
def test_hostile_text_cannot_break_front_matter_or_inject_markup(title: str) -> None:
    template = ArticleTemplate(EXAMPLE.read_text(encoding="utf-8"), "example")
    text = HOSTILE_TEXT[0] + "\n" + title
    article, hls = hostile_article(title, text)
    rendered = template.render(article, hls)
    assert rendered.front_matter is not None
    assert rendered.front_matter["title"] == title  # the YAML loaded back exactly
    assert rendered.front_matter["author"] == title
    assert "\x1b" not in rendered.body and "\x9b" not in rendered.body
    tokens = MD.parse(rendered.body)
    assert "html_block" not in {t.type for t in tokens}
    items = [tokens[i + 2].content for i, t in enumerate(tokens) if t.type == "list_item_open"]
    assert all(item.startswith(("colour: ", "tags: ")) for item in items), items  # the template's
    # No link, image, HTML, code or emphasis from the text (tag lines are Obsidian's syntax).
    texts = [t for t in tokens if t.type == "inline" and not t.content.startswith(("#", "tags:"))]
    inline_kinds = {c.type for t in texts for c in t.children or []}
    assert inline_kinds <= {"text", "softbreak"}, inline_kinds
    heads = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert len(heads) == 2  # the title and "Highlights": nothing from the text
    assert "<script>" not in rendered.body and "<b>" not in rendered.body


@pytest.mark.parametrize("title", HOSTILE_TITLES + HOSTILE_TEXT)
def test_yaml_filter_loads_back_to_the_value(title: str) -> None:
    for value in (title, [title, "ok"], 3, None, True):
        assert yaml.safe_load(f"key: {yaml_value(value)}\n") == {"key": value}


def test_front_matter_without_the_yaml_filter_is_an_error_naming_the_article(
    library: Library, tmp_path: Path
) -> None:
    article = add_article(library, "Colon: a subtitle", ["Text."])
    template = write(tmp_path, "---\ntitle: {{ article.title }}\nx: {{ article.title }}\n---\n")
    out = tmp_path / "out"
    with pytest.raises(TemplateError) as caught:
        export_with(library, template, out)
    message = str(caught.value)
    assert message.startswith(f"template {template}: the front matter written for article")
    assert article.id in message and "yaml filter" in message and "\n" not in message
    assert not out.exists()


@pytest.mark.parametrize(
    ("source", "line", "words"),
    [
        ("line one\n{% for x in %}\n", 2, "Expected an expression"),
        ("a\nb\n{{ article.titel }}\n", 3, "no attribute 'titel'"),
        ("a\n{{ nothing }}\n", 2, "'nothing' is undefined"),
        ("{% for hl in highlights %}\n\n{{ 1 // 0 }}\n{% endfor %}", 3, "division"),
        ("x\n{{ article.title | nosuchfilter }}", 2, "nosuchfilter"),
        ("{{ article.title | safe }}", 1, "safe"),
        ("\n\n{{ ''.__class__.__mro__ }}", 3, "unsafe"),
        ("{% include 'other.md' %}", 1, "other.md"),
        ("{% if %}", 1, "Expected an expression"),
    ],
)
def test_template_errors_are_one_line_with_the_template_line(
    library: Library, tmp_path: Path, source: str, line: int, words: str
) -> None:
    annotated(library)
    template = write(tmp_path, source)
    out = tmp_path / "out"
    with pytest.raises(TemplateError) as caught:
        export_with(library, template, out)
    message = str(caught.value)
    assert message.startswith(f"template {template}, line {line}: "), message
    assert words in message and "\n" not in message
    assert not out.exists()


def test_an_error_on_one_article_writes_nothing(library: Library, tmp_path: Path) -> None:
    first, _ = annotated(library)
    out = tmp_path / "out"
    paths = export_articles(library, None, "md", out).files
    before = {p: p.read_bytes() for p in paths}
    # Fails only on the second article (no highlights): the first is not rewritten either.
    template = write(tmp_path, "{{ article.title }}\n{{ highlights[0].quote }}\n")
    library.set_note(first.id, "changed")
    with pytest.raises(TemplateError, match=r", line 2: "):
        export_with(library, template, out)
    assert {p: p.read_bytes() for p in paths} == before
    assert sorted(out.iterdir()) == sorted([*paths, out / ".newsread-export.json"])


def test_user_text_outside_the_markers_is_kept(library: Library, tmp_path: Path) -> None:
    first, _ = annotated(library)
    out = tmp_path / "vault"
    (path,) = export_articles(library, [first.id], "md", out).files  # built-in first
    text = path.read_text(encoding="utf-8")
    text = text.replace("---\n", "---\nrating: 5\n", 1).replace(BEGIN, "Mine above.\n\n" + BEGIN)
    path.write_text(text + "\n## My thoughts\n\nMine below.\n", encoding="utf-8")
    template = write(tmp_path, "---\ntitle: {{ article.title | yaml }}\nmine: 1\n---\nT\n")
    for _ in range(2):  # a second export with the template changes nothing more
        assert export_articles(library, [first.id], "md", out, template=template).files == [path]
    data, body = split_file(path.read_text(encoding="utf-8"))
    assert data == {"id": first.id, "title": first.title, "mine": 1, "rating": 5}
    assert "Mine above.\n\n" + BEGIN + "\nT\n\n" + END + "\n" in body
    assert body.endswith("\n## My thoughts\n\nMine below.\n")
    # Without front matter in the template, the built-in front matter is written.
    export_articles(library, [first.id], "md", out, template=write(tmp_path, "Only a body\n"))
    data, body = split_file(path.read_text(encoding="utf-8"))
    assert data["highlights"] == 3 and data["rating"] == 5
    assert "Mine above." in body and body.endswith("Mine below.\n")


def test_markers_in_the_output_are_refused(library: Library, tmp_path: Path) -> None:
    annotated(library)
    template = write(tmp_path, "x\n{{ '<!-- newsread:end -->' | raw }}\n")
    with pytest.raises(TemplateError, match="markers"):
        export_with(library, template, tmp_path / "out")


def test_query_chooses_articles_and_highlights(library: Library, tmp_path: Path) -> None:
    annotated(library)
    template = write(tmp_path, "{% for hl in highlights %}{{ hl.colour }};{% endfor %}\n")
    chosen = ExportFilter(query=parse_query("colour:green OR colour:blue"))
    result = export_articles(
        library, None, "md", tmp_path / "out", filters=chosen, template=template
    )
    assert result.articles == 1 and result.highlights == 2
    assert f"{BEGIN}\ngreen;blue;\n" in result.files[0].read_text(encoding="utf-8")


def test_template_needs_markdown_folders(library: Library, tmp_path: Path) -> None:
    annotated(library)
    template = write(tmp_path, "x")
    with pytest.raises(ExportError, match="json or w3c"):
        export_articles(library, None, "json", tmp_path / "b.json", template=template)
    with pytest.raises(ExportError, match="--single-file"):
        export_articles(library, None, "md", tmp_path / "a.md", single_file=True, template=template)
    with pytest.raises(TemplateError, match=r"^cannot read template .*missing.*: no such file"):
        export_articles(library, None, "md", tmp_path / "out", template=tmp_path / "missing")
    (tmp_path / "latin1").write_bytes(b"caf\xe9")
    with pytest.raises(TemplateError, match="not UTF-8"):
        export_articles(library, None, "md", tmp_path / "out", template=tmp_path / "latin1")
    assert not (tmp_path / "out").exists() and not (tmp_path / "b.json").exists()


def test_the_library_is_unchanged_by_a_failed_export(library: Library, tmp_path: Path) -> None:
    annotated(library)
    before = library_files(library.folder)
    with pytest.raises(TemplateError):
        export_with(library, write(tmp_path, "{{ oops }}"), tmp_path / "out")
    assert library_files(library.folder) == before
