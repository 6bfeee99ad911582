"""Web pages: the article's main text, without navigation, banners or comments.

trafilatura finds the main text and the metadata (title, author, date, site
name); its XML output is walked so headings stay headings and paragraphs stay
apart. The canonical link, when the page has one, is the article's URL.

Everything trafilatura keeps as the article is kept: it already weighs link
density when it drops menus and lists of related stories. Dropping single
paragraphs made mostly of link text (as newsread once did) removed real
sentences: a greeting that shares its words with a link in the sidebar, a
list of downloads, a paragraph that is one long link. Link density is only
used for the whole page: when nearly all of what trafilatura found is link
text (a "page not found" with its menu and suggestions, which trafilatura's
fallback returns), the page holds no article and is refused.
trafilatura is imported here, inside the function, because importing it
costs a third of a second.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from tui_reader.ingest.errors import IngestError
from tui_reader.ingest.files import decode
from tui_reader.model import Document, Paragraph
from tui_reader.sanitize import clean_line, clean_paragraph, strip_unsafe_markup

_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
#: A page whose text is more than this share of link text holds no article.
LINK_DENSITY = 0.6
#: Link texts shorter than this are not counted (a link on "here" says nothing).
_MIN_LINK_TEXT = 4


def decode_html(data: bytes, declared: str | None = None) -> str:
    """A page's text: the charset from the HTTP header or a ``<meta>`` tag, else detected."""
    if not declared:
        m = _META_CHARSET.search(data[:4096])
        declared = m.group(1).decode("ascii", "replace") if m else None
    return decode(data, declared)


def parse_html(text: str, origin: str = "", url: str = "") -> Document:
    """The article in a web page; ``url`` is where it was fetched from, if it was.

    Raises :class:`IngestError` when the page holds no article text.
    """
    from lxml import etree
    from lxml import html as lxml_html

    text = strip_unsafe_markup(_XML_DECLARATION.sub("", text, count=1))
    if not text.strip():
        raise IngestError("page is empty")
    try:
        tree = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError) as error:
        raise IngestError(f"not a readable HTML page ({error})") from None
    canonical = _canonical(tree, url)
    page_title = clean_line(tree.findtext(".//title") or "")
    doc = extract_main(tree, url)
    if doc is None:
        raise IngestError("no article text found in the page")
    meta, main = doc
    paragraphs = xml_paragraphs(main)
    title = clean_line(meta.get("title") or "") or page_title
    first = paragraphs[0] if paragraphs else None
    if first is not None and first.is_heading and first.text.casefold() == title.casefold():
        paragraphs.pop(0)
    if not title:
        for i, p in enumerate(paragraphs):
            if p.is_heading:
                title = paragraphs.pop(i).text
                break
    body = [p.text for p in paragraphs if not p.is_heading]
    if not body or _mostly_links(" ".join(body), _link_texts(tree)):
        raise IngestError("no article text found in the page")
    article_url = canonical or clean_line(meta.get("url") or "") or url
    source = clean_line(meta.get("sitename") or "") or _host(article_url or url)
    return Document(
        title=title or "Untitled",
        paragraphs=paragraphs,
        source=source,
        url=article_url,
        author=clean_line(meta.get("author") or ""),
        published=clean_line(meta.get("date") or ""),
        tags=(),
        origin=origin or url,
    )


def extract_main(tree: Any, url: str) -> tuple[dict[str, str], Any] | None:
    """trafilatura's metadata and ``<main>`` element for a parsed page, or None."""
    logging.getLogger("trafilatura").addHandler(logging.NullHandler())
    logging.getLogger("htmldate").addHandler(logging.NullHandler())
    import trafilatura
    from lxml import etree

    try:
        xml = trafilatura.extract(
            tree,
            url=url or None,
            output_format="xml",
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            with_metadata=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # trafilatura raises assorted errors on odd markup
        return None
    if not xml:
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    root = etree.fromstring(xml.encode("utf-8"), parser)
    if root is None:
        return None
    main = root.find("main")
    if main is None:
        return None
    return dict(root.attrib), main


def xml_paragraphs(main: Any) -> list[Paragraph]:
    """Paragraphs from trafilatura's XML ``<main>``: headings, paragraphs, lists, tables."""
    out: list[Paragraph] = []

    def add(text: str, kind: str = "text", level: int = 0) -> None:
        text = clean_paragraph(text)
        if text:
            out.append(Paragraph(text, "heading", level) if kind == "heading" else Paragraph(text))

    def walk(el: Any) -> None:
        add(el.text or "")
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "head":
                add(_text(child), "heading", _level(child.get("rend", "")))
            elif tag in ("p", "code"):
                add(_text(child))
            elif tag == "list":
                for item in child.iter("item"):
                    add("• " + _text(item, skip="list"))
            elif tag == "table":
                for row in child.iter("row"):
                    add(" | ".join(clean_line(_text(cell)) for cell in row.iter("cell")))
            elif tag == "quote":
                if child.find("p") is not None:
                    walk(child)
                else:
                    add(_text(child))
            elif tag in ("graphic", "comments", ""):
                pass  # images, comments, and XML comments or processing instructions
            else:
                walk(child)
            add(child.tail or "")

    walk(main)
    return out


def _text(el: Any, skip: str = "") -> str:
    """An element's text with line breaks as spaces, leaving out ``skip`` children."""
    parts: list[str] = [el.text or ""]
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "lb":
            parts.append(" ")
        elif tag and tag != skip:
            parts.append(_text(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)


def _level(rend: str) -> int:
    m = re.fullmatch(r"h([1-6])", rend.strip().lower())
    return int(m.group(1)) if m else 2


def _canonical(tree: Any, base: str) -> str:
    """The page's ``<link rel="canonical">`` as an absolute http(s) URL, or ""."""
    for link in tree.iterfind(".//link[@href]"):
        if "canonical" in (link.get("rel") or "").lower().split():
            href = clean_line(link.get("href") or "")
            absolute = urljoin(base, href) if base else href
            if absolute.lower().startswith(("http://", "https://")):
                return absolute
    return ""


def _link_texts(tree: Any) -> list[str]:
    """The texts of the page's links, longest first (to measure link density)."""
    texts = {clean_paragraph(a.text_content()) for a in tree.iterfind(".//a")}
    return sorted((t for t in texts if len(t) >= _MIN_LINK_TEXT), key=len, reverse=True)


def _mostly_links(text: str, links: list[str]) -> bool:
    """True when more than :data:`LINK_DENSITY` of ``text`` is the text of links."""
    letters = len(text.replace(" ", ""))
    if not letters or not links:
        return False
    rest = text
    for link in links:
        if link in rest:
            rest = rest.replace(link, "")
    covered = letters - len(rest.replace(" ", ""))
    return covered > LINK_DENSITY * letters


def _host(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")
