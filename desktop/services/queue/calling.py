"""The window (窗口): signing in and out, pausing, calling the next visitor, recalling, no-shows."""

from __future__ import annotations

from sqlalchemy import func, select

from desktop.db import UnitOfWork
from desktop.models import window_service
from desktop.models.queue import CALLED, NO_SHOW
from desktop.services.admin.settings import get_setting
from desktop.services.people import mask_name
from desktop.services.queue._common import _CLAIM, _change, _held, _info, _my_window, _set_window, log_event
from desktop.services.queue.dto import CalledTicket, TicketInfo, WindowStatus
from desktop.services.queue.errors import (
    NoShowTooEarly,
    RecallLimit,
    RecallTooSoon,
    WindowBusy,
    WindowNotServing,
    WindowPaused,
)
from desktop.services.queue.status import _status_of


def sign_in_window(uow: UnitOfWork, *, window_no: int | None = None) -> WindowStatus:
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


def sign_out_window(uow: UnitOfWork, *, window_no: int | None = None) -> None:
    with uow:
        win = _my_window(uow, window_no)
        if win.clerk_id is not None and win.clerk_id == uow.actor.user_id:
            _set_window(uow, win, clerk_id=None)
            log_event(uow, "signed_out", window_no=win.number)
        uow.commit()


def set_paused(uow: UnitOfWork, *, paused: bool, window_no: int | None = None) -> WindowStatus:
    """Pause (暂停) or resume the window. A paused window keeps its current ticket but calls no one."""
    with uow:
        win = _my_window(uow, window_no)
        if win.paused != paused:
            _set_window(uow, win, paused=paused)
            log_event(uow, "paused" if paused else "resumed", window_no=win.number)
        status = _status_of(uow, win.number)
        uow.commit()
        return status


def call_next(uow: UnitOfWork, *, window_no: int | None = None) -> CalledTicket | None:
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


def recall(uow: UnitOfWork, *, ticket_id: int, window_no: int | None = None) -> CalledTicket:
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


def mark_no_show(uow: UnitOfWork, *, ticket_id: int, window_no: int | None = None) -> TicketInfo:
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
