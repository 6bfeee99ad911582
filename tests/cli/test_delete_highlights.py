"""`newsread delete-highlights`: orphans (or any highlight) deleted by id, all or none."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import SEED, library_files
from tui_reader.cli import cli
from tui_reader.highlight_ids import HighlightIdError, resolve_highlight_ids
from tui_reader.highlighting import new_highlight
from tui_reader.importing import import_inputs
from tui_reader.model import Highlight
from tui_reader.query import Query
from tui_reader.query.evaluate import QueryStream, stream_query
from tui_reader.store import Library


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def made(library_path: Path) -> tuple[Highlight, Highlight, Highlight]:
    """A placed highlight and two orphans (one with hostile text in its quote)."""
    with Library.open(library_path, "write") as library:
        import_inputs(library, [str(SEED)])
        aid = library.articles()[0].id
        paragraphs = library.paragraphs(aid)
        placed = library.put_highlight(new_highlight(aid, paragraphs, 0, 0, 5))
        orphans = []
        for quote in ("gone words", "\x1b[31mred\x1b[0m [b]x[/b]"):
            hl = new_highlight(aid, paragraphs, 1, 0, 5)
            anchor = replace(hl.anchor, quote=replace(hl.anchor.quote, exact=quote))
            orphans.append(library.put_highlight(replace(hl, anchor=anchor, orphan=True)))
    return placed, orphans[0], orphans[1]


def _ids(library_path: Path) -> set[str]:
    with Library.open(library_path, "read") as library:
        return {hl.id for hl in library.all_highlights()}


def test_list_orphans_then_delete_one_by_its_short_id(library_path: Path, made) -> None:
    placed, first, second = made
    code, out, _ = run("list", "--orphans")
    assert code == 0 and first.short_id in out and second.short_id in out
    assert "\x1b" not in out
    code, out, err = run("delete-highlights", first.short_id)
    assert (code, out, err) == (0, "Deleted 1 highlight.\n", "")
    assert _ids(library_path) == {placed.id, second.id}


def test_orphans_flag_deletes_every_orphan_and_nothing_else(library_path: Path, made) -> None:
    placed, _, _ = made
    assert run("delete-highlights", "--orphans") == (0, "Deleted 2 highlights.\n", "")
    assert _ids(library_path) == {placed.id}
    assert run("delete-highlights", "--orphans") == (0, "No highlights to delete.\n", "")


def test_any_bad_id_deletes_nothing(library_path: Path, made) -> None:
    placed, first, _ = made
    before = library_files(library_path)
    for args, reason in [
        ((first.id, "deadbeefdeadbeef"), "no highlight with id 'deadbeefdeadbeef'"),
        ((first.id, "abc"), "is too short"),
        ((), "give the ids"),
    ]:
        code, out, err = run("delete-highlights", *args)
        assert (code, out) == (2, "")
        assert err.startswith("newsread: error: ") and reason in err and err.count("\n") == 1
    assert library_files(library_path) == before
    assert placed.id in _ids(library_path)


def test_an_ambiguous_prefix_is_refused() -> None:
    a = Highlight.new_id()
    hls = [_fake("abcdef01" + a[8:]), _fake("abcdef01" + a[8:][::-1])]
    with pytest.raises(HighlightIdError, match="names 2 highlights"):
        resolve_highlight_ids(["ABCDEF01"], hls)
    assert resolve_highlight_ids([hls[0].id.upper(), hls[0].id], hls) == [hls[0]]


def _fake(hid: str) -> Highlight:
    from tui_reader.anchoring import make_anchor
    from tui_reader.model import Paragraph

    return Highlight(id=hid, article_id="a" * 16, anchor=make_anchor([Paragraph("x y")], 0, 0, 1))


@pytest.mark.parametrize("tallied", [False, True], ids=["per-article", "one-pass"])
def test_list_counts_placed_highlights_as_the_app_does_and_orphans_apart(
    library_path: Path, made, tallied: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HL is what the reader shows (1 placed, as the app's HL column counts them); the two
    orphans are in JSON's ``orphans``, not added to it."""
    if tallied:  # the path of a library of more than 1,000 articles
        monkeypatch.setattr("tui_reader.query.evaluate.stream_query", _expecting_many)
    code, out, _ = run("list", "--json")
    assert code == 0
    (row,) = json.loads(out)
    assert (row["highlights"], row["orphans"]) == (1, 2)
    code, out, _ = run("list")
    header, line = out.splitlines()[:2]
    assert line[header.index(" hl") : header.index(" hl") + 3].strip() == "1"


_STREAM_QUERY = stream_query


def _expecting_many(library: Library, query: Query) -> QueryStream:
    return replace(_STREAM_QUERY(library, query), expected=100_000)


def test_highlights_marks_the_orphans_and_only_them(library_path: Path, made) -> None:
    placed = made[0]
    code, out, _ = run("highlights")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 3
    assert sum(line.startswith(f"{placed.colour:<6}") for line in lines) == 3
    unmarked = [line for line in lines if "[orphaned]" not in line]
    assert len(unmarked) == 1 and f"  “{placed.anchor.quote.exact}”  " in unmarked[0]
    assert any("  [orphaned] “gone words”  " in line for line in lines)
