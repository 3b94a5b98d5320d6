"""The slot finder and the room's door schedule for one day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import select

from desktop.db import UnitOfWork
from desktop.models import (
    Booking,
    BookingClaim,
    Center,
    DisputeParty,
    Room,
)
from desktop.models.mediation import (
    CONFIRMED,
    HELD,
    TENTATIVE,
)
from desktop.services.admin.calendar import load_calendar
from desktop.services.errors import Invalid
from desktop.services.mediation._access import get_dispute_row
from desktop.services.mediation._resources import _mediator_resources, _party_resources, _Resource
from desktop.services.mediation.bookings import _mediators, _room, booking_infos
from desktop.services.mediation.hours import opening_hours
from desktop.services.mediation.schedule_records import (
    MAX_BOOKING,
    MIN_BOOKING,
    SLOT_STEP,
    DoorEntry,
    RoomDaySchedule,
    SlotOption,
    whole_minutes,
)
from desktop.services.people import mask_name
from desktop.services.permissions import Permission, require

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


def _slot_people(uow: UnitOfWork, mediator_ids: Sequence[int], party_ids: Sequence[int],
                 dispute_id: int | None) -> list[_Resource]:
    people: list[_Resource] = []
    for m in _mediators(uow, mediator_ids):
        people += _mediator_resources(m)
    if dispute_id is not None:
        d = get_dispute_row(uow, dispute_id)
        by_id = {p.id: p for p in d.parties}
        chosen = [by_id[i] for i in party_ids if i in by_id] if party_ids else list(d.parties)
        for p in chosen:
            people += _party_resources(p)
    elif party_ids:
        for p in uow.session.scalars(select(DisputeParty).where(DisputeParty.id.in_(list(party_ids)))):
            people += _party_resources(p)
    return people


def _slot_days(uow: UnitOfWork, begin: dt.datetime, duration: dt.timedelta, closes_at: dt.time,
               days: int) -> list[dt.date]:
    calendar = load_calendar(uow)
    workdays, day = [], begin.date()
    if begin + duration > dt.datetime.combine(day, closes_at):
        day += dt.timedelta(days=1)  # today counts only while the slot still fits before closing
    while len(workdays) < days:
        if calendar.is_workday(day):
            workdays.append(day)
        day += dt.timedelta(days=1)
    return workdays


def _busy_times(uow: UnitOfWork, people: list[_Resource], rooms: list[Room], window_start: dt.datetime,
                window_end: dt.datetime, exclude_booking_id: int | None) -> tuple[list, dict[int, list]]:
    """The merged busy times of the people together, and of each room."""
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
    return _merge(busy_people), {k: _merge(v) for k, v in busy_room.items()}


def find_slots(uow: UnitOfWork, *, duration: dt.timedelta, mediator_ids: Sequence[int], party_ids: Sequence[int] = (),
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
        people = _slot_people(uow, mediator_ids, party_ids, dispute_id)
        if room_id is not None:
            rooms = [_room(uow, room_id)]
        else:
            rooms = list(uow.session.scalars(select(Room).where(Room.active).order_by(Room.sort_order, Room.id)))
        opens_at, closes_at = opening_hours(uow)
        begin = _ceil(max(uow.now(), after or uow.now()), SLOT_STEP)
        workdays = _slot_days(uow, begin, duration, closes_at, days)
        busy_people, busy_room = _busy_times(uow, people, rooms, dt.datetime.combine(workdays[0], opens_at),
                                             dt.datetime.combine(workdays[-1], closes_at), exclude_booking_id)
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

def room_day_schedule(uow: UnitOfWork, *, room_id: int, day: dt.date) -> RoomDaySchedule:
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
