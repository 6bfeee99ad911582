"""Where things live: the library folder, the config file, the bundled samples.

The library folder is, in order: ``--library DIR``, the ``NEWSREAD_LIBRARY``
environment variable, or ``library/`` in platformdirs' user data folder.
The config file (TOML) is ``NEWSREAD_CONFIG`` or ``config.toml`` in the user
config folder; it may hold ``theme``, ``export_dir``, a ``[keymap]`` table of binding ids,
an ``[export]`` table with ``template`` (a Jinja2 export template, docs/templates.md),
a ``[feeds]`` table (``ignore = ["query", ...]``: ignore rules for refresh)
and a ``[review]`` table (:mod:`tui_reader.review.settings`).
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui_reader.review.settings import ReviewSettings, parse_review_settings

APP_NAME = "newsread"
LIBRARY_ENV = "NEWSREAD_LIBRARY"
CONFIG_ENV = "NEWSREAD_CONFIG"
#: The settings a config file may hold (anything else is reported).
SETTINGS = frozenset({"theme", "export_dir", "keymap", "export", "feeds", "review"})
#: Largest config file read.
MAX_CONFIG_SIZE = 1024 * 1024


def library_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The library folder to use."""
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get(LIBRARY_ENV)
    if env:
        return Path(env).expanduser().resolve()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "library"


def config_path() -> Path:
    """The config file's path (it need not exist)."""
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def samples_dir() -> Path:
    """The bundled sample articles: inside the installed package, or the source tree's."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "samples", here.parent / "samples"):
        if candidate.is_dir():
            return candidate
    return here / "samples"


@dataclass(slots=True)
class Config:
    """Settings read from the config file."""

    theme: str = ""
    """A Textual theme name, or empty for the default."""
    export_dir: str = ""
    """Folder for exports made in the app; empty means ``./newsread-export``."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> keys, applied with ``App.set_keymap``."""
    export_template: str = ""
    """``[export] template``: the Jinja2 file the app's exports use (absolute), or empty
    for the built-in layout."""
    chosen_theme: str = ""
    """The theme last chosen in the app (ctrl+t or the palette), if the config file's
    ``theme`` has not changed since; it wins over ``theme``."""
    state_file: Path | None = None
    """Where the app remembers the chosen theme (None: nowhere, as in tests)."""
    problems: list[str] = field(default_factory=list)
    """Messages about a config file that could not be used."""
    feed_ignore: list[str] = field(default_factory=list)
    """Ignore rules for refresh from ``[feeds] ignore`` (each one a checked query)."""
    review: ReviewSettings = field(default_factory=ReviewSettings)
    """The daily review's settings (``[review]``)."""


def state_path(config_file: Path) -> Path:
    """The file beside the config file where the app remembers what the user chose."""
    return config_file.with_name("state.json")


def read_chosen_theme(state_file: Path, config_theme: str) -> str:
    """The theme remembered in ``state_file``, unless the config's theme changed since
    (then the config file wins) or the file is missing or unreadable."""
    try:
        state = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return ""
    if not isinstance(state, dict) or state.get("config_theme") != config_theme:
        return ""
    theme = state.get("theme")
    return theme if isinstance(theme, str) else ""


def remember_theme(state_file: Path, theme: str, config_theme: str) -> None:
    """Remember ``theme`` as chosen while the config file said ``config_theme``."""
    from tui_reader.atomic_files import atomic_write

    state_file.parent.mkdir(parents=True, exist_ok=True)
    data = {"theme": theme, "config_theme": config_theme}
    atomic_write(state_file, json.dumps(data).encode("utf-8"), sync=False)


def load_config(path: Path | None = None) -> Config:
    """Read the config file (and the theme chosen last time); a missing file gives
    defaults, a bad one a problem message."""
    path = path or config_path()
    config = Config(state_file=state_path(path))
    config.chosen_theme = read_chosen_theme(config.state_file, "")
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # never a device read until memory runs out,
            from tui_reader.ingest.files import file_kind  # nor a pipe waited on

            config.problems.append(
                f"config file {path} ignored: not a regular file ({file_kind(info.st_mode)})"
            )
            return config
        with path.open("rb") as file:
            data = file.read(MAX_CONFIG_SIZE + 1)
        if len(data) > MAX_CONFIG_SIZE:
            config.problems.append(f"config file {path} ignored: larger than 1 MB")
            return config
        text = data.decode("utf-8")
    except FileNotFoundError:
        return config
    except (OSError, UnicodeDecodeError) as error:
        config.problems.append(f"config file {path} ignored: {error}")
        return config
    import tomllib  # only when there is a file to read (most starts have none)

    try:
        raw: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        config.problems.append(f"config file {path} ignored: {error}")
        return config
    for key in raw:
        if key not in SETTINGS:
            config.problems.append(f"config file {path}: unknown setting {key!r} ignored")
    for key in ("theme", "export_dir"):
        value = raw.get(key, "")
        if isinstance(value, str):
            setattr(config, key, value)
        else:
            config.problems.append(
                f"config file {path}: {key} must be a string, not {value!r}; default used"
            )
    config.chosen_theme = read_chosen_theme(state_path(path), config.theme)
    keymap = raw.get("keymap", {})
    if isinstance(keymap, dict):
        for binding_id, keys in keymap.items():
            if isinstance(keys, str):
                config.keymap[str(binding_id)] = keys
            else:
                config.problems.append(
                    f"config file {path}: keymap {binding_id!r} must be a string of keys, "
                    f"not {keys!r}; default kept"
                )
    else:
        config.problems.append(f"config file {path}: [keymap] must be a table")
    _read_export_table(raw.get("export", {}), path, config)
    if "feeds" in raw:
        config.feed_ignore = _feed_rules(raw["feeds"], f"config file {path}", config.problems)
    if "review" in raw:
        config.review = parse_review_settings(
            raw["review"], lambda text: config.problems.append(f"config file {path}: {text}")
        )
    return config


def _read_export_table(table: Any, path: Path, config: Config) -> None:
    """Check ``[export]``: ``template`` names a file (relative to the config file's folder)."""
    if not isinstance(table, dict):
        config.problems.append(f"config file {path}: [export] must be a table")
        return
    for key in table:
        if key != "template":
            config.problems.append(f"config file {path}: unknown setting export.{key} ignored")
    value = table.get("template", "")
    if not isinstance(value, str):
        config.problems.append(
            f"config file {path}: export.template must be a path, not {value!r}; "
            "built-in layout used"
        )
        return
    if not value.strip():
        return
    template = Path(value).expanduser()
    if not template.is_absolute():
        template = path.parent / template
    if not template.is_file():
        config.problems.append(
            f"config file {path}: export.template {template} is not a file; built-in layout used"
        )
        return
    config.export_template = str(template)


def _feed_rules(table: object, where: str, problems: list[str]) -> list[str]:
    """The usable ignore rules of a ``[feeds]`` table; each problem is added to ``problems``."""
    if not isinstance(table, dict):
        problems.append(f"{where}: [feeds] must be a table; ignored")
        return []
    problems.extend(f"{where}: unknown setting feeds.{k} ignored" for k in table if k != "ignore")
    raw = table.get("ignore", [])
    if not isinstance(raw, list):
        problems.append(f"{where}: feeds.ignore must be a list of queries; ignored")
        return []
    from tui_reader.query.entries import EntryQueryError, check_entry_query

    rules: list[str] = []
    for item in raw:
        try:
            if not isinstance(item, str):
                raise EntryQueryError(f"{item!r} is not a query")
            rules.append(check_entry_query(item).text)
        except EntryQueryError as error:
            problems.append(f"{where}: feeds.ignore: {error}; skipped")
    return rules
