"""The ``newsread`` console script.

A bare ``newsread`` (or ``newsread --library DIR``) opens the app, and is the
command people start most: it goes straight to the app without loading the
command line's parser (click and every command's module), a quarter of the
time start-up spends beyond a minimal Textual app. Anything else is the
command line's.
"""

from __future__ import annotations

import errno
import sys

#: Exit codes as the command line gives them.
EXIT_ERROR = 2
EXIT_ABORTED = 1


def app_library(args: list[str]) -> tuple[bool, str | None]:
    """``(True, override)`` when ``args`` only open the app (with ``--library DIR``)."""
    if not args:
        return True, None
    if len(args) == 2 and args[0] == "--library":
        return True, args[1]
    if len(args) == 1 and args[0].startswith("--library="):
        return True, args[0].removeprefix("--library=")
    return False, None


def open_app(override: str | None) -> int:
    """Run the app on the library; a failure is one ``newsread: error:`` line and code 2."""
    from tui_reader.app_start import AppStartError, run_app
    from tui_reader.config import library_dir
    from tui_reader.output_guard import guard_library_output, os_error_message, stderr_line

    guard_library_output()
    try:
        run_app(library_dir(override), warn=stderr_line)
    except AppStartError as error:
        stderr_line(f"error: {error}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("Aborted!\n")
        return EXIT_ABORTED
    except OSError as error:  # e.g. a full disk while the library is first made
        if error.errno == errno.EPIPE:
            return EXIT_ABORTED
        stderr_line(f"error: {os_error_message(error)}")
        return EXIT_ERROR
    return 0


def main() -> None:
    """Entry point of the ``newsread`` console script."""
    only_app, override = app_library(sys.argv[1:])
    if only_app:
        from tui_reader.ui.startup_collector import hold_from_launch

        hold_from_launch()  # before Textual and the library load
        sys.exit(open_app(override))
    from tui_reader.cli import main as command_line

    command_line()
