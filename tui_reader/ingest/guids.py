"""One reading of a feed entry's guid, whichever parser read the feed.

feedparser, the reference, resolves an entry's id against the feed's base
(its address, or its ``xml:base``) when the id may be a permalink: an Atom
``<id>``, and an RSS ``<guid>`` whose ``isPermaLink`` is absent or exactly
``"true"`` (``"false"``, ``"True"``: kept as written). So ``<guid>/posts/1</guid>`` in the feed at
``http://blog.example/feed.xml`` is ``http://blog.example/posts/1``, and
``<guid>12345</guid>`` is ``http://blog.example/12345``. feedparser-rs keeps
the id as written. :func:`resolve_guid` is feedparser's rule; the fast parser
(:mod:`.fastfeed`) applies it where feedparser would, so that both give an
entry the same guid (and so the same article id).

Libraries written before the two agreed hold the guids of entries read by
feedparser-rs as written. :func:`guid_forms` gives the spellings, relative to
the feed's address, that a resolved guid may have been stored under: the
refresh (and the import) look an entry up under those too, and the records of
seen and deleted entries (kept as hashes) are checked under them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin, uses_relative

#: feedparser's fix for ``http:///host``: extra slashes after the scheme are dropped.
_URIFIXER = re.compile(r"^([A-Za-z][A-Za-z0-9+-.]*://)(/*)(.*?)")
#: A scheme and an authority at the start of an address (``http:``, ``//host``).
_HEAD = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*:)(//[^/?#]*)?")
#: Characters after which an address's path ends.
_PATH_END = re.compile(r"[?#]")
#: A scheme at the start of a guid (``http:``, ``urn:``, ``tag:``).
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
#: The start of most guids (told without the pattern).
_COMMON_SCHEMES = ("https://", "http://", "urn:", "tag:")
#: Guids joining leaves as they are, whatever the base (joining costs about 10 us, 1 ms of
#: a 50-entry feed's 3-4 ms parse): a plain web address (lower-case scheme, an ASCII host
#: without brackets, no space, no empty query or fragment: nothing ``urljoin`` rewrites or
#: refuses), or an id whose lower-case scheme is none ``urljoin`` resolves against
#: (``urn:``, ``tag:``).
_KEPT_URL = re.compile(r"https?://[!-.0-9:->@-Z\\^-~]+(?:/[^\s?#]*)?(?:\?[^\s#]+)?(?:#\S+)?\Z")
_KEPT_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):(?!/)")
_RELATIVE_SCHEMES = frozenset(uses_relative)
#: A relative path joining only appends (a path segment first, or from the root; a query
#: and a fragment only when not empty): see :func:`_joined_plainly`.
_PLAIN_PATH = re.compile(
    r"[^\s?#:/]+(?:/[^\s?#]*)?(?:\?[^\s#]+)?(?:#\S+)?\Z|/[^\s?#/][^\s?#]*(?:\?[^\s#]+)?(?:#\S+)?\Z"
)


def is_relative(guid: str) -> bool:
    """True for a guid with no scheme (``/posts/1``, ``12345``): one that feedparser may have
    resolved, and that a library may hold as the feed wrote it."""
    if guid.startswith(_COMMON_SCHEMES):
        return False  # most guids: told without the pattern (a refresh asks 100,000 times)
    return _SCHEME.match(guid) is None


def resolve_guid(guid: str, base: str) -> str:
    """feedparser's reading of the permalink guid (or Atom id) ``guid``, already stripped,
    in a feed read from ``base`` (its address, or "" when it has none): joined to ``base``,
    or "" when that is no address at all (as feedparser leaves it)."""
    if unchanged(guid):
        return guid
    joined = _joined_plainly(guid, base)
    if joined is not None:
        return joined
    guid = _URIFIXER.sub(r"\1\3", guid)
    try:
        return urljoin(base, guid)
    except ValueError:
        return ""


def _joined_plainly(guid: str, base: str) -> str | None:
    """``urljoin(base, guid)`` for a plain relative path (``/posts/1``, ``12345``: no dot
    segment, no ``//``, no space) against a plain web address, told by concatenation
    (joining costs about 15 us, 1 ms of a 50-entry feed's parse); None for anything else."""
    parts = _plain_base(base)
    if parts is None or not _PLAIN_PATH.match(guid) or "/." in "/" + guid or "//" in guid:
        return None
    root, folder = parts
    if guid[0] == "/":
        return root + guid
    return None if _SCHEME.match(guid) else folder + guid


@lru_cache(maxsize=64)
def _plain_base(base: str) -> tuple[str, str] | None:
    """The root (``http://host``) and folder (``http://host/blog/``) of a plain web address
    (as :data:`_KEPT_URL`, with no dot segment or ``//`` in its path), or None."""
    if not _KEPT_URL.match(base):
        return None
    head = _HEAD.match(base)
    if head is None:
        return None
    root = head.group(0)
    path = _PATH_END.split(base, 1)[0][len(root) :]
    if "/." in path or "//" in path:
        return None
    return root, root + path[: path.rfind("/") + 1] if "/" in path else root + "/"


def unchanged(guid: str) -> bool:
    """True for a guid :func:`resolve_guid` leaves as it is whatever the base (an absolute
    web address, a ``urn:`` or ``tag:`` id), told without joining it (False: it may change)."""
    if _KEPT_URL.match(guid):
        return True
    scheme = _KEPT_SCHEME.match(guid)
    return scheme is not None and scheme.group(1) not in _RELATIVE_SCHEMES


def guid_forms(guid: str, base: str) -> tuple[str, ...]:
    """The spellings of the resolved guid ``guid`` relative to ``base`` (``//host/path``,
    ``/path``, ``path`` from the feed's folder) that :func:`resolve_guid` reads as ``guid``:
    how the feed may have written it, and a library stored it before the parsers agreed.
    Empty when ``guid`` does not start with ``base``'s scheme (nothing resolved it there)."""
    if not guid or not base:
        return ()
    head = _HEAD.match(base)
    root = head.group(0) if head is not None and head.group(2) is not None else ""
    prefixes: list[str] = []
    if root:
        scheme = root[: root.index(":") + 1]
        if not guid.startswith(scheme):
            return ()
        prefixes.append(scheme)  # "//host/path"
        if not guid.startswith(root):
            return _checked(guid, base, prefixes, plain=False)
        prefixes.append(root)  # "/path"
    path = _PATH_END.split(base, 1)[0]
    folder = path[: path.rfind("/") + 1]
    if root and len(folder) <= len(root):
        folder = root + "/"  # an address with no path: its folder is the root
    if folder and guid.startswith(folder):
        prefixes.append(folder)  # "path"
    # Plain addresses (no dot segment, no "//" in a path, nothing urljoin rewrites) give
    # their spellings back unchanged: told without joining (a refresh asks this of each
    # new entry; joining costs about 15 us a spelling).
    plain = bool(
        root
        and _KEPT_URL.match(guid)
        and _KEPT_URL.match(base)
        and "/." not in guid
        and "/." not in path
        and "//" not in guid[len(root) :]
        and "//" not in path[len(root) :]
    )
    return _checked(guid, base, prefixes, plain)


def _checked(guid: str, base: str, prefixes: list[str], plain: bool) -> tuple[str, ...]:
    """``guid`` without each of ``prefixes``, where that reads as ``guid`` again."""
    forms: list[str] = []
    for prefix in prefixes:
        form = guid[len(prefix) :]
        if not form or form == guid or form in forms:
            continue
        if (plain and form[0] not in "?#" and _SCHEME.match(form) is None) or resolve_guid(
            form, base
        ) == guid:
            forms.append(form)
    return tuple(forms)
