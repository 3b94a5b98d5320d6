"""Where OneStop keeps its data, and how the database URL is chosen.

Order of precedence for the database URL: ``--db URL``, then ``ONESTOP_DB_URL``, then the URL saved in
``settings.json``, then a SQLite file in the user data directory. ``ONESTOP_HOME`` moves the whole data
directory (tests, demos, a portable install).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "OneStop"
ENV_DB_URL = "ONESTOP_DB_URL"
ENV_HOME = "ONESTOP_HOME"


def data_dir() -> Path:
    home = os.environ.get(ENV_HOME)
    path = Path(home) if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def backup_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def settings_path() -> Path:
    return data_dir() / "settings.json"


def default_sqlite_url() -> str:
    return f"sqlite:///{data_dir() / 'onestop.db'}"


def resources_dir() -> Path:
    """The resources folder: beside the package in a checkout, inside the bundle when frozen."""
    import sys

    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def load_settings() -> dict:
    path = settings_path()
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def save_settings(values: dict) -> None:
    """Merge ``values`` into settings.json; a temporary file and rename keep it whole on a power cut."""
    settings = load_settings()
    settings.update(values)
    path = settings_path()
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(settings, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)


@dataclass(frozen=True)
class DatabaseChoice:
    url: str
    origin: str  # "argument", "environment", "settings" or "default"


def resolve_db_url(cli_url: str | None = None) -> DatabaseChoice:
    if cli_url:
        return DatabaseChoice(cli_url, "argument")
    env = os.environ.get(ENV_DB_URL)
    if env:
        return DatabaseChoice(env, "environment")
    saved = load_settings().get("db_url")
    if saved:
        return DatabaseChoice(saved, "settings")
    return DatabaseChoice(default_sqlite_url(), "default")


def save_db_url(url: str | None) -> None:
    """Remember a database URL for this PC (None forgets it and goes back to the SQLite file)."""
    save_settings({"db_url": url})
