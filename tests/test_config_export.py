"""The config file's ``[export]`` table: ``template`` checked like the other settings."""

from __future__ import annotations

from pathlib import Path

from tui_reader.config import load_config


def config_with(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "conf" / "config.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_template_relative_to_the_config_folder(tmp_path: Path) -> None:
    path = config_with(tmp_path, '[export]\ntemplate = "t.md.j2"\n')
    (path.parent / "t.md.j2").write_text("x")
    config = load_config(path)
    assert config.problems == []
    assert config.export_template == str(path.parent / "t.md.j2")


def test_bad_export_settings_are_reported_and_ignored(tmp_path: Path) -> None:
    path = config_with(tmp_path, '[export]\ntemplate = "missing.j2"\nfolder = "x"\n')
    config = load_config(path)
    assert config.export_template == ""
    assert config.problems == [
        f"config file {path}: unknown setting export.folder ignored",
        f"config file {path}: export.template {path.parent / 'missing.j2'} is not a file; "
        "built-in layout used",
    ]
    config = load_config(config_with(tmp_path, "[export]\ntemplate = 3\n"))
    assert config.export_template == ""
    assert config.problems == [
        f"config file {path}: export.template must be a path, not 3; built-in layout used"
    ]
    config = load_config(config_with(tmp_path, 'export = "t.j2"\n'))
    assert config.problems == [f"config file {path}: [export] must be a table"]
    assert load_config(config_with(tmp_path, "[export]\n")).problems == []


def test_a_config_file_that_is_a_device_or_a_pipe_is_ignored_with_a_reason(
    tmp_path: Path,
) -> None:
    # Found in tmux: NEWSREAD_CONFIG=/dev/zero newsread read until memory ran out (a
    # MemoryError traceback under a limit); a named pipe would have been waited on.
    import os

    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)
    for path, kind in ((Path("/dev/zero"), "a character device"), (fifo, "a named pipe (FIFO)")):
        config = load_config(path)
        assert config.problems == [f"config file {path} ignored: not a regular file ({kind})"], (
            config.problems
        )
