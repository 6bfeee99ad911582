"""``title:`` finds whole words, as the search does (``*`` for words starting so)."""

from __future__ import annotations

import pytest

from tui_reader.feeds.ignore import check_rule
from tui_reader.feeds.rules import RuleSteps
from tui_reader.feeds.subscriptions import Subscription
from tui_reader.highlight_select import implies
from tui_reader.model import Document, Paragraph
from tui_reader.query.nodes import Title
from tui_reader.query.title_match import title_holds
from tui_reader.store import Library


@pytest.mark.parametrize(
    ("words", "title", "held"),
    [
        ("ad", "An ad for ferries", True),
        ("ad", "Broadband arrives at the harbour", False),
        ("ad", "AD 1066", True),
        ("ferr", "The Ferry Keepers", False),
        ("ferr*", "The Ferry Keepers", True),
        ("entry 1", "Kill test entry 1", True),
        ("entry 1", "Kill test entry 10", False),
        ("trade  deal", "A trade\u00a0deal, signed", True),
        ("c++", "Why C++ lasts", True),
        ("", "Anything", True),
    ],
)
def test_title_holds_whole_words(words: str, title: str, held: bool) -> None:
    assert title_holds(words, title) is held


def test_typing_on_narrows_only_where_the_old_words_still_hold() -> None:
    assert implies(Title("river crossing"), Title("river"))
    assert implies(Title("river"), Title("riv*"))
    assert not implies(Title("river"), Title("riv")), "riv finds no word of 'river'"
    assert not implies(Title("rivers"), Title("river"))


def test_an_ignore_rule_title_ad_skips_ads_not_broadband(library: Library) -> None:
    check_rule("title:ad")
    steps = RuleSteps(library, ["title:ad"])
    sub = Subscription("https://harbour.example/feed.xml", "Harbour News")
    assert not steps.keep_entry(sub, Document("Ad: boats for sale", [Paragraph("x")]))
    assert steps.keep_entry(sub, Document("Broadband arrives at the harbour", [Paragraph("x")]))
