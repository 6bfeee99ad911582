"""The search index under SIGKILL: after any kill it agrees with the store (or is rebuilt).

A child process imports, re-imports with new text, retags and deletes articles
in a loop (or the same inside a bulk import, whose new articles are indexed by a
thread behind the store's writes); the parent kills it with SIGKILL at a random moment, then opens the
library as the next newsread would (``SearchIndex.ensure``: pending changes are
re-indexed, an unusable index rebuilt) and checks that the index holds exactly
the store's articles with their current text and tags, and that every
article is found by its own word.
"""

from __future__ import annotations

import random
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.index.helpers import assert_agrees, doc
from tui_reader.importing import add_documents
from tui_reader.index import INDEX_FILE, IndexState
from tui_reader.store import Library

pytestmark = pytest.mark.stress

KILLS = 8

CHILD = textwrap.dedent(
    """
    import random, sys
    sys.path.insert(0, {root!r})
    from tests.index.helpers import doc
    from tui_reader.importing import add_document, add_documents
    from tui_reader.store import Library, NotFound
    lib = Library.open({folder!r}, "write")
    rng = random.Random({seed})
    bulk = lib.bulk()
    if {bulk}:
        bulk.__enter__()  # never left: killed in the middle of it
    print("ready", flush=True)
    n = {start}
    while True:
        roll = rng.random()
        ids = [a.id for a in lib.articles()]
        if roll < 0.4 or len(ids) < 5:
            add_documents(lib, [doc(n + k) for k in range(rng.randint(1, {most}))])
            n += {most}
        elif roll < 0.6:
            k = rng.randrange(n)
            add_document(lib, doc(k, f"Rewritten {{rng.random()}} text of token{{k}}."))
        elif roll < 0.8:
            lib.set_tags(rng.choice(ids), [f"tag{{rng.randrange(5)}}"])
        else:
            lib.delete(rng.choice(ids))
    """
)


@pytest.mark.parametrize("bulk", [False, True], ids=["saves", "bulk"])
def test_index_agrees_with_the_store_after_any_kill(tmp_path: Path, bulk: bool) -> None:
    folder = tmp_path / "lib"
    rng = random.Random(12 + bulk)
    for kill in range(KILLS):
        child = subprocess.Popen(
            [
                sys.executable,
                "-c",
                CHILD.format(
                    root=str(ROOT),
                    folder=str(folder),
                    seed=kill,
                    start=kill * 10_000,
                    bulk=bulk,
                    most=300 if bulk else 30,
                ),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.8))
        child.send_signal(signal.SIGKILL)
        child.wait()
        with Library.open(folder, "write") as library:
            library.search_index.ensure()
            assert_agrees(library)
            for article in rng.sample(library.articles(), min(5, len(library))):
                word = next(w for w in article.title.split() if w.isdigit())
                assert article.id in {a.id for a in library.search(f"token{word}")}
                # Phrases come from the index's word positions: they agree with the text too.
                words = re.findall(r"\w+", library.paragraphs(article.id)[0].text)
                phrase = '"' + " ".join(words[-3:]) + '"'
                assert article.id in library.search_index.match_ids(phrase), phrase


REBUILDER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    from tui_reader.store import Library
    lib = Library.open({folder!r}, "write")
    print("ready", flush=True)
    lib.warm_search()
    print("built", flush=True)
    """
)


def test_a_kill_while_the_index_is_rebuilt_leaves_it_to_rebuild(tmp_path: Path) -> None:
    """An index of an older format is rebuilt on open; killed meanwhile, the next open
    rebuilds it again (never a half-built index answering)."""
    folder = tmp_path / "lib"
    with Library.open(folder, "write") as library:
        add_documents(library, [doc(n) for n in range(600)])
    rng = random.Random(7)
    for _ in range(4):
        db = sqlite3.connect(folder / INDEX_FILE)
        db.execute("UPDATE meta SET value = '2' WHERE key = 'format'")  # an older index
        db.commit()
        db.close()
        child = subprocess.Popen(
            [sys.executable, "-c", REBUILDER.format(root=str(ROOT), folder=str(folder))],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.6))
        child.send_signal(signal.SIGKILL)
        child.wait()
        with Library.open(folder, "write") as library:
            library.search_index.ensure()
            assert library.search_index.state is IndexState.READY
            assert_agrees(library)
            assert len(library.search_index.match_ids('"token599 included"')) == 1
