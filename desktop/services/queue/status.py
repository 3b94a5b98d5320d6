"""Reading the queue: a window's status, the tickets it may call, today's no-shows, and the director's live
view of every service and window."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from desktop.db import UnitOfWork
from desktop.models import QueueService, Ticket, User, Window, WindowState, window_service
from desktop.models.queue import CALLED, FINISHED, NO_SHOW, RANK_FRONT, SERVING, WAITING
from desktop.services.admin.settings import get_setting
from desktop.services.permissions import Permission, require
from desktop.services.queue._common import _T, _info, _service, _window, _window_no, _window_number
from desktop.services.queue.dto import LiveQueue, ServiceLoad, TicketInfo, WaitingRow, WindowStatus


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


def window_status(uow: UnitOfWork, *, window_no: int | None = None) -> WindowStatus:
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


def count_waiting(uow: UnitOfWork, *, window_no: int | None = None) -> int:
    with uow:
        require(uow, Permission.SERVE_WINDOW)
        window = _window(uow, _window_no(uow, window_no))
        q = _waiting_query(uow, window, uow.now().date()).subquery()
        return uow.session.scalar(select(func.count()).select_from(q)) or 0


def list_waiting(uow: UnitOfWork, *, window_no: int | None = None, offset: int = 0, limit: int = 200) -> list[WaitingRow]:
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


def list_no_shows(uow: UnitOfWork) -> list[TicketInfo]:
    """Today's no-show tickets, newest first (for re-queuing a late arrival)."""
    with uow:
        require(uow, Permission.SERVE_WINDOW)
        rows = uow.session.scalars(select(Ticket).where(Ticket.day == uow.now().date(), Ticket.status == NO_SHOW)
                                   .order_by(Ticket.last_called_at.desc(), Ticket.id.desc()).limit(200))
        return [_info(uow, t) for t in rows]


def transfer_targets(uow: UnitOfWork) -> tuple[list[ServiceLoad], list[WindowStatus]]:
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


def live_queue(uow: UnitOfWork) -> LiveQueue:
    """The director's live view: waiting and longest wait per service, and every window's state."""
    with uow:
        require(uow, Permission.VIEW_LIVE_QUEUE)
        return LiveQueue(uow.now(), get_setting(uow, "queue_wait_alert_minutes"), tuple(_loads(uow)),
                         tuple(_windows(uow)))
