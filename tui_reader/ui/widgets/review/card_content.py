"""What the review screen shows, as Content built from data (user text is never markup).

A card is the highlight inside its paragraph (marked in its colour), with the
paragraphs around it for context, under the article's title and tags, with the
highlight's note and tags below. The summary and the empty state are built
here too, so the screen only places them.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from tui_reader.model import Paragraph
from tui_reader.review.cards import Grade
from tui_reader.review.log import parse_when
from tui_reader.review.queue import ReviewItem, ReviewQueue
from tui_reader.review.session import Summary
from tui_reader.ui.widgets.reader.article_rows import safe_text

#: The highlight colours, as the reader paints them (black text on each).
HIGHLIGHT_STYLES = {
    "yellow": "#000000 on #f2d64b",
    "green": "#000000 on #8fd694",
    "blue": "#000000 on #8ec5f5",
    "pink": "#000000 on #f5a3c7",
    "purple": "#000000 on #c3a6f2",
}
#: Characters of a neighbouring paragraph shown for context.
CONTEXT = 160


def _clip(text: str, limit: int, *, tail: bool = False) -> str:
    text = " ".join(safe_text(text).split())
    if len(text) <= limit:
        return text
    return "…" + text[-limit:].lstrip() if tail else text[:limit].rstrip() + "…"


def title_content(item: ReviewItem) -> Content:
    """The article's title, and its tags."""
    title = Content(safe_text(item.article.title) or "Untitled").stylize("bold")
    if item.article.tags:
        tags = " ".join(f"#{safe_text(t)}" for t in item.article.tags)
        title = Content.assemble(title, "  ", Content(tags).stylize("italic"))
    return title


def paragraph_content(item: ReviewItem, paragraphs: Sequence[Paragraph] | None) -> Content:
    """The highlight's paragraph with the highlight marked (its quote alone when the text is
    not at hand or the highlight is an orphan)."""
    hl = item.highlight
    style = HIGHLIGHT_STYLES.get(hl.colour, "reverse")
    a = hl.anchor
    if paragraphs is None or hl.orphan or a.paragraph >= len(paragraphs):
        return Content(safe_text(a.quote.exact)).stylize(style)
    text = safe_text(paragraphs[a.paragraph].text)
    end = min(a.end, len(text))
    return Content(text).stylize(style, min(a.start, end), end)


def context_content(
    item: ReviewItem, paragraphs: Sequence[Paragraph] | None, offset: int
) -> Content:
    """The paragraph before (``offset=-1``) or after (``+1``) the highlight's, shortened."""
    hl = item.highlight
    if paragraphs is None or hl.orphan:
        return Content("")
    n = hl.anchor.paragraph + offset
    if not 0 <= n < len(paragraphs):
        return Content("")
    return Content(_clip(paragraphs[n].text, CONTEXT, tail=offset < 0))


def note_content(item: ReviewItem) -> Content:
    """The highlight's note and tags (empty when it has neither)."""
    hl = item.highlight
    parts: list[Content | str] = []
    if hl.note:
        parts.append(
            Content.assemble(
                Content("Note: ").stylize("bold"), safe_text(hl.note, keep_newlines=True)
            )
        )
    if hl.tags:
        if parts:
            parts.append("\n")
        parts.append(Content(" ".join(f"#{safe_text(t)}" for t in hl.tags)).stylize("italic"))
    return Content.assemble(*parts) if parts else Content("")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def forecast_lines(queue: ReviewQueue, daily_limit: int) -> list[str]:
    """What comes next: today's leftovers, tomorrow's count, the next due date."""
    lines = []
    left_today = queue.due_total
    if left_today:
        lines.append(f"Still due today: {_count(left_today, 'highlight')}.")
    new_tomorrow = min(daily_limit, queue.new_available)
    lines.append(
        f"Tomorrow: {_count(queue.due_tomorrow, 'review')} due"
        + (f", and up to {new_tomorrow} new" if new_tomorrow else "")
        + "."
    )
    when = parse_when(queue.next_due) if queue.next_due else None
    if when is not None:
        lines.append(f"Next due: {when.astimezone().date().isoformat()}.")
    return lines


def summary_content(summary: Summary, forecast: list[str]) -> Content:
    """The end of a session: what was done, and what comes next."""
    grades = " · ".join(f"{g.name.lower()} {summary.by_grade.get(g, 0)}" for g in Grade)
    lines = [
        Content("Review done").stylize("bold"),
        Content(f"Reviewed {_count(summary.reviewed, 'highlight')}: {grades}"),
    ]
    others = []
    if summary.skipped:
        others.append(f"skipped {summary.skipped}")
    if summary.retired:
        others.append(f"retired {summary.retired}")
    if summary.left:
        others.append(f"not reached {summary.left}")
    if others:
        lines.append(Content(", ".join(others).capitalize() + "."))
    lines.append(Content(""))
    lines.extend(Content(line) for line in forecast)
    lines.append(Content(""))
    lines.append(Content("u takes back the last answer · q leaves the review"))
    return Content("\n").join(lines)


def empty_content(queue: ReviewQueue, forecast: list[str], query: str) -> Content:
    """Nothing to review: say so, and when there will be."""
    where = f" for {safe_text(query)!r}" if query else ""
    lines = [Content(f"Nothing to review today{where}.").stylize("bold"), Content("")]
    if not queue.next_due and not queue.new_available and not queue.new_today:
        lines.append(
            Content("Highlight passages in the reader (h) and they come up here, a few a day.")
        )
    else:
        lines.extend(Content(line) for line in forecast)
    lines.append(Content(""))
    lines.append(Content("q leaves the review"))
    return Content("\n").join(lines)
