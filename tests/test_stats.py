"""Reading stats on a library with known dates: every figure counted by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from tests.stats_fixture import TODAY, fill_stats_library
from tui_reader.export import export_articles, load_backup, restore_backup
from tui_reader.importing import add_document
from tui_reader.model import Document, Paragraph, ReadingState
from tui_reader.stats import compute_stats, streak, week_start
from tui_reader.stats_report import sparkline, stats_lines
from tui_reader.store import Library


def test_totals_weeks_streak_and_tops(library: Library) -> None:
    fill_stats_library(library)
    stats = compute_stats(library, today=TODAY, zone=UTC)
    assert (stats.articles, stats.read, stats.read_undated) == (6, 4, 1)
    assert (stats.highlights, stats.notes) == (6, 3)
    weeks = stats.read_weekly.starts
    assert len(weeks) == 26 and weeks[-1] == date(2026, 3, 16) and weeks[0] == date(2025, 9, 22)
    assert stats.read_weekly.counts[-3:] == (0, 1, 2) and stats.read_weekly.total == 3
    assert stats.highlight_weekly.counts[-3:] == (2, 1, 2)
    assert stats.highlight_weekly.total == 5  # the one of June 2025 is before the 26 weeks
    assert stats.highlight_weekly.this_week == 2
    assert (stats.activity.current, stats.activity.longest) == (4, 4)
    assert stats.top_tags == [("korea", 3), ("history", 2), ("food", 1), ("idea", 1)]
    assert stats.top_sources == [("example.com", 3), ("rfa.org", 2), ("The Coastline Courier", 1)]
    assert stats.reviews is None and "reviews" not in stats.to_dict()


def test_days_are_local_days(library: Library) -> None:
    fill_stats_library(library)
    # 11:00 UTC on Sunday the 15th is 01:00 on Monday the 16th at UTC+14: this week.
    stats = compute_stats(library, today=TODAY, zone=timezone(timedelta(hours=14)))
    assert stats.highlight_weekly.counts[-3:] == (2, 0, 3)


def test_twelve_weeks_and_a_later_today(library: Library) -> None:
    fill_stats_library(library)
    stats = compute_stats(library, today=date(2026, 3, 20), zone=UTC, weeks=12)
    assert len(stats.read_weekly.counts) == 12 and stats.read_weekly.starts[0] == date(2025, 12, 29)
    assert (stats.activity.current, stats.activity.longest) == (0, 4)  # the 19th had nothing
    assert compute_stats(library, today=date(2026, 3, 19), zone=UTC).activity.current == 4


def test_review_figures_from_review_times(library: Library) -> None:
    fill_stats_library(library)
    times = [
        datetime(2026, 3, 18, 9, tzinfo=UTC),
        datetime(2026, 3, 18, 10, tzinfo=UTC),
        datetime(2026, 3, 16, 9, tzinfo=UTC),
        datetime(2026, 3, 11, 9),  # naive: taken as UTC
    ]
    stats = compute_stats(library, today=TODAY, zone=UTC, review_times=times)
    assert stats.reviews is not None and stats.review_streak is not None
    assert stats.reviews.counts[-2:] == (1, 3) and stats.reviews_total == 4
    assert (stats.review_streak.current, stats.review_streak.longest) == (1, 1)
    assert stats.to_dict()["reviews"] == 4


def test_an_empty_library(library: Library) -> None:
    stats = compute_stats(library, today=TODAY, zone=UTC)
    assert stats.is_empty and stats.read_weekly.counts == (0,) * 26
    assert (stats.activity.current, stats.activity.longest) == (0, 0)
    assert stats.top_tags == [] and stats.top_sources == []


def test_streak_and_week_start() -> None:
    day = date(2026, 3, 18)
    assert week_start(day) == date(2026, 3, 16) and week_start(date(2026, 3, 16)) == date(
        2026, 3, 16
    )
    days = [day - timedelta(days=n) for n in (1, 2, 3, 10, 11)]
    assert streak(days, day) == streak([*days, day - timedelta(days=1)], day)
    assert (streak(days, day).current, streak(days, day).longest) == (3, 3)
    assert streak([day + timedelta(days=1)], day).longest == 0  # the future does not count


URL = "https://example.com/read-at"


def test_read_at_is_kept_when_read_and_cleared_when_unread(library: Library) -> None:
    article = add_document(
        library, Document(title="T", paragraphs=[Paragraph("One."), Paragraph("Two.")], url=URL)
    ).article
    assert article.read_at == ""
    read = library.set_state(article.id, ReadingState.READ)
    assert read.read_at and datetime.fromisoformat(read.read_at).tzinfo is not None
    archived = library.set_state(article.id, ReadingState.ARCHIVED)
    assert archived.read_at == read.read_at  # still the day it was read
    assert library.set_state(article.id, ReadingState.UNREAD).read_at == ""
    again = library.set_state(article.id, "read")
    # Re-importing changed text keeps it.
    updated = add_document(
        library, Document(title="T", paragraphs=[Paragraph("One."), Paragraph("Three.")], url=URL)
    ).article
    assert updated.id == article.id and updated.paragraph_count == 2
    assert updated.read_at == again.read_at and library.get(article.id).read_at == again.read_at


def test_read_at_survives_backup_and_restore(library: Library, tmp_path) -> None:  # type: ignore[no-untyped-def]
    fill_stats_library(library)
    backup = export_articles(library, None, "json", tmp_path / "b.json").files[0]
    with Library.open(tmp_path / "other", "write") as other:
        restore_backup(other, load_backup(backup.read_bytes()))
        assert other.get(f"{1:016x}").read_at == "2026-03-18T08:00:00+00:00"
        assert compute_stats(other, today=TODAY, zone=UTC).read_weekly.total == 3


def test_report_lines(library: Library) -> None:
    fill_stats_library(library)
    lines = stats_lines(compute_stats(library, today=TODAY, zone=UTC))
    assert lines[0] == "Articles            6, 4 read (1 before newsread kept the day)"
    assert lines[1] == "Highlights          6, 3 notes"
    assert lines[2] == "Streak              4 days (longest 4) of reading or highlighting"
    assert lines[3] == (
        "Read per week       " + "▁" * 24 + "▅█  3 in 26 weeks from 2025-09-22, this week 2"
    )
    assert lines[-2] == "Top tags            korea 3, history 2, food 1, idea 1"
    assert lines[-1] == "Top sources         example.com 3, rfa.org 2, The Coastline Courier 1"
    assert sparkline([0, 1, 2, 4]) == "▁▃▅█" and sparkline([0, 0]) == "▁▁"


def test_half_hour_zones_count_minutes(library: Library) -> None:
    from tests.stats_fixture import _article, _highlight
    from tui_reader.model import Paragraph as P

    article = _article(9)
    hls = [
        _highlight(article, 1, "2026-03-15T18:15:00+00:00"),  # 23:45 Sunday at +05:30
        _highlight(article, 2, "2026-03-15T18:45:00+00:00"),  # 00:15 Monday at +05:30
        _highlight(article, 3, "2026-03-15T18:50:00+00:00"),
    ]
    library.put_many([(article, [P("Text of the article.")], hls)])
    india = timezone(timedelta(hours=5, minutes=30))
    assert compute_stats(library, today=TODAY, zone=india).highlight_weekly.counts[-2:] == (1, 2)
    assert compute_stats(library, today=TODAY, zone=UTC).highlight_weekly.counts[-2:] == (3, 0)
    # At +01:00 the hour decides: 19:15, 19:45, 19:50 on Sunday.
    paris = timezone(timedelta(hours=1))
    assert compute_stats(library, today=TODAY, zone=paris).highlight_weekly.counts[-2:] == (3, 0)


def test_top_tags_keep_the_spelling_they_are_given(library: Library) -> None:
    # Found in tmux: a feed's tag "Tech" was listed by % (and `newsread stats`) as "tech".
    for n, tags in enumerate([("Tech",), ("Tech", "AI"), ("tech",), ("Tech",)]):
        doc = Document(title=f"A{n}", paragraphs=[Paragraph(f"Text {n}.")], tags=tags)
        add_document(library, doc)
    stats = compute_stats(library, today=TODAY, zone=UTC)
    assert stats.top_tags == [("Tech", 4), ("AI", 1)]
