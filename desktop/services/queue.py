"""The visitor queue (排队叫号): issuing tickets, calling, recalling, no-shows, transfers, pausing a
window, service records and 好差评 ratings. Rules: DOMAIN.md, "The queue".

Calling order among the services of a window: tickets transferred "to the front", then appointment
check-ins, then priority tickets (绿色通道), then everyone else; inside each rank by the moment the ticket
joined the line (``queue_order``), then by id.

Concurrency. ``call_next`` claims its ticket with one ``UPDATE … WHERE id = (SELECT … LIMIT 1 FOR UPDATE
SKIP LOCKED) RETURNING …``: on PostgreSQL two windows skip each other's locked row, on SQLite every writer
holds the database write lock from BEGIN IMMEDIATE, so the select and the update are one serialized step.
Ticket numbers come from a per-(day, service) counter bumped with an upsert in the issuing transaction.
Every change writes a ``queue_event`` last in its transaction; on PostgreSQL that insert is preceded by a
transaction-scoped advisory lock, so event ids become visible in commit order and a screen polling
``id > :last_seen`` can never skip an event that commits late.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import and_, bindparam, func, insert, or_, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import selectinload

from desktop.models import (
    Appointment,
    Center,
    Dispute,
    Petition,
    QueueEvent,
    QueueService,
    RatingFollowUp,
    Ticket,
    TicketCounter,
    User,
    Window,
    WindowState,
    window_service,
)
from desktop.models.queue import (
    CALLED,
    FINISHED,
    NO_SHOW,
    RANK_APPOINTMENT,
    RANK_FRONT,
    RANK_NORMAL,
    RANK_PRIORITY,
    SERVING,
    WAITING,
)
from desktop.services.calendar import hall_status, load_calendar
from desktop.services.errors import Invalid, NotFound, PermissionDenied
from desktop.services.people import mask_name, mask_phone
from desktop.services.permissions import Permission, require
from desktop.services.queue_errors import (
    AlreadyRated,
    AppointmentUnknown,
    AppointmentUsed,
    DailyNumbersExhausted,
    HallClosed,
    NoShowTooEarly,
    NoWindow,
    OutsideOpeningHours,
    RecallLimit,
    RecallTooSoon,
    TicketHeldElsewhere,
    WindowBusy,
    WindowNotServing,
    WindowPaused,
    WrongTicketState,
)
from desktop.services.settings import Declared, declare, get_setting
from desktop.validation import check_date, check_text

declare(
    Declared("queue_recall_max_calls", 3, 1, 10),          # calls of one ticket, the first one included
    Declared("queue_recall_min_gap_seconds", 30, 0, 600),  # between two calls of one ticket
    Declared("queue_issue_outside_hours", False),          # may the kiosk issue outside opening hours
    Declared("queue_wait_alert_minutes", 30, 1, 480),      # live view: a longer wait is highlighted
    Declared("queue_display_recent_calls", 8, 3, 20),      # hall display: the list of recent calls
    Declared("queue_follow_up_working_days", 5, 1, 30),    # deadline of a bad rating's follow-up
    Declared("queue_rating_timeout_seconds", 90, 10, 600), # a visitor who walks away: the rating closes
)

# 好差评 levels (国办发〔2019〕51号), best first: 非常满意 满意 基本满意 不满意 非常不满意
RATINGS = ("very_satisfied", "satisfied", "basically_satisfied", "dissatisfied", "very_dissatisfied")
BAD_RATINGS = frozenset({"dissatisfied", "very_dissatisfied"})
POSITIONS = ("front", "end", "original")
CASE_KINDS = ("petition", "mediation")
RECORD_MAX = 500
MAX_SEQ = 999
EVENT_LOCK_KEY = 0x4F4E45  # pg_advisory_xact_lock key that orders queue_event inserts
_EPOCH = dt.datetime(2000, 1, 1)


# ---------------------------------------------------------------- DTOs

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
    id: int
    ticket_id: int
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


# ---------------------------------------------------------------- helpers (inside an open unit of work)

_T = Ticket.__table__
_S = QueueService.__table__
_WS = WindowState.__table__
_E = QueueEvent.__table__
_SERVICE_LETTER = select(_S.c.letter).where(_S.c.id == _T.c.service_id).scalar_subquery().label("service_letter")
_SERVICE_NAME = select(_S.c.name).where(_S.c.id == _T.c.service_id).scalar_subquery().label("service_name")
_W = Window.__table__

# The statements of the busiest paths are built once (plain Core, bound parameters): building and keying a
# statement costs more CPU than PostgreSQL needs to run it.
_HELD = (select(_T.c.number).where(_T.c.window_id == _W.c.id, _T.c.status.in_((CALLED, SERVING)))
         .limit(1).scalar_subquery())
_LOCK_WINDOW = (select(_W.c.id, _W.c.number, _W.c.active, _WS.c.paused, _WS.c.clerk_id, _HELD)
                .join(_WS, _WS.c.window_id == _W.c.id).where(_W.c.number == bindparam("p_number"))
                .with_for_update(of=_WS))
_PICK = (select(_T.c.id).where(
    _T.c.day == bindparam("p_day"), _T.c.status == WAITING,
    or_(and_(_T.c.service_id.in_(select(window_service.c.service_id)
                                 .where(window_service.c.window_id == bindparam("p_window"))),
             _T.c.target_window_id.is_(None)),
        _T.c.target_window_id == bindparam("p_window")))
    .order_by(_T.c.rank, _T.c.queue_order, _T.c.id).limit(1).with_for_update(skip_locked=True))
_CLAIM = (update(_T).where(_T.c.id == _PICK.scalar_subquery())
          .values(status=CALLED, window_id=bindparam("p_window"), clerk_id=bindparam("p_clerk"), call_count=1,
                  first_called_at=func.coalesce(_T.c.first_called_at, bindparam("p_now", type_=_T.c.issued_at.type)),
                  last_called_at=bindparam("p_now", type_=_T.c.issued_at.type))
          .returning(*_T.c, _SERVICE_LETTER, _SERVICE_NAME))
_HELD_TICKET = (select(_T, _SERVICE_LETTER, _SERVICE_NAME).where(_T.c.id == bindparam("p_ticket"))
                .with_for_update(of=_T))
_EVENT_COLUMNS = ("at", "day", "kind", "ticket_id", "number", "service_id", "window_no", "actor_id", "detail")
_INSERT_EVENT = insert(_E)
# PostgreSQL: the first event of a transaction takes the advisory lock in the same statement, before its id
_INSERT_EVENT_LOCKED = insert(_E).from_select(list(_EVENT_COLUMNS), select(
    *[bindparam(f"p_{c}", type_=_E.c[c].type) for c in _EVENT_COLUMNS]).select_from(
    select(func.pg_advisory_xact_lock(EVENT_LOCK_KEY).label("locked")).subquery()))


@dataclass(frozen=True)
class _Win:
    """A window and its state row, locked for the transaction, with the ticket it holds (if any)."""

    id: int
    number: int
    active: bool
    paused: bool
    clerk_id: int | None
    held: str | None  # number of the ticket called or served there now


def _ms(at: dt.datetime) -> int:
    return int((at - _EPOCH).total_seconds() * 1000)


def _base_rank(t) -> int:
    if t["appointment_id"] is not None:
        return RANK_APPOINTMENT
    return RANK_PRIORITY if t["priority"] else RANK_NORMAL


def _service(uow, service_id: int) -> QueueService:
    service = uow.session.get(QueueService, service_id)
    if service is None:
        raise NotFound(entity="service", key=service_id)
    return service


def _window_number(uow, window_id: int | None, known: _Win | None = None) -> int | None:
    if window_id is None:
        return None
    if known is not None and known.id == window_id:
        return known.number
    return uow.session.scalar(select(Window.number).where(Window.id == window_id))


def _case_no(uow, case_kind: str | None, case_id: int | None) -> str:
    if case_kind is None or case_id is None:
        return ""
    model = Petition if case_kind == "petition" else Dispute
    return uow.session.scalar(select(model.case_no).where(model.id == case_id)) or ""


def _info(uow, t, win: _Win | None = None) -> TicketInfo:
    """A TicketInfo from a ticket row (a mapping with the service's letter and name, or an ORM ticket)."""
    if isinstance(t, Ticket):
        service = _service(uow, t.service_id)
        t = {**{c.key: getattr(t, c.key) for c in _T.c}, "service_letter": service.letter,
             "service_name": service.name}
    return TicketInfo(
        t["id"], t["number"], t["day"], t["service_id"], t["service_letter"], t["service_name"], t["status"],
        t["priority"], t["appointment_id"] is not None, t["visitor_name"], t["issued_at"], t["first_called_at"],
        t["last_called_at"], t["call_count"], t["started_at"], t["finished_at"],
        _window_number(uow, t["window_id"], win), _window_number(uow, t["target_window_id"], win),
        t["service_id"] != t["issued_service_id"] or t["target_window_id"] is not None or t["rank"] == RANK_FRONT,
        t["record"], t["case_kind"], t["case_id"], t["rating"], _case_no(uow, t["case_kind"], t["case_id"]))


def log_event(uow, kind: str, *, ticket=None, window_no: int | None = None, detail: dict | None = None) -> None:
    """Inside an open unit of work, as its last write: append one queue event (``ticket`` is a mapping
    or an object with id, number and service_id).

    On PostgreSQL the first event of a transaction is inserted through ``pg_advisory_xact_lock``, so ids
    are handed out in commit order (see the module docstring). Pending ORM changes are flushed first.
    """
    session = uow.session
    session.flush()
    now = uow.now()
    get = (lambda k: ticket[k]) if isinstance(ticket, dict) else (lambda k: getattr(ticket, k))
    values = {"at": now, "day": now.date(), "kind": kind,
              "ticket_id": None if ticket is None else get("id"),
              "number": "" if ticket is None else get("number"),
              "service_id": None if ticket is None else get("service_id"),
              "window_no": window_no, "actor_id": uow.actor.user_id, "detail": detail or None}
    connection = session.connection()
    if uow.kind == "postgresql" and not session.info.get("queue_event_lock"):
        session.info["queue_event_lock"] = True
        connection.execute(_INSERT_EVENT_LOCKED, {f"p_{k}": v for k, v in values.items()})
    else:
        connection.execute(_INSERT_EVENT, values)


def _window_no(uow, window_no: int | None) -> int:
    """The window the actor works at: a person's own window; a system actor names one."""
    actor = uow.actor
    if actor.role == "system":
        if window_no is None:
            raise NoWindow(username=actor.username)
        return window_no
    if actor.window_no is None:
        raise NoWindow(username=actor.username)
    if window_no is not None and window_no != actor.window_no:
        raise PermissionDenied(role=actor.role, permission=Permission.SERVE_WINDOW.value)
    return actor.window_no


def _window(uow, window_no: int) -> Window:
    window = uow.session.scalar(select(Window).where(Window.number == window_no))
    if window is None:
        raise NotFound(entity="window", key=window_no)
    return window


def _my_window(uow, window_no: int | None) -> _Win:
    """The actor's window with its state row locked for this transaction (the row is made on first use)."""
    require(uow, Permission.SERVE_WINDOW)
    number = _window_no(uow, window_no)
    session = uow.session
    row = session.connection().execute(_LOCK_WINDOW, {"p_number": number}).first()
    if row is None:
        window_id = session.scalar(select(Window.id).where(Window.number == number))
        if window_id is None:
            raise NotFound(entity="window", key=number)
        ins = pg_insert if uow.kind == "postgresql" else sqlite_insert
        session.execute(ins(_WS).values(window_id=window_id, paused=False, since=uow.now())
                        .on_conflict_do_nothing())
        row = session.connection().execute(_LOCK_WINDOW, {"p_number": number}).first()
    return _Win(*row)


def _set_window(uow, win: _Win, **values) -> None:
    uow.session.execute(update(_WS).where(_WS.c.window_id == win.id).values(since=uow.now(), **values))


def _held(uow, ticket_id: int, win: _Win, states: tuple[str, ...]) -> dict:
    """The ticket (locked, as a dict) if this window holds it in one of ``states``."""
    row = uow.session.connection().execute(_HELD_TICKET, {"p_ticket": ticket_id}).first()
    if row is None:
        raise NotFound(entity="ticket", key=ticket_id)
    t = dict(row._mapping)
    if t["window_id"] != win.id and (t["status"] in (CALLED, SERVING) or t["status"] in states):
        raise TicketHeldElsewhere(number=t["number"], window_no=_window_number(uow, t["window_id"]))
    if t["status"] not in states:
        raise WrongTicketState(number=t["number"], status=t["status"])
    return t


def _change(uow, t: dict, **values) -> dict:
    """Update the ticket row; returns the row as it now is."""
    uow.session.execute(update(_T).where(_T.c.id == t["id"]).values(**values))
    return {**t, **values}


def _check_open(uow, now: dt.datetime) -> None:
    if get_setting(uow, "queue_issue_outside_hours"):
        return
    center = uow.session.execute(select(Center.opens_at, Center.closes_at).limit(1)).first()
    hall = hall_status(uow, now.date())  # a make-up working day opens like a weekday; a day off says why
    opens, closes = hall.opens_at, hall.closes_at
    if not hall.is_open:
        raise HallClosed(opens_at=opens, closes_at=closes, workday=False, day=hall.day, kind=hall.kind,
                         note=hall.note, next_open=hall.next_open)
    if center is None or not (opens <= now.time() < closes):
        raise OutsideOpeningHours(opens_at=opens, closes_at=closes, workday=hall.kind in ("workday", "makeup"))


def _next_seq(uow, day: dt.date, service_id: int) -> int:
    ins = pg_insert if uow.kind == "postgresql" else sqlite_insert
    c = TicketCounter.__table__.c
    stmt = ins(TicketCounter.__table__).values(day=day, service_id=service_id, last_seq=1)
    stmt = stmt.on_conflict_do_update(index_elements=[c.day, c.service_id],
                                      set_={"last_seq": c.last_seq + 1}).returning(c.last_seq)
    return uow.session.execute(stmt).scalar_one()


def _new_ticket(uow, service: QueueService, *, priority: bool, appointment: Appointment | None) -> dict:
    now = uow.now()
    _check_open(uow, now)
    if not service.active:
        raise Invalid(field="service_id", reason="inactive")
    seq = _next_seq(uow, now.date(), service.id)
    if seq > MAX_SEQ:
        raise DailyNumbersExhausted(letter=service.letter)
    order = _ms(now)
    rank = RANK_APPOINTMENT if appointment else RANK_PRIORITY if priority else RANK_NORMAL
    values = dict(day=now.date(), service_id=service.id, issued_service_id=service.id, seq=seq,
                  number=f"{service.letter}{seq:03d}", priority=priority,
                  appointment_id=appointment.id if appointment else None,
                  visitor_name=appointment.visitor_name if appointment else "", status=WAITING, rank=rank,
                  queue_order=order, issued_order=order, target_window_id=None, window_id=None, clerk_id=None,
                  issued_at=now, first_called_at=None, last_called_at=None, call_count=0, started_at=None,
                  finished_at=None, record="", case_kind=None, case_id=None, rating=None, rated_at=None)
    ticket_id = uow.session.execute(insert(_T).values(**values).returning(_T.c.id)).scalar_one()
    return {**values, "id": ticket_id, "service_letter": service.letter, "service_name": service.name}


def _waiting_ahead(uow, t: dict) -> int:
    c = _T.c
    return uow.session.scalar(select(func.count()).where(
        c.day == t["day"], c.status == WAITING, c.service_id == t["service_id"],
        tuple_(c.rank, c.queue_order, c.id) < tuple_(t["rank"], t["queue_order"], t["id"]))) or 0


# ---------------------------------------------------------------- issuing

def issue_ticket(uow, *, service_id: int, priority: bool = False) -> IssuedTicket:
    """The kiosk (or a clerk for a visitor): the next number of ``service_id`` today."""
    with uow:
        require(uow, Permission.ISSUE_TICKET)
        t = _new_ticket(uow, _service(uow, service_id), priority=priority, appointment=None)
        ahead = _waiting_ahead(uow, t)
        log_event(uow, "issued", ticket=t, detail={"priority": priority, "ahead": ahead})
        info = _info(uow, t)
        uow.commit()
        return IssuedTicket(info, ahead)


def check_in_appointment(uow, *, code: str) -> IssuedTicket:
    """A visitor with an appointment today checks in with its code and joins the front of the service."""
    code = (code or "").strip()
    with uow:
        require(uow, Permission.ISSUE_TICKET)
        today = uow.now().date()
        appointment = uow.session.scalar(select(Appointment).where(
            Appointment.day == today, Appointment.code == code).with_for_update())
        if appointment is None or appointment.status == "cancelled":
            raise AppointmentUnknown(code=code)
        if appointment.status == "checked_in":
            number = uow.session.scalar(select(Ticket.number).where(Ticket.appointment_id == appointment.id))
            raise AppointmentUsed(code=code, number=number or "")
        uow.action = "appointment.check_in"
        t = _new_ticket(uow, _service(uow, appointment.service_id), priority=False, appointment=appointment)
        appointment.status = "checked_in"
        ahead = _waiting_ahead(uow, t)
        log_event(uow, "issued", ticket=t, detail={"appointment": True, "ahead": ahead,
                                                   "name": mask_name(appointment.visitor_name)})
        info = _info(uow, t)
        uow.commit()
        return IssuedTicket(info, ahead)


def _appointment_info(uow, a: Appointment) -> AppointmentInfo:
    return AppointmentInfo(a.id, a.day, a.slot, a.code, a.service_id, _service(uow, a.service_id).name,
                           a.visitor_name, mask_phone(a.phone), a.status)


def book_appointment(uow, *, service_id: int, day: dt.date, slot: dt.time, visitor_name: str,
                     phone: str = "") -> AppointmentInfo:
    """Book a visit; the visitor gets a six-digit code to check in with at the kiosk on that day."""
    check_date("appointment_day", day)
    check_date("appointment_slot", slot, kind=dt.time)
    check_text("visitor_name", visitor_name)
    check_text("phone", phone)
    visitor_name, phone = visitor_name.strip(), phone.strip()
    with uow:
        require(uow, Permission.ISSUE_TICKET)
        service = _service(uow, service_id)
        if not service.active:
            raise Invalid(field="service_id", reason="inactive")
        if not visitor_name:
            raise Invalid(field="visitor_name", reason="empty")
        if len(visitor_name) > 40:
            raise Invalid(field="visitor_name", reason="length", maximum=40)
        if phone and (not phone.isdigit() or not 7 <= len(phone) <= 20):
            raise Invalid(field="phone", reason="format")
        now = uow.now()
        if day < now.date() or (day == now.date() and slot < now.time().replace(second=0)):
            raise Invalid(field="appointment_day", reason="past")
        if not load_calendar(uow).is_workday(day):
            raise Invalid(field="appointment_day", reason="day_off")
        center = uow.session.scalar(select(Center).limit(1))
        if center and not (center.opens_at <= slot < center.closes_at):
            raise Invalid(field="appointment_slot", reason="outside_hours")
        taken = set(uow.session.scalars(select(Appointment.code).where(Appointment.day == day)))
        code = f"{secrets.randbelow(1_000_000):06d}"
        while code in taken:
            code = f"{secrets.randbelow(1_000_000):06d}"
        uow.action = "appointment.book"
        a = Appointment(day=day, slot=slot, code=code, service_id=service.id, visitor_name=visitor_name,
                        phone=phone, status="booked", created_by=uow.actor.user_id, created_at=now)
        uow.session.add(a)
        uow.session.flush()
        info = _appointment_info(uow, a)
        uow.commit()
        return info


def cancel_appointment(uow, *, appointment_id: int) -> AppointmentInfo:
    with uow:
        require(uow, Permission.ISSUE_TICKET)
        a = uow.session.get(Appointment, appointment_id)
        if a is None:
            raise NotFound(entity="appointment", key=appointment_id)
        if a.status != "booked":
            raise Invalid(field="appointment", reason=a.status)
        uow.action = "appointment.cancel"
        a.status = "cancelled"
        info = _appointment_info(uow, a)
        uow.commit()
        return info


def list_appointments(uow, *, day: dt.date) -> list[AppointmentInfo]:
    with uow:
        require(uow, Permission.ISSUE_TICKET)
        rows = uow.session.scalars(select(Appointment).where(Appointment.day == day)
                                   .order_by(Appointment.slot, Appointment.id))
        return [_appointment_info(uow, a) for a in rows]


# ---------------------------------------------------------------- the window

def sign_in_window(uow, *, window_no: int | None = None) -> WindowStatus:
    """The clerk opens the call panel: the window now shows them as the one serving it."""
    with uow:
        win = _my_window(uow, window_no)
        if win.clerk_id != uow.actor.user_id or uow.actor.user_id is None:
            _set_window(uow, win, clerk_id=uow.actor.user_id)
            log_event(uow, "signed_in", window_no=win.number,
                      detail={"replaced": win.clerk_id} if win.clerk_id else None)
        status = _status_of(uow, win.number)
        uow.commit()
        return status


def sign_out_window(uow, *, window_no: int | None = None) -> None:
    with uow:
        win = _my_window(uow, window_no)
        if win.clerk_id is not None and win.clerk_id == uow.actor.user_id:
            _set_window(uow, win, clerk_id=None)
            log_event(uow, "signed_out", window_no=win.number)
        uow.commit()


def set_paused(uow, *, paused: bool, window_no: int | None = None) -> WindowStatus:
    """Pause (暂停) or resume the window. A paused window keeps its current ticket but calls no one."""
    with uow:
        win = _my_window(uow, window_no)
        if win.paused != paused:
            _set_window(uow, win, paused=paused)
            log_event(uow, "paused" if paused else "resumed", window_no=win.number)
        status = _status_of(uow, win.number)
        uow.commit()
        return status


def call_next(uow, *, window_no: int | None = None) -> CalledTicket | None:
    """Claim the first waiting ticket this window may serve and call it. None when nobody waits."""
    with uow:
        win = _my_window(uow, window_no)
        if not win.active:
            raise WindowNotServing(window_no=win.number)
        if win.paused:
            raise WindowPaused(window_no=win.number)
        if win.held is not None:
            raise WindowBusy(window_no=win.number, number=win.held)
        now = uow.now()
        row = uow.session.connection().execute(_CLAIM, {
            "p_day": now.date(), "p_window": win.id, "p_clerk": uow.actor.user_id, "p_now": now}).first()
        if row is None:
            if not uow.session.scalar(select(func.count()).where(window_service.c.window_id == win.id)):
                raise WindowNotServing(window_no=win.number)
            return None
        t = dict(row._mapping)
        if uow.actor.user_id is not None and win.clerk_id != uow.actor.user_id:
            _set_window(uow, win, clerk_id=uow.actor.user_id)  # calling shows who is at the window
        log_event(uow, "called", ticket=t, window_no=win.number,
                  detail={"call": 1, "waited": int((now - t["issued_at"]).total_seconds()),
                          "name": mask_name(t["visitor_name"]) or None})
        info = _info(uow, t, win)
        uow.commit()
        return CalledTicket(info, win.number, 1)


def recall(uow, *, ticket_id: int, window_no: int | None = None) -> CalledTicket:
    """Call the held ticket again (重呼): at most the configured number of calls, with a minimum gap."""
    with uow:
        win = _my_window(uow, window_no)
        t = _held(uow, ticket_id, win, (CALLED,))
        now = uow.now()
        max_calls = get_setting(uow, "queue_recall_max_calls")
        if t["call_count"] >= max_calls:
            raise RecallLimit(number=t["number"], max_calls=max_calls)
        gap = get_setting(uow, "queue_recall_min_gap_seconds")
        elapsed = (now - t["last_called_at"]).total_seconds()
        if elapsed < gap:
            raise RecallTooSoon(number=t["number"], wait_seconds=int(gap - elapsed + 0.999))
        t = _change(uow, t, call_count=t["call_count"] + 1, last_called_at=now)
        log_event(uow, "recalled", ticket=t, window_no=win.number,
                  detail={"call": t["call_count"], "name": mask_name(t["visitor_name"]) or None})
        info = _info(uow, t, win)
        uow.commit()
        return CalledTicket(info, win.number, t["call_count"])


def mark_no_show(uow, *, ticket_id: int, window_no: int | None = None) -> TicketInfo:
    """过号: after the last call and its gap the visitor did not come. A late arrival can be re-queued."""
    with uow:
        win = _my_window(uow, window_no)
        t = _held(uow, ticket_id, win, (CALLED,))
        now = uow.now()
        max_calls = get_setting(uow, "queue_recall_max_calls")
        gap = get_setting(uow, "queue_recall_min_gap_seconds")
        wait = max(0, int(gap - (now - t["last_called_at"]).total_seconds() + 0.999))
        if t["call_count"] < max_calls or wait > 0:
            raise NoShowTooEarly(number=t["number"], calls_left=max(0, max_calls - t["call_count"]),
                                 wait_seconds=wait)
        t = _change(uow, t, status=NO_SHOW)
        log_event(uow, "no_show", ticket=t, window_no=win.number, detail={"calls": t["call_count"]})
        info = _info(uow, t, win)
        uow.commit()
        return info


def _place(t: dict, position: str, now: dt.datetime) -> dict:
    if position not in POSITIONS:
        raise Invalid(field="position", reason="unknown", value=position)
    if position == "front":
        return {"rank": RANK_FRONT, "queue_order": _ms(now)}
    if position == "end":
        return {"rank": _base_rank(t), "queue_order": _ms(now)}
    return {"rank": _base_rank(t), "queue_order": t["issued_order"]}


def requeue(uow, *, number: str, position: str = "end") -> TicketInfo:
    """A late arrival: today's no-show ticket ``number`` joins the line again."""
    number = (number or "").strip().upper()
    with uow:
        require(uow, Permission.SERVE_WINDOW)
        now = uow.now()
        row = uow.session.execute(select(_T, _SERVICE_LETTER, _SERVICE_NAME).where(
            _T.c.day == now.date(), _T.c.number == number).with_for_update(of=_T)).first()
        if row is None:
            raise NotFound(entity="ticket", key=number)
        t = dict(row._mapping)
        if t["status"] != NO_SHOW:
            raise WrongTicketState(number=t["number"], status=t["status"])
        t = _change(uow, t, status=WAITING, window_id=None, call_count=0, **_place(t, position, now))
        log_event(uow, "requeued", ticket=t, detail={"position": position})
        info = _info(uow, t)
        uow.commit()
        return info


def _open_windows(uow, *, service_id: int | None = None, window_id: int | None = None) -> int:
    """Windows that would call such a ticket now: active, someone signed in, not paused."""
    q = (select(func.count(func.distinct(Window.id)))
         .join(WindowState, WindowState.window_id == Window.id)
         .where(Window.active, WindowState.clerk_id.is_not(None), WindowState.paused.is_(False)))
    if window_id is not None:
        q = q.where(Window.id == window_id)
    else:
        q = q.join(window_service, window_service.c.window_id == Window.id).where(
            window_service.c.service_id == service_id)
    return uow.session.scalar(q) or 0


def transfer(uow, *, ticket_id: int, service_id: int | None = None, to_window_no: int | None = None,
             position: str = "end", window_no: int | None = None) -> TransferResult:
    """转窗: send the held ticket to another service, or to one window, at the front, the end, or in its
    original order. Allowed when no window of the target is open; ``open_windows`` says so."""
    with uow:
        win = _my_window(uow, window_no)
        if (service_id is None) == (to_window_no is None):
            raise Invalid(field="transfer_target", reason="one_target")
        t = _held(uow, ticket_id, win, (CALLED, SERVING))
        now = uow.now()
        changes = dict(status=WAITING, window_id=None, call_count=0, started_at=None, **_place(t, position, now))
        if to_window_no is not None:
            if to_window_no == win.number:
                raise Invalid(field="transfer_target", reason="same_window")
            target = _window(uow, to_window_no)
            if not target.active:
                raise WindowNotServing(window_no=to_window_no)
            changes["target_window_id"] = target.id
        else:
            service = _service(uow, service_id)
            if not service.active:
                raise Invalid(field="service_id", reason="inactive")
            changes.update(service_id=service.id, target_window_id=None)
        from_service = t["service_id"]
        t = _change(uow, t, **changes)
        if to_window_no is None:
            t.update(service_letter=service.letter, service_name=service.name)
        open_windows = _open_windows(uow, service_id=t["service_id"], window_id=t["target_window_id"])
        log_event(uow, "transferred", ticket=t, window_no=win.number, detail={
            "from_service": from_service, "to_service": service_id, "position": position,
            "to_window": to_window_no})
        info = _info(uow, t, win)
        uow.commit()
        return TransferResult(info, service_id, to_window_no, position, open_windows)


def start_service(uow, *, ticket_id: int, window_no: int | None = None) -> TicketInfo:
    """The called visitor has arrived at the window: service time starts now."""
    with uow:
        win = _my_window(uow, window_no)
        t = _change(uow, _held(uow, ticket_id, win, (CALLED,)), status=SERVING, started_at=uow.now())
        log_event(uow, "started", ticket=t, window_no=win.number)
        info = _info(uow, t, win)
        uow.commit()
        return info


def finish_service(uow, *, ticket_id: int, record: str = "", case_kind: str | None = None,
                   case_id: int | None = None, window_no: int | None = None) -> TicketInfo:
    """Finish with a short record of what was done (and a case opened for it, if any).

    A ticket finished without an explicit start counts its service from its last call.
    """
    record = (record or "").strip()
    with uow:
        win = _my_window(uow, window_no)
        if len(record) > RECORD_MAX:
            raise Invalid(field="record", reason="length", maximum=RECORD_MAX)
        if case_kind is not None and case_kind not in CASE_KINDS:
            raise Invalid(field="case_kind", reason="unknown", value=case_kind)
        t = _held(uow, ticket_id, win, (CALLED, SERVING))
        now = uow.now()
        implicit = t["status"] == CALLED
        changes = dict(status=FINISHED, finished_at=now, record=record)
        if implicit:
            changes["started_at"] = t["last_called_at"]
        if case_kind is not None:
            changes.update(case_kind=case_kind, case_id=case_id)
        t = _change(uow, t, **changes)
        if implicit:
            log_event(uow, "started", ticket=t, window_no=win.number, detail={"implicit": True})
        log_event(uow, "finished", ticket=t, window_no=win.number, detail={
            "service_seconds": int((now - t["started_at"]).total_seconds()),
            "case": f"{case_kind}:{case_id}" if case_kind else None})
        info = _info(uow, t, win)
        uow.commit()
        return info


def link_case(uow, *, ticket_id: int, case_kind: str, case_id: int) -> None:
    """Inside an open unit of work (the petition or mediation service that opened the case): remember
    that the visitor of ``ticket_id`` led to this case."""
    if case_kind not in CASE_KINDS:
        raise Invalid(field="case_kind", reason="unknown", value=case_kind)
    row = uow.session.execute(select(_T.c.id, _T.c.number, _T.c.service_id).where(_T.c.id == ticket_id)
                              .with_for_update()).first()
    if row is None:
        raise NotFound(entity="ticket", key=ticket_id)
    uow.session.execute(update(_T).where(_T.c.id == ticket_id).values(case_kind=case_kind, case_id=case_id))
    log_event(uow, "linked", ticket=dict(row._mapping), detail={"case": f"{case_kind}:{case_id}"})


def rate_service(uow, *, ticket_id: int, rating: str, window_no: int | None = None) -> RatingResult:
    """好差评: the visitor rates the finished service once. A bad rating opens a follow-up that is due the
    configured number of working days later. The same rating sent again (a late duplicate) changes nothing
    and returns what was recorded; a different one is refused (AlreadyRated)."""
    with uow:
        if rating not in RATINGS:
            raise Invalid(field="rating", reason="unknown", value=rating)
        win = _my_window(uow, window_no)
        t = _held(uow, ticket_id, win, (FINISHED,))
        if t["rating"] == rating:
            follow_up = uow.session.scalar(select(RatingFollowUp).where(RatingFollowUp.ticket_id == t["id"])
                                           .order_by(RatingFollowUp.id).limit(1))
            return RatingResult(t["number"], rating, follow_up and follow_up.id, follow_up and follow_up.due_on)
        if t["rating"] is not None:
            raise AlreadyRated(number=t["number"], rating=t["rating"])
        now = uow.now()
        t = _change(uow, t, rating=rating, rated_at=now)
        follow_up = None
        if rating in BAD_RATINGS:
            uow.action = "queue.follow_up.open"
            days = get_setting(uow, "queue_follow_up_working_days")
            follow_up = RatingFollowUp(ticket_id=t["id"], rating=rating, opened_at=now, status="open",
                                       due_on=load_calendar(uow).add_working_days(now.date(), days), answer="")
            uow.session.add(follow_up)
            uow.session.flush()
        log_event(uow, "rated", ticket=t, window_no=win.number, detail={"rating": rating})
        result = RatingResult(t["number"], rating, follow_up and follow_up.id, follow_up and follow_up.due_on)
        uow.commit()
        return result


# ---------------------------------------------------------------- reading

def _served_today(uow, day: dt.date, window_id: int | None = None) -> dict[int, tuple[int, dt.datetime]]:
    """Per window: tickets finished today and when the last one was."""
    q = (select(Ticket.window_id, func.count(), func.max(Ticket.finished_at))
         .where(Ticket.day == day, Ticket.status == FINISHED))
    if window_id is not None:
        q = q.where(Ticket.window_id == window_id)
    return {w: (n, last) for w, n, last in uow.session.execute(q.group_by(Ticket.window_id))}


def _call_rules(uow) -> tuple[int, int, int]:
    """The settings a window's calls follow: most calls, seconds between calls, rating timeout."""
    return (get_setting(uow, "queue_recall_max_calls"), get_setting(uow, "queue_recall_min_gap_seconds"),
            get_setting(uow, "queue_rating_timeout_seconds"))


def _status(uow, window: Window, state: WindowState | None, served: dict[int, int] | None = None,
            clerk_names: dict[int, str] | None = None, held: dict[int, Ticket] | None = None,
            rules: tuple[int, int, int] | None = None) -> WindowStatus:
    if held is None:
        t = uow.session.scalar(select(Ticket).where(Ticket.window_id == window.id,
                                                    Ticket.status.in_((CALLED, SERVING))).limit(1))
    else:
        t = held.get(window.id)
    ticket = _info(uow, t) if t is not None else None
    clerk_id = state.clerk_id if state else None
    if clerk_names is not None:
        clerk = clerk_names.get(clerk_id, "")
    else:
        clerk = uow.session.scalar(select(User.full_name).where(User.id == clerk_id)) if clerk_id else ""
    paused = bool(state and state.paused)
    kind = "paused" if paused else "closed" if clerk_id is None else "serving" if ticket else "idle"
    if served is None:
        served = _served_today(uow, uow.now().date(), window.id)
    count, last_finish = served.get(window.id, (0, None))
    since = state.since if state else None
    if ticket is not None and not paused:
        since = ticket.started_at or ticket.last_called_at
    elif kind == "idle" and last_finish is not None and since is not None:
        since = max(since, last_finish)  # idle since the last visitor left
    return WindowStatus(window.id, window.number, window.name, kind, paused, clerk_id, clerk or "", since,
                        tuple(s.id for s in window.services), tuple(s.letter for s in window.services), ticket,
                        count, *(rules or _call_rules(uow)))


def _status_of(uow, window_no: int) -> WindowStatus:
    window = _window(uow, window_no)
    uow.session.expire_all()  # the state row may have been changed with a Core update
    return _status(uow, window, uow.session.get(WindowState, window.id))


def window_status(uow, *, window_no: int | None = None) -> WindowStatus:
    """The call panel's view of its window: state, current ticket, services, served today."""
    with uow:
        require(uow, Permission.SERVE_WINDOW)
        return _status_of(uow, _window_no(uow, window_no))


def _waiting_query(uow, window: Window, day: dt.date):
    t = _T.c
    services = select(window_service.c.service_id).where(window_service.c.window_id == window.id)
    return select(Ticket).where(
        t.day == day, t.status == WAITING,
        or_(and_(t.service_id.in_(services), t.target_window_id.is_(None)), t.target_window_id == window.id))


def count_waiting(uow, *, window_no: int | None = None) -> int:
    with uow:
        require(uow, Permission.SERVE_WINDOW)
        window = _window(uow, _window_no(uow, window_no))
        q = _waiting_query(uow, window, uow.now().date()).subquery()
        return uow.session.scalar(select(func.count()).select_from(q)) or 0


def list_waiting(uow, *, window_no: int | None = None, offset: int = 0, limit: int = 200) -> list[WaitingRow]:
    """The tickets this window may call, in calling order."""
    with uow:
        require(uow, Permission.SERVE_WINDOW)
        window = _window(uow, _window_no(uow, window_no))
        now = uow.now()
        rows = uow.session.scalars(_waiting_query(uow, window, now.date())
                                   .order_by(Ticket.rank, Ticket.queue_order, Ticket.id)
                                   .offset(offset).limit(limit))
        out = []
        for t in rows:
            s = _service(uow, t.service_id)
            out.append(WaitingRow(t.id, t.number, s.letter, s.name, t.issued_at,
                                  max(0, int((now - t.issued_at).total_seconds())), t.priority,
                                  t.appointment_id is not None,
                                  t.service_id != t.issued_service_id or t.target_window_id is not None,
                                  t.rank == RANK_FRONT, _window_number(uow, t.target_window_id),
                                  t.visitor_name))
        return out


def list_no_shows(uow) -> list[TicketInfo]:
    """Today's no-show tickets, newest first (for re-queuing a late arrival)."""
    with uow:
        require(uow, Permission.SERVE_WINDOW)
        rows = uow.session.scalars(select(Ticket).where(Ticket.day == uow.now().date(), Ticket.status == NO_SHOW)
                                   .order_by(Ticket.last_called_at.desc(), Ticket.id.desc()).limit(200))
        return [_info(uow, t) for t in rows]


def transfer_targets(uow) -> tuple[list[ServiceLoad], list[WindowStatus]]:
    """Services and windows a ticket can be sent to, with who can take it now."""
    with uow:
        require(uow, Permission.SERVE_WINDOW)
        return _loads(uow), _windows(uow)


def _loads(uow) -> list[ServiceLoad]:
    now = uow.now()
    t = _T.c
    waiting = {sid: (n, oldest) for sid, n, oldest in uow.session.execute(
        select(t.service_id, func.count(), func.min(t.issued_at))
        .where(t.day == now.date(), t.status == WAITING).group_by(t.service_id))}
    served = dict(uow.session.execute(
        select(t.service_id, func.count()).where(t.day == now.date(), t.status == FINISHED)
        .group_by(t.service_id)).all())
    open_ = dict(uow.session.execute(
        select(window_service.c.service_id, func.count(func.distinct(Window.id)))
        .join(Window, Window.id == window_service.c.window_id)
        .join(WindowState, WindowState.window_id == Window.id)
        .where(Window.active, WindowState.clerk_id.is_not(None), WindowState.paused.is_(False))
        .group_by(window_service.c.service_id)).all())
    out = []
    for s in uow.session.scalars(select(QueueService).where(QueueService.active)
                                 .order_by(QueueService.sort_order, QueueService.letter)):
        n, oldest = waiting.get(s.id, (0, None))
        out.append(ServiceLoad(s.id, s.letter, s.name, n,
                               None if oldest is None else max(0, int((now - oldest).total_seconds())),
                               open_.get(s.id, 0), served.get(s.id, 0)))
    return out


def _windows(uow) -> list[WindowStatus]:
    states = {s.window_id: s for s in uow.session.scalars(select(WindowState))}
    names = dict(uow.session.execute(select(User.id, User.full_name).where(
        User.id.in_([s.clerk_id for s in states.values() if s.clerk_id is not None]))).all())
    served = _served_today(uow, uow.now().date())
    windows = uow.session.scalars(select(Window).options(selectinload(Window.services))
                                  .where(Window.active).order_by(Window.number)).all()
    held = {t.window_id: t for t in uow.session.scalars(select(Ticket).where(  # (window_id, status) index
        Ticket.window_id.in_([w.id for w in windows]), Ticket.status.in_((CALLED, SERVING))))}
    rules = _call_rules(uow)
    return [_status(uow, w, states.get(w.id), served, names, held, rules) for w in windows]


def live_queue(uow) -> LiveQueue:
    """The director's live view: waiting and longest wait per service, and every window's state."""
    with uow:
        require(uow, Permission.VIEW_LIVE_QUEUE)
        return LiveQueue(uow.now(), get_setting(uow, "queue_wait_alert_minutes"), tuple(_loads(uow)),
                         tuple(_windows(uow)))


# ---------------------------------------------------------------- follow-ups of bad ratings

def _follow_up_info(uow, f: RatingFollowUp, t: Ticket, clerk: str | None, today: dt.date) -> FollowUpInfo:
    return FollowUpInfo(f.id, t.id, t.number, t.day, _service(uow, t.service_id).name,
                        _window_number(uow, t.window_id), clerk or "", f.rating, t.record, f.opened_at,
                        f.due_on, f.status, f.answer, f.answered_at, f.status == "open" and f.due_on < today)


def count_follow_ups(uow, *, open_only: bool = False) -> int:
    with uow:
        require(uow, Permission.VIEW_LIVE_QUEUE)
        q = select(func.count(RatingFollowUp.id))
        if open_only:
            q = q.where(RatingFollowUp.status == "open")
        return uow.session.scalar(q) or 0


def list_follow_ups(uow, *, open_only: bool = False, offset: int = 0, limit: int = 200) -> list[FollowUpInfo]:
    """Open ones first, by due date; then answered ones, newest first."""
    with uow:
        require(uow, Permission.VIEW_LIVE_QUEUE)
        today = uow.now().date()
        q = (select(RatingFollowUp, Ticket, User.full_name)
             .join(Ticket, Ticket.id == RatingFollowUp.ticket_id)
             .outerjoin(User, User.id == Ticket.clerk_id))
        if open_only:
            q = q.where(RatingFollowUp.status == "open")
        q = q.order_by((RatingFollowUp.status != "open"), RatingFollowUp.due_on, RatingFollowUp.id.desc())
        return [_follow_up_info(uow, f, t, clerk, today)
                for f, t, clerk in uow.session.execute(q.offset(offset).limit(limit))]


def answer_follow_up(uow, *, follow_up_id: int, answer: str) -> FollowUpInfo:
    """Record what was checked and answered to the visitor; the follow-up is then closed."""
    answer = (answer or "").strip()
    with uow:
        require(uow, Permission.SUPERVISE_CASES)
        if not answer:
            raise Invalid(field="answer", reason="empty")
        if len(answer) > 2000:
            raise Invalid(field="answer", reason="length", maximum=2000)
        f = uow.session.get(RatingFollowUp, follow_up_id, with_for_update=True)
        if f is None:
            raise NotFound(entity="follow_up", key=follow_up_id)
        if f.status != "open":
            raise WrongTicketState(number=str(follow_up_id), status=f.status)
        uow.action = "queue.follow_up.answer"
        f.status, f.answer, f.answered_at, f.answered_by = "answered", answer, uow.now(), uow.actor.user_id
        t = uow.session.get(Ticket, f.ticket_id)
        clerk = uow.session.scalar(select(User.full_name).where(User.id == t.clerk_id)) if t.clerk_id else ""
        info = _follow_up_info(uow, f, t, clerk, uow.now().date())
        uow.commit()
        return info
