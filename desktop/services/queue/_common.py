"""Inside an open unit of work: the queue's settings and constants, its prepared statements and the
helpers every queue service shares (the window locked for the transaction, the held ticket, the event log).

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
from dataclasses import dataclass

from sqlalchemy import and_, bindparam, func, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop.db import UnitOfWork
from desktop.models import (
    Dispute,
    Petition,
    QueueEvent,
    QueueService,
    Ticket,
    Window,
    WindowState,
    window_service,
)
from desktop.models.queue import (
    CALLED,
    RANK_APPOINTMENT,
    RANK_FRONT,
    RANK_NORMAL,
    RANK_PRIORITY,
    SERVING,
    WAITING,
)
from desktop.services.errors import PermissionDenied
from desktop.services.permissions import Permission, require
from desktop.services.queue._lookup import _found, _get
from desktop.services.queue.dto import TicketInfo
from desktop.services.queue.errors import NoWindow, TicketHeldElsewhere, WrongTicketState

# 好差评 levels (国办发〔2019〕51号), best first: 非常满意 满意 基本满意 不满意 非常不满意
RATINGS = ("very_satisfied", "satisfied", "basically_satisfied", "dissatisfied", "very_dissatisfied")
BAD_RATINGS = frozenset({"dissatisfied", "very_dissatisfied"})
POSITIONS = ("front", "end", "original")
CASE_KINDS = ("petition", "mediation")
RECORD_MAX = 500
MAX_SEQ = 999
EVENT_LOCK_KEY = 0x4F4E45  # pg_advisory_xact_lock key that orders queue_event inserts
_EPOCH = dt.datetime(2000, 1, 1)


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


def queue_order(at: dt.datetime) -> int:
    """A ticket's place in line for a moment: milliseconds since 2000 (``Ticket.queue_order``)."""
    return int((at - _EPOCH).total_seconds() * 1000)


def _base_rank(t) -> int:
    if t["appointment_id"] is not None:
        return RANK_APPOINTMENT
    return RANK_PRIORITY if t["priority"] else RANK_NORMAL


def _service(uow, service_id: int) -> QueueService:
    return _get(uow, QueueService, service_id, entity="service")


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


def log_event(uow: UnitOfWork, kind: str, *, ticket=None, window_no: int | None = None, detail: dict | None = None) -> None:
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
    return _found(uow.session.scalar(select(Window).where(Window.number == window_no)), entity="window",
                  key=window_no)


def _my_window(uow, window_no: int | None) -> _Win:
    """The actor's window with its state row locked for this transaction (the row is made on first use)."""
    require(uow, Permission.SERVE_WINDOW)
    number = _window_no(uow, window_no)
    session = uow.session
    row = session.connection().execute(_LOCK_WINDOW, {"p_number": number}).first()
    if row is None:
        window_id = _found(session.scalar(select(Window.id).where(Window.number == number)), entity="window",
                           key=number)
        ins = pg_insert if uow.kind == "postgresql" else sqlite_insert
        session.execute(ins(_WS).values(window_id=window_id, paused=False, since=uow.now())
                        .on_conflict_do_nothing())
        row = session.connection().execute(_LOCK_WINDOW, {"p_number": number}).first()
    return _Win(*row)


def _set_window(uow, win: _Win, **values) -> None:
    uow.session.execute(update(_WS).where(_WS.c.window_id == win.id).values(since=uow.now(), **values))


def _held(uow, ticket_id: int, win: _Win, states: tuple[str, ...]) -> dict:
    """The ticket (locked, as a dict) if this window holds it in one of ``states``."""
    row = _found(uow.session.connection().execute(_HELD_TICKET, {"p_ticket": ticket_id}).first(),
                 entity="ticket", key=ticket_id)
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


