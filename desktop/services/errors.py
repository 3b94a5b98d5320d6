"""Typed failures of the domain. They carry facts; the UI turns them into translated messages."""

from __future__ import annotations

from desktop.facts import FactsError


class ServiceError(FactsError):
    """Base of every expected failure a user can cause or fix."""


class PermissionDenied(ServiceError):
    """facts: role, permission."""


class NotFound(ServiceError):
    """facts: entity, key."""


class Invalid(ServiceError):
    """A value a user typed is not acceptable. facts: field, reason (a code such as "range", "empty")."""


class InvalidInput(Invalid):
    """A value cannot be stored as given (desktop/validation.py, for every engine alike). facts: field
    ("table.column" or a service's field name), reason ("too_long", "nul", "surrogate", "type", "year",
    "range", "too_far_ahead"), and limit / minimum / maximum / expected where they apply."""


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


class DatabaseUnavailable(ServiceError):
    """The database cannot be reached or opened, or the connection broke. facts: url, detail,
    may_have_applied (True when the connection broke while the commit was under way: the action may or
    may not be stored, so it must not be repeated blindly; read the state back instead)."""

    @property
    def may_have_applied(self) -> bool:
        return bool(self.facts.get("may_have_applied", False))


class StorageFull(ServiceError):
    """The disk (or the database's size limit) is full: nothing of this action was stored.
    facts: url, detail."""


class ReadOnlyDatabase(ServiceError):
    """The database can be read but not written (file permissions, a read-only mount, a standby
    server): nothing of this action was stored. facts: url, detail."""


class DatabaseTooNew(ServiceError):
    """The database was written by a newer OneStop. facts: revision."""


class SchemaNeedsUpgrade(ServiceError):
    """The database's schema is older than this OneStop and the connected role may not change it (the
    PostgreSQL application role): the administrator must run ``onestop db upgrade``. facts: revision (None
    for an empty database), head, owner (the role that may), user (the connected role)."""


class DataKeyMissing(ServiceError):
    """The database's ID numbers and phones are encrypted with a data key this PC does not keep (a new PC, or
    a database restored from elsewhere): the administrator enters it from the recovery sheet (``onestop key
    enter``, or the dialog at start). facts: key_id (printed on the sheet), url."""


class WrongDataKey(ServiceError):
    """A data key that is not the database's: typed from another database's sheet, or a damaged key on this
    PC. facts: key_id (the database's), given_id (the key's)."""
