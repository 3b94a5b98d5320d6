"""A called visitor: served (started, finished with a record), sent elsewhere (转窗), re-queued after a
no-show, or linked to the case it led to."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update

from desktop.db import UnitOfWork
from desktop.models import Window, WindowState, window_service
from desktop.models.queue import CALLED, FINISHED, NO_SHOW, RANK_FRONT, SERVING, WAITING
from desktop.services.errors import Invalid
from desktop.services.permissions import Permission, require
from desktop.services.queue._common import (
    _SERVICE_LETTER,
    _SERVICE_NAME,
    _T,
    CASE_KINDS,
    POSITIONS,
    RECORD_MAX,
    _base_rank,
    _change,
    _held,
    _info,
    _my_window,
    _service,
    _window,
    log_event,
    queue_order,
)
from desktop.services.queue._lookup import _found
from desktop.services.queue.dto import TicketInfo, TransferResult
from desktop.services.queue.errors import WindowNotServing, WrongTicketState


def _place(t: dict, position: str, now: dt.datetime) -> dict:
    if position not in POSITIONS:
        raise Invalid(field="position", reason="unknown", value=position)
    if position == "front":
        return {"rank": RANK_FRONT, "queue_order": queue_order(now)}
    if position == "end":
        return {"rank": _base_rank(t), "queue_order": queue_order(now)}
    return {"rank": _base_rank(t), "queue_order": t["issued_order"]}


def requeue(uow: UnitOfWork, *, number: str, position: str = "end") -> TicketInfo:
    """A late arrival: today's no-show ticket ``number`` joins the line again."""
    number = (number or "").strip().upper()
    with uow:
        require(uow, Permission.SERVE_WINDOW)
        now = uow.now()
        row = uow.session.execute(select(_T, _SERVICE_LETTER, _SERVICE_NAME).where(
            _T.c.day == now.date(), _T.c.number == number).with_for_update(of=_T)).first()
        row = _found(row, entity="ticket", key=number)
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


def transfer(uow: UnitOfWork, *, ticket_id: int, service_id: int | None = None, to_window_no: int | None = None,
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


def start_service(uow: UnitOfWork, *, ticket_id: int, window_no: int | None = None) -> TicketInfo:
    """The called visitor has arrived at the window: service time starts now."""
    with uow:
        win = _my_window(uow, window_no)
        t = _change(uow, _held(uow, ticket_id, win, (CALLED,)), status=SERVING, started_at=uow.now())
        log_event(uow, "started", ticket=t, window_no=win.number)
        info = _info(uow, t, win)
        uow.commit()
        return info


def finish_service(uow: UnitOfWork, *, ticket_id: int, record: str = "", case_kind: str | None = None,
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


def link_case(uow: UnitOfWork, *, ticket_id: int, case_kind: str, case_id: int) -> None:
    """Inside an open unit of work (the petition or mediation service that opened the case): remember
    that the visitor of ``ticket_id`` led to this case."""
    if case_kind not in CASE_KINDS:
        raise Invalid(field="case_kind", reason="unknown", value=case_kind)
    row = uow.session.execute(select(_T.c.id, _T.c.number, _T.c.service_id).where(_T.c.id == ticket_id)
                              .with_for_update()).first()
    row = _found(row, entity="ticket", key=ticket_id)
    uow.session.execute(update(_T).where(_T.c.id == ticket_id).values(case_kind=case_kind, case_id=case_id))
    log_event(uow, "linked", ticket=dict(row._mapping), detail={"case": f"{case_kind}:{case_id}"})
