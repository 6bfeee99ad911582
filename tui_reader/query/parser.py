"""Text to :class:`~tui_reader.query.nodes.Query`: the lark grammar and what its tree means.

The grammar (``grammar.lark`` beside this file) gives the structure: terms,
``-``, ``OR``, ``AND``, parentheses, ``field:value`` tokens. This module turns
the tree into nodes, checks each field's value, and turns every failure into a
:class:`QueryError` whose message names the column of the mistake.
"""

from __future__ import annotations

import re
import threading
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from tui_reader.model import COLOURS
from tui_reader.query.dates import parse_date_spec
from tui_reader.query.errors import QueryError
from tui_reader.query.nodes import (
    SORT_KEYS,
    And,
    Colour,
    Feed,
    HasHighlights,
    HasNote,
    Node,
    Not,
    Note,
    Or,
    Place,
    Query,
    Sort,
    Source,
    State,
    Tag,
    Text,
    Title,
    When,
)

if TYPE_CHECKING:
    from lark import Lark, Token, Tree

#: Deepest nesting of parentheses and ``-`` accepted.
MAX_DEPTH = 64
#: Longest query accepted, in characters.
MAX_LENGTH = 10_000

STATES = ("unread", "reading", "read")
PLACES = ("inbox", "later", "archive")
HAS = ("note", "highlights")
FIELDS = (
    "tag",
    "colour",
    "color",
    "has",
    "is",
    "in",
    "feed",
    "source",
    "title",
    "note",
    "added",
    "published",
    "highlighted",
    "sort",
)
_SHOWN_FIELDS = ", ".join(f"{f}:" for f in FIELDS if f != "color")
_ESCAPE = re.compile(r"\\(.)")
_lock = threading.Lock()


@cache
def _parser() -> Lark:
    from lark import Lark

    grammar = (Path(__file__).parent / "grammar.lark").read_text("utf-8")
    return Lark(grammar, parser="lalr", lexer="basic", propagate_positions=False)


def parse_query(text: str) -> Query:
    """Parse ``text``; raises :class:`QueryError` (one line, with a column) when malformed."""
    if len(text) > MAX_LENGTH:
        raise QueryError(f"the query is too long (at most {MAX_LENGTH} characters)", 1)
    if not text.strip():
        return Query(text=text)
    words = _plain_words(text)
    if words:  # the common search needs no grammar (nor lark, nor building its parser)
        texts = tuple(Text(w) for w in words)
        return Query(texts[0] if len(texts) == 1 else And(texts), None, text)
    return parse_with_grammar(text)


def parse_with_grammar(text: str) -> Query:
    """``text`` parsed by the grammar (what :func:`parse_query` does with all but plain words)."""
    from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

    with _lock:  # building the parser once; lark's LALR parser itself is reentrant
        parser = _parser()
    try:
        tree = parser.parse(text)
    except UnexpectedCharacters as error:
        raise _bad_character(text, error.pos_in_stream) from None
    except UnexpectedToken as error:
        raise _bad_token(text, error.token, error.expected) from None
    except UnexpectedInput as error:  # pragma: no cover - lark's other kinds
        raise QueryError("cannot read the query here", (error.pos_in_stream or 0) + 1) from None
    _check_depth(tree)
    where: Node | None = None
    sorts: list[tuple[Sort, int]] = []
    builder = _Builder(sorts)
    if tree.children:
        built = builder.conjunction(tree.children[0], top=True)
        where = None if built is _SKIPPED else built
    if len(sorts) > 1:
        raise QueryError("only one sort: per query", sorts[1][1])
    if where is None and builder.skipped:
        # Nothing but terms holding no word: the query would list every article.
        raise _no_word(*builder.skipped[0])
    return Query(where, sorts[0][0] if sorts else None, text)


#: A word the grammar reads as a plain word whatever surrounds it (no field, quote,
#: parenthesis, leading '-', escape).
_PLAIN_WORD = re.compile(r"\w[\w*]*")


def _plain_words(text: str) -> list[str]:
    """The words of ``text`` when it is nothing but plain words between spaces (not the
    keywords OR and AND), else an empty list: such a query is their AND, as the grammar
    would read it."""
    words = [w for w in text.split(" ") if w]
    for word in words:
        if word in ("OR", "AND") or not _PLAIN_WORD.fullmatch(word) or not _has_word(word):
            return []
    return words


def _has_word(text: str) -> bool:
    """True when ``text`` holds a letter or digit: the index keeps nothing else."""
    return any(c.isalnum() for c in text)


def _no_word(text: str, column: int) -> QueryError:
    return QueryError(
        f"{text!r} holds no word to look for (a search finds letters and digits)", column
    )


class _Skipped:
    """A term holding no word (``🎉``, ``&``): left out of the query, as a search engine
    leaves out punctuation; alone it could only list every article (or, left out, none)."""


_SKIPPED = _Skipped()


def _bad_character(text: str, pos: int) -> QueryError:
    char = text[pos]
    if char == '"':
        return QueryError('this quote is never closed: add a closing "', pos + 1)
    if char == "-":
        return QueryError("'-' must be followed by what to leave out, as in -word", pos + 1)
    return QueryError(f"unexpected {char!r}", pos + 1)  # pragma: no cover - every char lexes


def _bad_token(text: str, token: Token, expected: set[str]) -> QueryError:
    if token.type == "$END":
        column = len(text.rstrip()) or 1
        if "RPAR" in expected:
            return QueryError("this '(' is never closed: add ')'", _unclosed(text) or 1)
        last = text.rstrip()[-1:] if text.strip() else ""
        if last == "(":
            return QueryError("this '(' needs a search term and a ')' after it", column)
        if text.rstrip().endswith(("OR", "AND")):
            word = "OR" if text.rstrip().endswith("OR") else "AND"
            column = len(text.rstrip()) - len(word) + 1
            return QueryError(f"{word} needs a search term after it", column)
        return QueryError(f"the query ends after {last!r}: something is missing", column)
    column = (token.start_pos or 0) + 1
    if token.type == "RPAR":
        before = text[: column - 1].rstrip()
        if before.endswith("("):
            return QueryError("empty parentheses: put a search term inside", column)
        if "RPAR" not in expected and _unclosed(text[: column - 1]) == 0:
            return QueryError("this ')' closes nothing", column)
        return QueryError("a search term is missing before this ')'", column)
    if token.type in ("OR", "AND"):
        return QueryError(f"{token.value} needs a search term on each side", column)
    return QueryError(f"unexpected {str(token.value)!r}", column)  # pragma: no cover


def _unclosed(text: str) -> int:
    """The column of the last '(' not closed in ``text`` (outside quotes), or 0."""
    opened: list[int] = []
    quoted = False
    escaped = False
    for i, char in enumerate(text):
        if quoted:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                quoted = False
        elif char == '"':
            quoted = True
        elif char == "(":
            opened.append(i + 1)
        elif char == ")" and opened:
            opened.pop()
    return opened[-1] if opened else 0


def _check_depth(tree: Tree) -> None:
    from lark import Token, Tree

    stack: list[tuple[Tree | Token, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, Tree):
            continue
        if node.data in ("group", "negation"):
            depth += 1
            if depth > MAX_DEPTH:
                first = node.children[0]
                column = (first.start_pos or 0) + 1 if isinstance(first, Token) else 1
                raise QueryError(f"nested too deeply (at most {MAX_DEPTH} levels)", column)
        stack.extend((child, depth) for child in node.children)


def _unquote(raw: str) -> str:
    return _ESCAPE.sub(r"\1", raw[1:-1])


def quote(value: str) -> str:
    """``value`` as a query term: bare when it can be, else in quotes with escapes."""
    bare = value and not re.search(r'[\s()"\\]', value) and not value.startswith("-")
    if bare and value not in ("OR", "AND") and not re.match(r"[A-Za-z]+:", value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _Builder:
    """Turns lark's tree into nodes (recursion is bounded by :data:`MAX_DEPTH`)."""

    def __init__(self, sorts: list[tuple[Sort, int]]) -> None:
        self.sorts = sorts
        self.skipped: list[tuple[str, int]] = []
        """The terms left out for holding no word, and their columns."""

    # None stands for a sort: (taken by the query), _SKIPPED for terms left out.

    def conjunction(self, tree: Tree, top: bool = False) -> Node | _Skipped | None:
        parts: list[Node] = []
        skipped = False
        for child in tree.children:
            if getattr(child, "type", None) == "AND":
                continue
            node = self.disjunction(child, top)
            if node is _SKIPPED:
                skipped = True
            elif node is not None:
                parts.append(node)
        if not parts:
            return _SKIPPED if skipped else None
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def disjunction(self, tree: Tree, top: bool) -> Node | _Skipped | None:
        items = [c for c in tree.children if getattr(c, "type", None) != "OR"]
        single = len(items) == 1
        parts = [self.unary(c, top and single) for c in items]
        if single:
            return parts[0]
        if any(p is None for p in parts):
            raise self._sort_misplaced(tree)
        kept = tuple(p for p in parts if p is not None and not isinstance(p, _Skipped))
        if not kept:
            return _SKIPPED
        return kept[0] if len(kept) == 1 else Or(kept)

    def unary(self, item: Tree | Token, top: bool) -> Node | _Skipped | None:
        from lark import Token

        if isinstance(item, Token):  # pragma: no cover - atoms are always wrapped
            raise QueryError("unexpected term", (item.start_pos or 0) + 1)
        kind = item.data
        if kind == "negation":
            inner = self.unary(item.children[1], top=False)
            if inner is None:
                raise self._sort_misplaced(item)
            return _SKIPPED if isinstance(inner, _Skipped) else Not(inner)
        if kind == "group":
            return self.conjunction(item.children[1], top=False)
        token = item.children[0]
        assert isinstance(token, Token)
        column = (token.start_pos or 0) + 1
        if kind == "word":
            return self._word(str(token), column)
        if kind == "phrase":
            value = _unquote(str(token))
            if not value.strip():
                raise QueryError("empty quotes: put words inside", column)
            if not _has_word(value):
                self.skipped.append((str(token), column))
                return _SKIPPED
            return Text(value, phrase=True)
        return self._field(str(token), column, top)

    def _sort_misplaced(self, tree: Tree) -> QueryError:
        column = 1
        for token in tree.scan_values(lambda t: str(t).lower().startswith("sort:")):
            column = (token.start_pos or 0) + 1
            break
        return QueryError("sort: applies to the whole query: put it outside -, OR and ()", column)

    def _word(self, word: str, column: int) -> Node | _Skipped:
        head, colon, _ = word.partition(":")
        if colon and head.isascii() and head.isalpha():
            if head.lower() in FIELDS:
                raise QueryError(f"{head}: needs a value right after the colon", column)
            raise _unknown_field(head, column)
        if not _has_word(word):
            self.skipped.append((word, column))
            return _SKIPPED
        return Text(word)

    def _field(self, token: str, column: int, top: bool) -> Node | None:
        name, _, raw = token.partition(":")
        key = name.lower()
        value_column = column + len(name) + 1
        quoted = raw.startswith('"')
        value = _unquote(raw) if quoted else raw
        if quoted and not value.strip():
            raise QueryError(f"{key}: empty quotes: put a value inside", value_column)
        low = value.strip().lower()
        if key == "tag":
            return Tag(value.strip().lstrip("#"))
        if key in ("colour", "color"):
            if low not in COLOURS:
                raise QueryError(
                    f"unknown colour {value!r} (choose {', '.join(COLOURS)})", value_column
                )
            return Colour(low)
        if key == "has":
            if low in ("note", "notes"):
                return HasNote()
            if low in ("highlights", "highlight"):
                return HasHighlights()
            raise QueryError(f"has: takes {' or '.join(HAS)}, not {value!r}", value_column)
        if key == "is":
            if low not in STATES:
                raise QueryError(f"is: takes {', '.join(STATES)}, not {value!r}", value_column)
            return State(low)
        if key == "in":
            if low not in PLACES:
                raise QueryError(f"in: takes {', '.join(PLACES)}, not {value!r}", value_column)
            return Place(low)
        if key == "feed":
            return Feed(value.strip())
        if key == "source":
            return Source(value.strip())
        if key == "title":
            return Title(value.strip())
        if key == "note":
            return Note(value.strip())
        if key in ("added", "published", "highlighted"):
            return When(key, parse_date_spec(value, value_column, key))  # type: ignore[arg-type]
        if key == "sort":
            return self._sort(low, value_column, top)
        raise _unknown_field(name, column)

    def _sort(self, value: str, column: int, top: bool) -> None:
        descending = value.startswith("-")
        key = value.removeprefix("-")
        if key not in SORT_KEYS:
            raise QueryError(
                f"sort: takes {', '.join(SORT_KEYS)} (with - for descending), not {value!r}",
                column,
            )
        if not top:
            raise QueryError(
                "sort: applies to the whole query: put it outside -, OR and ()", column - 5
            )
        self.sorts.append((Sort(key, descending), column - 5))  # type: ignore[arg-type]
        return None


def _unknown_field(name: str, column: int) -> QueryError:
    return QueryError(
        f"unknown field {name + ':'!r} (known: {_SHOWN_FIELDS}); to search for the text, "
        'put it in quotes: "..."',
        column,
    )
