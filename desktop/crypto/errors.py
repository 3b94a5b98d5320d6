"""The data key failures, and the refusal to compare an encrypted column with a value."""

from __future__ import annotations


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
