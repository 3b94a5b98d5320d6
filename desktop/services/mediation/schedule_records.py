"""Booking limits and the frozen records (DTOs) the room scheduling services return."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.validation import check_date

MAX_BOOKING = dt.timedelta(hours=12)
MIN_BOOKING = dt.timedelta(minutes=15)
SLOT_STEP = dt.timedelta(minutes=15)


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
