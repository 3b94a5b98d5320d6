"""Room scheduling: booking mediation sessions without conflicts, and finding free slots.

The rule: a booking never overlaps a confirmed (or held) booking of the same room, the same mediator or the
same party. Intervals are half-open, so one session ending at 10:00 and the next starting at 10:00 touch
and do not overlap. Tentative bookings pencil a time in without occupying anything; confirming one checks
again.

Every confirmed or held booking writes one ``booking_claim`` row per resource it occupies ("room:3",
"mediator:5", "person:12", "org:<name>"). The overlap check is one range query on (resource, start_at):
a booking lasts at most MAX_BOOKING, so only claims starting in (start - MAX_BOOKING, end) can overlap.

Concurrency: two people booking at the same moment must not both pass the check. On SQLite every writer
begins with BEGIN IMMEDIATE (desktop.db), so booking transactions run one after another. On PostgreSQL the
transaction takes a transaction-scoped advisory lock on each resource, in sorted order (no deadlock), before
it reads the claims; READ COMMITTED then shows it everything committed by whoever held the locks before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from desktop.db import UnitOfWork
from desktop.models import (
    Booking,
    BookingMediator,
    BookingParty,
    Dispute,
    DisputeParty,
    MediationSession,
    Mediator,
    Room,
)
from desktop.models.mediation import (
    CANCELLED,
    CONFIRMED,
    HELD,
    OPEN_STATES,
    REGISTERED,
    SCHEDULED,
    TENTATIVE,
)
from desktop.services.errors import Conflict, Invalid, NotFound
from desktop.services.mediation._access import _get_row, get_dispute_row
from desktop.services.mediation._resources import (
    _conflicts,
    _lock_resources,
    _resources,
    _write_claims,
    check_party_not_mediator,
)
from desktop.services.mediation.errors import BookingConflict, PartyIsMediator, WrongState
from desktop.services.mediation.hours import _apply_hours_rule, _audit_override, _check_times, hours_problem
from desktop.services.mediation.schedule_records import BookingCheck, BookingInfo, Busy, whole_minutes
from desktop.services.permissions import Permission, require

# A booking starts at most this many days from today (two years by default): a year 9999 is a typing slip.


def _room(uow: UnitOfWork, room_id: int) -> Room:
    room = _get_row(uow, Room, room_id, "room")
    if not room.active:
        raise Invalid(field="room_id", reason="inactive")
    return room


def _mediators(uow: UnitOfWork, mediator_ids: Sequence[int]) -> list[Mediator]:
    ids = list(dict.fromkeys(mediator_ids))
    found = {m.id: m for m in uow.session.scalars(select(Mediator).where(Mediator.id.in_(ids)))} if ids else {}
    out = []
    for mid in ids:
        m = found.get(mid)
        if m is None:
            raise NotFound(entity="mediator", key=mid)
        if not m.active:
            raise Invalid(field="mediators", reason="inactive", name=m.name)
        out.append(m)
    return out


def _booking_people(uow: UnitOfWork, d: Dispute, mediator_ids: Sequence[int] | None, party_ids: Sequence[int] | None):
    """The mediators and parties of a session: the dispute's own when not given."""
    if not mediator_ids:
        mediator_ids = [dm.mediator_id for dm in d.mediators]
    mediators = _mediators(uow, mediator_ids)
    if not mediators:
        raise Invalid(field="mediators", reason="empty")
    by_id = {p.id: p for p in d.parties}
    if not party_ids:
        parties = list(d.parties)
    else:
        parties = []
        for pid in dict.fromkeys(party_ids):
            if pid not in by_id:
                raise NotFound(entity="dispute_party", key=pid)
            parties.append(by_id[pid])
    if not parties:
        raise Invalid(field="parties", reason="empty")
    return mediators, parties


def _booking_info(uow: UnitOfWork, b: Booking) -> BookingInfo:
    uow.session.flush()
    return booking_infos(uow, Booking.id == b.id)[0]


def booking_infos(uow: UnitOfWork, *where) -> list[BookingInfo]:
    """Inside an open unit of work: the bookings matching ``where`` as DTOs with their names, by start then
    room — four plain queries whatever their number (the week calendar reads a few hundred at a time).
    ``where`` may name only Booking's columns."""
    from desktop.models import DisputeType

    rows = uow.session.execute(
        select(Booking.id, Booking.dispute_id, Dispute.case_no, Dispute.title, DisputeType.name, Booking.room_id,
               Room.name, Booking.start_at, Booking.end_at, Booking.public, Booking.state, Booking.note,
               Booking.cancel_reason, Booking.hours_override, Booking.version)
        .join(Dispute, Dispute.id == Booking.dispute_id).join(DisputeType, DisputeType.id == Dispute.type_id)
        .join(Room, Room.id == Booking.room_id).where(*where)
        .order_by(Booking.start_at, Booking.room_id, Booking.id)).all()
    if not rows:
        return []
    mediators: dict[int, list[tuple[int, str]]] = {}
    parties: dict[int, list[tuple[int, str]]] = {}
    # the same condition again instead of a long IN list: one short statement each, cached by SQLAlchemy
    for bid, mid, name in uow.session.execute(
            select(BookingMediator.booking_id, Mediator.id, Mediator.name)
            .join(Mediator, Mediator.id == BookingMediator.mediator_id)
            .join(Booking, Booking.id == BookingMediator.booking_id).where(*where).order_by(Mediator.id)):
        mediators.setdefault(bid, []).append((mid, name))
    for bid, pid, name in uow.session.execute(
            select(BookingParty.booking_id, DisputeParty.id, DisputeParty.name)
            .join(DisputeParty, DisputeParty.id == BookingParty.party_id)
            .join(Booking, Booking.id == BookingParty.booking_id).where(*where)
            .order_by(DisputeParty.seq, DisputeParty.id)):
        parties.setdefault(bid, []).append((pid, name))
    recorded = set(uow.session.scalars(select(MediationSession.booking_id).join(
        Booking, Booking.id == MediationSession.booking_id).where(*where)))
    out = []
    for (bid, dispute_id, case_no, title, type_name, room_id, room_name, start, end, public, state, note,
         cancel_reason, hours_override, version) in rows:
        ms, ps = mediators.get(bid, []), parties.get(bid, [])
        out.append(BookingInfo(
            bid, dispute_id, case_no, title, type_name, room_id, room_name, start, end, public, state, note,
            cancel_reason, hours_override, tuple(m for m, _ in ms), tuple(n for _, n in ms), tuple(p for p, _ in ps),
            tuple(n for _, n in ps), bid in recorded, version))
    return out


def _get_booking(uow: UnitOfWork, booking_id: int, version: int | None = None) -> Booking:
    b = _get_row(uow, Booking, booking_id, "booking", options=[selectinload(Booking.mediators), selectinload(Booking.parties)])
    if version is not None and b.version != version:
        raise Conflict(entity="booking", key=booking_id)
    return b


def _refresh_dispute_state(uow: UnitOfWork, d: Dispute) -> None:
    """Registered ⇄ scheduled: a dispute with a live booking (tentative or confirmed) is scheduled; one
    whose bookings are all gone and that never met is registered again."""
    if d.state not in (REGISTERED, SCHEDULED):
        return
    live = uow.session.scalar(select(func.count(Booking.id)).where(
        Booking.dispute_id == d.id, Booking.state.in_((TENTATIVE, CONFIRMED, HELD))))
    want = SCHEDULED if live else REGISTERED
    if d.state != want:
        d.state = want
        d.updated_at = uow.now()


# ---------------------------------------------------------------- services

def check_booking(uow: UnitOfWork, *, dispute_id: int, room_id: int, start: dt.datetime, end: dt.datetime,
                  mediator_ids: Sequence[int] = (), party_ids: Sequence[int] = (),
                  exclude_booking_id: int | None = None) -> BookingCheck:
    """What booking this time would meet, without booking it (the calendar explains a drag with it)."""
    with uow:
        require(uow, Permission.BOOK_ROOMS)
        conflicts: tuple[Busy, ...] = ()
        problem = None
        start, end = whole_minutes(start), whole_minutes(end, "end_at")
        try:
            _check_times(uow, start, end)
            d = get_dispute_row(uow, dispute_id)
            room = _room(uow, room_id)
            mediators, parties = _booking_people(uow, d, mediator_ids, party_ids)
            check_party_not_mediator(uow, mediators, parties)
            conflicts = _conflicts(uow, _resources(room, mediators, parties), start, end, exclude_booking_id)
            problem = hours_problem(uow, start, end)
        except (Invalid, NotFound, PartyIsMediator) as exc:
            problem = exc
        return BookingCheck(conflicts, problem)


def book_room(uow: UnitOfWork, *, dispute_id: int, room_id: int, start: dt.datetime, end: dt.datetime,
              mediator_ids: Sequence[int] = (), party_ids: Sequence[int] = (), public: bool = False,
              tentative: bool = False, note: str = "", override_hours: bool = False) -> BookingInfo:
    """Book ``room_id`` from ``start`` to ``end`` for a session of the dispute.

    Mediators and parties default to the dispute's own. Refused (nothing stored) when the times are wrong,
    outside opening hours or on a day off (unless ``override_hours`` by a user allowed to), when a party is
    also a mediator, or when the room, a mediator or a party is busy with a confirmed booking then.
    """
    start, end = whole_minutes(start), whole_minutes(end, "end_at")
    with uow:
        require(uow, Permission.BOOK_ROOMS)
        _check_times(uow, start, end)
        d = get_dispute_row(uow, dispute_id)
        room = _room(uow, room_id)
        mediators, parties = _booking_people(uow, d, mediator_ids, party_ids)
        resources = _resources(room, mediators, parties)
        _lock_resources(uow, (r.key for r in resources))
        uow.session.expire(d)  # re-read the dispute after waiting for the locks
        if d.state not in OPEN_STATES:
            raise WrongState(entity="dispute", key=d.case_no, state=d.state, action="book")
        check_party_not_mediator(uow, mediators, parties)
        overridden = _apply_hours_rule(uow, start, end, override_hours)
        conflicts = _conflicts(uow, resources, start, end)
        if conflicts:
            raise BookingConflict(start=start, end=end, conflicts=conflicts)
        uow.action = "booking.add"
        now = uow.now()
        b = Booking(dispute_id=d.id, room_id=room.id, start_at=start, end_at=end, public=public,
                    state=TENTATIVE if tentative else CONFIRMED, note=note.strip(), cancel_reason="",
                    hours_override=overridden is not None, created_by=uow.actor.user_id, created_at=now,
                    updated_at=now,
                    mediators=[BookingMediator(mediator_id=m.id) for m in mediators],
                    parties=[BookingParty(party_id=p.id) for p in parties])
        uow.session.add(b)
        uow.session.flush()
        _audit_override(uow, b, overridden)
        _write_claims(uow, b, resources)
        _refresh_dispute_state(uow, d)
        info = _booking_info(uow, b)
        uow.commit()
        return info


def get_booking(uow: UnitOfWork, *, booking_id: int) -> BookingInfo:
    with uow:
        require(uow, Permission.BOOK_ROOMS)
        return _booking_info(uow, _get_booking(uow, booking_id))


def list_bookings(uow: UnitOfWork, *, first_day: dt.date, last_day: dt.date, room_ids: Sequence[int] | None = None,
                  include_cancelled: bool = False, dispute_id: int | None = None,
                  mediator_id: int | None = None) -> list[BookingInfo]:
    """Bookings starting from ``first_day`` to ``last_day`` (inclusive), by start then room; of the rooms
    ``room_ids`` only when given (the week view asks for the page of rooms it shows: the (room_id, start_at)
    index serves it)."""
    with uow:
        require(uow, Permission.BOOK_ROOMS)
        where = [Booking.start_at >= dt.datetime.combine(first_day, dt.time()),
                 Booking.start_at < dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time())]
        if room_ids is not None:
            where.append(Booking.room_id.in_(list(room_ids)))
        if not include_cancelled:
            where.append(Booking.state != CANCELLED)
        if dispute_id is not None:
            where.append(Booking.dispute_id == dispute_id)
        if mediator_id is not None:
            where.append(Booking.id.in_(select(BookingMediator.booking_id)
                                        .where(BookingMediator.mediator_id == mediator_id)))
        return booking_infos(uow, *where)


def dispute_bookings(uow: UnitOfWork, dispute_id: int) -> list[BookingInfo]:
    """Inside an open unit of work: every booking of a dispute, oldest first (the dispute view)."""
    return booking_infos(uow, Booking.dispute_id == dispute_id)
