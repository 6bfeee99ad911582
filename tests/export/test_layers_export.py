"""The export package is core: no Textual, and PyYAML only once Markdown is written."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_export_imports_neither_textual_nor_yaml() -> None:
    code = (
        "import sys\nimport tui_reader.export\nimport tui_reader.cli\n"
        "print('\\n'.join(sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    ).stdout.split()
    assert "tui_reader.export" in out
    assert not [m for m in out if m == "textual" or m.startswith("textual.")]
    assert "yaml" not in out
