"""Reading an input file's bytes and text, with the checks every format shares."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tui_reader.ingest.errors import IngestError

#: Default largest file accepted, in bytes (``--max-size`` changes it).
DEFAULT_MAX_SIZE = 20 * 1024 * 1024
#: Bytes asked for per read.
_CHUNK = 1024 * 1024
#: Open flags: a named pipe opens without waiting for a writer (it is then refused).
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def read_bytes(path: Path, max_size: int = DEFAULT_MAX_SIZE, data: bytes | None = None) -> bytes:
    """A file's bytes, refusing missing, unreadable, empty, oversized and binary files.

    Only regular files are read: devices (``/dev/zero``), named pipes and
    sockets are refused before any byte is read (a pipe is opened without
    waiting for a writer), and the size cap is enforced on the bytes actually
    read, not only on the size the file claims. ``data``: the file's whole
    content, already read by :func:`read_start` (checked the same way, not read again).
    """
    if data is not None:
        if len(data) > max_size:
            raise IngestError(
                f"file is {human_size(len(data))}, over the {human_size(max_size)} limit"
            )
        return _checked(data, max_size)
    return _checked(read_regular_file(path, max_size), max_size)


def read_regular_file(path: Path, max_size: int | None = None) -> bytes:
    """The bytes of ``path`` when it is a regular file, at most ``max_size`` of them
    (None: no cap; the bytes one past the cap are read, so a caller can tell); raises
    :class:`IngestError` with a short reason ("not a regular file (a character device)",
    "no such file", "is a folder"...). Every file a command is given goes through here:
    a device would be read until memory runs out, a named pipe waited on forever."""
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | _CLOEXEC)
    except FileNotFoundError:
        raise IngestError("no such file") from None
    except PermissionError:
        raise IngestError("permission denied") from None
    except OSError as error:
        raise IngestError(f"cannot read: {error.strerror or error}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IngestError("is a folder")
        if not stat.S_ISREG(info.st_mode):
            raise IngestError(f"not a regular file ({file_kind(info.st_mode)})")
        if max_size is not None and info.st_size > max_size:
            raise IngestError(
                f"file is {human_size(info.st_size)}, over the {human_size(max_size)} limit"
            )
        if _NONBLOCK:
            os.set_blocking(fd, True)
        return _read_all(fd) if max_size is None else _read_at_most(fd, max_size + 1)
    except PermissionError:
        raise IngestError("permission denied") from None
    except OSError as error:
        raise IngestError(f"cannot read: {error.strerror or error}") from None
    finally:
        os.close(fd)


def _read_all(fd: int) -> bytes:
    """A regular file whole, to its end."""
    chunks: list[bytes] = []
    while chunk := os.read(fd, _CHUNK):
        chunks.append(chunk)
    return b"".join(chunks)


def _checked(data: bytes, max_size: int) -> bytes:
    if len(data) > max_size:
        raise IngestError(f"file is over the {human_size(max_size)} limit")
    if not data.strip():
        raise IngestError("file is empty")
    if looks_binary(data):
        raise IngestError("file is binary, not text")
    return data


def read_start(path: Path, size: int) -> tuple[bytes, bool] | None:
    """The first ``size`` bytes of a regular file, and True when they are all of it.

    None when ``path`` is not a regular file or cannot be read (whoever reads it
    next says why). An import looks at a file's start to recognise another tool's
    export; a file no longer than that is then imported from these bytes, not read
    twice.
    """
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | _CLOEXEC)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        if _NONBLOCK:
            os.set_blocking(fd, True)
        data = _read_at_most(fd, size + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data[:size], len(data) <= size


def _read_at_most(fd: int, limit: int) -> bytes:
    """Up to ``limit`` bytes from ``fd``, stopping early at the end of the file."""
    chunks: list[bytes] = []
    total = 0
    while total < limit:
        chunk = os.read(fd, min(_CHUNK, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def file_kind(mode: int) -> str:
    """What a non-regular file is, for people: ``a named pipe (FIFO)``, ``a character device``."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def looks_binary(data: bytes) -> bool:
    """True when ``data`` is not text: NUL bytes (outside UTF-16) or many control bytes."""
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in head:
        return True
    controls = len(head.translate(None, _NOT_CONTROL))
    return controls > len(head) * 0.1


#: Every byte but the controls :func:`looks_binary` counts (deleting these leaves the controls).
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 32 and b not in (9, 10, 12, 13, 27)))


def decode(data: bytes, declared: str | None = None) -> str:
    """Bytes to text: a BOM, else UTF-8, else the ``declared`` charset, else a guessed one.

    The guess prefers cp1252 when it reads as Western European text (see
    :mod:`tui_reader.ingest.charset`), else asks charset_normalizer.

    UTF-8 is tried before the declared charset because pages often declare
    ``iso-8859-1`` while being UTF-8, and non-ASCII text that happens to be
    valid UTF-8 almost never is anything else.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_utf16(data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(_codec(declared))
        except (LookupError, UnicodeDecodeError):
            pass
    from tui_reader.ingest.charset import decode_legacy

    return decode_legacy(data)


def _decode_utf16(data: bytes) -> str:
    """Text with a UTF-16 byte-order mark; a damaged file is refused in one line."""
    if len(data) % 2:
        raise IngestError(
            "file starts as UTF-16 text but has an odd number of bytes (cut short or damaged)"
        )
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError as error:
        raise IngestError(
            f"file starts as UTF-16 text but is not valid UTF-16 (at byte {error.start})"
        ) from None


def _codec(charset: str) -> str:
    """A Python codec name for a web charset label (ISO-8859-1 means cp1252 on the web)."""
    name = charset.strip().strip("\"'").lower()
    if name in ("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii"):
        return "cp1252"
    return name


def read_text(path: Path, max_size: int = DEFAULT_MAX_SIZE, data: bytes | None = None) -> str:
    """A text file's contents, decoded; see :func:`read_bytes` for what is refused."""
    return decode(read_bytes(path, max_size, data))


def human_size(size: int) -> str:
    """A byte count for people: ``512 bytes``, ``12 KB``, ``20.0 MB``."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size // 1024} KB"
    return f"{size / (1024 * 1024):.1f} MB"
