"""Which articles and highlights an export takes: ids, tags, colours, a date."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from tui_reader.export.errors import ExportError
from tui_reader.model import COLOURS, Article, Highlight
from tui_reader.store import Library, NotFound


def parse_since(text: str) -> datetime:
    """``2024-05-01`` or an ISO 8601 date-time -> an aware datetime (local time if none given)."""
    raw = text.strip()
    try:
        if len(raw) == 10:
            moment = datetime.combine(date.fromisoformat(raw), datetime.min.time())
        else:
            moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise ExportError(f"--since: not a date: {text!r} (use YYYY-MM-DD)") from None
    if moment.tzinfo:
        return moment
    try:
        return moment.astimezone()
    except (ValueError, OverflowError):  # 0001-01-01 or 9999-12-31 shifted out of range
        return moment.replace(tzinfo=UTC)


def _moment(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class ExportFilter:
    """What to export. Empty fields select everything.

    Article filters (``article_ids``, ``tags``) choose articles; highlight
    filters (``colours``, ``since``) choose highlights, and with one of them
    set an article without a matching highlight is left out.
    """

    article_ids: tuple[str, ...] = ()
    """Exact article ids (the CLI resolves prefixes before)."""
    tags: tuple[str, ...] = ()
    """Articles carrying every one of these tags (case-insensitive)."""
    colours: tuple[str, ...] = ()
    """Highlights of these colours."""
    since: datetime | None = None
    """Highlights created or changed at or after this moment."""

    def __post_init__(self) -> None:
        unknown = [c for c in self.colours if c not in COLOURS]
        if unknown:
            raise ExportError(f"unknown colour {unknown[0]!r} (choose from {', '.join(COLOURS)})")

    @property
    def filters_highlights(self) -> bool:
        """True when only some highlights are wanted."""
        return bool(self.colours) or self.since is not None

    def keeps(self, hl: Highlight) -> bool:
        """True when ``hl`` passes the highlight filters."""
        if self.colours and hl.colour not in self.colours:
            return False
        if self.since is not None:
            moments = [m for m in (_moment(hl.created), _moment(hl.updated)) if m]
            if not moments or max(moments) < self.since:
                return False
        return True


@dataclass(slots=True)
class Selected:
    """One article chosen for export, with its chosen highlights."""

    article: Article
    highlights: list[Highlight] = field(default_factory=list)


def choose_articles(library: Library, chosen: ExportFilter) -> list[Article]:
    """The articles passing the article filters, in a stable order (oldest added first)."""
    if chosen.article_ids:
        articles: list[Article] = []
        seen: set[str] = set()
        for article_id in chosen.article_ids:
            try:
                article = library.get(article_id)
            except NotFound:
                raise ExportError(f"no article with id {article_id!r}") from None
            if article.id not in seen:
                seen.add(article.id)
                articles.append(article)
    else:
        articles = sorted(library.articles(), key=lambda a: (a.added, a.id))
    wanted = {t.casefold() for t in chosen.tags}
    if wanted:
        articles = [a for a in articles if wanted <= {t.casefold() for t in a.tags}]
    return articles


def select(
    library: Library, chosen: ExportFilter, articles: Sequence[Article] | None = None
) -> Iterator[Selected]:
    """Each chosen article with its chosen highlights, read one article at a time."""
    for article in choose_articles(library, chosen) if articles is None else articles:
        highlights = [h for h in library.highlights(article.id) if chosen.keeps(h)]
        if chosen.filters_highlights and not highlights:
            continue
        yield Selected(article, highlights)
