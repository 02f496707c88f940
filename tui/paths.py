"""Where akhbar keeps things: one function per location, no mkdir at import."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

APP = "akhbar"


def user_config_file() -> Path:
    return Path(platformdirs.user_config_dir(APP)) / "feeds.toml"


def data_dir() -> Path:
    override = os.environ.get("AKHBAR_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP))


def store_file() -> Path:
    return data_dir() / "akhbar.db"


def bundled_feeds() -> Path:
    """The default feeds.toml: inside the wheel, or at the top of a checkout."""
    packaged = resources.files("tui") / "data" / "feeds.toml"
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "feeds.toml"


def demo_dir() -> Path:
    return Path(str(resources.files("tui") / "data" / "demo"))
