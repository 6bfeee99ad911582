"""The [review] table of the config file."""

from __future__ import annotations

from pathlib import Path

from tui_reader.config import load_config
from tui_reader.review.settings import ReviewSettings


def test_review_settings_are_read_from_the_config_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[review]\ndaily_limit = 5\nexclude_tags = ["#private"]\ninclude_tags = ["korea"]\n'
    )
    config = load_config(path)
    assert config.problems == []
    assert config.review == ReviewSettings(5, 200, ("private",), ("korea",))


def test_bad_review_settings_are_reported_and_defaults_used(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[review]\ndaily_limit = -3\nexclude_tags = "x"\ncolour = 1\n')
    config = load_config(path)
    assert config.review == ReviewSettings()
    assert len(config.problems) == 3
    assert "daily_limit must be a whole number" in config.problems[1]
    assert all(p.startswith(f"config file {path}: [review]") for p in config.problems)
