"""Ignore rules (newsboat's killfile): queries that skip matching feed entries at refresh.

A rule is written in the library's query language (``docs/query.md``) and
tested against each incoming entry before it is stored: words and
``"phrases"`` (title, feed title, tags and text, whole words as search finds
them), ``title:``, ``feed:`` (the feed's title or address), ``source:``,
``tag:`` (the feed's tags) and ``published:``, combined with ``-``, ``OR``
and parentheses. Tests about what only a stored article has (``is:``, ``in:``,
``added:``, ``colour:``, ``has:``, ``note:``, ``highlighted:``, ``sort:``) are
refused when the rule is made, with one line (:mod:`tui_reader.query.entries`,
which also runs the query module's own evaluator on an unsaved entry).

Rules live in the library's settings (``settings["feed_ignore"]``, a list of
query strings, so they go into the JSON backup) and may also come from the
config file (``[feeds] ignore = [...]``, checked by ``load_config``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tui_reader.model import Document
from tui_reader.query.entries import EntryQueryError, check_entry_query, entry_matches
from tui_reader.query.nodes import Query
from tui_reader.sanitize import clean_line

if TYPE_CHECKING:
    from tui_reader.feeds.subscriptions import Subscription
    from tui_reader.store import Library

SETTINGS_KEY = "feed_ignore"
#: Where a rule comes from, as shown to the user.
FROM_LIBRARY = "library"
FROM_CONFIG = "config"

#: A rule that cannot be used or found (the message is one line).
IgnoreRuleError = EntryQueryError


def check_rule(text: str) -> Query:
    """The parsed rule; raises :class:`IgnoreRuleError` (one line) when it cannot be used."""
    return check_entry_query(text)


@dataclass(frozen=True, slots=True)
class IgnoreRule:
    """One rule: its text, where it comes from, and its parsed query."""

    text: str
    origin: str
    """:data:`FROM_LIBRARY` or :data:`FROM_CONFIG`."""
    query: Query


def library_rules(library: Library) -> list[str]:
    """The rule texts stored in the library, in the order they were added."""
    return rules_from_settings(library.settings())


def rules_from_settings(settings: dict[str, Any]) -> list[str]:
    """The rule texts in a settings dict (non-strings and repeats skipped)."""
    raw = settings.get(SETTINGS_KEY)
    found: list[str] = []
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, str) and (text := clean_line(item)) and text not in found:
            found.append(text)
    return found


def merge_rules(backup: dict[str, Any], merged: dict[str, Any]) -> dict[str, Any]:
    """``merged`` settings with the backup's ignore rules joined to the library's: the
    library's first, then the backup's that are not among them (the same text once)."""
    if SETTINGS_KEY not in backup:
        return merged
    mine = rules_from_settings(merged)
    theirs = [rule for rule in rules_from_settings(backup) if rule not in mine]
    return {**merged, SETTINGS_KEY: [*mine, *theirs]}


def _save(library: Library, rules: Sequence[str]) -> None:
    library.set_settings({**library.settings(), SETTINGS_KEY: list(rules)})


def add_rule(library: Library, text: str) -> tuple[str, bool]:
    """Store a rule (checked first); returns its text and False when it was already there."""
    check_rule(text)
    text = clean_line(text)
    rules = library_rules(library)
    if text in rules:
        return text, False
    _save(library, [*rules, text])
    return text, True


def remove_rule(library: Library, key: str) -> str:
    """Forget a stored rule given by its number (from 1) or its exact text; returns it."""
    rules = library_rules(library)
    key = clean_line(key)
    if key.isdigit() and 1 <= int(key) <= len(rules):
        gone = rules[int(key) - 1]
    elif key in rules:
        gone = key
    else:
        shown = f"{len(rules)} rule{'' if len(rules) == 1 else 's'}"
        raise IgnoreRuleError(
            f"no ignore rule {key!r} in the library ({shown}; see `feeds ignore`)"
        )
    _save(library, [r for r in rules if r != gone])
    return gone


def load_rules(library: Library, config_rules: Iterable[str] = ()) -> list[IgnoreRule]:
    """The library's rules, then the config file's (already checked by ``load_config``).

    A stored rule that no longer parses (made by another version) is left out.
    """
    rules: list[IgnoreRule] = []
    for origin, texts in ((FROM_LIBRARY, library_rules(library)), (FROM_CONFIG, config_rules)):
        for text in texts:
            try:
                rules.append(IgnoreRule(clean_line(text), origin, check_rule(text)))
            except IgnoreRuleError:
                continue
    return rules


class IgnoreFilter:
    """Rules ready to test entries: ``filter.match(doc, sub)`` names the first rule that holds."""

    def __init__(self, rules: Sequence[IgnoreRule], now: datetime | None = None) -> None:
        self.rules = list(rules)
        self.now = now
        self._queries = [rule.query for rule in self.rules]

    def __bool__(self) -> bool:
        return bool(self.rules)

    def match(self, doc: Document, sub: Subscription | None = None) -> IgnoreRule | None:
        """The first rule that holds for the incoming entry ``doc`` of ``sub``, or None."""
        found = entry_matches(
            self._queries,
            doc,
            # a feed not refreshed yet has no title: its entries name it as their source
            feed_title=sub.title if sub is not None and sub.title else doc.source,
            feed_url=sub.url if sub is not None else "",
            feed_tags=sub.tags if sub is not None else (),
            now=self.now,
        )
        return None if found is None else self.rules[found]

    def split(
        self, docs: Iterable[Document], sub: Subscription | None = None
    ) -> tuple[list[Document], list[Document]]:
        """``(kept, ignored)``: the entries no rule holds for, and the others, in order."""
        kept: list[Document] = []
        ignored: list[Document] = []
        for doc in docs:
            (ignored if self.match(doc, sub) is not None else kept).append(doc)
        return kept, ignored
