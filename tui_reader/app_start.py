"""Opening the library and running the app on it, without the command line's parser.

Shared by the bare ``newsread`` (started by :mod:`tui_reader.launch` without
loading click) and by ``newsread read`` and ``newsread review``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui_reader.review.request import ReviewRequest
    from tui_reader.store import Library


class AppStartError(Exception):
    """The app could not start: one line for the person (a locked or damaged library...)."""


def run_app(
    folder: Path,
    *,
    warn: Callable[[str], None],
    article_id: str | None = None,
    review: ReviewRequest | None = None,
) -> None:
    """Open the library in ``folder`` (made if missing) and run the app until it quits.

    The first run imports the bundled samples. An article id that matches
    nothing is refused before anything is written. ``warn`` prints the store's
    messages that come before the app or after it (a migration's progress,
    files restored while the app ran); the app shows its own.
    """
    from tui_reader.store import Library, OpenMode, StoreError

    try:
        library = Library.open(folder, OpenMode.AUTO, progress=warn)
    except StoreError as error:
        raise AppStartError(str(error)) from error
    try:
        _open_on(library, article_id, review)
    except StoreError as error:
        raise AppStartError(str(error)) from error
    finally:
        for warning in library.take_warnings():  # files read while the app ran
            warn(warning)
        library.close()


def _taken(settings: dict[str, object]) -> bool:
    """True once the library had its samples, or follows feeds."""
    from tui_reader.feeds import SUBSCRIPTIONS_KEY

    return bool(settings.get("samples_imported") or settings.get(SUBSCRIPTIONS_KEY))


def _open_on(library: Library, article_id: str | None, review: ReviewRequest | None) -> None:
    # A library whose user follows feeds is theirs already, even before a refresh. The
    # settings are read only for a library with no article (it costs a library following
    # 2,000 feeds 5 ms of its start).
    first_run = library.is_new and not _taken(library.settings())
    if article_id is not None:
        article_id = library.resolve(article_id).id
    elif first_run and not library.read_only:
        from tui_reader.config import samples_dir
        from tui_reader.importing import import_inputs

        import_inputs(library, [str(samples_dir())])
        library.set_settings({**library.settings(), "samples_imported": True})
    from tui_reader.ui.app import create_app

    create_app(library, open_article=article_id, open_review=review).run()
