"""A large, realistic Kindle ``My Clippings.txt`` written on the fly (never committed).

A long-used Kindle's file holds many books, each with highlights and notes,
bookmarks, and the same highlights again: the device appends a new entry
when a highlight is edited or a book is read twice. ``write_clippings``
writes such a file of about ``size`` bytes.
"""

from __future__ import annotations

import random
from pathlib import Path

WORDS = (
    "the reader keeps what matters most in a margin of quiet notes while the river of "
    "pages runs on and every chapter leaves one sentence worth holding onto for later"
).split()


def write_clippings(
    path: Path, size: int, books: int = 2000, per_book: int = 50
) -> tuple[int, int]:
    """Write about ``size`` bytes of clippings; returns (books, distinct highlights) written.

    The first pass writes every distinct highlight (and a note or bookmark now
    and then); later passes write the same highlights again, as a device does
    after edits and re-reads, until the file reaches ``size``.
    """
    rng = random.Random(15)
    texts = {
        (b, h): " ".join(rng.choice(WORDS) for _ in range(rng.randrange(12, 40))) + f" ({b}.{h})"
        for b in range(books)
        for h in range(per_book)
    }
    written = 0
    with path.open("w", encoding="utf-8", newline="\r\n") as out:
        out.write("\ufeff")
        passes = 0
        while written < size:
            for (b, h), text in texts.items():
                loc = 100 + h * 20
                day = 1 + (h + passes) % 28
                entry = (
                    f"Book number {b} (Author {b % 97})\n"
                    f"- Your Highlight on page {loc // 15} | Location {loc}-{loc + 3} | "
                    f"Added on Monday, March {day}, 2024 9:15:02 PM\n\n{text}\n==========\n"
                )
                if h % 7 == 0:
                    entry += (
                        f"Book number {b} (Author {b % 97})\n"
                        f"- Your Note on page {loc // 15} | Location {loc + 3} | "
                        f"Added on Monday, March {day}, 2024 9:16:00 PM\n\nA thought on {h}.\n"
                        "==========\n"
                    )
                if h % 11 == 0:
                    entry += (
                        f"Book number {b} (Author {b % 97})\n"
                        f"- Your Bookmark on page {loc // 15} | Location {loc} | "
                        f"Added on Monday, March {day}, 2024 9:17:00 PM\n\n\n==========\n"
                    )
                out.write(entry)
                written += len(entry.encode("utf-8")) + entry.count("\n")
                if written >= size:
                    break
            passes += 1
    return books, len(texts)
