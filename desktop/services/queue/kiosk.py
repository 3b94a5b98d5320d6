"""The kiosk: which services anyone serves now, the expected wait of each, and the kiosk's own tickets,
refused for a service nobody would call."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select

from desktop.db import UnitOfWork
from desktop.models import Appointment, QueueEvent, QueueService, Ticket, Window, WindowState, window_service
from desktop.models.queue import CALLED, FINISHED, SERVING
from desktop.services.queue.board import HallSetup
from desktop.services.queue.dto import IssuedTicket
from desktop.services.queue.errors import ServiceUnavailable
from desktop.services.queue.live import _setup, _waiting
from desktop.services.queue.tickets import _check_open, check_in_appointment, issue_ticket

SERVICE_TIME_DAYS = 14  # expected waits come from the service times of the last two weeks,
SERVICE_TIME_SAMPLE = 30  # the most recent visitors of each service
SERVICE_TIME_MIN_SAMPLE = 3  # fewer than this: the median of all services stands in


@dataclass(frozen=True)
class ServiceWait:
    """A service as the kiosk offers it now: who waits, which windows serve it, and the expected wait."""

    service_id: int
    waiting: int  # tickets waiting today
    windows: int  # active windows that serve it
    staffed: int  # of those, with someone signed in
    open_windows: int  # of those, not paused
    free_windows: int  # of those, calling or serving nobody right now
    service_seconds: int | None  # median service time of its recent visitors; None without any history
    expected_seconds: int | None  # a ticket taken now is called after about this long; None: unknown

    @property
    def state(self) -> str:
        """open; paused (every staffed window paused); no_staff (nobody signed in at its windows);
        no_window (no active window serves it)."""
        if self.windows == 0:
            return "no_window"
        if self.staffed == 0:
            return "no_staff"
        return "open" if self.open_windows else "paused"

    @property
    def available(self) -> bool:
        """The kiosk issues tickets for it: someone is signed in at one of its windows (maybe on a pause)."""
        return self.staffed > 0


@dataclass(frozen=True)
class ScreenStart:
    """What the kiosk needs to start: configuration, waiting counts, and where the event log stands."""

    setup: HallSetup
    waiting: dict[int, int]
    last_id: int
    day: dt.date
    waits: dict[int, ServiceWait] = field(default_factory=dict)


def screen_start(uow: UnitOfWork) -> ScreenStart:
    with uow:
        day = uow.now().date()
        waiting = _waiting(uow, day)
        return ScreenStart(_setup(uow), waiting, uow.session.scalar(select(func.max(QueueEvent.id))) or 0, day,
                           _service_waits(uow, day, waiting))


def expected_wait(*, ahead: int, open_windows: int, free_windows: int, service_seconds: int | None) -> int | None:
    """Seconds until a ticket with ``ahead`` people before it is called, about. A free window takes the first
    visitors at once; everyone after them is served by the open windows at one service time each, a busy
    window being on average half-way through its visitor. None when no open window serves it or no service
    time is known."""
    if service_seconds is None or open_windows <= 0:
        return None
    behind = ahead - free_windows
    if behind < 0:
        return 0
    return round(service_seconds * (behind + 0.5) / open_windows)


def _median(values: list[float]) -> int:
    values = sorted(values)
    mid = len(values) // 2
    return round(values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2)


def _service_seconds(uow, day: dt.date) -> tuple[dict[int, int], int | None]:
    """Per service, the median service time of its most recent visitors in the last two weeks; and the
    median of all services (for a service with too few visitors of its own)."""
    t = Ticket.__table__.c
    rows = uow.session.execute(select(t.service_id, t.started_at, t.finished_at).where(
        t.day > day - dt.timedelta(days=SERVICE_TIME_DAYS), t.day <= day, t.status == FINISHED,
        t.started_at.is_not(None), t.finished_at.is_not(None)))
    recent: dict[int, list[tuple[dt.datetime, float]]] = {}
    for service_id, started, finished in rows:
        recent.setdefault(service_id, []).append((finished, max(0.0, (finished - started).total_seconds())))
    samples = {sid: [s for _, s in sorted(done, reverse=True)[:SERVICE_TIME_SAMPLE]] for sid, done in recent.items()}
    everyone = [s for values in samples.values() for s in values]
    return ({sid: _median(values) for sid, values in samples.items() if len(values) >= SERVICE_TIME_MIN_SAMPLE},
            _median(everyone) if everyone else None)


def _service_waits(uow, day: dt.date, waiting: dict[int, int]) -> dict[int, ServiceWait]:
    """Inside an open unit of work: every active service with its windows and expected wait."""
    ws = window_service.c
    links = uow.session.execute(select(ws.service_id, ws.window_id).join(Window, Window.id == ws.window_id)
                                .where(Window.active)).all()
    states = {w: (clerk, paused) for w, clerk, paused in uow.session.execute(
        select(WindowState.window_id, WindowState.clerk_id, WindowState.paused))}
    t = Ticket.__table__.c
    busy = set(uow.session.scalars(select(t.window_id).where(t.day == day, t.status.in_((CALLED, SERVING)))))
    seconds, fallback = _service_seconds(uow, day)
    out = {}
    for sid in uow.session.scalars(select(QueueService.id).where(QueueService.active)):
        windows = [w for s, w in links if s == sid]
        staffed = [w for w in windows if states.get(w, (None, False))[0] is not None]
        open_ = [w for w in staffed if not states[w][1]]
        free = [w for w in open_ if w not in busy]
        n = waiting.get(sid, 0)
        per_visitor = seconds.get(sid, fallback)
        out[sid] = ServiceWait(sid, n, len(windows), len(staffed), len(open_), len(free), per_visitor,
                               expected_wait(ahead=n, open_windows=len(open_), free_windows=len(free),
                                             service_seconds=per_visitor))
    return out


def service_waits(uow: UnitOfWork) -> dict[int, ServiceWait]:
    """What the kiosk shows on each service: waiting, whether anyone serves it now, the expected wait."""
    with uow:
        day = uow.now().date()
        return _service_waits(uow, day, _waiting(uow, day))


def _require_served(uow, service_id: int) -> None:
    with uow:
        now = uow.now()
        _check_open(uow, now)  # a closed hall (day off, after hours) says so first, as issuing would
        wait = _service_waits(uow, now.date(), {}).get(service_id)
        if wait is not None and not wait.available:
            letter, name = uow.session.execute(select(QueueService.letter, QueueService.name)
                                               .where(QueueService.id == service_id)).one()
            raise ServiceUnavailable(service_id=service_id, letter=letter, name=name, reason=wait.state)


def issue_at_kiosk(uow: UnitOfWork, *, service_id: int, priority: bool = False) -> IssuedTicket:
    """The kiosk's ticket: refused (ServiceUnavailable) while nobody is signed in at a window that serves the
    service, since nobody would call it. (A clerk signing out at the very moment is no different from one
    signing out a minute later: the ticket waits for the next one to sign in.)"""
    _require_served(uow, service_id)
    return issue_ticket(uow, service_id=service_id, priority=priority)


def check_in_at_kiosk(uow: UnitOfWork, *, code: str) -> IssuedTicket:
    """An appointment's check-in at the kiosk, refused like ``issue_at_kiosk`` when nobody serves its service."""
    with uow:
        service_id = uow.session.scalar(select(Appointment.service_id).where(
            Appointment.day == uow.now().date(), Appointment.code == (code or "").strip(),
            Appointment.status == "booked"))
    if service_id is not None:  # an unknown or used code: check_in_appointment says so
        _require_served(uow, service_id)
    return check_in_appointment(uow, code=code)
