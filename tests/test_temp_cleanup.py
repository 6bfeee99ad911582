"""The suite's own temp folder (the XDG last line of defence) is removed after a run."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT

_CONFTEST = "from tests.conftest import pytest_configure, pytest_unconfigure  # noqa: F401\n"
_PROBE = """
import os

def test_xdg_points_into_the_run_folder():
    assert "newsread-tests-" in os.environ["XDG_DATA_HOME"]
"""


def test_a_run_leaves_no_temp_folder_behind(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.setenv("TMPDIR", str(temp))
    pytester.makeconftest(_CONFTEST)
    pytester.makepyfile(test_probe=_PROBE)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", f"--basetemp={tmp_path / 'b'}")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    assert "1 passed" in result.stdout.str()
    assert sorted(p.name for p in temp.iterdir() if p.name.startswith("newsread-tests-")) == []
