"""Generated plain-text articles for the benchmarks: about 9 paragraphs and 7.8 KB each.

Words follow a Zipf distribution over a vocabulary of 30,000 made-up words
with some real ones mixed in (``treaty``, ``drought``, ``museum``...), so a
search for a few words matches a realistic share of articles rather than
all of them. Deterministic: the same count and seed give the same files.
"""

from __future__ import annotations

import itertools
import random
from bisect import bisect
from pathlib import Path

VOCABULARY = 30_000
#: Real words placed at these Zipf ranks: the benchmark's queries.
REAL_WORDS = {
    "the": 0,
    "of": 1,
    "and": 2,
    "river": 40,
    "harbour": 300,
    "winter": 500,
    "treaty": 900,
    "drought": 1_400,
    "museum": 2_200,
    "lagoon": 4_000,
    "signal": 6_000,
    "archive": 9_000,
}
QUERIES = [
    "treaty drought museum",
    "harbour",
    "lagoon archive",
    '"winter river"',
    "zzzz",
]
SYLLABLES = "ka lo mi ren tu sa vel or an di pe ro gu na te shi mo ba lu fen".split()


def vocabulary() -> list[str]:
    """The words by rank (most frequent first)."""
    made = ("".join(parts) for n in (2, 3, 4) for parts in itertools.product(SYLLABLES, repeat=n))
    words: list[str] = []
    real = {rank: word for word, rank in REAL_WORDS.items()}
    taken = set(REAL_WORDS)
    for rank in range(VOCABULARY):
        if rank in real:
            words.append(real[rank])
            continue
        word = next(made)
        while word in taken:
            word = next(made)
        taken.add(word)
        words.append(word)
    return words


class Writer:
    """Writes articles ``article-NNNNNN.txt`` into a folder."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.words = vocabulary()
        weights = [1 / (rank + 1) for rank in range(len(self.words))]
        self.cumulative = list(itertools.accumulate(weights))

    def paragraph(self, words: int) -> str:
        """A paragraph of about ``words`` words in sentences of 8 to 24 words."""
        rng = self.rng
        total = self.cumulative[-1]
        picked = [self.words[bisect(self.cumulative, rng.random() * total)] for _ in range(words)]
        out: list[str] = []
        at = 0
        while at < len(picked):
            size = rng.randint(8, 24)
            sentence = picked[at : at + size]
            out.append(" ".join(sentence).capitalize() + ".")
            at += size
        return " ".join(out)

    def article(self, n: int) -> str:
        """The text of article ``n``: title, source line, 9 paragraphs."""
        rng = self.rng
        title = self.paragraph(rng.randint(4, 9)).rstrip(".").title()
        body = "\n".join(self.paragraph(rng.randint(110, 180)) for _ in range(9))
        return f"{title} {n}\nOriginal Source: site{n % 97}.example\n{body}\n"

    def write(self, folder: Path, count: int, start: int = 0) -> int:
        """Write ``count`` articles numbered from ``start``; returns the bytes of text."""
        folder.mkdir(parents=True, exist_ok=True)
        size = 0
        for n in range(start, start + count):
            data = self.article(n).encode("utf-8")
            (folder / f"article-{n:06}.txt").write_bytes(data)
            size += len(data)
        return size
