"""The app's one-line refresh notice: new, updated, and where updated highlights went."""

from __future__ import annotations

from tui_reader.feeds.refresh import FeedResult, FeedStatus, RefreshReport
from tui_reader.feeds.subscriptions import Subscription
from tui_reader.merging import AddResult, AddStatus
from tui_reader.model import Article
from tui_reader.ui.refresh_action import summary


def feed(*results: AddResult) -> FeedResult:
    sub = Subscription(url="http://127.0.0.1:1/feed.xml", title="Feed")
    return FeedResult(sub, FeedStatus.REFRESHED, results=list(results))


def test_the_notice_says_where_the_highlights_of_updated_articles_went() -> None:
    article = Article(id="0123456789abcdef", title="T")
    edited = AddResult(AddStatus.UPDATED, article, stayed=2, moved=1, orphaned=1)
    report = RefreshReport(total=2, feeds=[feed(edited), feed(AddResult(AddStatus.ADDED, article))])
    assert summary(report) == (
        "1 new article, 1 updated, highlights: 2 stayed, 1 moved, 1 orphaned, "
        "2 of 2 feeds refreshed"
    )


def test_highlights_that_all_stayed_are_not_news() -> None:
    article = Article(id="0123456789abcdef", title="T")
    edited = AddResult(AddStatus.UPDATED, article, stayed=3)
    added = [AddResult(AddStatus.ADDED, article)] * 1200
    report = RefreshReport(total=1, feeds=[feed(edited, *added)])
    assert summary(report) == "1,200 new articles, 1 updated, 1 of 1 feed refreshed"
