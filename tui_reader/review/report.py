"""Today's queue as the command line prints it: one line (``--due``) or JSON (``--json``)."""

from __future__ import annotations

from typing import Any

from tui_reader.review.queue import ReviewQueue


def due_line(queue: ReviewQueue) -> str:
    """``12 to review today (8 due, 4 new)``: the count first, for scripts and prompts."""
    return f"{len(queue.items)} to review today ({queue.due} due, {queue.new} new)"


def queue_document(queue: ReviewQueue) -> dict[str, Any]:
    """Today's queue as a JSON-ready dict: the counts, then each highlight in order."""
    items = []
    for item in queue.items:
        hl = item.highlight
        items.append(
            {
                "id": hl.id,
                "article_id": hl.article_id,
                "article_title": item.article.title,
                "colour": hl.colour,
                "quote": hl.anchor.quote.exact,
                "note": hl.note,
                "tags": list(hl.tags),
                "new": item.is_new,
                "due": None if item.is_new or item.card is None else item.card.get("due"),
            }
        )
    return {
        "due": queue.due,
        "new": queue.new,
        "due_tomorrow": queue.due_tomorrow,
        "next_due": queue.next_due or None,
        "highlights": items,
    }
