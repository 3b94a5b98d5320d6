"""The audit log: every change made through a service, written in the same transaction.

A flush listener records inserts, updates and deletes of every audited model, so no service can forget;
services add a label (``uow.action``) and explicit entries for things that are not row changes
(a login, revealing an ID number). Rows are never updated or deleted by the application.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import hashlib

from sqlalchemy import JSON, Index, String, event, insert, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column

from desktop.models.base import Base


class AuditEntry(Base):
    __tablename__ = "audit_entry"
    __audited__ = False
    __table_args__ = (
        Index("ix_audit_entry_at", "at"),
        Index("ix_audit_entry_entity", "entity", "entity_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime]
    actor_id: Mapped[int | None]
    actor_name: Mapped[str] = mapped_column(String(40), default="")
    action: Mapped[str] = mapped_column(String(60))  # service label, e.g. "user.add"
    operation: Mapped[str] = mapped_column(String(10))  # insert / update / delete / event
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(40), default="")
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)


def _plain(value, column=None):
    if column is not None and column.info.get("audit") == "secret":
        return "***"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bytes | bytearray):
        return f"{len(value)} bytes sha256:{hashlib.sha256(value).hexdigest()[:16]}"
    if isinstance(value, memoryview):
        return _plain(bytes(value))
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    return str(value)


def _columns(obj):
    mapper = inspect(obj).mapper
    return [(attr.key, attr.columns[0]) for attr in mapper.column_attrs]


def _identity(obj) -> str:
    key = inspect(obj).mapper.primary_key_from_instance(obj)
    return ",".join("" if v is None else str(_plain(v)) for v in key)


def _snapshot(obj) -> dict:
    return {key: _plain(getattr(obj, key), col) for key, col in _columns(obj)}


def _changes(obj) -> tuple[dict, dict]:
    state = inspect(obj)
    before, after = {}, {}
    for key, col in _columns(obj):
        hist = state.attrs[key].history
        if not hist.has_changes():
            continue
        old = hist.deleted[0] if hist.deleted else None
        new = hist.added[0] if hist.added else None
        if old == new:
            continue
        before[key] = _plain(old, col)
        after[key] = _plain(new, col)
    return before, after


def _audited(obj) -> bool:
    return getattr(type(obj), "__audited__", False)


def audit_row(session: Session, *, operation: str, entity: str, entity_id: str = "",
              before: dict | None = None, after: dict | None = None, action: str | None = None) -> dict:
    actor = session.info.get("actor")
    clock = session.info.get("clock")
    return {
        "at": clock.now() if clock else dt.datetime.now().replace(microsecond=0),
        "actor_id": getattr(actor, "user_id", None),
        "actor_name": getattr(actor, "username", "") or "",
        "action": action or session.info.get("action") or f"{entity}.{operation}",
        "operation": operation,
        "entity": entity,
        "entity_id": entity_id,
        "before": before,
        "after": after,
    }


# Rows gathered before the flush (when deletions and updates still show their history), written after it
# (when new rows have their primary keys), all inside the flush's transaction.
@event.listens_for(Session, "after_flush")
def _record_changes(session: Session, flush_context) -> None:
    rows = []
    for obj in session.new:
        if _audited(obj):
            rows.append(audit_row(session, operation="insert", entity=obj.__tablename__,
                                  entity_id=_identity(obj), after=_snapshot(obj)))
    for obj in session.dirty:
        if _audited(obj) and session.is_modified(obj, include_collections=False):
            before, after = _changes(obj)
            if after:
                rows.append(audit_row(session, operation="update", entity=obj.__tablename__,
                                      entity_id=_identity(obj), before=before, after=after))
    for obj in session.deleted:
        if _audited(obj):
            rows.append(audit_row(session, operation="delete", entity=obj.__tablename__,
                                  entity_id=_identity(obj), before=_snapshot(obj)))
    if rows:
        session.connection().execute(insert(AuditEntry.__table__), rows)
