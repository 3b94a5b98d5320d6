"""What the queue services return: frozen snapshots, never live ORM objects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class TicketInfo:
    id: int
    number: str
    day: dt.date
    service_id: int
    service_letter: str
    service_name: str
    status: str
    priority: bool
    appointment: bool
    visitor_name: str  # staff screens only; public screens show mask_name(visitor_name)
    issued_at: dt.datetime
    first_called_at: dt.datetime | None
    last_called_at: dt.datetime | None
    call_count: int
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    window_no: int | None
    target_window_no: int | None
    transferred: bool
    record: str
    case_kind: str | None
    case_id: int | None
    rating: str | None
    case_no: str = ""  # the linked case's number, （2026）虎信字第034号: what staff see, never case_id


@dataclass(frozen=True)
class IssuedTicket:
    ticket: TicketInfo
    waiting_ahead: int  # people in the same service who will be called before this ticket


@dataclass(frozen=True)
class CalledTicket:
    ticket: TicketInfo
    window_no: int
    call_count: int


@dataclass(frozen=True)
class TransferResult:
    ticket: TicketInfo
    to_service_id: int | None
    to_window_no: int | None
    position: str
    open_windows: int  # windows that can call it now (signed in, not paused); 0: the clerk is told


@dataclass(frozen=True)
class RatingResult:
    number: str
    rating: str
    follow_up_id: int | None
    follow_up_due: dt.date | None


@dataclass(frozen=True)
class WindowStatus:
    window_id: int
    number: int
    name: str
    state: str  # idle / serving / paused / closed (nobody signed in)
    paused: bool
    clerk_id: int | None
    clerk_name: str
    since: dt.datetime | None
    service_ids: tuple[int, ...]
    service_letters: tuple[str, ...]
    ticket: TicketInfo | None
    served_today: int
    max_calls: int  # calls a ticket may get (queue_recall_max_calls)
    recall_gap_seconds: int = 30  # between two calls of a ticket (queue_recall_min_gap_seconds)
    rating_timeout_seconds: int = 90  # the rating step closes itself (queue_rating_timeout_seconds)


@dataclass(frozen=True)
class WaitingRow:
    id: int
    number: str
    service_letter: str
    service_name: str
    issued_at: dt.datetime
    waited_seconds: int
    priority: bool
    appointment: bool
    transferred: bool
    front: bool
    target_window_no: int | None
    visitor_name: str


@dataclass(frozen=True)
class ServiceLoad:
    service_id: int
    letter: str
    name: str
    waiting: int
    longest_wait_seconds: int | None
    open_windows: int
    served_today: int


@dataclass(frozen=True)
class LiveQueue:
    at: dt.datetime
    alert_minutes: int
    services: tuple[ServiceLoad, ...]
    windows: tuple[WindowStatus, ...]


@dataclass(frozen=True)
class AppointmentInfo:
    id: int
    day: dt.date
    slot: dt.time
    code: str
    service_id: int
    service_name: str
    visitor_name: str
    phone_masked: str
    status: str


@dataclass(frozen=True)
class FollowUpInfo:
    """A bad rating's follow-up: of a window's service (its ticket), or of a matter's outcome rated at the
    kiosk (no ticket: ``number`` is the matter's code, ``day`` the day it was registered)."""
    id: int
    ticket_id: int | None
    number: str
    day: dt.date
    service_name: str
    window_no: int | None
    clerk_name: str
    rating: str
    record: str
    opened_at: dt.datetime
    due_on: dt.date
    status: str
    answer: str
    answered_at: dt.datetime | None
    overdue: bool
    matter_id: int | None = None
