"""Every option value, however odd: a result or one line ``newsread: error: ...``, exit 2.

Hypothesis feeds each option arbitrary text (and values near the edges:
``inf``, ``1e400``, year 1 and 9999, huge numbers); no value may end in a
traceback or print more than one error line.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SEED
from tui_reader.cli import cli
from tui_reader.store import Library

#: Arguments a shell can pass: any text but NUL, undecodable bytes as surrogates.
ARG_TEXT = st.text(
    st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",))
    | st.sampled_from(["\udcff", "\udc80", "\x1b", "\x9b"]),
    max_size=40,
)
SIZES = st.one_of(
    ARG_TEXT,
    st.sampled_from(["inf", "-inf", "nan", "1e400", "1e-400", "-1", "0", "0.4", "9" * 400]),
    st.builds(
        lambda n, unit: f"{n}{unit}",
        st.floats(allow_nan=True, allow_infinity=True) | st.integers(),
        st.sampled_from(["", "b", "k", "KB", "m", "MiB", "g", "GB", "t", "TiB", "x"]),
    ),
)
DATES = st.one_of(
    ARG_TEXT,
    st.sampled_from(["0001-01-01", "9999-12-31", "0000-01-01", "2024-02-30", "2024-13-01"]),
    st.datetimes().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.isoformat()),
    st.builds(
        lambda d, z: f"{d.isoformat()}{z}",
        st.datetimes(),
        st.sampled_from(["Z", "+14:00", "-12:00", "+23:59", "+99:00"]),
    ),
)
EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def run(*args: str) -> Result:
    """Run the CLI; a traceback fails the test (exceptions are not caught)."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code in (0, 2), (args, result.output)
    assert "Traceback" not in result.output
    for line in result.stderr.splitlines():
        assert line.startswith("newsread: "), (args, result.stderr)
    return result


def assert_one_error_line(result: Result, start: str = "newsread: error: ") -> None:
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(start), result.stderr


@pytest.fixture
def seeded(library_path: Path) -> Iterator[str]:
    """A library with one article and one highlight; yields the article id."""
    from tui_reader.importing import import_inputs

    with Library.open(library_path, "write") as lib:
        import_inputs(lib, [str(SEED)])
        [article] = lib.articles()
        lib.create_highlight(article.id, 0, 0, 11)
    yield article.id


@pytest.mark.parametrize("value", ["inf", "1e400", "nan", "-5", "0", "2T", "lots", ""])
def test_bad_max_size_is_one_line(value: str) -> None:
    assert_one_error_line(run("add", "--max-size", value, str(SEED)), "newsread: error: --max-size")


@pytest.mark.parametrize("value", ["20MB", "1.5m", " 64 KiB ", "1T"])
def test_good_max_sizes(value: str) -> None:
    assert run("add", "--max-size", value, str(SEED)).exit_code == 0


def test_max_size_smaller_than_the_file_says_so() -> None:
    result = run("add", "--max-size", "100", str(SEED))
    assert_one_error_line(result)
    assert str(SEED) in result.stderr


@pytest.mark.parametrize("zone", ["UTC", "JST-9", "XST-14", "HST10"])
@pytest.mark.parametrize("since", ["0001-01-01", "9999-12-31"])
def test_since_at_the_ends_of_the_calendar(
    seeded: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, zone: str, since: str
) -> None:
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        result = run("export", "--since", since, "--out", str(tmp_path / "out"))
    finally:
        monkeypatch.undo()
        time.tzset()
    assert result.exit_code == 0, result.output
    if since == "0001-01-01":
        assert result.stdout.startswith("Exported 1 article (1 highlight)")
    else:
        assert result.stdout.startswith("Nothing to export")


@EXAMPLES
@given(value=SIZES)
def test_any_max_size(value: str) -> None:
    result = run("add", "--max-size", value, str(SEED))
    if result.exit_code == 2:
        assert_one_error_line(result)


@EXAMPLES
@given(since=DATES)
def test_any_since(seeded: str, tmp_path: Path, since: str) -> None:
    result = run("export", "--since", since, "--out", str(tmp_path / "since"))
    if result.exit_code == 2:
        assert_one_error_line(result, "newsread: error: --since")


@EXAMPLES
@given(
    option=st.sampled_from(["--format", "--colour", "--tag", "--article", "--out"]),
    value=ARG_TEXT,
)
def test_any_export_option(seeded: str, tmp_path: Path, option: str, value: str) -> None:
    if option == "--out":
        value = str(tmp_path / "out" / value.replace("..", "__").lstrip("/"))
    result = run("export", option, value)
    if result.exit_code == 2:
        assert_one_error_line(result)


@EXAMPLES
@given(
    args=st.one_of(
        st.tuples(st.just("list"), st.sampled_from(["--tag", "--search"]), ARG_TEXT),
        st.tuples(st.just("show"), ARG_TEXT),
        st.tuples(st.just("restore"), ARG_TEXT),
        st.tuples(st.just("list"), ARG_TEXT),
        # a path that exists ("/", "..") would import a whole tree: minutes, not a value test
        st.tuples(st.just("add"), ARG_TEXT.filter(lambda t: not os.path.lexists(t))),
    )
)
def test_any_value_of_other_commands(seeded: str, args: tuple[str, ...]) -> None:
    result = run(*args)
    if result.exit_code == 2 and args[0] != "add":  # add names each failed input on its line
        assert_one_error_line(result)


@EXAMPLES
@given(name=ARG_TEXT.filter(lambda t: ".." not in t))
def test_any_library_folder(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "libraries" / name.lstrip("/")
    result = run("--library", str(folder), "list")
    if result.exit_code == 2:
        assert_one_error_line(result)


def test_a_library_whose_texts_is_a_file_says_which(library_path: Path) -> None:
    library_path.mkdir()
    (library_path / "texts").write_text("not a folder")
    result = run("add", str(SEED))
    assert_one_error_line(result)
    assert "is damaged" in result.stderr and "texts is a file, not a folder" in result.stderr


def test_a_library_that_is_a_file_says_so(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    result = run("--library", str(plain), "list")
    assert result.stderr == f"newsread: error: {plain} is a file, not a library folder\n"
    result = run("--library", str(plain / "below"), "list")
    assert_one_error_line(result)
    assert "a file is in its path" in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["list", "tag:x"],
        ["highlights"],
        ["export"],
        ["feeds"],
        ["feeds", "export"],
        ["feeds", "remove", "x"],
        ["searches"],
        ["searches", "remove", "x"],
        ["show", "abcd"],
    ],
)
def test_a_mistyped_library_is_refused_and_nothing_is_created(
    tmp_path: Path, command: list[str]
) -> None:
    typo = tmp_path / "libary"
    result = run("--library", str(typo), *command)
    assert result.exit_code == 2
    assert result.stderr == (
        f"newsread: error: no library at {typo} (nothing added yet: `newsread add FILE` creates it)\n"
    )
    assert not typo.exists()


def test_adding_creates_the_library(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    assert run("--library", str(fresh), "add", str(SEED)).exit_code == 0
    assert run("--library", str(fresh), "list").exit_code == 0


def test_usage_errors_are_one_line() -> None:
    result = run("add", "--bogus", str(SEED))
    assert result.stderr == (
        "newsread: error: No such option '--bogus' (see 'newsread add --help')\n"
    )
    assert_one_error_line(run("add"))
    assert_one_error_line(run("nonsense"))


@EXAMPLES
@given(article_id=ARG_TEXT)
def test_read_an_unknown_id_writes_nothing(library_path: Path, article_id: str) -> None:
    """`newsread read X` on a new library: one line, and no samples imported first."""
    result = run("read", article_id)
    assert_one_error_line(result)
    with Library.open(library_path, "read") as lib:
        assert lib.is_new and not lib.settings().get("samples_imported")


def test_restore_from_the_home_of_no_such_user_is_one_error_line(seeded: str) -> None:
    # Found by Hypothesis: Path.expanduser raised RuntimeError (a traceback) for ~0.
    assert_one_error_line(run("restore", "~0"), "newsread: error: cannot read ~0")
