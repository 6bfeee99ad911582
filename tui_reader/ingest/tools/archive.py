"""Reading zip exports safely: no path tricks, no zip bombs, nothing written to disk.

An export zip comes from outside. Before any entry is read, every name is
checked (no ``..``, no absolute path, no drive letter) and the sizes the
archive declares are added up against a limit; while reading, an entry
that inflates past what it declared (or past the limit) is refused. Entries
are read into memory only, never extracted.
"""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from tui_reader.ingest.errors import IngestError
from tui_reader.ingest.files import human_size

#: Most entries an export zip may hold.
MAX_ENTRIES = 100_000
#: Largest share an entry may inflate by (zip bombs inflate by thousands).
MAX_RATIO = 200
#: Entries smaller than this are not checked for their ratio (tiny files compress well).
RATIO_FLOOR = 1 << 20
_CHUNK = 1 << 16


def is_zip(path: Path) -> bool:
    """True when ``path`` is a zip archive (by its content)."""
    try:
        return zipfile.is_zipfile(path)
    except OSError:
        return False


class SafeZip:
    """A zip archive opened for reading with its names and sizes checked.

    ``limit`` caps the total uncompressed size; it is also what one entry may reach.
    """

    def __init__(self, path: Path, limit: int) -> None:
        self.limit = limit
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            raise IngestError(f"not a readable zip archive ({error})") from None
        infos = self._zip.infolist()
        if len(infos) > MAX_ENTRIES:
            raise IngestError(f"the archive holds {len(infos)} entries, more than {MAX_ENTRIES}")
        total = 0
        self.names: list[str] = []
        for info in infos:
            _check_name(info.filename)
            if info.is_dir():
                continue
            total += info.file_size
            if total > limit:
                raise IngestError(
                    f"the archive unpacks to more than {human_size(limit)} (a zip bomb?); "
                    "nothing was imported"
                )
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(
                1, info.compress_size
            ):
                raise IngestError(
                    f"entry {info.filename!r} inflates {info.file_size // max(1, info.compress_size)} "
                    "times (a zip bomb?); nothing was imported"
                )
            self.names.append(info.filename)

    def read(self, name: str) -> bytes:
        """One entry's bytes, refusing any that inflate past what they declared."""
        info = self._zip.getinfo(name)
        cap = min(self.limit, info.file_size)
        chunks: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as handle:
                while chunk := handle.read(_CHUNK):
                    size += len(chunk)
                    if size > cap:
                        raise IngestError(
                            f"entry {name!r} is larger than the archive says (a zip bomb?); "
                            "nothing was imported"
                        )
                    chunks.append(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
            raise IngestError(f"entry {name!r} cannot be read ({error})") from None
        except RuntimeError as error:  # encrypted entries
            raise IngestError(f"entry {name!r} cannot be read ({error})") from None
        return b"".join(chunks)

    def close(self) -> None:
        """Close the archive."""
        self._zip.close()

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _check_name(name: str) -> None:
    """Refuse entry names that would point outside the archive's own folder."""
    normal = name.replace("\\", "/")
    parts = PurePosixPath(normal).parts
    if (
        normal.startswith("/")
        or (len(normal) > 1 and normal[1] == ":")
        or ".." in parts
        or "\x00" in name
    ):
        raise IngestError(
            f"the archive holds an unsafe entry name {name!r} (outside its folder); "
            "nothing was imported"
        )
