"""The audit log is append-only in the database itself (migration 0007): an UPDATE or DELETE through
SQLAlchemy is refused with the typed AuditLogReadOnly error on both databases; INSERT still works."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select, update

from desktop.models import AuditEntry
from desktop.services import audit as audit_service
from desktop.services.admin import accounts
from desktop.services.errors import AuditLogReadOnly


def _count(ctx) -> int:
    with ctx.uow() as uow:
        return uow.session.scalar(select(func.count(AuditEntry.id)))


def _first(ctx):
    with ctx.uow() as uow:
        entry = uow.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).first()
        return entry.id, entry.action


def test_update_and_delete_of_audit_entries_are_refused(ctx):
    before = _count(ctx)
    assert before > 0  # setting up the center wrote entries
    entry_id, action = _first(ctx)
    with pytest.raises(AuditLogReadOnly) as refused, ctx.uow() as uow:
        uow.session.execute(update(AuditEntry).where(AuditEntry.id == entry_id).values(action="forged"))
    assert refused.value.operation == "update"
    with pytest.raises(AuditLogReadOnly) as refused, ctx.uow() as uow:
        uow.session.execute(delete(AuditEntry))
    assert refused.value.operation == "delete"
    # through the ORM too (the flush is refused, nothing changes)
    with pytest.raises(AuditLogReadOnly), ctx.uow() as uow:
        uow.session.get(AuditEntry, entry_id).actor_name = "nobody"
        uow.session.flush()
    with pytest.raises(AuditLogReadOnly), ctx.uow() as uow:
        uow.session.delete(uow.session.get(AuditEntry, entry_id))
        uow.session.flush()
    assert _count(ctx) == before
    assert _first(ctx) == (entry_id, action)


def test_inserting_audit_entries_still_works(ctx):
    before = _count(ctx)
    with ctx.uow() as uow:
        audit_service.record_event(uow, action="test.event", entity="user", entity_id="1", detail={"k": 1})
        uow.commit()
    accounts.idle_lock_minutes(ctx.uow())  # a read writes nothing
    assert _count(ctx) == before + 1
    with ctx.uow() as uow:
        last = uow.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (last.action, last.operation, last.after) == ("test.event", "event", {"k": 1})
