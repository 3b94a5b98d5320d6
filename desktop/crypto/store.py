"""Where this PC keeps its keys: the system keyring (service "OneStop", account ``data-key <id>``), else
a key file of its own (0600) outside the data folder; ``ONESTOP_KEY_FILE`` names another file and then is the
only store."""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from desktop.crypto.errors import BadKeyText
from desktop.crypto.key import DataKey

log = logging.getLogger(__name__)

ENV_KEY_FILE = "ONESTOP_KEY_FILE"
KEYRING_ACCOUNT = "data-key {}"


@dataclass(frozen=True)
class KeyStore:
    """Where a key was saved: the system keyring, or ``path`` (a 0600 file)."""

    in_keyring: bool
    path: str | None = None


def key_file_path() -> Path:
    """The key file: ``ONESTOP_KEY_FILE``, else ``datakey`` in this user's configuration folder (never in the
    data folder, so a copy of the data folder does not carry the key with it)."""
    override = os.environ.get(ENV_KEY_FILE)
    if override:
        return Path(override)
    import platformdirs

    folder = Path(platformdirs.user_config_dir("OneStop", appauthor=False))
    data = Path(platformdirs.user_data_dir("OneStop", appauthor=False))
    if folder == data or data in folder.parents:  # Windows and macOS: configuration and data share a folder
        folder = folder.with_name("OneStop Keys")
    return folder / "datakey"


def _keyring():
    """The usable system keyring, unless ONESTOP_KEY_FILE asks for the file alone."""
    if os.environ.get(ENV_KEY_FILE):
        return None
    from desktop import config

    return config.usable_keyring()


def _read_file(path: Path) -> dict[str, str]:
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        log.warning("the data key file %s cannot be read", path, exc_info=True)
        return {}
    keys = stored.get("keys") if isinstance(stored, dict) else None
    return {k: v for k, v in keys.items() if isinstance(v, str)} if isinstance(keys, dict) else {}


@contextlib.contextmanager
def _file_lock(path: Path):
    """Two processes adding a key at once must not lose one (POSIX; elsewhere the rename keeps the file whole)."""
    from desktop import fileperms

    fileperms.private_dir(path.parent)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with fileperms.open_private(path.with_name(path.name + ".lock"), "ab") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def _encode(key: DataKey) -> str:
    return base64.b64encode(key.master).decode("ascii")


def save_key(key: DataKey) -> KeyStore:
    """Keep ``key`` on this PC: the system keyring when one is usable, else the key file (0600)."""
    backend = _keyring()
    if backend is not None:
        from desktop import config

        try:
            backend.set_password(config.KEYRING_SERVICE, KEYRING_ACCOUNT.format(key.key_id), _encode(key))
            return KeyStore(in_keyring=True)
        except Exception:  # a locked or broken keyring: the key file, and the caller says so
            log.warning("the system keyring refused the data key; using the key file", exc_info=True)
    from desktop import fileperms

    path = key_file_path()
    with _file_lock(path):
        keys = _read_file(path)
        keys[key.key_id] = _encode(key)
        fileperms.write_private(path, json.dumps({"keys": keys}, indent=1))
    return KeyStore(in_keyring=False, path=str(path))


def find_key(key_id: str) -> DataKey | None:
    """The key with this id that this PC keeps (keyring first, then the key file), or None."""
    encoded = None
    backend = _keyring()
    if backend is not None:
        from desktop import config

        try:
            encoded = backend.get_password(config.KEYRING_SERVICE, KEYRING_ACCOUNT.format(key_id))
        except Exception:
            log.warning("could not read the data key from the system keyring", exc_info=True)
    if encoded is None:
        encoded = _read_file(key_file_path()).get(key_id)
    if encoded is None:
        return None
    try:
        return DataKey(base64.b64decode(encoded))
    except (binascii.Error, ValueError, BadKeyText):
        log.warning("the stored data key %s is damaged", key_id)
        return None
