"""Snapshots of the reader on the seed article with two highlights, narrow and wide."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from tests.ui.test_reader_support import fixed_highlight, import_seed, open_reader, settle
from tui_reader.store import Library
from tui_reader.ui.app import create_app

P1_SENTENCE_END = len(
    "South Korea’s intelligence agency has confirmed the apprehension of a wounded "
    "North Korean soldier in the Kursk region of Russia."
)


@pytest.fixture
def annotated(library: Library, monkeypatch: pytest.MonkeyPatch) -> tuple[Library, str]:
    """The seed article with a yellow sentence (note, tags) and a green paragraph."""
    monkeypatch.delenv("NO_COLOR", raising=False)  # the highlight colours are the point
    aid = import_seed(library)
    fixed_highlight(
        library,
        aid,
        1,
        0,
        P1_SENTENCE_END,
        n=1,
        note="First confirmation from Seoul itself.",
        tags=["nis", "pow"],
    )
    text = library.paragraphs(aid)[2].text
    fixed_highlight(library, aid, 2, 0, len(text), n=2, colour="green", tags=["quote"])
    library.set_position(aid, 1)
    return library, aid


def _run_before(aid: str):
    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        await open_reader(app, pilot, aid)  # type: ignore[arg-type]
        await settle(app, pilot)  # type: ignore[arg-type]

    return run_before


def test_reader_80x24(annotated: tuple[Library, str], snap_compare) -> None:
    library, aid = annotated
    assert snap_compare(create_app(library), terminal_size=(80, 24), run_before=_run_before(aid))


def test_reader_160x48(annotated: tuple[Library, str], snap_compare) -> None:
    library, aid = annotated
    assert snap_compare(create_app(library), terminal_size=(160, 48), run_before=_run_before(aid))


def test_reader_selecting_80x24(annotated: tuple[Library, str], snap_compare) -> None:
    library, aid = annotated

    async def run_before(pilot: Pilot[None]) -> None:
        await _run_before(aid)(pilot)
        await pilot.press("j", "j", "v", "w", "w")

    assert snap_compare(create_app(library), terminal_size=(80, 24), run_before=run_before)
