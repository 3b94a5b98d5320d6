"""Typed failures of the domain. They carry facts; the UI turns them into translated messages."""

from __future__ import annotations

# The database's own failures (and the storable-value check's) are declared in desktop.facts, because
# desktop.db and desktop.validation raise them; re-exported here.
from desktop.facts import (
    DatabaseTooNew,
    DatabaseUnavailable,
    FactsError,
    Invalid,
    InvalidInput,
    ReadOnlyDatabase,
    SchemaNeedsUpgrade,
    ServiceError,
    StorageFull,
)


class PermissionDenied(ServiceError):
    """facts: role, permission."""


class NotFound(ServiceError):
    """facts: entity, key."""


class Duplicate(ServiceError):
    """facts: entity, field, value."""


class InUse(ServiceError):
    """Something still refers to the row being removed. facts: entity, key, by."""


class Conflict(ServiceError):
    """Someone else changed the record since it was read. facts: entity, key."""


class WrongPassword(ServiceError):
    """facts: remaining (attempts before the account locks)."""


class AccountLocked(ServiceError):
    """facts: until."""


class AccountDisabled(ServiceError):
    """facts: username."""


class AuditLogReadOnly(ServiceError):
    """The audit log is append-only: the database refused to change or delete its entries. facts: operation."""


class DataKeyMissing(ServiceError):
    """The database's ID numbers and phones are encrypted with a data key this PC does not keep (a new PC, or
    a database restored from elsewhere): the administrator enters it from the recovery sheet (``onestop key
    enter``, or the dialog at start). facts: key_id (printed on the sheet), url."""


class WrongDataKey(ServiceError):
    """A data key that is not the database's: typed from another database's sheet, or a damaged key on this
    PC. facts: key_id (the database's), given_id (the key's)."""


__all__ = [
    "AccountDisabled",
    "AccountLocked",
    "AuditLogReadOnly",
    "Conflict",
    "DataKeyMissing",
    "DatabaseTooNew",
    "DatabaseUnavailable",
    "Duplicate",
    "FactsError",
    "InUse",
    "Invalid",
    "InvalidInput",
    "NotFound",
    "PermissionDenied",
    "ReadOnlyDatabase",
    "SchemaNeedsUpgrade",
    "ServiceError",
    "StorageFull",
    "WrongDataKey",
    "WrongPassword",
]
