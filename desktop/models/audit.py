"""The audit log: every change made through a service, written in the same transaction.

A flush listener records inserts, updates and deletes of every audited model, so no service can forget;
services add a label (``uow.action``) and explicit entries for things that are not row changes
(a login, revealing an ID number). Rows are never updated or deleted by the application.

The log is a hash chain (tamper evidence): each entry carries its position ``seq`` (1, 2, 3, … without
gaps), the hash of the entry before it (``prev_hash``; the first entry's is GENESIS) and its own ``hash``,
SHA-256 over ``prev_hash`` and a canonical serialisation of the entry (``canonical``: its position and every
value). Changing, removing or inserting an entry behind the application's back breaks the chain, and
``desktop.services.audit_chain.verify_chain`` names the first entry where it breaks.

The entries of a transaction are gathered while it runs (``queue_entries``) and appended when it commits,
after its last flush: the chain head (``audit_chain_head``, one row) is read and locked (SELECT … FOR
UPDATE on PostgreSQL; a SQLite writer holds the database's write lock from BEGIN IMMEDIATE), the entries get
the next positions and their hashes, and the head moves on, all in the transaction. So two writers never
fork the chain, and the lock is taken last, when the transaction needs no other lock: no deadlock.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import hashlib
import json
from collections.abc import Mapping, Sequence

from sqlalchemy import JSON, BigInteger, Index, String, event, insert, inspect, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Session, mapped_column

from desktop.models.base import Base


class AuditEntry(Base):
    __tablename__ = "audit_entry"
    __audited__ = False
    __table_args__ = (
        Index("ix_audit_entry_at", "at"),
        Index("ix_audit_entry_entity", "entity", "entity_id"),
        Index("ix_audit_entry_seq", "seq", unique=True),
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
    # the hash chain; empty only in a row that was not written by OneStop
    seq: Mapped[int | None] = mapped_column(BigInteger)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))


class AuditChainHead(Base):
    """The last entry of the chain (one row, id 1): its position and hash. Appending locks it."""

    __tablename__ = "audit_chain_head"
    __audited__ = False

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))


GENESIS = "0" * 64  # the prev_hash of the first entry
HEAD_ID = 1
# The values an entry's hash covers, in a fixed form. Never change this: stored hashes depend on it.
CHAINED = ("seq", "at", "actor_id", "actor_name", "action", "operation", "entity", "entity_id", "before", "after")


def _json_value(value):
    """A JSON column's value as the database gives it back (keys as text, tuples as lists)."""
    return value if value is None else json.loads(json.dumps(value))


def canonical(entry: Mapping) -> bytes:
    """The canonical serialisation of an entry (a row mapping or a dict with the CHAINED keys): JSON with
    sorted keys, ASCII only, no spaces; the time as ``YYYY-MM-DDTHH:MM:SS.ffffff``."""
    at = entry["at"]
    doc = {k: entry[k] for k in CHAINED}
    doc["at"] = at.isoformat(timespec="microseconds") if isinstance(at, dt.datetime) else str(at)
    try:
        text = json.dumps(doc, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    except TypeError:  # keys of mixed kinds in before/after: hash what the database will give back
        doc["before"], doc["after"] = _json_value(doc["before"]), _json_value(doc["after"])
        text = json.dumps(doc, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return text.encode("ascii")


def entry_hash(prev_hash: str, entry: Mapping) -> str:
    """SHA-256 (hex) over the previous entry's hash and this entry's canonical serialisation."""
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + canonical(entry)).hexdigest()


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


PENDING = "audit_pending"  # session.info key: the entries of the open transaction, appended at commit


def queue_entries(session: Session, rows: Sequence[dict]) -> None:
    """Add entries (dicts from ``audit_row``) to the open transaction; they are appended to the chain when
    it commits and dropped when it rolls back."""
    session.info.setdefault(PENDING, []).extend(rows)


def _head(conn: Connection) -> tuple[int, str]:
    """The chain head (seq, hash), locked until the transaction ends. A missing head row (a database the
    chain migration has not seen, or the row removed behind the app's back) is made from the last entry."""
    head = AuditChainHead.__table__
    locked = select(head.c.seq, head.c.hash).where(head.c.id == HEAD_ID)
    if conn.dialect.name == "postgresql":
        locked = locked.with_for_update()
    row = conn.execute(locked).first()
    if row is None:
        table = AuditEntry.__table__
        last = conn.execute(select(table.c.seq, table.c.hash).where(table.c.seq.is_not(None))
                            .order_by(table.c.seq.desc()).limit(1)).first()
        values = {"id": HEAD_ID, "seq": last.seq if last else 0, "hash": last.hash if last else GENESIS}
        if conn.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            conn.execute(pg_insert(head).values(**values).on_conflict_do_nothing())
        else:
            conn.execute(insert(head).values(**values))
        row = conn.execute(locked).first()
    return row.seq, row.hash


def append_entries(conn: Connection, rows: Sequence[dict]) -> tuple[int, str]:
    """Inside an open transaction: append ``rows`` to the chain and return the new head (seq, hash)."""
    seq, prev = _head(conn)
    chained = []
    for row in rows:
        seq += 1
        entry = {**row, "seq": seq, "prev_hash": prev}
        for key in ("actor_name", "action", "operation", "entity", "entity_id"):  # as the columns store them
            entry[key] = "" if entry[key] is None else str(entry[key])
        entry["hash"] = prev = entry_hash(entry["prev_hash"], entry)
        chained.append(entry)
    if conn.dialect.name == "postgresql" and len(chained) > 1000:
        _copy(conn, chained)
    else:
        conn.execute(insert(AuditEntry.__table__), chained)
    head = AuditChainHead.__table__
    conn.execute(update(head).where(head.c.id == HEAD_ID).values(seq=seq, hash=prev))
    return seq, prev


def _copy(conn: Connection, rows: list[dict]) -> None:
    """Many entries on PostgreSQL by COPY (an import of 50,000 work orders writes that many)."""
    names = list(rows[0])
    quoted = ", ".join(f'"{n}"' for n in names)
    driver = conn.connection.driver_connection
    with driver.cursor() as cur, cur.copy(f"COPY audit_entry ({quoted}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([json.dumps(row[n], ensure_ascii=False) if n in ("before", "after") and row[n] is not None
                            else row[n] for n in names])


@event.listens_for(Session, "before_commit")
def _append_pending(session: Session) -> None:
    """At commit, after the transaction's last flush: its entries go into the chain."""
    for _ in range(100):
        if not (session.new or session.dirty or session.deleted):
            break
        session.flush()
    rows = session.info.pop(PENDING, None)
    if rows:
        append_entries(session.connection(), rows)


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # the whole transaction rolled back
        session.info.pop(PENDING, None)


# Rows gathered before the flush (when deletions and updates still show their history), queued after it
# (when new rows have their primary keys) for the transaction's commit.
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
        queue_entries(session, rows)
