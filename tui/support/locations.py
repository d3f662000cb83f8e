"""Where things live. Computed when asked, never at import time (importing must not touch $HOME)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_path, user_config_path, user_data_path

APP_NAME = "callcoach"


def data_root() -> Path:
    """The shipped data files (playbooks, calling hours): tui/data in a wheel, data/ in a checkout."""
    package = Path(__file__).resolve().parent.parent  # tui/
    packaged = package / "data"
    if packaged.is_dir():
        return packaged
    return package.parent / "data"


def playbook_path(key: str, language: str = "en") -> Path:
    """data/playbooks/<language>/<key>.toml when translated, else the English data/playbooks/<key>.toml."""
    translated = data_root() / "playbooks" / language / f"{key}.toml"
    if language != "en" and translated.is_file():
        return translated
    return data_root() / "playbooks" / f"{key}.toml"


def available_playbooks() -> list[str]:
    return sorted(path.stem for path in (data_root() / "playbooks").glob("*.toml"))


def default_data_dir() -> Path:
    override = os.environ.get("CALLCOACH_DATA_DIR")
    if override:
        return Path(override).expanduser()
    return user_data_path(APP_NAME, appauthor=False)


def default_cache_dir() -> Path:
    """What callcoach can rebuild at any time (Textual's parsed CSS, tui.app.parsed_css)."""
    return user_cache_path(APP_NAME, appauthor=False)


def default_config_path() -> Path:
    override = os.environ.get("CALLCOACH_CONFIG")
    if override:
        return Path(override).expanduser()
    return user_config_path(APP_NAME, appauthor=False) / "config.toml"
