"""Personal data encrypted at rest: ID numbers and phone numbers (个人信息保护法 Art. 51, GB/T 22239-2019 level 3).

Each database has its own data key: 32 random bytes made when migration 0011 first runs on it (a new database,
``onestop demo``, the first run, or the upgrade of an older one). Three keys are derived from it with
HKDF-SHA256:

- the encryption key: AES-256-GCM with a random 96-bit nonce per value. A stored value is the text
  ``e1:`` + base64url(nonce + ciphertext + tag), so a copied database file or backup holds no ID number or
  phone in clear (:class:`EncryptedString`, :class:`EncryptedJSON`);
- the lookup key: HMAC-SHA256 of the plain value, stored beside it (``<column>_hash``, :class:`LookupHash`)
  so an exact value can still be found (a person by ID number or phone, repeat-petition detection, the
  uniqueness of ID numbers) without decrypting every row; without the key the hashes cannot be reversed by
  trying every phone number;
- the check key: the database keeps ``check`` = HMAC of a constant (table ``data_key``), so a wrong key is
  refused with a clear error (:class:`WrongDataKey`) instead of producing garbage. Its first 16 hex
  characters are the key's id.

The key itself never goes into the database. This PC keeps it in the system keyring (service "OneStop",
account ``data-key <id>``); without a usable keyring, in a key file of its own, 0600, outside the data folder:
``~/.config/OneStop/datakey`` on Linux (``platformdirs.user_config_dir``; ``…/OneStop Keys/datakey`` where that
is the data folder, as on Windows and macOS). ``ONESTOP_KEY_FILE`` names another file and then is the only
store (tests, portable installs). The administrator prints it as a recovery sheet
(:func:`recovery_text`: 14 groups of base32 with a checksum) and types it on another PC
(``onestop key enter``, ``onestop db use``), where :func:`parse_recovery_text` reads it back.

Services work on plain values: the column types encrypt on the way in and decrypt on the way out, with the
key attached to the engine's dialect (:func:`attach`, loaded by :func:`load_key` when the database is opened).
Comparing an encrypted column with a value is refused (:class:`EncryptedComparisonError`): the ciphertext is
different every time; compare its ``_hash`` column instead, which takes the plain value.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import hmac
import json
import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import JSON, String, event, inspect
from sqlalchemy.sql import operators
from sqlalchemy.types import TypeDecorator

log = logging.getLogger(__name__)

KEY_BYTES = 32
PREFIX = "e1:"
AAD = b"OneStop personal data v1"
ENV_KEY_FILE = "ONESTOP_KEY_FILE"
KEYRING_ACCOUNT = "data-key {}"
CHECK_TEXT = b"OneStop data key check v1"
# base32 of key + 3 checksum bytes = 56 characters, printed in 14 groups of 4
CHECKSUM_BYTES = 3
GROUP = 4
DIALECT_KEY = "onestop_data_key"
DIALECT_LOADER = "onestop_data_key_loader"
TABLE = "data_key"


class DataKeyError(Exception):
    """Base of the data key failures (no services import here: desktop.services.context turns these into
    ServiceErrors)."""


class DataKeyMissing(DataKeyError):
    """The database's personal data is encrypted with a key this PC does not have. ``key_id`` names it."""

    def __init__(self, key_id: str | None):
        super().__init__(f"this PC does not have the data key {key_id or ''} of this database".replace("  ", " "))
        self.key_id = key_id


class WrongDataKey(DataKeyError):
    """A key was given (typed, or found on this PC) that is not the database's key."""

    def __init__(self, key_id: str | None, given_id: str | None = None):
        super().__init__(f"the data key {given_id or ''} does not belong to this database (its key is {key_id})"
                         .replace("  ", " "))
        self.key_id = key_id
        self.given_id = given_id


class BadKeyText(DataKeyError):
    """Typed key text that is not a key: ``reason`` is "length", "characters" or "checksum"."""

    def __init__(self, reason: str):
        super().__init__(f"not a OneStop data key ({reason})")
        self.reason = reason


class UndecryptableValue(DataKeyError):
    """A stored value that is not a ciphertext of this key (changed behind the application's back)."""


class EncryptedComparisonError(TypeError):
    """An encrypted column compared with a value: compare its _hash column instead."""


def _hkdf(master: bytes, label: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"OneStop " + label).derive(master)


class DataKey:
    """A database's data key and what is derived from it."""

    def __init__(self, master: bytes):
        if len(master) != KEY_BYTES:
            raise BadKeyText("length")
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self.master = bytes(master)
        self._aead = AESGCM(_hkdf(master, b"encryption"))
        self._lookup = _hkdf(master, b"lookup")
        self.check = hmac.new(_hkdf(master, b"check"), CHECK_TEXT, hashlib.sha256).hexdigest()

    @classmethod
    def new(cls) -> DataKey:
        return cls(secrets.token_bytes(KEY_BYTES))

    @property
    def key_id(self) -> str:
        return key_id_of(self.check)

    def __repr__(self) -> str:  # never the key itself
        return f"DataKey({self.key_id})"

    def encrypt(self, text: str) -> str:
        nonce = secrets.token_bytes(12)
        sealed = self._aead.encrypt(nonce, text.encode("utf-8"), AAD)
        return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii").rstrip("=")

    def decrypt(self, token: str) -> str:
        from cryptography.exceptions import InvalidTag

        if not token.startswith(PREFIX):
            raise UndecryptableValue("a stored value is not encrypted")
        body = token[len(PREFIX):]
        try:
            raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
            return self._aead.decrypt(raw[:12], raw[12:], AAD).decode("utf-8")
        except (InvalidTag, binascii.Error, ValueError) as exc:
            raise UndecryptableValue("a stored value does not decrypt with this database's key") from exc

    def lookup(self, text: str) -> str:
        """The keyed hash stored beside an encrypted value (HMAC-SHA256, hex)."""
        return hmac.new(self._lookup, text.encode("utf-8"), hashlib.sha256).hexdigest()

    def digest(self, data: bytes) -> str:
        """A keyed hash of any bytes (e.g. the content hash of an imported work order, which includes a phone)."""
        return hmac.new(self._lookup, b"digest\0" + data, hashlib.sha256).hexdigest()


def key_id_of(check: str) -> str:
    return check[:16]


# ---------------------------------------------------------------- recovery sheet text

def recovery_text(key: DataKey) -> str:
    """The key as typed from a recovery sheet: base32 of the key and a 3-byte checksum, in groups of four."""
    payload = key.master + hashlib.sha256(key.master).digest()[:CHECKSUM_BYTES]
    text = base64.b32encode(payload).decode("ascii")
    return " ".join(text[i:i + GROUP] for i in range(0, len(text), GROUP))


def recovery_lines(key: DataKey, per_line: int = 7) -> list[str]:
    groups = recovery_text(key).split()
    return [" ".join(groups[i:i + per_line]) for i in range(0, len(groups), per_line)]


# characters people type for the ones base32 uses (it has no 0, 1, 8 or 9)
_TYPOS = str.maketrans({"0": "O", "1": "I", "8": "B"})


def parse_recovery_text(text: str) -> DataKey:
    """A key typed from a recovery sheet (spaces, dashes and case do not matter; 0, 1 and 8 are read as
    O, I and B). Raises BadKeyText: "length", "characters" or "checksum" (a typing mistake)."""
    compact = "".join(ch for ch in (text or "") if not ch.isspace() and ch not in "-_.").upper().translate(_TYPOS)
    expected = len(base64.b32encode(b"\0" * (KEY_BYTES + CHECKSUM_BYTES)))
    if len(compact) != expected:
        raise BadKeyText("length")
    try:
        payload = base64.b32decode(compact)
    except (binascii.Error, ValueError):
        raise BadKeyText("characters") from None
    master, check = payload[:KEY_BYTES], payload[KEY_BYTES:]
    if hashlib.sha256(master).digest()[:CHECKSUM_BYTES] != check:
        raise BadKeyText("checksum")
    return DataKey(master)


# ---------------------------------------------------------------- where this PC keeps its keys

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


# ---------------------------------------------------------------- the key of an open database

@dataclass(frozen=True)
class KeyRecord:
    """What the database says about its key (table data_key)."""

    check: str
    created_at: object = None

    @property
    def key_id(self) -> str:
        return key_id_of(self.check)


def read_record(conn) -> KeyRecord | None:
    """The database's key check, or None (no key yet: a database before migration 0011)."""
    from sqlalchemy import DateTime, Integer, column, select, table

    if TABLE not in inspect(conn).get_table_names():
        return None
    t = table(TABLE, column("id", Integer), column("key_check", String), column("created_at", DateTime))
    row = conn.execute(select(t.c.key_check, t.c.created_at).order_by(t.c.id).limit(1)).first()
    return KeyRecord(row[0], row[1]) if row else None


def verify(record: KeyRecord, key: DataKey) -> DataKey:
    if not hmac.compare_digest(record.check, key.check):
        raise WrongDataKey(record.key_id, key.key_id)
    return key


def load_key(conn) -> DataKey | None:
    """Find this database's key on this PC, check it and attach it to the connection's dialect (so every
    connection of the engine encrypts and decrypts with it). None for a database without encryption yet.
    Raises DataKeyMissing or WrongDataKey."""
    record = read_record(conn)
    if record is None:
        return None
    key = find_key(record.key_id)
    if key is None:
        raise DataKeyMissing(record.key_id)
    attach(conn.dialect, verify(record, key))
    return key


def attach(dialect, key: DataKey | None) -> None:
    setattr(dialect, DIALECT_KEY, key)


def attached(dialect) -> DataKey | None:
    return getattr(dialect, DIALECT_KEY, None)


def set_loader(engine) -> None:
    """Let the column types load the key on first use (``load_key`` on a connection of its own) for code
    that opened the engine without ``desktop.services.context.open_database``."""
    import weakref

    ref = weakref.ref(engine)

    def loader():
        target = ref()
        if target is None:
            return None
        # a reading connection (SQLite: a deferred BEGIN, which never waits for the writer that may be
        # this very thread, halfway through a write transaction on another connection)
        with target.execution_options(onestop_read_only=True).connect() as conn:
            return load_key(conn)

    setattr(engine.dialect, DIALECT_LOADER, loader)


def key_for(dialect) -> DataKey:
    key = attached(dialect)
    if key is None:
        loader = getattr(dialect, DIALECT_LOADER, None)
        key = loader() if loader is not None else None
        if key is None:
            raise DataKeyMissing(None)
    return key


# ---------------------------------------------------------------- column types

class EncryptedString(TypeDecorator):
    """A text column stored encrypted. ``length`` is the longest plain value (what forms and validation
    see); the stored ciphertext is longer. None stays NULL and "" stays "" (nothing to hide)."""

    impl = String
    cache_ok = True

    def __init__(self, length: int):
        super().__init__(stored_length(length))
        self.length = length  # the plain value's limit (the impl's is the ciphertext's)

    class Comparator(TypeDecorator.Comparator):
        def operate(self, op, *other, **kwargs):
            _comparable(op, other)
            return super().operate(op, *other, **kwargs)

        def reverse_operate(self, op, other, **kwargs):
            _comparable(op, (other,))
            return super().reverse_operate(op, other, **kwargs)

    comparator_factory = Comparator

    def process_bind_param(self, value, dialect):
        if value is None or value == "":
            return value
        return key_for(dialect).encrypt(str(value))

    def process_result_value(self, value, dialect):
        if value is None or value == "":
            return value
        return key_for(dialect).decrypt(value)


def _comparable(op, other) -> None:
    """Only "is it empty" questions make sense on a ciphertext."""
    if op in (operators.is_, operators.is_not):
        return
    if op in (operators.eq, operators.ne) and all(_is_empty(o) for o in other):
        return
    raise EncryptedComparisonError("an encrypted column cannot be compared with a value: "
                                   "compare its _hash column (it takes the plain value)")


def _is_empty(value) -> bool:
    from sqlalchemy.sql.elements import BindParameter, Null

    if value is None or value == "" or isinstance(value, Null):
        return True
    return isinstance(value, BindParameter) and value.value in (None, "")


def stored_length(length: int) -> int:
    """The ciphertext's length for a plain value of ``length`` characters of up to 4 bytes each in UTF-8."""
    raw = 12 + 4 * length + 16
    return len(PREFIX) + (raw * 4 + 2) // 3


class LookupHash(TypeDecorator):
    """The keyed hash of an encrypted column's value, for exact-match lookups and uniqueness. It is GIVEN
    THE PLAIN VALUE, in writes and in comparisons alike (``Person.phone_hash == "13812345678"``), and hashes
    it on the way to the database; None and "" are stored as NULL (no value, nothing unique)."""

    impl = String(64)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None or value == "":
            return None
        return key_for(dialect).lookup(str(value))

    def process_result_value(self, value, dialect):
        return value  # the hash as stored (not reversible)


class EncryptedJSON(TypeDecorator):
    """A JSON column whose whole value is stored encrypted, as ``{"e": "e1:…"}``."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return {"e": key_for(dialect).encrypt(json.dumps(value, ensure_ascii=False, sort_keys=True))}

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if not isinstance(value, dict) or not isinstance(value.get("e"), str):
            raise UndecryptableValue("a stored value is not encrypted")
        return json.loads(key_for(dialect).decrypt(value["e"]))


ENCRYPTED_TYPES = (EncryptedString, LookupHash, EncryptedJSON)


def bind_value(column, value, dialect):
    """``value`` as ``column`` stores it, for code that writes rows without SQLAlchemy's parameter
    processing (PostgreSQL COPY)."""
    if isinstance(column.type, ENCRYPTED_TYPES):
        return column.type.process_bind_param(value, dialect)
    return value


def is_json(column) -> bool:
    return isinstance(column.type, JSON | EncryptedJSON)


# ---------------------------------------------------------------- keeping the hashes beside their values

LOOKUPS: dict[type, dict[str, str]] = {}  # model class -> {hash attribute: the attribute it hashes}
LOOKUP_COLUMNS: dict[str, dict[str, str]] = {}  # table name -> {hash column: the column it hashes}


def keep_lookup_hashes(cls, pairs: dict[str, str]) -> None:
    """On every ORM insert and update of ``cls``, set each hash attribute from the value it hashes (given
    plain: LookupHash hashes it on the way out). Bulk inserts call :func:`fill_lookup_hashes`."""
    LOOKUPS[cls] = dict(pairs)
    LOOKUP_COLUMNS[cls.__tablename__] = {cls.__table__.c[h].name: cls.__table__.c[src].name for h, src in pairs.items()}

    @event.listens_for(cls, "before_insert")
    def _insert(mapper, connection, target):
        for hashed, source in pairs.items():
            setattr(target, hashed, getattr(target, source))

    @event.listens_for(cls, "before_update")
    def _update(mapper, connection, target):
        state = inspect(target)
        for hashed, source in pairs.items():
            if state.attrs[source].history.has_changes():
                setattr(target, hashed, getattr(target, source))


def fill_lookup_hashes(cls, row: dict) -> dict:
    """For bulk inserts of plain rows: the hash columns given the values they hash."""
    for hashed, source in LOOKUPS.get(cls, {}).items():
        if source in row:
            row[hashed] = row[source]
    return row
