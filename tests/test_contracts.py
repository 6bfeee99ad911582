"""The layer rules hold: import-linter's contracts (pyproject.toml) and no import cycle at all.

The contracts: the core never imports Textual, the store imports nothing above it,
screens never import each other, and no package's parts import each other in a
circle. Beyond those, no module of ``tui_reader`` imports a module that imports
it back (imports inside functions count too; those under ``TYPE_CHECKING`` never run
and do not).
"""

from __future__ import annotations

import tomllib
from typing import Any

import grimp
import pytest
from importlinter.cli import lint_imports

from tests.conftest import ROOT

PACKAGE = ROOT / "tui_reader"
#: Top-level modules allowed to reach Textual: the UI, and what starts it (the console
#: script, the CLI and the app's start without the CLI).
NOT_CORE = {
    "tui_reader.ui",
    "tui_reader.cli",
    "tui_reader.__main__",
    "tui_reader.launch",
    "tui_reader.app_start",
}


def contracts() -> dict[str, dict[str, Any]]:
    """The import-linter contracts of pyproject.toml, by id."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    return {c["id"]: c for c in config["tool"]["importlinter"]["contracts"]}


def test_the_import_contracts_are_kept(capsys: pytest.CaptureFixture[str]) -> None:
    code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    report = capsys.readouterr().out
    assert code == 0, report
    assert f"{len(contracts())} kept, 0 broken" in report


def test_every_core_module_is_under_the_no_textual_contract() -> None:
    """A new module or package next to the others is core unless listed in NOT_CORE."""
    top_level = {f"tui_reader.{p.stem}" for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    top_level |= {f"tui_reader.{p.parent.name}" for p in PACKAGE.glob("*/__init__.py")}
    core = set(contracts()["core-without-textual"]["source_modules"])
    assert core == top_level - NOT_CORE


def test_no_module_imports_a_module_that_imports_it_back() -> None:
    graph = grimp.build_graph("tui_reader", cache_dir=None, exclude_type_checking_imports=True)
    cycles = [
        (module, imported)
        for module in sorted(graph.modules)
        for imported in sorted(graph.find_modules_directly_imported_by(module))
        if graph.chain_exists(importer=imported, imported=module)
    ]
    assert cycles == []
