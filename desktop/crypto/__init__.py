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

Modules: ``key`` (the key and what derives from it), ``recovery`` (the recovery sheet), ``store`` (this PC's
keyring or key file), ``database`` (the open database's key, attached to the dialect), ``columns`` (the
column types), ``lookup_hashes``; ``errors`` holds the failures. Callers use the names below.
"""

from desktop.crypto.columns import (
    ENCRYPTED_TYPES,
    EncryptedJSON,
    EncryptedString,
    LookupHash,
    bind_value,
    is_json,
    stored_length,
)
from desktop.crypto.database import (
    DIALECT_KEY,
    DIALECT_LOADER,
    TABLE,
    KeyRecord,
    attach,
    attached,
    key_for,
    load_key,
    read_record,
    set_loader,
    verify,
)
from desktop.crypto.errors import (
    BadKeyText,
    DataKeyError,
    DataKeyMissing,
    EncryptedComparisonError,
    UndecryptableValue,
    WrongDataKey,
)
from desktop.crypto.key import (
    AAD,
    CHECK_TEXT,
    KEY_BYTES,
    PREFIX,
    DataKey,
    key_id_of,
)
from desktop.crypto.lookup_hashes import (
    LOOKUP_COLUMNS,
    LOOKUPS,
    fill_lookup_hashes,
    keep_lookup_hashes,
)
from desktop.crypto.recovery import (
    CHECKSUM_BYTES,
    GROUP,
    parse_recovery_text,
    recovery_lines,
    recovery_text,
)
from desktop.crypto.store import (
    ENV_KEY_FILE,
    KEYRING_ACCOUNT,
    KeyStore,
    find_key,
    key_file_path,
    save_key,
)
from desktop.crypto.store import _keyring as _keyring  # services.data_keys asks whether a keyring is usable

__all__ = [
    "AAD",
    "BadKeyText",
    "CHECKSUM_BYTES",
    "CHECK_TEXT",
    "DIALECT_KEY",
    "DIALECT_LOADER",
    "DataKey",
    "DataKeyError",
    "DataKeyMissing",
    "ENCRYPTED_TYPES",
    "ENV_KEY_FILE",
    "EncryptedComparisonError",
    "EncryptedJSON",
    "EncryptedString",
    "GROUP",
    "KEYRING_ACCOUNT",
    "KEY_BYTES",
    "KeyRecord",
    "KeyStore",
    "LOOKUPS",
    "LOOKUP_COLUMNS",
    "LookupHash",
    "PREFIX",
    "TABLE",
    "UndecryptableValue",
    "WrongDataKey",
    "attach",
    "attached",
    "bind_value",
    "fill_lookup_hashes",
    "find_key",
    "is_json",
    "keep_lookup_hashes",
    "key_file_path",
    "key_for",
    "key_id_of",
    "load_key",
    "parse_recovery_text",
    "read_record",
    "recovery_lines",
    "recovery_text",
    "save_key",
    "set_loader",
    "stored_length",
    "verify",
]
