"""The article table's fast path (a page of printable ASCII laid out by str.format) prints
exactly what the cell-by-cell path (sanitise, measure, fit each cell) prints."""

from __future__ import annotations

import io
import os
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_reader import cli_output

TEXT = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), min_size=0, max_size=70)
ROWS = st.lists(
    st.fixed_dictionaries(
        {
            "id": st.text(alphabet="0123456789abcdef", min_size=16, max_size=16),
            "title": TEXT,
            "source": TEXT,
            "url": st.just(""),
            "published": st.sampled_from(["", "2026-01-02", "2025-12-24T10:00:00+00:00"]),
            "added": st.just("2026-03-01T09:00:00+00:00"),
            "tags": st.lists(TEXT, max_size=3),
            "highlights": st.integers(0, 1200),
            "progress": st.floats(0, 1),
            "state": st.sampled_from(["unread", "reading", "read"]),
        }
    ),
    min_size=1,
    max_size=45,
)


def printed(rows: list[dict[str, object]], monkeypatch: pytest.MonkeyPatch, terminal: int) -> str:
    out = io.StringIO()
    with monkeypatch.context() as patch:
        patch.setattr(sys, "stdout", out)
        patch.setattr(cli_output, "_is_tty", lambda stream: bool(terminal))
        patch.setattr(
            cli_output.shutil,
            "get_terminal_size",
            lambda: os.terminal_size((terminal or 80, 24)),
        )
        patch.setenv("TERM", "dumb")  # a terminal, without styles
        cli_output.print_table(iter(rows), page_size=20)
    return out.getvalue()


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=ROWS, terminal=st.sampled_from([0, 60, 80, 160]))
def test_the_fast_path_prints_what_the_cell_by_cell_path_prints(
    rows: list[dict[str, object]], terminal: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = printed(rows, monkeypatch, terminal)
    with monkeypatch.context() as patch:
        patch.setattr(cli_output, "_plain", lambda text: False)  # every page cell by cell
        slow = printed(rows, monkeypatch, terminal)
    assert fast == slow
    assert fast.count("\n") == len(rows) + 1
