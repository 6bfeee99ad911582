"""The figures of issue 12's targets, measured the way a person meets them.

A library of N plain-text articles is built through the public import path
(``newsread add DIR`` in a fresh process) and cached in ``--keep DIR`` so a
100,000-article run pays for generating and importing once. Every figure is
taken on a copy of the cached library, so the cache stays as imported.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus import QUERIES, Writer

ROOT = Path(__file__).resolve().parent.parent
NEWSREAD = [sys.executable, "-m", "tui_reader"]


@dataclass(frozen=True, slots=True)
class Run:
    """One process: wall time, peak RSS (MB) and CPU time (user + system, all its threads)."""

    seconds: float
    maxrss_mb: float
    stdout: str
    cpu_s: float = 0.0
    """On a shared machine wall time says as much about the neighbours as about newsread."""


def run_process(args: list[str], *, env: dict[str, str] | None = None) -> Run:
    """Run ``args`` to the end; its wall time and its own peak RSS (not the parent's)."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        args,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env or _env(),
    )
    stdout = bytearray()
    assert proc.stdout is not None
    for chunk in iter(lambda: proc.stdout.read(1 << 16), b""):  # type: ignore[union-attr]
        stdout += chunk
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise RuntimeError(f"{args[:4]} failed ({proc.returncode}): {err[-500:]}")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, usage.ru_maxrss / 1024, stdout.decode("utf-8", "replace"), cpu)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["COLUMNS"] = "120"
    return env


def folder_bytes(folder: Path) -> int:
    """Bytes on disk of every file under ``folder``."""
    return sum(p.stat().st_blocks * 512 for p in folder.rglob("*") if p.is_file())


def cached_library(count: int, keep: Path) -> dict[str, Any]:
    """The cached library of ``count`` articles (built if missing) and its import figures."""
    texts = keep / f"texts-{count}"
    library = keep / f"library-{count}"
    done = keep / f"library-{count}.json"
    if done.exists() and library.is_dir():
        return json.loads(done.read_text())
    text_done = keep / f"texts-{count}.json"
    if not text_done.exists():
        shutil.rmtree(texts, ignore_errors=True)
        print(f"  writing {count:,} articles…", file=sys.stderr, flush=True)
        size = Writer(seed=count).write(texts, count)
        text_done.write_text(json.dumps({"text_bytes": size}))
    text_bytes = json.loads(text_done.read_text())["text_bytes"]
    shutil.rmtree(library, ignore_errors=True)
    print(f"  newsread add ({count:,} articles)…", file=sys.stderr, flush=True)
    imported = run_process([*NEWSREAD, "--library", str(library), "add", str(texts)])
    figures = {
        "articles": count,
        "text_bytes": text_bytes,
        "import_s": imported.seconds,
        "import_cpu_s": imported.cpu_s,
        "import_maxrss_mb": imported.maxrss_mb,
        "folder_bytes": folder_bytes(library),
        "index_bytes": sum(p.stat().st_size for p in library.glob("index.sqlite*")),
        "texts_bytes": folder_bytes(library / "texts"),
        "catalog_bytes": folder_bytes(library / "catalog"),
        "library": str(library),
    }
    done.write_text(json.dumps(figures))
    return figures


def working_copy(cached: Path, work: Path) -> Path:
    """A copy of the cached library to measure on (saves and adds change it)."""
    target = work / cached.name
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(cached, target)
    return target


def median_run(args: list[str], repeat: int) -> Run:
    """The median-time run of ``repeat`` (after one warm-up run)."""
    run_process(args)
    runs = sorted((run_process(args) for _ in range(repeat)), key=lambda r: r.seconds)
    return runs[len(runs) // 2]


def timed_ms(action: Callable[[], object], repeat: int) -> float:
    """Median milliseconds of ``action``."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure_targets(
    count: int,
    keep: Path,
    work: Path,
    repeat: int,
    start_up: Callable[[Path], dict[str, Any]],
) -> dict[str, Any]:
    """Every figure of the targets for a library of ``count`` articles.

    ``start_up(folder)`` measures the app's first frame and its RSS after a search.
    """
    figures = cached_library(count, keep)
    library = working_copy(Path(figures["library"]), work)
    figures.update(start_up(library))
    cli = [*NEWSREAD, "--library", str(library)]
    searches = {}
    for query in (QUERIES[0], QUERIES[1], QUERIES[-1]):
        found = median_run([*cli, "list", "--search", query], repeat)
        hits = sum(1 for line in found.stdout.splitlines() if line[:8].strip() and line[0] != " ")
        searches[query] = {"s": found.seconds, "maxrss_mb": found.maxrss_mb, "rows": hits - 1}
    figures["cli_search"] = searches
    listed = median_run([*cli, "list", "--json"], max(1, repeat // 2))
    figures["list_json_s"] = listed.seconds
    figures["list_json_maxrss_mb"] = listed.maxrss_mb
    figures.update(measure_in_process(library, repeat))
    more = keep / f"texts-{count}-plus-1000"
    if not (keep / f"texts-{count}-plus-1000.json").exists():
        shutil.rmtree(more, ignore_errors=True)
        Writer(seed=count + 1).write(more, 1000, start=count)
        (keep / f"texts-{count}-plus-1000.json").write_text("{}")
    added = run_process([*cli, "add", str(more)])
    figures["add_1000_s"] = added.seconds
    figures["add_1000_cpu_s"] = added.cpu_s
    figures["add_1000_maxrss_mb"] = added.maxrss_mb
    shutil.rmtree(library, ignore_errors=True)
    return figures


def measure_in_process(folder: Path, repeat: int) -> dict[str, Any]:
    """Saves and in-app search, in this process, as the app's worker threads run them."""
    sys.path.insert(0, str(ROOT))
    from tui_reader.store import Library
    from tui_reader.ui.listing import ListingQuery, build_listing

    out: dict[str, Any] = {}
    with Library.open(folder, "write") as library:
        started = time.perf_counter()
        library.articles()
        out["catalog_load_s"] = time.perf_counter() - started
        ids = [a.id for a in library.articles()[:: max(1, len(library) // 60)]][:50]
        out.update(measure_saves(library, ids))
        searches = []
        listings = []
        for _ in range(repeat):
            for query in QUERIES:
                started = time.perf_counter()
                library.search(query, limit=100)
                searches.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                build_listing(library, ListingQuery(search=query))
                listings.append((time.perf_counter() - started) * 1000)
        out["search_ms"] = statistics.median(searches)
        out["search_max_ms"] = max(searches)
        out["listing_ms"] = statistics.median(listings)
    out["bench_maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def measure_saves(library: Any, ids: list[str]) -> dict[str, float]:
    """Median milliseconds of each kind of save the reader makes.

    Each article gets one highlight first, untimed: the first highlight in a notes shard
    also records the shard in ``meta.json`` (at most 4,096 times in a library's life, and
    ``meta.json`` is bigger in a bigger library), as ``benchmarks/store_costs.py`` does.
    """
    for aid in ids:
        library.create_highlight(aid, 0, 0, 5, "yellow")

    def each(action: Callable[[str], object]) -> float:
        times = []
        for aid in ids:
            started = time.perf_counter()
            action(aid)
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times)

    return {
        "save_highlight_ms": each(lambda aid: library.create_highlight(aid, 0, 0, 10, "green")),
        "save_tag_ms": each(lambda aid: library.set_tags(aid, ["bench"])),
        "save_note_ms": each(lambda aid: library.set_note(aid, "a note")),
        "save_position_ms": each(lambda aid: library.set_position(aid, 3)),
        "save_queue_ms": each(lambda aid: library.set_queue(aid, "later")),
    }
