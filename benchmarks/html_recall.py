"""How much of what trafilatura keeps on a page ends up in newsread's article.

    python benchmarks/html_recall.py                  # the test pages and samples
    python benchmarks/html_recall.py PAGE.html ...    # any saved pages
    python benchmarks/html_recall.py --show-missing   # list the sentences lost

For each page, ``trafilatura.extract`` is run with the settings newsread uses
(no comments, tables kept); its text is cut into sentences, and a sentence
counts as kept when it appears, ignoring punctuation and case, in the title
and paragraphs newsread stores for the same page (``parse_html``). The last
line is the total: sentences kept by trafilatura alone, and by newsread.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui_reader.ingest.html import decode_html, parse_html  # noqa: E402

DEFAULT_PAGES = [
    *sorted((ROOT / "tests" / "ingest" / "data" / "pages").glob("*.html")),
    ROOT / "tests" / "ingest" / "data" / "night-trains.html",
    *sorted((ROOT / "samples").glob("*.html")),
]
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_NOT_WORD = re.compile(r"\W+")


def sentences(text: str) -> list[str]:
    """The sentences of a text, a line at a time (list bullets dropped)."""
    out = []
    for line in text.splitlines():
        for part in _SENTENCE_END.split(line):
            part = " ".join(part.split()).lstrip("•-* ").strip()
            if len(part) > 1:
                out.append(part)
    return out


def normal(text: str) -> str:
    """Text without punctuation or case, for matching."""
    return _NOT_WORD.sub(" ", text).strip().casefold()


def main() -> None:
    import trafilatura

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", type=Path)
    parser.add_argument("--show-missing", action="store_true")
    args = parser.parse_args()
    total = kept = 0
    for page in args.pages or DEFAULT_PAGES:
        html = decode_html(page.read_bytes())
        reference = trafilatura.extract(html, include_comments=False, include_tables=True) or ""
        doc = parse_html(html)
        ours = normal(" ".join([doc.title, *(p.text for p in doc.paragraphs)]))
        wanted = sentences(reference)
        missing = [s for s in wanted if normal(s) not in ours]
        total += len(wanted)
        kept += len(wanted) - len(missing)
        print(
            f"{page.name:<40} trafilatura {len(wanted):>4}  newsread {len(wanted) - len(missing):>4}"
        )
        if args.show_missing:
            for sentence in missing:
                print(f"    missing: {sentence}")
    print(f"{'total':<40} trafilatura {total:>4}  newsread {kept:>4}")


if __name__ == "__main__":
    main()
