"""Reading the audit log, and recording events that are not row changes (e.g. revealing an ID number)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import event, func, select
from sqlalchemy.engine import Engine

from desktop.db import Actor, UnitOfWork
from desktop.models import AuditEntry, User
from desktop.models.audit import audit_row, queue_entries
from desktop.services.errors import AuditLogReadOnly
from desktop.services.permissions import Permission, require

# The marker the database triggers of migration 0007 put in their message.
APPEND_ONLY_MARKER = "onestop_audit_append_only"


@event.listens_for(Engine, "handle_error")
def _append_only_refusal(context) -> AuditLogReadOnly | None:
    """The triggers refuse UPDATE and DELETE of audit entries; the caller gets the typed error instead of a
    driver-specific one (the transaction is rolled back as usual)."""
    message = str(context.original_exception)
    if APPEND_ONLY_MARKER not in message:
        return None
    operation = next((op for op in ("UPDATE", "DELETE", "TRUNCATE") if op in message), "")
    return AuditLogReadOnly(operation=operation.lower())


@dataclass(frozen=True)
class AuditFilter:
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    actor: str = ""
    entity: str = ""
    text: str = ""  # matched against action and entity id


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime
    actor_name: str
    action: str
    operation: str
    entity: str
    entity_id: str
    before: dict | None
    after: dict | None


def record_event(uow: UnitOfWork, *, action: str, entity: str, entity_id: str = "", detail: dict | None = None) -> None:
    """Inside an open unit of work: an explicit audit entry, appended to the log when the caller's work
    commits (desktop.models.audit)."""
    queue_entries(uow.session, [audit_row(
        uow.session, operation="event", entity=entity, entity_id=str(entity_id), after=detail, action=action)])


def _where(q, f: AuditFilter):
    if f.since:
        q = q.where(AuditEntry.at >= f.since)
    if f.until:
        q = q.where(AuditEntry.at < f.until)
    if f.actor:
        q = q.where(AuditEntry.actor_name == f.actor)
    if f.entity:
        q = q.where(AuditEntry.entity == f.entity)
    if f.text:
        # the text is matched literally: % and _ are not wildcards (autoescape, on both engines)
        q = q.where(AuditEntry.action.contains(f.text, autoescape=True) | (AuditEntry.entity_id == f.text))
    return q


def count_audit(uow: UnitOfWork, *, where: AuditFilter = AuditFilter()) -> int:
    with uow:
        require(uow, Permission.VIEW_AUDIT)
        return uow.session.scalar(_where(select(func.count(AuditEntry.id)), where)) or 0


def list_audit(uow: UnitOfWork, *, where: AuditFilter = AuditFilter(), offset: int = 0, limit: int = 200) -> list[AuditRow]:
    """Newest first, one page at a time."""
    with uow:
        require(uow, Permission.VIEW_AUDIT)
        # By time first: with a date range the time index then yields the page in order, instead of
        # sorting every matching row (the ids of a transaction break ties, so "newest first" is kept).
        q = _where(select(AuditEntry), where).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()) \
            .offset(offset).limit(limit)
        return [AuditRow(a.id, a.at, a.actor_name, a.action, a.operation, a.entity, a.entity_id, a.before, a.after)
                for a in uow.session.scalars(q)]


def audit_entities(uow: UnitOfWork) -> list[str]:
    with uow:
        require(uow, Permission.VIEW_AUDIT)
        return list(uow.session.scalars(select(AuditEntry.entity).distinct().order_by(AuditEntry.entity)))


def audit_actors(uow: UnitOfWork) -> list[str]:
    """The names to filter the log by: every account (accounts are disabled, never removed) and the system
    actor of the command line and background processes. Read from the accounts, so it stays instant on a
    log of millions of entries."""
    with uow:
        require(uow, Permission.VIEW_AUDIT)
        names = set(uow.session.scalars(select(User.username))) | {Actor.system().username}
        return sorted(names)
