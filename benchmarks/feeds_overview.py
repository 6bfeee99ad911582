"""The feeds screen's unread counts at 100,000 articles from 200 feeds.

Usage: python benchmarks/feeds_overview.py

The counts come from the article records (the catalog the library list reads
anyway), never from article texts, in one pass whatever the number of feeds.
Prints the time of that pass (``unread_counts``) over 100,000 records, and,
for comparison, what one scan per feed would cost (the shape to avoid).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui_reader.feeds.subscriptions import Subscription, unread_counts
from tui_reader.model import Article, ReadingState

ARTICLES = 100_000
FEEDS = 200


def main() -> None:
    """Print the figures."""
    subs = [Subscription(f"https://feed{n}.example/rss", f"Feed {n}") for n in range(FEEDS)]
    articles = [
        Article(
            id=f"{n:016x}",
            title=f"Entry {n}",
            origin=subs[n % FEEDS].url,
            guid=f"e{n}",
            state=ReadingState.READ if n % 3 == 0 else ReadingState.UNREAD,
        )
        for n in range(ARTICLES)
    ]
    start = time.perf_counter()
    counts = unread_counts(articles, subs)
    one_pass = time.perf_counter() - start
    assert sum(counts.values()) == sum(1 for a in articles if a.state is ReadingState.UNREAD)
    start = time.perf_counter()
    for sub in subs[:10]:
        sum(1 for a in articles if a.origin == sub.url and a.state is ReadingState.UNREAD)
    per_feed = (time.perf_counter() - start) / 10
    print(
        f"unread counts, {ARTICLES:,} articles, {FEEDS} feeds, one pass: {one_pass * 1000:.0f} ms"
    )
    print(f"(one scan per feed instead: {per_feed * FEEDS * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
