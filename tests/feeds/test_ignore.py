"""Ignore rules: queries matched against incoming entries, stored in the library (and its
backup) and in config.toml, edited from the CLI."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from tui_reader.cli import cli
from tui_reader.config import load_config
from tui_reader.export import export_articles, load_backup, restore_backup
from tui_reader.feeds.ignore import (
    FROM_CONFIG,
    FROM_LIBRARY,
    IgnoreFilter,
    IgnoreRuleError,
    add_rule,
    check_rule,
    library_rules,
    load_rules,
    remove_rule,
)
from tui_reader.feeds.subscriptions import Subscription
from tui_reader.model import Document, Paragraph
from tui_reader.store import Library

TECH = Subscription("https://tech.example/feed.xml", "Tech Daily", tags=("tech",))
GARDEN = Subscription("https://garden.example/rss", "Garden Notes")

ENTRIES = {
    "sponsored": Document(
        "Sponsored: the best VPN of 2026",
        [Paragraph("Buy now.")],
        source="Tech Daily",
        url="https://tech.example/vpn",
    ),
    "crypto": Document(
        "Markets today",
        [Paragraph("A new crypto coin rose again."), Paragraph("Other news.")],
        source="Tech Daily",
        url="https://tech.example/markets",
    ),
    "coin-apart": Document(
        "Coins and crypts",
        [Paragraph("A coin found in a crypto-graphy class")],
        source="Garden Notes",
        url="https://garden.example/coins",
    ),
    "tomatoes": Document(
        "Tomatoes in December",
        [Paragraph("Late tomatoes need a cold frame.")],
        source="Garden Notes",
        url="https://garden.example/tomatoes",
        published="2026-11-30T08:00:00+00:00",
    ),
    "old-tomatoes": Document(
        "Tomatoes in 2019",
        [Paragraph("An old post.")],
        source="Garden Notes",
        url="https://garden.example/old",
        published="2019-05-01T08:00:00+00:00",
    ),
}
FEED_OF = {
    "sponsored": TECH,
    "crypto": TECH,
    "coin-apart": GARDEN,
    "tomatoes": GARDEN,
    "old-tomatoes": GARDEN,
}
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def ignored_by(*rules: str) -> set[str]:
    """The names of the entries the rules skip."""
    found = IgnoreFilter(load_rules_from(rules), NOW)
    return {name for name, doc in ENTRIES.items() if found.match(doc, FEED_OF[name]) is not None}


def load_rules_from(texts: tuple[str, ...]) -> list:
    from tui_reader.feeds.ignore import IgnoreRule

    return [IgnoreRule(t, FROM_LIBRARY, check_rule(t)) for t in texts]


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("title:sponsored", {"sponsored"}),
        ("title:tomatoes", {"tomatoes", "old-tomatoes"}),
        ('"crypto coin"', {"crypto"}),  # a phrase: the words in a row, not apart
        ("crypto coin", {"crypto", "coin-apart"}),  # two words anywhere
        ("crypt*", {"crypto", "coin-apart"}),
        ("vpn", {"sponsored"}),  # a word of the title
        ('feed:"tech daily"', {"sponsored", "crypto"}),  # the feed's title
        ("feed:garden.example", {"coin-apart", "tomatoes", "old-tomatoes"}),  # its host
        ("feed:https://garden.example/rss", {"coin-apart", "tomatoes", "old-tomatoes"}),
        ("feed:garden", set()),  # a part of a title or host names no feed
        ("feed:tech", set()),
        ("tag:tech", {"sponsored", "crypto"}),  # the feed's tags
        ('feed:"Garden  notes" -title:tomatoes', {"coin-apart"}),
        ("title:sponsored OR title:markets", {"sponsored", "crypto"}),
        ("published:<2020", {"old-tomatoes"}),
        ("source:tech.example", {"sponsored", "crypto"}),
        ("frame", {"tomatoes"}),  # in the text
        ("nothing-like-this", set()),
    ],
)
def test_rules_skip_exactly_the_matching_entries(rule: str, expected: set[str]) -> None:
    assert ignored_by(rule) == expected


def test_several_rules_skip_what_any_of_them_matches() -> None:
    assert ignored_by("title:sponsored", '"crypto coin"') == {"sponsored", "crypto"}
    kept, ignored = IgnoreFilter(load_rules_from(("title:sponsored",)), NOW).split(
        [ENTRIES["sponsored"], ENTRIES["tomatoes"]], TECH
    )
    assert [d.title for d in kept] == ["Tomatoes in December"]
    assert [d.title for d in ignored] == ["Sponsored: the best VPN of 2026"]


def test_feed_names_a_feed_without_a_title_yet_by_its_entries_source() -> None:
    untitled = Subscription("https://tech.example/feed.xml")
    rules = IgnoreFilter(load_rules_from(('feed:"tech daily"',)), NOW)
    assert rules.match(ENTRIES["crypto"], untitled) is not None
    assert rules.match(ENTRIES["tomatoes"], untitled) is None


def test_no_rules_keep_everything() -> None:
    empty = IgnoreFilter([])
    assert not empty
    assert empty.match(ENTRIES["sponsored"], TECH) is None


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ('"never closed', "this quote is never closed"),
        ("(title:x", "never closed"),
        ("colour:red", "unknown colour"),
        ("bogus:field", "unknown field"),
        ("is:unread", "is: is about stored articles"),
        ("in:archive", "in: is about stored articles"),
        ("has:note", "has: is about stored articles"),
        ("note:x", "note: is about stored articles"),
        ("added:today", "added: is about stored articles"),
        ("colour:yellow", "colour: is about stored articles"),
        ("title:x sort:title", "sort: means nothing"),
        ("!!!", "holds no word"),
        ("   ", "needs a query"),
    ],
)
def test_malformed_or_unusable_rules_are_refused_in_one_line(rule: str, message: str) -> None:
    with pytest.raises(IgnoreRuleError) as caught:
        check_rule(rule)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_rules_are_stored_in_the_library_in_order_and_removed_by_number_or_text(
    library: Library,
) -> None:
    assert add_rule(library, "title:sponsored") == ("title:sponsored", True)
    assert add_rule(library, 'feed:"Tech Daily" crypto') == ('feed:"Tech Daily" crypto', True)
    assert add_rule(library, "title:sponsored") == ("title:sponsored", False)
    assert add_rule(library, "published:<2020") == ("published:<2020", True)
    assert library_rules(library) == [
        "title:sponsored",
        'feed:"Tech Daily" crypto',
        "published:<2020",
    ]
    with pytest.raises(IgnoreRuleError):
        add_rule(library, "is:read")
    assert remove_rule(library, "2") == 'feed:"Tech Daily" crypto'
    assert remove_rule(library, "published:<2020") == "published:<2020"
    with pytest.raises(IgnoreRuleError, match="no ignore rule"):
        remove_rule(library, "7")
    assert library_rules(library) == ["title:sponsored"]


def test_config_rules_are_checked_and_joined_to_the_library_rules(
    library: Library, tmp_path: Path
) -> None:
    config_file = tmp_path / "config.toml"
    config_file.write_text(
        '[feeds]\nignore = ["title:tomatoes", "colour:red", 7, "is:unread"]\nother = 1\n',
        encoding="utf-8",
    )
    config = load_config(config_file)
    assert config.feed_ignore == ["title:tomatoes"]
    assert len(config.problems) == 4
    assert any("unknown colour" in p for p in config.problems)
    assert any("7 is not a query" in p for p in config.problems)
    assert any("is: is about stored articles" in p for p in config.problems)
    assert any("unknown setting feeds.other" in p for p in config.problems)
    add_rule(library, "title:sponsored")
    rules = load_rules(library, config.feed_ignore)
    assert [(r.text, r.origin) for r in rules] == [
        ("title:sponsored", FROM_LIBRARY),
        ("title:tomatoes", FROM_CONFIG),
    ]
    found = IgnoreFilter(rules, NOW)
    names = {n for n, d in ENTRIES.items() if found.match(d, FEED_OF[n])}
    assert names == {"sponsored", "tomatoes", "old-tomatoes"}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("feeds = 3\n", "[feeds] must be a table"),
        ('[feeds]\nignore = "title:x"\n', "feeds.ignore must be a list"),
    ],
)
def test_config_feeds_table_of_the_wrong_shape_is_reported(
    tmp_path: Path, text: str, problem: str
) -> None:
    config_file = tmp_path / "config.toml"
    config_file.write_text(text, encoding="utf-8")
    config = load_config(config_file)
    assert config.feed_ignore == []
    assert any(problem in p for p in config.problems)


def test_backup_and_restore_keep_the_rules(library: Library, tmp_path: Path) -> None:
    add_rule(library, "title:sponsored")
    add_rule(library, '"crypto coin"')
    export_articles(library, None, "json", tmp_path / "backup.json")
    backup = load_backup((tmp_path / "backup.json").read_bytes())
    with Library.open(tmp_path / "restored", "write") as other:
        restore_backup(other, backup)
        assert library_rules(other) == ["title:sponsored", '"crypto coin"']


def test_a_merge_restore_joins_the_backups_rules_to_the_librarys(
    library: Library, tmp_path: Path
) -> None:
    add_rule(library, "title:sponsored")
    add_rule(library, '"crypto coin"')
    export_articles(library, None, "json", tmp_path / "backup.json")
    backup = load_backup((tmp_path / "backup.json").read_bytes())
    with Library.open(tmp_path / "other", "write") as other:
        add_rule(other, "source:ads.example")
        add_rule(other, '"crypto coin"')
        restore_backup(other, backup, merge=True)
        assert library_rules(other) == ["source:ads.example", '"crypto coin"', "title:sponsored"]


def test_hostile_rule_text_is_stored_and_listed_without_control_characters(
    library_path: Path,
) -> None:
    code, out, err = run(library_path, "feeds", "ignore", "add", "title:\x1b[31mred\x07")
    assert (code, err) == (0, "")
    code, out, err = run(library_path, "feeds", "ignore")
    assert "\x1b" not in out and "\x07" not in out
    assert "  1. title:red" in out


def run(library_path: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--library", str(library_path), *args])
    return result.exit_code, result.stdout, result.stderr


def test_cli_add_list_remove(library_path: Path, tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('[feeds]\nignore = ["source:ads.example"]\n', "utf-8")
    code, out, err = run(library_path, "feeds", "ignore", "add", "title:sponsored")
    assert (code, out, err) == (0, "Ignoring entries matching title:sponsored\n", "")
    code, out, _ = run(library_path, "feeds", "ignore", "add", '"crypto', 'coin"')
    assert code == 0 and '"crypto coin"' in out
    code, out, err = run(library_path, "feeds", "ignore")
    assert code == 0 and err == ""
    assert out.splitlines() == [
        "  1. title:sponsored",
        '  2. "crypto coin"',
        "   - source:ads.example  (config file)",
    ]
    code, out, _ = run(library_path, "feeds", "ignore", "--json")
    assert json.loads(out) == [
        {"number": 1, "rule": "title:sponsored", "from": "library"},
        {"number": 2, "rule": '"crypto coin"', "from": "library"},
        {"rule": "source:ads.example", "from": "config"},
    ]
    code, out, _ = run(library_path, "feeds", "ignore", "remove", "1")
    assert (code, out) == (0, "No longer ignoring title:sponsored\n")
    code, out, _ = run(library_path, "feeds", "ignore", "remove", '"crypto coin"')
    assert code == 0
    (tmp_path / "config.toml").unlink()
    code, out, _ = run(library_path, "feeds", "ignore")
    assert out.startswith("No ignore rules.")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "title:(x"), "newsread: error: rule 'title:(x'"),
        (("add", '"open'), "this quote is never closed"),
        (("add", "is:unread"), "is: is about stored articles"),
        (("remove", "3"), "newsread: error: no ignore rule '3'"),
    ],
)
def test_cli_refuses_bad_rules_with_one_line_and_exit_2(
    library_path: Path, args: tuple[str, ...], message: str
) -> None:
    Library.open(library_path, "write").close()
    code, out, err = run(library_path, "feeds", "ignore", *args)
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1
    with Library.open(library_path) as library:
        assert library_rules(library) == []


def test_cli_ignore_add_makes_the_library_the_others_refuse_a_missing_one(
    library_path: Path,
) -> None:
    for args in (("feeds", "ignore"), ("feeds", "ignore", "remove", "1"), ("feeds", "tidy")):
        code, _, err = run(library_path, *args)
        assert code == 2 and err.startswith("newsread: error: no library at")
    assert not library_path.exists()
    assert run(library_path, "feeds", "ignore", "add", "title:x")[0] == 0
    assert library_path.is_dir()
