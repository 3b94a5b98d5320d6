"""Where OneStop keeps its data, and how the database URL is chosen.

Order of precedence for the database URL: ``--db URL``, then ``ONESTOP_DB_URL``, then the URL saved in
``settings.json``, then a SQLite file in the user data directory. ``ONESTOP_HOME`` moves the whole data
directory (tests, demos, a portable install).

The password of a saved PostgreSQL URL goes to the system keyring (service "OneStop", the URL without the
password as the account name) and settings.json keeps the URL without it. Where no usable keyring exists
(a server without a desktop session, keyring's ``fail`` backend), the password goes to a file of its own,
``db-password.json`` in the data folder, readable only by the user (0600), and ``save_db_url`` says so, so
the caller can warn the user. settings.json never holds a password: one saved there by an older version is
moved out the next time the URL is read.

On Linux the data folder is 0700 and the files in it 0600 (desktop.fileperms).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from desktop import fileperms

log = logging.getLogger(__name__)

APP_NAME = "OneStop"
KEYRING_SERVICE = "OneStop"
ENV_DB_URL = "ONESTOP_DB_URL"
ENV_HOME = "ONESTOP_HOME"


def data_dir() -> Path:
    """The data folder (created when missing; 0700 on Linux)."""
    home = os.environ.get(ENV_HOME)
    path = Path(home) if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return fileperms.private_dir(path)


def log_dir() -> Path:
    return fileperms.private_dir(data_dir() / "logs")


def backup_dir() -> Path:
    return fileperms.private_dir(data_dir() / "backups")


def settings_path() -> Path:
    return data_dir() / "settings.json"


def password_file_path() -> Path:
    """Where the database password is kept when this PC has no usable system keyring (0600)."""
    return data_dir() / "db-password.json"


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
    fileperms.write_private(settings_path(), json.dumps(settings, ensure_ascii=False, indent=2))


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
        if url_needs_keyring(saved):  # an older version left the password in settings.json: move it out
            log.warning("moving the database password out of settings.json")
            save_db_url(saved)
            return DatabaseChoice(saved, "settings")
        return DatabaseChoice(_with_saved_password(saved), "settings")
    return DatabaseChoice(default_sqlite_url(), "default")


@dataclass(frozen=True)
class SavedUrl:
    """What ``save_db_url`` wrote: ``stored`` is the URL as written to settings.json (never with a
    password); ``in_keyring`` tells that its password went to the system keyring; ``plain_password`` that
    no usable keyring exists, so the password is in plain text in ``password_file`` (0600, readable by
    this user only; the user must be told)."""

    stored: str | None
    in_keyring: bool = False
    plain_password: bool = False
    password_file: str | None = None


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
    password goes to the system keyring when one is usable; otherwise to the 0600 password file, and the
    result says so. settings.json gets the URL without the password either way."""
    if url is None:
        save_settings({"db_url": None})
        _forget_password_file()
        return SavedUrl(None)
    bare, password = _split_password(url)
    if password is None:
        save_settings({"db_url": url})
        _forget_password_file()
        return SavedUrl(url)
    backend = usable_keyring()
    if backend is not None:
        try:
            backend.set_password(KEYRING_SERVICE, bare, password)
        except Exception:  # a locked or broken keyring: the password file, and the user is told
            log.warning("the system keyring refused the database password", exc_info=True)
        else:
            save_settings({"db_url": bare})
            _forget_password_file()
            return SavedUrl(bare, in_keyring=True)
    path = fileperms.write_private(password_file_path(), json.dumps({bare: password}, ensure_ascii=False))
    save_settings({"db_url": bare})
    return SavedUrl(bare, plain_password=True, password_file=str(path))


def _forget_password_file() -> None:
    try:
        password_file_path().unlink(missing_ok=True)
    except OSError:
        log.warning("could not remove %s", password_file_path(), exc_info=True)


def _file_password(bare: str) -> str | None:
    try:
        stored = json.loads(password_file_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = stored.get(bare) if isinstance(stored, dict) else None
    return value if isinstance(value, str) else None


def _with_saved_password(saved: str) -> str:
    """The saved URL with its password filled in from the keyring, else from the password file (unchanged
    when neither has one)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(saved)
    except ArgumentError:
        return saved
    if not parsed.drivername.startswith("postgresql") or parsed.password or not parsed.username:
        return saved
    password = _keyring_password(saved) or _file_password(saved)
    if password is None:
        return saved
    return parsed.set(password=password).render_as_string(hide_password=False)


def _keyring_password(saved: str) -> str | None:
    """The password the keyring holds for the saved URL, or None."""
    backend = usable_keyring()
    if backend is None:
        return None
    try:
        return backend.get_password(KEYRING_SERVICE, saved)
    except Exception:  # the connection then fails with a clear "password" error and the dialog opens
        log.warning("could not read the database password from the system keyring", exc_info=True)
        return None
