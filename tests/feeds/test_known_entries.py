"""The articles a refresh matches entries against, read once in no particular order (no
sort of the whole library): where two share a guid or a link, the newest added wins,
as it did when they were read newest first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tui_reader.feeds.refresh import KnownEntries
from tui_reader.model import Article, Paragraph
from tui_reader.store import Library

FEED = "https://coast.example/rss"


def _article(n: int, added: str, guid: str = "g1", url: str = "https://coast.example/1") -> Article:
    return Article(id=f"{n:016x}", title=f"Tide {n}", added=added, origin=FEED, guid=guid, url=url)


@pytest.mark.parametrize("order", [[0, 1, 2], [2, 1, 0], [1, 2, 0]])
def test_the_newest_of_those_sharing_a_guid_or_a_link_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, order: list[int]
) -> None:
    articles = [
        _article(1, "2026-01-01T10:00:00+00:00"),
        _article(2, "2026-03-01T10:00:00+00:00"),  # the newest
        _article(3, "2026-02-01T10:00:00+00:00"),
        _article(4, "2026-04-01T10:00:00+00:00", guid="g2", url="https://coast.example/2"),
    ]
    with Library.open(tmp_path / "lib", "write") as library:
        library.put_many([(a, [Paragraph(a.title)], ()) for a in articles])
        asked: list[dict[str, Any]] = []
        whole = Library.articles

        def in_this_order(self: Library, **kwargs: Any) -> list[Article]:
            asked.append(kwargs)
            found = whole(self, **kwargs)
            ranked = sorted(found[:3], key=lambda a: a.id)
            return [ranked[n] for n in order] + found[3:]

        monkeypatch.setattr(Library, "articles", in_this_order)
        known = KnownEntries(library, [FEED])
        by_guid = known.by_guid(FEED)
        assert by_guid["g1"].id == articles[1].id
        assert by_guid["g2"].id == articles[3].id
        link = known.by_link("https://coast.example/1")
        assert link is not None and link.id == articles[1].id
        assert asked == [{"newest_first": False}], "read once, without sorting"


def test_articles_in_no_particular_order_are_all_of_them(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib", "write") as library:
        library.put_many(
            [
                (_article(n, f"2026-01-{n:02}T10:00:00+00:00", guid=f"g{n}"), [], ())
                for n in range(1, 9)
            ]
        )
        newest_first = library.articles()
        assert [a.added for a in newest_first] == sorted(
            (a.added for a in newest_first), reverse=True
        )
        assert sorted(a.id for a in library.articles(newest_first=False)) == sorted(
            a.id for a in newest_first
        )
