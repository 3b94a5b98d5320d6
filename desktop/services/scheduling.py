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
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.orm import selectinload

from desktop.models import (
    Booking,
    BookingClaim,
    BookingMediator,
    BookingParty,
    CalendarDay,
    Center,
    Dispute,
    DisputeParty,
    MediationSession,
    Mediator,
    Person,
    Room,
)
from desktop.models.mediation import (
    BLOCKING_STATES,
    CANCELLED,
    CONFIRMED,
    HELD,
    NO_SHOW,
    OPEN_STATES,
    ORGANISATION,
    REGISTERED,
    SCHEDULED,
    TENTATIVE,
)
from desktop.services.audit import record_event
from desktop.services.calendar import load_calendar
from desktop.services.errors import Conflict, Invalid, InvalidInput, NotFound
from desktop.services.mediation_errors import (
    BookingConflict,
    ClosedDay,
    OutsideOpeningHours,
    PartyIsMediator,
    WrongState,
)
from desktop.services.people import mask_name
from desktop.services.permissions import Permission, require
from desktop.services.settings import Declared, declare, get_setting
from desktop.validation import check_date

MAX_BOOKING = dt.timedelta(hours=12)
MIN_BOOKING = dt.timedelta(minutes=15)
SLOT_STEP = dt.timedelta(minutes=15)


# A booking starts at most this many days from today (two years by default): a year 9999 is a typing slip.
declare(Declared("booking_max_days_ahead", 730, 1, 3650))


def whole_minutes(t: dt.datetime, field: str = "start_at") -> dt.datetime:
    """Bookings are kept in whole minutes: a time taken from a clock (16:00:23.5) counts as 16:00, so a
    session booked 16:00–16:45 lasts 45 minutes and the next one may start at 16:45. A value that is not a
    datetime (a str from a form or a script) is refused as InvalidInput naming ``field``."""
    check_date(field, t, kind=dt.datetime)
    return t.replace(second=0, microsecond=0)


# ---------------------------------------------------------------- DTOs

@dataclass(frozen=True)
class Busy:
    """Why a time is refused: ``name`` (a room, a mediator or a party) is busy from start to end with
    another case's session in ``room_name``."""

    kind: str  # room / mediator / party
    name: str
    booking_id: int
    case_no: str
    room_name: str
    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class BookingInfo:
    id: int
    dispute_id: int
    case_no: str
    title: str
    type_name: str
    room_id: int
    room_name: str
    start: dt.datetime
    end: dt.datetime
    public: bool
    state: str
    note: str
    cancel_reason: str
    hours_override: bool
    mediator_ids: tuple[int, ...]
    mediator_names: tuple[str, ...]
    party_ids: tuple[int, ...]
    party_names: tuple[str, ...]
    has_record: bool
    version: int


@dataclass(frozen=True)
class BookingCheck:
    """What booking this time would meet: the conflicts, and the first other refusal (hours, holiday,
    a party who is also a mediator, bad times) as the exception book_room would raise, or None."""

    conflicts: tuple[Busy, ...]
    problem: Exception | None

    @property
    def ok(self) -> bool:
        return not self.conflicts and self.problem is None


@dataclass(frozen=True)
class SlotOption:
    start: dt.datetime
    end: dt.datetime
    room_ids: tuple[int, ...]  # the rooms free for the whole slot, in room order
    room_names: tuple[str, ...]


@dataclass(frozen=True)
class DoorEntry:
    start: dt.datetime
    end: dt.datetime
    case_no: str
    type_name: str
    title: str  # "" for a private session: the door does not say what it is about
    public: bool
    state: str
    mediator_names: tuple[str, ...]
    party_names: tuple[str, ...]  # masked (张*)


@dataclass(frozen=True)
class RoomDaySchedule:
    """A room's day, to post on its door."""

    center_name: str
    room_name: str
    day: dt.date
    opens_at: dt.time
    closes_at: dt.time
    entries: tuple[DoorEntry, ...]
    printed_at: dt.datetime


def pairs(uow, stmt) -> dict:
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


def _lock_resources(uow, keys: Iterable[str]) -> None:
    """Inside an open unit of work: serialise bookings that share a resource (see the module text)."""
    if uow.kind != "postgresql":
        return  # SQLite: the transaction already holds the database's write lock (BEGIN IMMEDIATE)
    ids = sorted({int.from_bytes(hashlib.blake2b(k.encode(), digest_size=8).digest(), "big", signed=True)
                  for k in keys})
    # one round trip; the ordered subquery makes every transaction take its locks in the same order
    uow.session.execute(text("SELECT count(pg_advisory_xact_lock(k)) FROM "
                             "(SELECT unnest(CAST(:ids AS bigint[])) AS k ORDER BY k) AS ordered"), {"ids": ids})


def _conflicts(uow, resources: Sequence[_Resource], start: dt.datetime, end: dt.datetime,
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


# ---------------------------------------------------------------- checks

def _check_times(uow, start: dt.datetime, end: dt.datetime) -> None:
    if end <= start:
        raise Invalid(field="end_at", reason="before_start")
    if end - start < MIN_BOOKING:
        raise Invalid(field="end_at", reason="too_brief", minimum=int(MIN_BOOKING.total_seconds() // 60))
    if end - start > MAX_BOOKING:
        raise Invalid(field="end_at", reason="too_long", maximum=int(MAX_BOOKING.total_seconds() // 3600))
    if end.date() != start.date() and end != dt.datetime.combine(start.date() + dt.timedelta(days=1), dt.time()):
        raise Invalid(field="end_at", reason="other_day")
    if end <= uow.now():
        raise Invalid(field="start_at", reason="in_past")
    days_ahead = get_setting(uow, "booking_max_days_ahead")
    if start.date() > uow.now().date() + dt.timedelta(days=days_ahead):
        raise InvalidInput(field="start_at", reason="too_far_ahead", limit=days_ahead)


def opening_hours(uow) -> tuple[dt.time, dt.time]:
    """Inside an open unit of work: the center's opening and closing time."""
    row = uow.session.execute(select(Center.opens_at, Center.closes_at).limit(1)).first()
    return (row[0], row[1]) if row else (dt.time(8, 30), dt.time(17, 30))


def hours_problem(uow, start: dt.datetime, end: dt.datetime) -> Exception | None:
    """Inside an open unit of work: why this time lies outside the center's hours, or None. The day's rule
    comes from the working-day calendar (a stored exception, else Monday to Friday)."""
    day = start.date()
    rule = uow.session.execute(select(CalendarDay.is_workday, CalendarDay.note).where(CalendarDay.day == day)).first()
    if not (rule[0] if rule is not None else day.weekday() < 5):
        return ClosedDay(day=day, note=(rule[1] if rule is not None else "") or "")
    opens_at, closes_at = opening_hours(uow)
    if start.time() < opens_at or end.date() != day or end.time() > closes_at:
        return OutsideOpeningHours(day=day, start=start, end=end, opens_at=opens_at, closes_at=closes_at)
    return None


def _apply_hours_rule(uow, start: dt.datetime, end: dt.datetime, override: bool) -> str | None:
    """Refuse a time outside opening hours or on a day off, unless an authorised user overrides the rule.
    Returns the rule the booking overrides ("opening_hours" / "closed_day"), or None."""
    problem = hours_problem(uow, start, end)
    if problem is None:
        return None
    if not override:
        raise problem
    require(uow, Permission.OVERRIDE_BOOKING_HOURS)
    return "closed_day" if isinstance(problem, ClosedDay) else "opening_hours"


def _audit_override(uow, b: Booking, rule: str | None) -> None:
    """Inside an open unit of work, after the booking is flushed: the override is an audited event of its own."""
    if rule is not None:
        record_event(uow, action="booking.override_hours", entity="booking", entity_id=b.id,
                     detail={"rule": rule, "start": b.start_at.isoformat(), "end": b.end_at.isoformat()})


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


def check_party_not_mediator(uow, mediators: Sequence[Mediator], parties: Sequence[DisputeParty]) -> None:
    """Inside an open unit of work: refuse when somebody would be both a party and a mediator."""
    ids = [p.person_id for p in parties if p.person_id]
    phones = pairs(uow, select(Person.id, Person.phone).where(Person.id.in_(ids))) if ids else {}
    for m in mediators:
        for p in parties:
            if same_person(m, p, phones.get(p.person_id)):
                raise PartyIsMediator(name=p.name)


# ---------------------------------------------------------------- loading

def _dispute(uow, dispute_id: int) -> Dispute:
    d = uow.session.get(Dispute, dispute_id)
    if d is None:
        raise NotFound(entity="dispute", key=dispute_id)
    return d


def _room(uow, room_id: int) -> Room:
    room = uow.session.get(Room, room_id)
    if room is None:
        raise NotFound(entity="room", key=room_id)
    if not room.active:
        raise Invalid(field="room_id", reason="inactive")
    return room


def _mediators(uow, mediator_ids: Sequence[int]) -> list[Mediator]:
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


def _booking_people(uow, d: Dispute, mediator_ids: Sequence[int] | None, party_ids: Sequence[int] | None):
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


def _resources(room: Room, mediators: Sequence[Mediator], parties: Sequence[DisputeParty]) -> list[_Resource]:
    out = _room_resources(room)
    for m in mediators:
        out += _mediator_resources(m)
    for p in parties:
        out += _party_resources(p)
    return out


def _write_claims(uow, b: Booking, resources: Sequence[_Resource]) -> None:
    uow.session.query(BookingClaim).filter(BookingClaim.booking_id == b.id).delete(synchronize_session=False)
    if b.state in BLOCKING_STATES:
        for key in dict.fromkeys(r.key for r in resources):
            uow.session.add(BookingClaim(booking_id=b.id, resource=key, start_at=b.start_at, end_at=b.end_at))


def _booking_resources(uow, b: Booking) -> list[_Resource]:
    room = uow.session.get(Room, b.room_id)
    mediators = [uow.session.get(Mediator, bm.mediator_id) for bm in b.mediators]
    parties = [uow.session.get(DisputeParty, bp.party_id) for bp in b.parties]
    return _resources(room, mediators, parties)


def _info(uow, b: Booking) -> BookingInfo:
    uow.session.flush()
    return booking_infos(uow, Booking.id == b.id)[0]


def booking_infos(uow, *where) -> list[BookingInfo]:
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


def _get_booking(uow, booking_id: int, version: int | None = None) -> Booking:
    b = uow.session.get(Booking, booking_id, options=[selectinload(Booking.mediators), selectinload(Booking.parties)])
    if b is None:
        raise NotFound(entity="booking", key=booking_id)
    if version is not None and b.version != version:
        raise Conflict(entity="booking", key=booking_id)
    return b


def _refresh_dispute_state(uow, d: Dispute) -> None:
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

def check_booking(uow, *, dispute_id: int, room_id: int, start: dt.datetime, end: dt.datetime,
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
            d = _dispute(uow, dispute_id)
            room = _room(uow, room_id)
            mediators, parties = _booking_people(uow, d, mediator_ids, party_ids)
            check_party_not_mediator(uow, mediators, parties)
            conflicts = _conflicts(uow, _resources(room, mediators, parties), start, end, exclude_booking_id)
            problem = hours_problem(uow, start, end)
        except (Invalid, NotFound, PartyIsMediator) as exc:
            problem = exc
        return BookingCheck(conflicts, problem)


def book_room(uow, *, dispute_id: int, room_id: int, start: dt.datetime, end: dt.datetime,
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
        d = _dispute(uow, dispute_id)
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
        info = _info(uow, b)
        uow.commit()
        return info


def confirm_booking(uow, *, booking_id: int) -> BookingInfo:
    """A tentative booking becomes confirmed, if its time is still free."""
    with uow:
        require(uow, Permission.BOOK_ROOMS)
        b = _get_booking(uow, booking_id)
        resources = _booking_resources(uow, b)
        _lock_resources(uow, (r.key for r in resources))
        uow.session.expire(b)
        if b.state != TENTATIVE:
            raise WrongState(entity="booking", key=b.id, state=b.state, action="confirm")
        if b.end_at <= uow.now():
            raise Invalid(field="start_at", reason="in_past")
        if not b.hours_override:
            problem = hours_problem(uow, b.start_at, b.end_at)
            if problem is not None:  # the hours or the calendar changed since it was pencilled in
                raise problem
        conflicts = _conflicts(uow, resources, b.start_at, b.end_at, b.id)
        if conflicts:
            raise BookingConflict(start=b.start_at, end=b.end_at, conflicts=conflicts)
        uow.action = "booking.confirm"
        b.state, b.updated_at = CONFIRMED, uow.now()
        uow.session.flush()
        _write_claims(uow, b, resources)
        info = _info(uow, b)
        uow.commit()
        return info


def reschedule_booking(uow, *, booking_id: int, start: dt.datetime, end: dt.datetime, room_id: int | None = None,
                       version: int | None = None, override_hours: bool = False) -> BookingInfo:
    """Move a tentative or confirmed booking to another time and/or room, under the same rules as booking."""
    start, end = whole_minutes(start), whole_minutes(end, "end_at")
    with uow:
        require(uow, Permission.BOOK_ROOMS)
        _check_times(uow, start, end)
        b = _get_booking(uow, booking_id, version)
        room = _room(uow, room_id if room_id is not None else b.room_id)
        mediators = [uow.session.get(Mediator, bm.mediator_id) for bm in b.mediators]
        parties = [uow.session.get(DisputeParty, bp.party_id) for bp in b.parties]
        resources = _resources(room, mediators, parties)
        _lock_resources(uow, (r.key for r in resources))
        uow.session.expire(b)
        if version is not None and b.version != version:
            raise Conflict(entity="booking", key=booking_id)
        if b.state not in (TENTATIVE, CONFIRMED):
            raise WrongState(entity="booking", key=b.id, state=b.state, action="reschedule")
        if b.start_at <= uow.now() and b.state == CONFIRMED:
            raise WrongState(entity="booking", key=b.id, state="started", action="reschedule")
        overridden = _apply_hours_rule(uow, start, end, override_hours)
        conflicts = _conflicts(uow, resources, start, end, b.id)  # tentative ones may not land on confirmed
        if conflicts:
            raise BookingConflict(start=start, end=end, conflicts=conflicts)
        uow.action = "booking.reschedule"
        b.room_id, b.start_at, b.end_at, b.hours_override = room.id, start, end, overridden is not None
        b.updated_at = uow.now()
        uow.session.flush()
        _audit_override(uow, b, overridden)
        _write_claims(uow, b, resources)
        info = _info(uow, b)
        uow.commit()
        return info


def cancel_booking(uow, *, booking_id: int, reason: str) -> BookingInfo:
    """Cancel a tentative or confirmed booking, with the reason; its room and people are free again."""
    with uow:
        require(uow, Permission.BOOK_ROOMS)
        if not reason.strip():
            raise Invalid(field="cancel_reason", reason="empty")
        b = _get_booking(uow, booking_id)
        if b.state not in (TENTATIVE, CONFIRMED):
            raise WrongState(entity="booking", key=b.id, state=b.state, action="cancel")
        uow.action = "booking.cancel"
        b.state, b.cancel_reason, b.updated_at = CANCELLED, reason.strip()[:200], uow.now()
        uow.session.flush()
        _write_claims(uow, b, [])
        _refresh_dispute_state(uow, _dispute(uow, b.dispute_id))
        info = _info(uow, b)
        uow.commit()
        return info


def remaining_booking_rows(uow, dispute_id: int) -> list[Booking]:
    """Inside an open unit of work: the sessions of a dispute still to come (tentative or confirmed, not
    begun), earliest first — what closing the case offers to cancel."""
    return list(uow.session.scalars(select(Booking).where(
        Booking.dispute_id == dispute_id, Booking.state.in_((TENTATIVE, CONFIRMED)), Booking.start_at > uow.now())
        .order_by(Booking.start_at, Booking.id)))


def cancel_on_closing(uow, d: Dispute, booking_ids: Sequence[int], reason: str) -> None:
    """Inside an open unit of work that closes dispute ``d``: cancel the sessions the mediator chose among
    its remaining ones, with the reason. Ids that are not remaining sessions of ``d`` are refused."""
    remaining = {b.id: b for b in remaining_booking_rows(uow, d.id)}
    for bid in dict.fromkeys(booking_ids):
        b = remaining.get(bid)
        if b is None:
            raise NotFound(entity="booking", key=bid)
        if not reason.strip():
            raise Invalid(field="cancel_reason", reason="empty")
        b.state, b.cancel_reason, b.updated_at = CANCELLED, reason.strip()[:200], uow.now()
        uow.session.flush()
        _write_claims(uow, b, [])


def mark_no_show(uow, *, booking_id: int, note: str = "") -> BookingInfo:
    """The parties did not come to a confirmed session that has begun."""
    with uow:
        require(uow, Permission.BOOK_ROOMS)
        b = _get_booking(uow, booking_id)
        if b.state != CONFIRMED:
            raise WrongState(entity="booking", key=b.id, state=b.state, action="no_show")
        if b.start_at > uow.now():
            raise WrongState(entity="booking", key=b.id, state="not_started", action="no_show")
        uow.action = "booking.no_show"
        b.state, b.updated_at = NO_SHOW, uow.now()
        if note.strip():
            b.note = note.strip()[:200]
        uow.session.flush()
        _write_claims(uow, b, [])
        _refresh_dispute_state(uow, _dispute(uow, b.dispute_id))
        info = _info(uow, b)
        uow.commit()
        return info


def mark_held(uow, b: Booking) -> None:
    """Inside an open unit of work: the session of booking ``b`` took place (a record was written)."""
    if b.state not in (CONFIRMED, HELD):
        raise WrongState(entity="booking", key=b.id, state=b.state, action="hold")
    if b.start_at > uow.now():
        raise WrongState(entity="booking", key=b.id, state="not_started", action="hold")
    if b.state != HELD:
        b.state, b.updated_at = HELD, uow.now()  # claims stay: a held booking keeps its time


def get_booking(uow, *, booking_id: int) -> BookingInfo:
    with uow:
        require(uow, Permission.BOOK_ROOMS)
        return _info(uow, _get_booking(uow, booking_id))


def list_bookings(uow, *, first_day: dt.date, last_day: dt.date, room_ids: Sequence[int] | None = None,
                  include_cancelled: bool = False, dispute_id: int | None = None,
                  mediator_id: int | None = None) -> list[BookingInfo]:
    """Bookings starting from ``first_day`` to ``last_day`` (inclusive), by start then room."""
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


def dispute_bookings(uow, dispute_id: int) -> list[BookingInfo]:
    """Inside an open unit of work: every booking of a dispute, oldest first (the dispute view)."""
    return booking_infos(uow, Booking.dispute_id == dispute_id)


# ---------------------------------------------------------------- find a slot

def _merge(intervals: Iterable[tuple[dt.datetime, dt.datetime]]) -> list[tuple[dt.datetime, dt.datetime]]:
    out: list[list[dt.datetime]] = []
    for s, e in sorted(intervals):
        if out and s < out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _free(busy: Sequence[tuple[dt.datetime, dt.datetime]], s: dt.datetime, e: dt.datetime) -> bool:
    return all(not (bs < e and s < be) for bs, be in busy)


def _ceil(t: dt.datetime, step: dt.timedelta) -> dt.datetime:
    midnight = dt.datetime.combine(t.date(), dt.time())
    steps = -(-(t - midnight) // step)
    return midnight + steps * step


def find_slots(uow, *, duration: dt.timedelta, mediator_ids: Sequence[int], party_ids: Sequence[int] = (),
               dispute_id: int | None = None, room_id: int | None = None, days: int = 5, limit: int = 10,
               after: dt.datetime | None = None, exclude_booking_id: int | None = None) -> list[SlotOption]:
    """The free times within the next ``days`` working days (today counts while there is time left) at which
    the room (or any active room), every mediator and every party are free for ``duration``, inside
    opening hours, earliest first. Every free slot of a day is offered: a free stretch is filled with slots
    back to back from its first quarter hour (08:30–09:15, 09:15–10:00, …), each with the rooms free for
    it. Times are whole minutes. ``party_ids`` are parties of ``dispute_id`` (all of them when empty)."""
    duration = dt.timedelta(minutes=int(duration.total_seconds() // 60))
    if after is not None:
        after = whole_minutes(after)
    with uow:
        require(uow, Permission.BOOK_ROOMS)
        if duration < MIN_BOOKING or duration > MAX_BOOKING:
            raise Invalid(field="duration", reason="range", minimum=int(MIN_BOOKING.total_seconds() // 60),
                          maximum=int(MAX_BOOKING.total_seconds() // 60))
        if not 1 <= days <= 60:
            raise Invalid(field="days", reason="range", minimum=1, maximum=60)
        people: list[_Resource] = []
        for m in _mediators(uow, mediator_ids):
            people += _mediator_resources(m)
        if dispute_id is not None:
            d = _dispute(uow, dispute_id)
            by_id = {p.id: p for p in d.parties}
            chosen = [by_id[i] for i in party_ids if i in by_id] if party_ids else list(d.parties)
            for p in chosen:
                people += _party_resources(p)
        elif party_ids:
            for p in uow.session.scalars(select(DisputeParty).where(DisputeParty.id.in_(list(party_ids)))):
                people += _party_resources(p)
        if room_id is not None:
            rooms = [_room(uow, room_id)]
        else:
            rooms = list(uow.session.scalars(select(Room).where(Room.active).order_by(Room.sort_order, Room.id)))
        calendar = load_calendar(uow)
        opens_at, closes_at = opening_hours(uow)
        begin = _ceil(max(uow.now(), after or uow.now()), SLOT_STEP)
        workdays, day = [], begin.date()
        if begin + duration > dt.datetime.combine(day, closes_at):
            day += dt.timedelta(days=1)  # today counts only while the slot still fits before closing
        while len(workdays) < days:
            if calendar.is_workday(day):
                workdays.append(day)
            day += dt.timedelta(days=1)
        window_start = dt.datetime.combine(workdays[0], opens_at)
        window_end = dt.datetime.combine(workdays[-1], closes_at)
        keys = {r.key for r in people} | {f"room:{r.id}" for r in rooms}
        q = (select(BookingClaim.resource, BookingClaim.start_at, BookingClaim.end_at)
             .where(BookingClaim.resource.in_(list(keys)),
                    BookingClaim.start_at > window_start - MAX_BOOKING,
                    BookingClaim.start_at < window_end))
        if exclude_booking_id is not None:
            q = q.where(BookingClaim.booking_id != exclude_booking_id)
        person_keys = {r.key for r in people}
        busy_people, busy_room = [], {r.id: [] for r in rooms}
        for key, s, e in uow.session.execute(q):
            if key in person_keys:
                busy_people.append((s, e))
            if key.startswith("room:") and int(key[5:]) in busy_room:
                busy_room[int(key[5:])].append((s, e))
        busy_people = _merge(busy_people)
        busy_room = {k: _merge(v) for k, v in busy_room.items()}
        names = {r.id: r.name for r in rooms}
        options: list[SlotOption] = []
        for day in workdays:
            s = _ceil(max(dt.datetime.combine(day, opens_at), begin), SLOT_STEP)
            close = dt.datetime.combine(day, closes_at)
            while s + duration <= close:
                e = s + duration
                free_rooms = tuple(r.id for r in rooms if _free(busy_room[r.id], s, e)) \
                    if _free(busy_people, s, e) else ()
                if not free_rooms:  # try the next quarter hour
                    s = _ceil(s + dt.timedelta(minutes=1), SLOT_STEP)
                    continue
                options.append(SlotOption(s, e, free_rooms, tuple(names[i] for i in free_rooms)))
                if len(options) >= limit:
                    return options
                s = e  # the next slot follows back to back
        return options


# ---------------------------------------------------------------- the door schedule

def room_day_schedule(uow, *, room_id: int, day: dt.date) -> RoomDaySchedule:
    """A room's confirmed and tentative sessions of one day, for the sheet posted on its door. Party names
    are masked; a private session does not show what it is about."""
    with uow:
        require(uow, Permission.BOOK_ROOMS)
        room = _room(uow, room_id)
        center = uow.session.scalar(select(Center).limit(1))
        entries = []
        for info in booking_infos(uow, Booking.room_id == room_id, Booking.state.in_((TENTATIVE, CONFIRMED, HELD)),
                                  Booking.start_at >= dt.datetime.combine(day, dt.time()),
                                  Booking.start_at < dt.datetime.combine(day + dt.timedelta(days=1), dt.time())):
            entries.append(DoorEntry(info.start, info.end, info.case_no, info.type_name,
                                     info.title if info.public else "",
                                     info.public, info.state, info.mediator_names,
                                     tuple(mask_name(n) for n in info.party_names)))
        opens_at, closes_at = opening_hours(uow)
        return RoomDaySchedule(center.name if center else "", room.name, day, opens_at, closes_at, tuple(entries),
                               uow.now())
