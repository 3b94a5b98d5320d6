"""Where OneStop keeps its data, and how the database URL is chosen.

Order of precedence for the database URL: ``--db URL``, then ``ONESTOP_DB_URL``, then the URL saved in
``settings.json``, then a SQLite file in the user data directory. ``ONESTOP_HOME`` moves the whole data
directory (tests, demos, a portable install).

The password of a saved PostgreSQL URL goes to the system keyring (service "OneStop", the URL without the
password as the account name) and settings.json keeps the URL without it. Where no usable keyring exists
(a server without a desktop session, keyring's ``fail`` backend), the password stays in settings.json as
before and ``save_db_url`` says so, so the caller can tell the user.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

log = logging.getLogger(__name__)

APP_NAME = "OneStop"
KEYRING_SERVICE = "OneStop"
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
        return DatabaseChoice(_with_keyring_password(saved), "settings")
    return DatabaseChoice(default_sqlite_url(), "default")


@dataclass(frozen=True)
class SavedUrl:
    """What ``save_db_url`` wrote: ``stored`` is the URL as written to settings.json; ``in_keyring`` tells
    that its password went to the system keyring; ``plain_password`` that the password had to stay in
    settings.json because no usable keyring exists (the user must be told)."""

    stored: str | None
    in_keyring: bool = False
    plain_password: bool = False


def _split_password(url: str) -> tuple[str, str | None]:
    """(the URL without its password, the password) for a PostgreSQL URL; other URLs are returned whole."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        return url, None
    if not parsed.drivername.startswith("postgresql") or not parsed.password:
        return url, None
    return parsed._replace(password=None).render_as_string(hide_password=False), str(parsed.password)  # URL is a named tuple; set() ignores None


def safe_url(url: str) -> str:
    """The URL to print or show: its password replaced by ***."""
    bare, password = _split_password(url)
    if password is None:
        return url
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def usable_keyring():
    """The system keyring backend, or None when there is none that can store a password."""
    try:
        import keyring
        from keyring.backends import chainer, fail
    except ImportError:  # pragma: no cover - a dependency; a broken install falls back to settings.json
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        return None
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return None
    return backend


def url_needs_keyring(url: str | None) -> bool:
    """Whether saving ``url`` would store a password (so the keyring matters)."""
    return bool(url) and _split_password(url)[1] is not None


def save_db_url(url: str | None) -> SavedUrl:
    """Remember a database URL for this PC (None forgets it and goes back to the SQLite file). A PostgreSQL
    password goes to the system keyring when one is usable; otherwise it stays in the URL, and the result
    says so."""
    if url is None:
        save_settings({"db_url": None})
        return SavedUrl(None)
    bare, password = _split_password(url)
    if password is None:
        save_settings({"db_url": url})
        return SavedUrl(url)
    backend = usable_keyring()
    if backend is not None:
        try:
            backend.set_password(KEYRING_SERVICE, bare, password)
        except Exception:  # a locked or broken keyring: keep the old behaviour and say so
            log.warning("the system keyring refused the database password", exc_info=True)
        else:
            save_settings({"db_url": bare})
            return SavedUrl(bare, in_keyring=True)
    save_settings({"db_url": url})
    return SavedUrl(url, plain_password=True)


def _with_keyring_password(saved: str) -> str:
    """The saved URL with the password from the keyring filled in (unchanged when there is none)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(saved)
    except ArgumentError:
        return saved
    if not parsed.drivername.startswith("postgresql") or parsed.password or not parsed.username:
        return saved
    backend = usable_keyring()
    if backend is None:
        return saved
    try:
        password = backend.get_password(KEYRING_SERVICE, saved)
    except Exception:  # the connection then fails with a clear "password" error and the dialog opens
        log.warning("could not read the database password from the system keyring", exc_info=True)
        return saved
    if password is None:
        return saved
    return parsed.set(password=password).render_as_string(hide_password=False)
