"""File names: safe, inside the export folder, unique, at most 120 bytes, stable by id."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.export.conftest import HOSTILE_TITLES
from tui_reader.export.filenames import (
    INDEX_NAME,
    MAX_NAME_BYTES,
    ExportIndex,
    cut_utf8,
    is_safe_name,
    safe_stem,
    unique_name,
)

RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10))}
RESERVED |= {f"LPT{n}" for n in range(1, 10)}
FORBIDDEN = set('/\\:*?"<>|#^[]')


def assert_valid_name(name: str) -> None:
    """Everything a name written into an export folder must satisfy."""
    assert name.endswith(".md")
    assert 0 < len(name.encode("utf-8")) <= MAX_NAME_BYTES
    stem = name[:-3]
    assert stem and stem not in (".", "..") and ".." not in stem
    assert not stem.startswith((".", " ", "-")) and not stem.endswith((".", " "))
    assert not FORBIDDEN & set(name)
    assert not [c for c in name if unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp")]
    assert stem.split(".")[0].strip().upper() not in RESERVED
    assert unicodedata.normalize("NFC", name) == name


def test_hostile_titles_give_valid_names() -> None:
    for title in HOSTILE_TITLES:
        name = safe_stem(title) + ".md"
        assert_valid_name(name)
        assert is_safe_name(name)


def test_examples() -> None:
    assert safe_stem("Colon: a subtitle") == "Colon a subtitle"
    assert safe_stem("../../etc/passwd") == "etc passwd"
    assert safe_stem("") == "Untitled"
    assert safe_stem(" ... ") == "Untitled"
    assert safe_stem("CON") == "_CON"
    assert safe_stem("nul.txt") == "_nul.txt"
    assert safe_stem("COM1 report") == "COM1 report"
    assert safe_stem("bidi \u202eevil") == "bidi evil"


def test_long_titles_are_cut_without_splitting_characters() -> None:
    for title in ("é" * 200, "日本" * 100, "👩‍👩‍👧" * 40, "a" * 500):
        stem = safe_stem(title)
        assert len((stem + ".md").encode("utf-8")) <= MAX_NAME_BYTES
        assert title.startswith(stem)
    assert cut_utf8("aé", 2) == "a"


def test_unique_names_on_clash(tmp_path: Path) -> None:
    taken = {"same.md"}
    first = unique_name("Same", "0123456789abcdef", taken)
    assert first == "Same (01234567).md"
    second = unique_name("same", "0123456789abcdef", taken)
    assert second == "same (01234567 2).md"
    long_title = "x" * 300
    names = {unique_name(long_title, f"{n:016x}", taken) for n in range(5)}
    assert len(names) == 5
    for name in names:
        assert_valid_name(name)


@settings(
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(title=st.text(max_size=300), number=st.integers(0, 2**64 - 1))
def test_a_thousand_titles_stay_inside_the_folder(tmp_path: Path, title: str, number: int) -> None:
    folder = (tmp_path / "export").resolve()
    folder.mkdir(exist_ok=True)
    taken = {p.name.casefold() for p in folder.iterdir()}
    name = unique_name(title, f"{number:016x}", taken)
    assert_valid_name(name)
    path = folder / name
    assert path.resolve().is_relative_to(folder)
    assert path.resolve().parent == folder
    assert not path.exists()
    path.write_bytes(b"")
    assert path.name in {p.name for p in folder.iterdir()}


def test_index_keeps_names_stable_and_survives_its_loss(tmp_path: Path) -> None:
    index = ExportIndex.load(tmp_path)
    names = index.assign([("aaaa1111", "Title"), ("bbbb2222", "Title")])
    assert names == {"aaaa1111": "Title.md", "bbbb2222": "Title (bbbb2222).md"}
    for article_id, name in names.items():
        (tmp_path / name).write_text(f"---\nid: {article_id}\n---\n", encoding="utf-8")
    index.save()
    again = ExportIndex.load(tmp_path)
    assert again.assign([("bbbb2222", "Renamed"), ("aaaa1111", "Other")]) == names
    assert not again.changed
    (tmp_path / INDEX_NAME).unlink()
    (tmp_path / "Title.md").rename(tmp_path / "My own name.md")
    lost = ExportIndex.load(tmp_path)
    found = lost.assign([("aaaa1111", "Title"), ("bbbb2222", "Title")])
    assert found == {"aaaa1111": "My own name.md", "bbbb2222": "Title (bbbb2222).md"}


def test_index_never_overwrites_a_file_it_does_not_own(tmp_path: Path) -> None:
    (tmp_path / "Notes.md").write_text("my own notes", encoding="utf-8")
    (tmp_path / "Other.md").write_text("---\nid: ffff0000\n---\n", encoding="utf-8")
    index = ExportIndex.load(tmp_path)
    index.files["aaaa1111"] = "Other.md"  # stale entry: that file is another article's
    names = index.assign([("cccc3333", "notes"), ("aaaa1111", "Other")])
    assert names["cccc3333"] == "notes (cccc3333).md"
    assert names["aaaa1111"] == "Other (aaaa1111).md"


def test_damaged_or_hostile_index_is_ignored(tmp_path: Path) -> None:
    (tmp_path / INDEX_NAME).write_text("{not json", encoding="utf-8")
    assert ExportIndex.load(tmp_path).files == {}
    (tmp_path / INDEX_NAME).write_text(
        '{"files": {"a": "../escape.md", "b": "/etc/passwd.md", "c": "ok.md", "d": 5}}',
        encoding="utf-8",
    )
    assert ExportIndex.load(tmp_path).files == {"c": "ok.md"}
    names = ExportIndex.load(tmp_path).assign([("a", "Escape")])
    assert names == {"a": "Escape.md"}
