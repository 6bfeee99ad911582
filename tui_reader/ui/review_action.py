"""Starting the daily review: today's queue built in a worker, then the review screen.

The app runs it when a screen posts :class:`~tui_reader.ui.messages.OpenReview`
(``R`` in the library, the palette) or when ``newsread review`` starts it. A
malformed query is one notification; the screen is pushed only if the user is
still where they asked from.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.screen import Screen
from textual.worker import Worker

from tui_reader.review.request import ReviewRequest
from tui_reader.sanitize import clean_line
from tui_reader.ui.services import Services


def start_review(
    app: App[Any],
    services: Services,
    request: ReviewRequest,
    origin: Screen[Any] | None,
    on_leave: Callable[[None], None] | None = None,
) -> Worker[None]:
    """Build today's queue for ``request`` off the UI thread, then push the review screen
    (over ``origin``, if it is still the current screen); ``on_leave`` runs when the user
    leaves it. Returns the worker."""

    def work() -> None:
        from tui_reader.query import QueryError, parse_query
        from tui_reader.review.queue import build_queue
        from tui_reader.store import StoreError
        from tui_reader.ui.screens.review import READ_AHEAD, read_texts

        try:
            query = parse_query(request.query) if request.query else None
            queue = build_queue(
                services.library, services.config.review, query=query, limit=request.limit
            )
        except QueryError as error:
            app.call_from_thread(
                app.notify, f"Review query: {clean_line(str(error))}", severity="error"
            )
            return
        except StoreError as error:
            app.call_from_thread(
                app.notify, f"Could not start the review: {error}", severity="error"
            )
            return
        ahead = list(dict.fromkeys(item.article.id for item in queue.items[:READ_AHEAD]))
        texts = read_texts(services.library, ahead)
        app.call_from_thread(push, queue, texts)

    def push(queue: Any, texts: Any) -> None:
        from tui_reader.ui.screens.review import ReviewScreen

        if origin is None or app.screen is origin:
            app.push_screen(ReviewScreen(services, queue, request, texts), on_leave)

    return app.run_worker(
        work, thread=True, exclusive=True, group="review", exit_on_error=False, name="review"
    )
