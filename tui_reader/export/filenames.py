"""File names for exported articles: safe, unique in their folder, stable by article id.

A name comes from the article's title with everything removed that a file
system or Obsidian would trip on (separators, ``..``, reserved Windows names,
control characters, link syntax), cut to at most :data:`MAX_NAME_BYTES` bytes
of UTF-8 without splitting a character. An index file in the export folder
remembers which file belongs to which article, so a re-export updates the same
file even after the title changed; when the index is missing, the ``id`` in
each file's front matter finds it again.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from tui_reader.atomic_files import atomic_write

#: The longest file name written, in bytes of UTF-8 (extension included).
MAX_NAME_BYTES = 120

#: The index of an export folder: article id -> file name.
INDEX_NAME = ".newsread-export.json"
INDEX_FORMAT = "newsread-export-index"
INDEX_VERSION = 1

#: Characters that separate paths, are forbidden on Windows, or break Obsidian links.
_FORBIDDEN = frozenset('/\\:*?"<>|#^[]{}%')
#: Format characters kept because scripts need them (zero-width joiner, non-joiner).
_KEPT_FORMAT = frozenset("\u200c\u200d")
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{dev}{n}" for dev in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]}
)
_SPACES = re.compile(r"\s+")
_DOTS = re.compile(r"\.{2,}")


_FORBIDDEN_TO_SPACE = str.maketrans({c: " " for c in _FORBIDDEN})


def _allowed(char: str) -> bool:
    if char in _FORBIDDEN:
        return False
    category = unicodedata.category(char)
    if category in ("Cc", "Cs", "Co", "Cn", "Zl", "Zp"):
        return False
    return category != "Cf" or char in _KEPT_FORMAT


def cut_utf8(text: str, limit: int) -> str:
    """The longest prefix of ``text`` that fits in ``limit`` bytes of UTF-8."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", "ignore")


def safe_stem(title: str, limit: int = MAX_NAME_BYTES - 3) -> str:
    """A file name stem (no extension) made from ``title``; never empty, never reserved."""
    text = unicodedata.normalize("NFC", title)
    if text.isascii() and text.isprintable():
        text = text.translate(
            _FORBIDDEN_TO_SPACE
        )  # the common case, without a per-character look-up
    else:
        text = "".join(c if _allowed(c) else " " for c in text)
    text = _DOTS.sub(".", _SPACES.sub(" ", text))
    text = cut_utf8(text.strip(" .-"), limit).rstrip(" .-")
    if not text:
        text = "Untitled"
    if text.split(".", 1)[0].rstrip(" ").upper() in _RESERVED:
        text = cut_utf8("_" + text, limit)
    return text


def is_safe_name(name: str) -> bool:
    """True for a plain file name that :func:`safe_stem` could have produced, plus ``.md``."""
    if not name.endswith(".md") or len(name.encode("utf-8")) > MAX_NAME_BYTES:
        return False
    stem = name[:-3]
    return bool(stem) and safe_stem(stem) == stem


def _plain_name(name: str) -> bool:
    """True for a name of a Markdown file directly inside a folder (no path, no tricks)."""
    return (
        name.endswith(".md")
        and name not in (".md", "..md")
        and not any(c in name for c in "/\\\x00")
        and len(name.encode("utf-8", "surrogatepass")) <= 255
    )


def unique_name(title: str, article_id: str, taken: set[str], ext: str = ".md") -> str:
    """A safe name for ``title`` not in ``taken`` (compared case-insensitively).

    On a clash the first 8 characters of the article id are added, then a number.
    The chosen name is added to ``taken``.
    """
    budget = MAX_NAME_BYTES - len(ext.encode("utf-8"))
    tag = "".join(c for c in article_id[:8] if c.isalnum()) or "x"
    candidates = [safe_stem(title, budget)]
    suffix = f" ({tag})"
    candidates.append(safe_stem(title, budget - len(suffix)) + suffix)
    n = 2
    while True:
        for stem in candidates:
            name = stem + ext
            if name.casefold() not in taken:
                taken.add(name.casefold())
                return name
        more = f" ({tag} {n})"
        candidates = [safe_stem(title, budget - len(more)) + more]
        n += 1


def front_matter_id(path: Path) -> str | None:
    """The ``id`` in the YAML front matter at the top of ``path``, if any."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8192).decode("utf-8", "ignore")
    except OSError:
        return None
    lines = head.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for line in lines[1:]:
        if line.rstrip() in ("---", "..."):
            break
        if line.startswith("id:"):
            import yaml

            from tui_reader.export import yamlio

            try:
                value = yamlio.load(line[3:])
            except yaml.YAMLError:
                return None
            return str(value) if value is not None else None
    return None


@dataclass(slots=True)
class ExportIndex:
    """Which file of an export folder holds which article."""

    folder: Path
    files: dict[str, str] = field(default_factory=dict)
    """Article id -> file name, as last written."""
    _scanned: dict[str, str] | None = None
    _loaded: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> ExportIndex:
        """The folder's index; a missing or damaged index gives an empty one."""
        index = cls(folder)
        try:
            raw = orjson.loads((folder / INDEX_NAME).read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return index
        files = raw.get("files") if isinstance(raw, dict) else None
        if isinstance(files, dict):
            index.files = {
                str(k): v for k, v in files.items() if isinstance(v, str) and _plain_name(v)
            }
        index._loaded = dict(index.files)
        return index

    def _scan(self) -> dict[str, str]:
        """Article id -> name for every Markdown file whose front matter has an id."""
        if self._scanned is None:
            self._scanned = {}
            for path in sorted(self.folder.glob("*.md")):
                if path.is_file() and not path.is_symlink():
                    found = front_matter_id(path)
                    if found and found not in self._scanned:
                        self._scanned[found] = path.name
        return self._scanned

    def assign(self, article_ids_titles: Iterable[tuple[str, str]]) -> dict[str, str]:
        """A file name for each (article id, title): the article's own file when it has one."""
        existing = {p.name.casefold(): p for p in self.folder.iterdir()}
        taken = set(existing)
        claimed: set[str] = set()
        names: dict[str, str] = {}
        pending: list[tuple[str, str]] = []
        for article_id, title in article_ids_titles:
            name = self._own_file(article_id, existing, claimed)
            if name is None:
                pending.append((article_id, title))
            else:
                names[article_id] = name
                claimed.add(name.casefold())
        used = taken | claimed  # one set for the whole batch: unique_name adds to it
        for article_id, title in pending:
            names[article_id] = unique_name(title, article_id, used)
        self.files.update(names)
        return names

    def _own_file(
        self, article_id: str, existing: dict[str, Path], claimed: set[str]
    ) -> str | None:
        name = self.files.get(article_id)
        if name is not None and name.casefold() not in claimed:
            path = existing.get(name.casefold())
            if (
                path is not None
                and path.is_file()
                and not path.is_symlink()
                and front_matter_id(path) == article_id  # never adopt a file of the user's
            ):
                return path.name
        name = self._scan().get(article_id)
        if name is not None and name.casefold() not in claimed:
            return name
        return None

    @property
    def changed(self) -> bool:
        """True when the mapping differs from what was on disk."""
        return self.files != self._loaded

    def save(self) -> None:
        """Write the index atomically."""
        payload = {"format": INDEX_FORMAT, "version": INDEX_VERSION, "files": self.files}
        data = orjson.dumps(payload, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
        atomic_write(self.folder / INDEX_NAME, data + b"\n")
        self._loaded = dict(self.files)
