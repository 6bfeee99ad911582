"""Which articles and highlights an export takes: ids, a query, tags, colours, a date.

Tags and colours are parts of a query (``tag:T``, ``colour:C``), answered by
:mod:`tui_reader.query` like every other search.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from tui_reader.export.errors import ExportError
from tui_reader.model import COLOURS, Article, Highlight
from tui_reader.query import Matcher, Query
from tui_reader.query.nodes import Colour, Or, Tag
from tui_reader.store import Library, NotFound


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """``2024-05-01`` or an ISO 8601 date-time -> an aware datetime (local time if none
    given); or a date as the query language writes one (``yesterday``, ``7d``,
    ``2024-05``): its start (``7d``: seven days before ``now``)."""
    raw = text.strip()
    try:
        if len(raw) == 10:
            moment = datetime.combine(date.fromisoformat(raw), datetime.min.time())
        else:
            moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return _query_date(raw, text, now)
    if moment.tzinfo:
        return moment
    try:
        return moment.astimezone()
    except (ValueError, OverflowError):  # 0001-01-01 or 9999-12-31 shifted out of range
        return moment.replace(tzinfo=UTC)


def _query_date(raw: str, text: str, now: datetime | None) -> datetime:
    from tui_reader.query import QueryError
    from tui_reader.query.dates import parse_date_spec

    error = f"--since: not a date: {text!r} (YYYY-MM-DD, or as in a query: yesterday, 7d)"
    try:
        start, _ = parse_date_spec(raw, 1, "--since").bounds(now or datetime.now().astimezone())
    except QueryError:
        raise ExportError(error) from None
    if start is None:
        raise ExportError(error)
    return start


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
    set an article without a matching highlight is left out. A ``query``
    chooses both: the articles it selects, with the highlights it holds for.
    """

    article_ids: tuple[str, ...] = ()
    """Exact article ids (the CLI resolves prefixes before)."""
    tags: tuple[str, ...] = ()
    """Articles carrying every one of these tags (case-insensitive)."""
    colours: tuple[str, ...] = ()
    """Highlights of these colours."""
    since: datetime | None = None
    """Highlights created or changed at or after this moment."""
    query: Query | None = None
    """A parsed query (``newsread export --query``); the filters above narrow it."""
    highlight_ids: frozenset[str] | None = None
    """Only these highlights (the highlights browser exports what it lists)."""
    annotated_only: bool = False
    """Leave out articles with no highlight and no note (a Markdown file of an article
    exported before is still brought up to date, so deleted highlights leave it too)."""
    _matchers: dict[int, Matcher] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        unknown = [c for c in self.colours if c not in COLOURS]
        if unknown:
            raise ExportError(f"unknown colour {unknown[0]!r} (choose from {', '.join(COLOURS)})")

    @property
    def filters_highlights(self) -> bool:
        """True when only some highlights are wanted."""
        return bool(self.colours) or self.since is not None or self.highlight_ids is not None

    @property
    def combined(self) -> Query:
        """The query with the tag and colour filters added to it."""
        query = self.query or Query()
        extra = [Tag(t) for t in self.tags]
        if self.colours:
            colours = [Colour(c) for c in self.colours]
            extra.append(colours[0] if len(colours) == 1 else Or(tuple(colours)))
        return query.narrowed(*extra)

    def matcher(self, library: Library) -> Matcher | None:
        """The query compiled against ``library`` (once per library), or None for none."""
        query = self.combined
        if query.where is None:
            return None
        key = id(library)
        if key not in self._matchers:
            self._matchers[key] = Matcher(library, query)
        return self._matchers[key]

    def keeps(self, hl: Highlight) -> bool:
        """True when ``hl`` passes the id and date filters (the query is asked in :func:`select`)."""
        if self.highlight_ids is not None and hl.id not in self.highlight_ids:
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

    @property
    def annotated(self) -> bool:
        """True when the article has something to export: a highlight or a note."""
        return bool(self.highlights or self.article.note.strip())


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
    matcher = chosen.matcher(library)
    if matcher is not None:
        articles = [a for a in articles if matcher.matches(a)]
    return articles


def select(
    library: Library, chosen: ExportFilter, articles: Sequence[Article] | None = None
) -> Iterator[Selected]:
    """Each chosen article with its chosen highlights, read one article at a time."""
    matcher = chosen.matcher(library)
    for article in choose_articles(library, chosen) if articles is None else articles:
        highlights = [h for h in library.highlights(article.id) if chosen.keeps(h)]
        if matcher is not None:
            highlights = [h for h in highlights if matcher.holds_for_highlight(article, h)]
        if chosen.filters_highlights and not highlights:
            continue
        yield Selected(article, highlights)
