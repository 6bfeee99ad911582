"""Reading an input file's bytes and text, with the checks every format shares."""

from __future__ import annotations

from pathlib import Path

from tui_reader.ingest.errors import IngestError

#: Default largest file accepted, in bytes (``--max-size`` changes it).
DEFAULT_MAX_SIZE = 20 * 1024 * 1024


def read_bytes(path: Path, max_size: int = DEFAULT_MAX_SIZE) -> bytes:
    """A file's bytes, refusing missing, unreadable, empty, oversized and binary files."""
    try:
        if path.is_dir():
            raise IngestError("is a folder")
        size = path.stat().st_size
    except FileNotFoundError:
        raise IngestError("no such file") from None
    except PermissionError:
        raise IngestError("permission denied") from None
    except OSError as error:
        raise IngestError(f"cannot read: {error.strerror or error}") from None
    if size > max_size:
        raise IngestError(f"file is {human_size(size)}, over the {human_size(max_size)} limit")
    try:
        data = path.read_bytes()
    except PermissionError:
        raise IngestError("permission denied") from None
    except OSError as error:
        raise IngestError(f"cannot read: {error.strerror or error}") from None
    if not data.strip():
        raise IngestError("file is empty")
    if looks_binary(data):
        raise IngestError("file is binary, not text")
    return data


def looks_binary(data: bytes) -> bool:
    """True when ``data`` is not text: NUL bytes (outside UTF-16) or many control bytes."""
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > len(head) * 0.1


def decode(data: bytes, declared: str | None = None) -> str:
    """Bytes to text: a BOM, else UTF-8, else the ``declared`` charset, else a detected one.

    UTF-8 is tried before the declared charset because pages often declare
    ``iso-8859-1`` while being UTF-8, and non-ASCII text that happens to be
    valid UTF-8 almost never is anything else.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(_codec(declared))
        except (LookupError, UnicodeDecodeError):
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise IngestError("text is in an encoding that could not be recognised")
    return str(best)


def _codec(charset: str) -> str:
    """A Python codec name for a web charset label (ISO-8859-1 means cp1252 on the web)."""
    name = charset.strip().strip("\"'").lower()
    if name in ("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii"):
        return "cp1252"
    return name


def read_text(path: Path, max_size: int = DEFAULT_MAX_SIZE) -> str:
    """A text file's contents, decoded; see :func:`read_bytes` for what is refused."""
    return decode(read_bytes(path, max_size))


def human_size(size: int) -> str:
    """A byte count for people: ``512 bytes``, ``12 KB``, ``20.0 MB``."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size // 1024} KB"
    return f"{size / (1024 * 1024):.1f} MB"
