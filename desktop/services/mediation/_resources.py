"""Booking resources (room, mediator, party) and their claims: locking, conflict search, and the check
that no party is also a mediator. Private to the package."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select, text

from desktop.db import UnitOfWork
from desktop.models import (
    Booking,
    BookingClaim,
    Dispute,
    DisputeParty,
    Mediator,
    Person,
    Room,
)
from desktop.models.mediation import (
    BLOCKING_STATES,
    ORGANISATION,
)
from desktop.services.mediation.errors import PartyIsMediator
from desktop.services.mediation.schedule_records import MAX_BOOKING, Busy


def pairs(uow: UnitOfWork, stmt) -> dict:
    """Inside an open unit of work: a two-column select as a dict."""
    return {row[0]: row[1] for row in uow.session.execute(stmt)}


# ---------------------------------------------------------------- resources

@dataclass(frozen=True)
class _Resource:
    key: str
    kind: str  # room / mediator / party
    name: str


def org_key(name: str) -> str:
    return "org:" + "".join(name.split()).casefold()[:110]


def _room_resources(room: Room) -> list[_Resource]:
    return [_Resource(f"room:{room.id}", "room", room.name)]


def _mediator_resources(m: Mediator) -> list[_Resource]:
    out = [_Resource(f"mediator:{m.id}", "mediator", m.name)]
    if m.person_id:  # a mediator who is also on record as a person is busy as that person too
        out.append(_Resource(f"person:{m.person_id}", "mediator", m.name))
    return out


def _party_resources(p: DisputeParty) -> list[_Resource]:
    if p.kind == ORGANISATION or p.person_id is None:
        return [_Resource(org_key(p.name), "party", p.name)]
    return [_Resource(f"person:{p.person_id}", "party", p.name)]


def _lock_resources(uow: UnitOfWork, keys: Iterable[str]) -> None:
    """Inside an open unit of work: serialise bookings that share a resource (see the module text)."""
    if uow.kind != "postgresql":
        return  # SQLite: the transaction already holds the database's write lock (BEGIN IMMEDIATE)
    ids = sorted({int.from_bytes(hashlib.blake2b(k.encode(), digest_size=8).digest(), "big", signed=True)
                  for k in keys})
    # one round trip; the ordered subquery makes every transaction take its locks in the same order
    uow.session.execute(text("SELECT count(pg_advisory_xact_lock(k)) FROM "
                             "(SELECT unnest(CAST(:ids AS bigint[])) AS k ORDER BY k) AS ordered"), {"ids": ids})


def _conflicts(uow: UnitOfWork, resources: Sequence[_Resource], start: dt.datetime, end: dt.datetime,
               exclude_booking_id: int | None = None) -> tuple[Busy, ...]:
    by_key: dict[str, list[_Resource]] = {}
    for r in resources:
        by_key.setdefault(r.key, []).append(r)
    if not by_key:
        return ()
    q = (select(BookingClaim.resource, Booking.id, Booking.start_at, Booking.end_at, Dispute.case_no, Room.name)
         .join(Booking, Booking.id == BookingClaim.booking_id)
         .join(Dispute, Dispute.id == Booking.dispute_id)
         .join(Room, Room.id == Booking.room_id)
         .where(BookingClaim.resource.in_(list(by_key)),
                BookingClaim.start_at > start - MAX_BOOKING,
                BookingClaim.start_at < end,
                BookingClaim.end_at > start))
    if exclude_booking_id is not None:
        q = q.where(BookingClaim.booking_id != exclude_booking_id)
    out, seen = [], set()
    for key, booking_id, b_start, b_end, case_no, room_name in uow.session.execute(q):
        for r in by_key[key]:
            if (r.kind, r.name, booking_id) not in seen:
                seen.add((r.kind, r.name, booking_id))
                out.append(Busy(r.kind, r.name, booking_id, case_no, room_name, b_start, b_end))
    order = {"room": 0, "mediator": 1, "party": 2}
    return tuple(sorted(out, key=lambda b: (b.start, order[b.kind], b.name)))


def same_person(m: Mediator, p: DisputeParty, person_phone: str | None) -> bool:
    """Whether mediator ``m`` and party ``p`` are the same human: the same person record, or (for staff and
    volunteers not on record as a person) the same name and the same phone number."""
    if p.kind == ORGANISATION:
        return False
    if m.person_id is not None and p.person_id is not None:
        return m.person_id == p.person_id
    digits = "".join(c for c in (m.phone or "") if c.isdigit())
    other = "".join(c for c in (person_phone or "") if c.isdigit())
    return bool(digits) and digits == other and "".join(m.name.split()) == "".join(p.name.split())


def check_party_not_mediator(uow: UnitOfWork, mediators: Sequence[Mediator], parties: Sequence[DisputeParty]) -> None:
    """Inside an open unit of work: refuse when somebody would be both a party and a mediator."""
    ids = [p.person_id for p in parties if p.person_id]
    phones = pairs(uow, select(Person.id, Person.phone).where(Person.id.in_(ids))) if ids else {}
    for m in mediators:
        for p in parties:
            if same_person(m, p, phones.get(p.person_id)):
                raise PartyIsMediator(name=p.name)


def _resources(room: Room, mediators: Sequence[Mediator], parties: Sequence[DisputeParty]) -> list[_Resource]:
    out = _room_resources(room)
    for m in mediators:
        out += _mediator_resources(m)
    for p in parties:
        out += _party_resources(p)
    return out


def _write_claims(uow: UnitOfWork, b: Booking, resources: Sequence[_Resource]) -> None:
    uow.session.query(BookingClaim).filter(BookingClaim.booking_id == b.id).delete(synchronize_session=False)
    if b.state in BLOCKING_STATES:
        for key in dict.fromkeys(r.key for r in resources):
            uow.session.add(BookingClaim(booking_id=b.id, resource=key, start_at=b.start_at, end_at=b.end_at))


def _booking_resources(uow: UnitOfWork, b: Booking) -> list[_Resource]:
    room = uow.session.get(Room, b.room_id)
    mediators = [uow.session.get(Mediator, bm.mediator_id) for bm in b.mediators]
    parties = [uow.session.get(DisputeParty, bp.party_id) for bp in b.parties]
    return _resources(room, mediators, parties)
