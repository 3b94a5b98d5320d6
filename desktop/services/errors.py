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


class DatabaseUnavailable(ServiceError):
    """The database cannot be reached or opened. facts: url, detail."""


class DatabaseTooNew(ServiceError):
    """The database was written by a newer OneStop. facts: revision."""
