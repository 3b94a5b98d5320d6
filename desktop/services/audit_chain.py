"""Checking the audit log's hash chain (desktop.models.audit): is every entry as it was written, none removed,
none added behind the application's back?

The entries are read in the order they were written (by id) and each is checked against the one before:

- an entry without a place in the chain (no seq or hash) was **inserted** by something other than OneStop;
- an entry whose position is already taken (seq lower than the next expected) was **inserted out of order**;
- a gap in the positions means entries were **removed** just before the entry after the gap;
- an entry whose hash does not match its values was **changed**; an entry that matches its own values but
  not the hash of the entry before it means that entry before it was changed (and its hash made to fit);
- the chain head row says where the log ends: fewer entries mean the last ones were **removed**.

A log rewritten completely (every hash recomputed) is still a valid chain: ``expect`` takes chain heads
recorded elsewhere (each backup records one) and checks that the log still has those entries with those
hashes.

Read-only; the first problem found is reported (one broken entry usually breaks every check after it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from desktop.db import UnitOfWork
from desktop.models.audit import GENESIS, HEAD_ID, AuditChainHead, AuditEntry, entry_hash
from desktop.services.permissions import Permission, require

BATCH = 5000
CHANGED, REMOVED, INSERTED, REWRITTEN = "changed", "removed", "inserted", "rewritten"


@dataclass(frozen=True)
class ChainProblem:
    kind: str  # CHANGED, REMOVED, INSERTED or REWRITTEN
    entry_id: int | None  # the entry named: changed, inserted, the one after removed entries (None: the end)
    seq: int | None  # its position in the chain (None: it has none)
    at: dt.datetime | None = None
    action: str = ""
    missing_from: int | None = None  # REMOVED: the first and last missing positions
    missing_to: int | None = None
    after_id: int | None = None  # REMOVED at the end: the last entry still there


@dataclass(frozen=True)
class ChainReport:
    entries: int  # entries read
    head_seq: int  # the chain head when the check started
    head_hash: str
    problem: ChainProblem | None

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class ChainHead:
    seq: int
    hash: str


def chain_head(uow: UnitOfWork) -> ChainHead:
    """The chain head: the last entry's position and hash (0 and GENESIS for an empty log)."""
    with uow:
        require(uow, Permission.VIEW_AUDIT)
        return _read_head(uow.session)


def _read_head(session) -> ChainHead:
    row = session.execute(select(AuditChainHead.seq, AuditChainHead.hash).where(AuditChainHead.id == HEAD_ID)).first()
    return ChainHead(row.seq, row.hash) if row else ChainHead(0, GENESIS)


def _entries(session):
    table = AuditEntry.__table__
    last_id = None
    while True:
        q = select(table).order_by(table.c.id).limit(BATCH)
        if last_id is not None:
            q = q.where(table.c.id > last_id)
        rows = session.execute(q).mappings().all()
        if not rows:
            return
        yield from rows
        last_id = rows[-1]["id"]


def _problem(kind: str, row, **kw) -> ChainProblem:
    return ChainProblem(kind, row["id"], row["seq"], row["at"], row["action"], **kw)


def verify_chain(uow: UnitOfWork, *, expect: Sequence[tuple[int, str]] = ()) -> ChainReport:
    """Check the whole log; ``expect``: (seq, hash) chain heads recorded earlier that must still be in it."""
    with uow:
        require(uow, Permission.VIEW_AUDIT)
        session = uow.session
        head = _read_head(session)
        wanted = dict(expect)
        count, expected, prev_hash, previous = 0, 1, GENESIS, None

        def report(problem: ChainProblem | None) -> ChainReport:
            return ChainReport(count, head.seq, head.hash, problem)

        for row in _entries(session):
            count += 1
            if row["seq"] is None or row["hash"] is None or row["prev_hash"] is None:
                return report(_problem(INSERTED, row))
            if row["seq"] < expected:
                return report(_problem(INSERTED, row))
            if row["seq"] > expected:
                return report(_problem(REMOVED, row, missing_from=expected, missing_to=row["seq"] - 1))
            if entry_hash(row["prev_hash"], row) != row["hash"]:
                return report(_problem(CHANGED, row))
            if row["prev_hash"] != prev_hash:  # the entry before was changed, its hash made to fit
                return report(_problem(CHANGED, previous if previous is not None else row))
            if row["seq"] in wanted and wanted[row["seq"]] != row["hash"]:
                return report(_problem(REWRITTEN, row))
            expected, prev_hash, previous = row["seq"] + 1, row["hash"], row
        last = expected - 1
        if last < head.seq:  # entries up to the head were committed before the check began
            return report(ChainProblem(REMOVED, None, None, missing_from=last + 1, missing_to=head.seq,
                                       after_id=previous["id"] if previous else None))
        if last == head.seq and previous is not None and head.hash != previous["hash"]:
            return report(_problem(CHANGED, previous))
        if last > head.seq:
            # appended meanwhile by OneStop (which moves the head in the same transaction), or behind its back
            now = _read_head(session)
            if last > now.seq:
                first = next(r for r in _entries(session) if r["seq"] == now.seq + 1)
                return report(_problem(INSERTED, first))
        beyond = [s for s in wanted if s > last]
        if beyond:
            return report(ChainProblem(REMOVED, None, None, missing_from=last + 1, missing_to=max(beyond),
                                       after_id=previous["id"] if previous else None))
        return report(None)
