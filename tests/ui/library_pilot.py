"""Helpers for driving the library screen with Pilot: settle workers, read the screen."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.pilot import Pilot

from tests.conftest import shown_notifications
from tui_reader.importing import add_documents
from tui_reader.model import Article, Document, Paragraph
from tui_reader.store import Library
from tui_reader.ui.app import NewsreadApp
from tui_reader.ui.widgets.library.article_list import ArticleList

if TYPE_CHECKING:
    from textual._compositor import LayoutUpdate


async def settle(pilot: Pilot[None], rounds: int = 4) -> None:
    """Let thread workers finish and their messages land (one worker may start another)."""
    for _ in range(rounds):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        assert isinstance(pilot.app, NewsreadApp)
        pilot.app.services.saver.wait_idle()
    await pilot.pause()


def full_frame(app: NewsreadApp) -> LayoutUpdate:
    """The current screen as the terminal would receive it in full.

    Textual has no public way to get the composed frame as text or segments
    (``export_screenshot`` gives SVG), so this one helper asks the compositor.
    """
    return app.screen._compositor.render_full_update()


def screen_text(app: NewsreadApp) -> str:
    """Everything the current screen shows, as plain text lines."""
    update = full_frame(app)
    return "\n".join("".join(strip.text for strip in line) for line in update.strips)


def list_rows(app: NewsreadApp) -> list[str]:
    """The article titles in list order (the data behind the drawn rows)."""
    return [a.title for a in app.screen.query_one(ArticleList).rows]


def notices(app: NewsreadApp) -> list[str]:
    """The messages of the notifications shown so far."""
    return [n.message for n in shown_notifications(app)]


def article(
    n: int,
    title: str = "",
    *,
    source: str = "example.org",
    tags: Sequence[str] = (),
    published: str = "",
    paragraphs: int = 5,
) -> tuple[Article, list[Paragraph]]:
    """A deterministic article record (fixed id and dates) and its paragraphs."""
    record = Article(
        id=f"{n:04x}" + "a" * 12,
        title=title or f"Article number {n}",
        source=source,
        published=published,
        added=f"2024-03-{1 + n % 28:02d}T10:{n % 60:02d}:00+00:00",
        tags=tuple(tags),
        paragraph_count=paragraphs,
        word_count=paragraphs * 10,
    )
    body = [Paragraph(f"Paragraph {i} of article {n}, with some words.") for i in range(paragraphs)]
    return record, body


def put_articles(library: Library, items: Sequence[tuple[Article, list[Paragraph]]]) -> None:
    """Store fixed records exactly as given."""
    for record, body in items:
        library.put_article(record, body)


def add_generated(library: Library, count: int) -> None:
    """``count`` generated documents, added in one batch."""
    docs = [
        Document(
            title=f"Generated article {i}",
            paragraphs=[Paragraph(f"Text of generated article {i}.")],
            source=f"site{i % 13}.example",
            url=f"https://site{i % 13}.example/{i}",
            tags=(f"tag{i % 5}",),
        )
        for i in range(count)
    ]
    add_documents(library, docs)
