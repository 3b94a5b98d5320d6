"""The column types: encrypted text and JSON, and the keyed hash stored beside an encrypted value. They
encrypt on the way in and decrypt on the way out with the key attached to the dialect."""

from __future__ import annotations

import json

from sqlalchemy import JSON, String
from sqlalchemy.sql import operators
from sqlalchemy.types import TypeDecorator

from desktop.crypto.database import key_for
from desktop.crypto.errors import EncryptedComparisonError, UndecryptableValue
from desktop.crypto.key import PREFIX


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
