"""The base of every expected failure: an exception that carries facts, not sentences. Services and
documents subclass it; the UI turns it into a translated message (desktop/ui/messages.py). The failures of
the database itself (desktop/db.py, desktop/migrations) are declared here too, so that db.py need not import
the services; desktop/services/errors.py re-exports them."""

from __future__ import annotations


class FactsError(Exception):
    def __init__(self, **facts):
        super().__init__(", ".join(f"{k}={v!r}" for k, v in facts.items()))
        self.facts = facts

    def __getattr__(self, name):
        facts = self.__dict__.get("facts", {})
        if name in facts:
            return facts[name]
        raise AttributeError(name)


class ServiceError(FactsError):
    """Base of every expected failure a user can cause or fix."""


class Invalid(ServiceError):
    """A value a user typed is not acceptable. facts: field, reason (a code such as "range", "empty")."""


class InvalidInput(Invalid):
    """A value cannot be stored as given (desktop/validation.py, for every engine alike). facts: field
    ("table.column" or a service's field name), reason ("too_long", "nul", "surrogate", "type", "year",
    "range", "too_far_ahead"), and limit / minimum / maximum / expected where they apply."""


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
