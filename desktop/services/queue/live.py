"""What screens (hall display, kiosk, call panels, live view) read to follow the queue: the event log
after a given id, today's state rebuilt from it, and waiting counts.

A screen keeps ``last_id`` and asks ``poll(uow, after_id=last_id)`` on a short timer: one indexed query on
the primary key, plus the waiting counts when something happened. A screen started late (or restarted)
calls ``hall_snapshot`` and folds today's events into a ``HallBoard`` — the same fold it then applies to
each new event, so a rebuilt board equals one that watched all day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from desktop.db import Actor, UnitOfWork
from desktop.models import Center, QueueEvent, QueueService, Ticket, Window, WindowState
from desktop.models.queue import WAITING
from desktop.services.admin.settings import get_setting
from desktop.services.queue.board import HallSetup, QueueEventInfo, Snapshot


@dataclass(frozen=True)
class Poll:
    events: tuple[QueueEventInfo, ...]
    last_id: int
    waiting: dict[int, int] | None  # service id -> waiting today; None when nothing happened
    day: dt.date


def as_screen(ctx, name: str):
    """The context a kiosk or display works in: a named system actor (audit entries say "kiosk")."""
    return ctx.as_user(Actor.system(name))


def _event(e: QueueEvent) -> QueueEventInfo:
    return QueueEventInfo(e.id, e.at, e.kind, e.ticket_id, e.number, e.service_id, e.window_no, e.detail or {})


def _waiting(uow, day: dt.date) -> dict[int, int]:
    t = Ticket.__table__.c
    return dict(uow.session.execute(select(t.service_id, func.count()).where(
        t.day == day, t.status == WAITING).group_by(t.service_id)).all())


def _setup(uow) -> HallSetup:
    center = uow.session.execute(select(Center.name, Center.opens_at, Center.closes_at).limit(1)).first()
    name, opens, closes = center if center else ("", dt.time(8, 30), dt.time(17, 30))
    services = tuple(tuple(r) for r in uow.session.execute(
        select(QueueService.id, QueueService.letter, QueueService.name, QueueService.description)
        .where(QueueService.active).order_by(QueueService.sort_order, QueueService.letter)))
    windows = tuple(tuple(r) for r in uow.session.execute(
        select(Window.number, Window.name).where(Window.active).order_by(Window.number)))
    return HallSetup(name, services, windows, get_setting(uow, "queue_display_recent_calls"), opens, closes)


def hall_setup(uow: UnitOfWork) -> HallSetup:
    with uow:
        return _setup(uow)


def last_event_id(uow: UnitOfWork) -> int:
    with uow:
        return uow.session.scalar(select(func.max(QueueEvent.id))) or 0


def hall_snapshot(uow: UnitOfWork) -> Snapshot:
    """Everything a screen needs to start: configuration, today's events, waiting counts."""
    with uow:
        day = uow.now().date()
        events = tuple(_event(e) for e in uow.session.scalars(
            select(QueueEvent).where(QueueEvent.day == day).order_by(QueueEvent.id)))
        last = uow.session.scalar(select(func.max(QueueEvent.id))) or 0
        paused = frozenset(uow.session.scalars(select(Window.number).join(
            WindowState, WindowState.window_id == Window.id).where(WindowState.paused)))
        staffed = frozenset(uow.session.scalars(select(Window.number).join(
            WindowState, WindowState.window_id == Window.id).where(WindowState.clerk_id.is_not(None))))
        return Snapshot(_setup(uow), events, last, _waiting(uow, day), paused, day, staffed)


def poll(uow: UnitOfWork, *, after_id: int, limit: int = 500) -> Poll:
    """New events after ``after_id`` (oldest first), and today's waiting counts when there were any."""
    with uow:
        day = uow.now().date()
        events = tuple(_event(e) for e in uow.session.scalars(
            select(QueueEvent).where(QueueEvent.id > after_id).order_by(QueueEvent.id).limit(limit)))
        if not events:
            return Poll((), after_id, None, day)
        return Poll(events, events[-1].id, _waiting(uow, day), day)


def waiting_counts(uow: UnitOfWork) -> dict[int, int]:
    with uow:
        return _waiting(uow, uow.now().date())
