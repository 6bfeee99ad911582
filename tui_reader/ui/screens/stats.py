"""The stats screen: what reading and annotating added up to, in figures and sparklines.

The figures come from :func:`tui_reader.stats.compute_stats`, run in a thread
worker (one pass over the catalog and the highlights: about a second at
100,000 articles, see benchmarks/stats.py); the screen shows "Counting…"
meanwhile and never reads the store on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Sparkline, Static

from tui_reader.stats import LibraryStats, Streak, Weekly, compute_stats, review_times
from tui_reader.ui.services import Services
from tui_reader.ui.widgets.key_bar import KeyBar
from tui_reader.ui.widgets.stats.top_list import TopList
from tui_reader.ui.worker_failures import ReportsFailedWorkers

#: Rows of a sparkline on a short screen and on a tall one (from TALL_SCREEN rows).
SHORT_CHART = 2
TALL_CHART = 4
TALL_SCREEN = 40
#: Tags and sources counted (the lists show as many as fit).
TOP_ROWS = 20


def local_now() -> tuple[date, tzinfo | None]:
    """Today's date and the local time zone (tests replace this for stable snapshots)."""
    now = datetime.now().astimezone()
    return now.date(), now.tzinfo


#: Where the screen asks for today's date: a function, so tests can fix the clock.
clock: Callable[[], tuple[date, tzinfo | None]] = local_now


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _short(day: date) -> str:
    return f"{day.day} {day.strftime('%b')}"


def weekly_caption(weekly: Weekly) -> str:
    """``156 since 8 Jun · best week 13 · this week 3``."""
    if not weekly.starts:
        return ""
    parts = [
        f"{weekly.total:,} since {_short(weekly.starts[0])}",
        f"best week {max(weekly.counts):,}",
        f"this week {weekly.this_week:,}",
    ]
    return " · ".join(parts)


def streak_text(streak: Streak, what: str) -> str:
    """``3 days in a row of reading or highlighting (longest 12)``."""
    if streak.longest == 0:
        return f"no {what} yet"
    current = _count(streak.current, "day")
    return f"{current} in a row of {what} (longest {streak.longest:,})"


def totals_text(stats: LibraryStats) -> str:
    """The library in one line: articles, read, highlights, notes (and reviews, once the
    first review is done); under it the review streak, as ``newsread stats`` prints it."""
    read = f"{stats.read:,} read"
    if stats.read_undated:  # read before newsread kept the day, or imported as read
        read += f" ({stats.read_undated:,} undated)"
    parts = [
        _count(stats.articles, "article"),
        read,
        _count(stats.highlights, "highlight"),
        _count(stats.notes, "note"),
    ]
    if stats.review_streak is None:
        return " · ".join(parts)
    parts.append(_count(stats.reviews_total, "review"))
    return " · ".join(parts) + "\n" + streak_text(stats.review_streak, "reviewing")


class WeeklyChart(Vertical):
    """A title with a caption, and a sparkline of counts per week, every week as wide as
    the others (the sparkline takes a whole number of cells per week)."""

    def __init__(self, title: str, id: str) -> None:
        super().__init__(id=id, classes="chart")
        self._title = title
        self._counts: tuple[int, ...] = ()

    def compose(self) -> ComposeResult:
        """Title line, sparkline."""
        yield Static(Content(self._title), classes="chart-title")
        yield Sparkline([], classes="chart-line")

    def show(self, weekly: Weekly) -> None:
        """Draw ``weekly``."""
        title = Content.assemble(
            (self._title, "bold"), ("  " + weekly_caption(weekly), "$newsread-muted")
        )
        self.query_one(".chart-title", Static).update(title)
        self._counts = weekly.counts
        self.fit(self.size.width, self.screen.size.height)

    def on_resize(self, event: events.Resize) -> None:
        """Fit the sparkline to the chart's new width."""
        self.fit(event.size.width, self.screen.size.height)

    def fit(self, width: int, screen_height: int) -> None:
        """Size the sparkline for ``width`` cells: taller on a tall screen."""
        line = self.query_one(Sparkline)
        weeks = len(self._counts)
        if weeks and width > 0:
            # Each week's count repeated once per cell: Textual's Sparkline then maps data
            # to cells one to one (spreading 26 values over 156 cells it rounds unevenly).
            cells = max(1, width // weeks)
            line.styles.width = cells * weeks
            line.data = [n for n in self._counts for _ in range(cells)]
        line.styles.height = TALL_CHART if screen_height >= TALL_SCREEN else SHORT_CHART


class StatsScreen(ReportsFailedWorkers, Screen[None]):
    """Reading and review statistics of the whole library."""

    SUB_TITLE = "Stats"
    BINDING_GROUP_TITLE = "Stats"

    BINDINGS = [
        Binding("w", "cycle_weeks", "Weeks", tooltip="Show 12 or 26 weeks", id="stats.weeks"),
        Binding("q,escape", "back", "Back", id="stats.back", key_display="q"),
    ]

    WEEK_CHOICES = (26, 12)

    @dataclass
    class StatsReady(Message):
        """Figures computed by the worker."""

        stats: LibraryStats

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.weeks = self.WEEK_CHOICES[0]
        self.stats: LibraryStats | None = None
        """The figures shown (None while they are being counted)."""

    def compose(self) -> ComposeResult:
        """Header, status line, the figures, the keys."""
        yield Header()
        yield Static(Content("Counting…"), id="status")
        with VerticalScroll(id="stats-body"):
            yield Static(id="stats-totals")
            yield WeeklyChart("Articles read per week", id="chart-read")
            yield WeeklyChart("Highlights made per week", id="chart-highlights")
            yield WeeklyChart("Reviews per week", id="chart-reviews")
            with Horizontal(id="stats-tops"):
                yield TopList("Top tags", id="top-tags")
                yield TopList("Top sources", id="top-sources")
        empty = Static(id="empty")
        empty.display = False
        yield empty
        yield KeyBar()

    def on_mount(self) -> None:
        """Count in a worker; the first frame shows the loading state."""
        self.query_one("#stats-body").display = False
        # The first frame goes first: counting 100,000 articles holds the GIL for a second.
        self.call_after_refresh(self._count)

    @work(thread=True, exclusive=True, group="stats", exit_on_error=False)
    def _count(self) -> None:
        today, zone = clock()
        library = self.services.library
        stats = compute_stats(
            library,
            today=today,
            zone=zone,
            weeks=self.weeks,
            top=TOP_ROWS,
            review_times=review_times(library),
        )
        self.post_message(self.StatsReady(stats))

    @on(StatsReady)
    def _ready(self, message: StatsReady) -> None:
        self.stats = stats = message.stats
        status = self.query_one("#status", Static)
        if stats.is_empty:
            status.update(Content("No articles yet"))
            empty = self.query_one("#empty", Static)
            empty.update(
                Content(
                    "Nothing to count yet.\n\nAdd articles with a in the library "
                    "(or newsread add), read and highlight them, and come back."
                )
            )
            empty.display = True
            return
        status.update(Content(streak_text(stats.activity, "reading or highlighting")))
        self.query_one("#stats-totals", Static).update(Content(totals_text(stats)))
        self.query_one("#chart-read", WeeklyChart).show(stats.read_weekly)
        self.query_one("#chart-highlights", WeeklyChart).show(stats.highlight_weekly)
        reviews = self.query_one("#chart-reviews", WeeklyChart)
        if stats.reviews is None:
            reviews.display = False
        else:
            reviews.show(stats.reviews)
        self.query_one("#top-tags", TopList).show(stats.top_tags)
        self.query_one("#top-sources", TopList).show(stats.top_sources)
        self.query_one("#stats-body").display = True

    def action_cycle_weeks(self) -> None:
        """Between 26 and 12 weeks."""
        choices = self.WEEK_CHOICES
        self.weeks = choices[(choices.index(self.weeks) + 1) % len(choices)]
        self.query_one("#status", Static).update(Content("Counting…"))
        self._count()

    def action_back(self) -> None:
        """Back to the library."""
        self.dismiss()
