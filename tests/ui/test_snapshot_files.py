"""Every snapshot file belongs to a snapshot test.

syrupy fails a run that leaves a snapshot unused (a test renamed or removed, its
SVG left behind), but not under pytest-xdist, which the README's test command
uses (syrupy's controller does not merge its workers' reports). This test keeps
that check: the snapshot tests' ids, collected without workers, against the files.
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

SNAPSHOTS = ROOT / "tests" / "ui" / "__snapshots__"


def test_every_snapshot_file_has_its_test_and_every_test_its_file() -> None:
    modules = sorted(
        p.relative_to(ROOT) for p in (ROOT / "tests" / "ui").glob("test_snapshots_*.py")
    )
    assert modules
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:xdist"]
        + [str(m) for m in modules],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    expected = set()
    for line in done.stdout.splitlines():
        if "::" in line:
            path, name = line.split("::", 1)
            module = path.rsplit("/", 1)[-1].removesuffix(".py")
            expected.add(f"{module}/{name}.svg")
    files = {str(p.relative_to(SNAPSHOTS)) for p in SNAPSHOTS.rglob("*") if p.is_file()}
    assert len(expected) >= 25
    assert files == expected, (sorted(files - expected), sorted(expected - files))
