"""The search index under SIGKILL: after any kill it agrees with the store (or is rebuilt).

A child process imports, re-imports with new text, retags and deletes articles
in a loop; the parent kills it with SIGKILL at a random moment, then opens the
library as the next newsread would (``SearchIndex.ensure``: pending changes are
re-indexed, an unusable index rebuilt) and checks that the index holds exactly
the store's articles with their current text and tags, and that every
article is found by its own word.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.index.helpers import assert_agrees
from tui_reader.store import Library

pytestmark = pytest.mark.stress

KILLS = 12

CHILD = textwrap.dedent(
    """
    import random, sys
    sys.path.insert(0, {root!r})
    from tests.index.helpers import doc
    from tui_reader.importing import add_document, add_documents
    from tui_reader.store import Library, NotFound
    lib = Library.open({folder!r}, "write")
    rng = random.Random({seed})
    print("ready", flush=True)
    n = {start}
    while True:
        roll = rng.random()
        ids = [a.id for a in lib.articles()]
        if roll < 0.4 or len(ids) < 5:
            add_documents(lib, [doc(n + k) for k in range(rng.randint(1, 30))])
            n += 30
        elif roll < 0.6:
            k = rng.randrange(n)
            add_document(lib, doc(k, f"Rewritten {{rng.random()}} text of token{{k}}."))
        elif roll < 0.8:
            lib.set_tags(rng.choice(ids), [f"tag{{rng.randrange(5)}}"])
        else:
            lib.delete(rng.choice(ids))
    """
)


def test_index_agrees_with_the_store_after_any_kill(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    rng = random.Random(12)
    for kill in range(KILLS):
        child = subprocess.Popen(
            [
                sys.executable,
                "-c",
                CHILD.format(root=str(ROOT), folder=str(folder), seed=kill, start=kill * 10_000),
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
