"""`newsread export --template`: the query chooses, errors are one line and exit 2."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tests.conftest import library_files
from tests.export.conftest import annotated
from tui_reader.cli import cli
from tui_reader.store import Library


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_template_with_a_query(library_path: Path, tmp_path: Path) -> None:
    with Library.open(library_path, "write") as lib:
        first, _ = annotated(lib)
    template = tmp_path / "t.md.j2"
    template.write_text(
        "{{ article.title }}: {{ highlights | map(attribute='colour') | join(',') }}\n"
    )
    code, out, err = run(
        "export", "--template", str(template), "--query", "colour:blue", "--out", "vault", "-q"
    )
    assert code == 0, err
    assert (
        out
        == f"Exported 1 article (1 highlight) to {tmp_path / 'vault' / 'First the article.md'}\n"
    )
    text = (tmp_path / "vault" / "First the article.md").read_text(encoding="utf-8")
    assert "\nFirst: the article: blue\n" in text and f"id: {first.id}" in text


def test_template_error_is_one_line_exit_2_and_nothing_changes(
    library_path: Path, tmp_path: Path
) -> None:
    with Library.open(library_path, "write") as lib:
        annotated(lib)
    before = library_files(library_path)
    template = tmp_path / "bad.md.j2"
    template.write_text(
        "# {{ article.title }}\n\n{% for hl in highlights %}{{ hl.qoute }}{% endfor %}\n"
    )
    code, out, err = run("export", "--template", str(template), "--out", "vault")
    assert code == 2 and out == ""
    assert err == (
        f"newsread: error: template {template}, line 3: 'dict object' has no attribute 'qoute'\n"
    )
    assert not (tmp_path / "vault").exists()
    assert library_files(library_path) == before
    code, _, err = run("export", "--template", str(tmp_path / "nope.j2"))
    assert (
        code == 2
        and err.startswith("newsread: error: cannot read template ")
        and err.count("\n") == 1
    )
