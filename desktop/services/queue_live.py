"""What screens (hall display, kiosk, call panels, live view) read to follow the queue: the event log
after a given id, today's state rebuilt from it, and waiting counts.

A screen keeps ``last_id`` and asks ``poll(uow, after_id=last_id)`` on a short timer: one indexed query on
the primary key, plus the waiting counts when something happened. A screen started late (or restarted)
calls ``hall_snapshot`` and folds today's events into a ``HallBoard`` — the same fold it then applies to
each new event, so a rebuilt board equals one that watched all day.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import dataclass, field

from sqlalchemy import func, select

from desktop.db import Actor
from desktop.models import (
    Appointment,
    Center,
    QueueEvent,
    QueueService,
    Ticket,
    Window,
    WindowState,
    window_service,
)
from desktop.models.queue import CALLED, FINISHED, SERVING, WAITING
from desktop.services import queue as q
from desktop.services.queue import mask_name
from desktop.services.queue_errors import ServiceUnavailable
from desktop.services.settings import get_setting

CALL_KINDS = frozenset({"called", "recalled"})
RELEASE_KINDS = frozenset({"finished", "no_show", "transferred"})
NOW_CALLING_SECONDS = 60  # the display's "now calling" banner: until the visitor is at the window, at most this
SERVICE_TIME_DAYS = 14  # expected waits come from the service times of the last two weeks,
SERVICE_TIME_SAMPLE = 30  # the most recent visitors of each service
SERVICE_TIME_MIN_SAMPLE = 3  # fewer than this: the median of all services stands in


@dataclass(frozen=True)
class QueueEventInfo:
    id: int
    at: dt.datetime
    kind: str
    ticket_id: int | None
    number: str
    service_id: int | None
    window_no: int | None
    detail: dict


@dataclass(frozen=True)
class HallSetup:
    center_name: str
    services: tuple[tuple[int, str, str, str], ...]  # (id, letter, name, description) in display order
    windows: tuple[tuple[int, str], ...]  # (number, name) of active windows
    recent_calls: int
    opens_at: dt.time
    closes_at: dt.time


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


@dataclass(frozen=True)
class Poll:
    events: tuple[QueueEventInfo, ...]
    last_id: int
    waiting: dict[int, int] | None  # service id -> waiting today; None when nothing happened
    day: dt.date


@dataclass(frozen=True)
class Snapshot:
    setup: HallSetup
    events: tuple[QueueEventInfo, ...]  # today's, in order
    last_id: int
    waiting: dict[int, int]
    paused_windows: frozenset[int]
    day: dt.date
    staffed_windows: frozenset[int] = frozenset()  # someone is signed in there


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


def hall_setup(uow) -> HallSetup:
    with uow:
        return _setup(uow)


def screen_start(uow) -> ScreenStart:
    with uow:
        day = uow.now().date()
        waiting = _waiting(uow, day)
        return ScreenStart(_setup(uow), waiting, uow.session.scalar(select(func.max(QueueEvent.id))) or 0, day,
                           _service_waits(uow, day, waiting))


def last_event_id(uow) -> int:
    with uow:
        return uow.session.scalar(select(func.max(QueueEvent.id))) or 0


def hall_snapshot(uow) -> Snapshot:
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


def poll(uow, *, after_id: int, limit: int = 500) -> Poll:
    """New events after ``after_id`` (oldest first), and today's waiting counts when there were any."""
    with uow:
        day = uow.now().date()
        events = tuple(_event(e) for e in uow.session.scalars(
            select(QueueEvent).where(QueueEvent.id > after_id).order_by(QueueEvent.id).limit(limit)))
        if not events:
            return Poll((), after_id, None, day)
        return Poll(events, events[-1].id, _waiting(uow, day), day)


def waiting_counts(uow) -> dict[int, int]:
    with uow:
        return _waiting(uow, uow.now().date())


# ---------------------------------------------------------------- the kiosk: who serves what, expected waits

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


def service_waits(uow) -> dict[int, ServiceWait]:
    """What the kiosk shows on each service: waiting, whether anyone serves it now, the expected wait."""
    with uow:
        day = uow.now().date()
        return _service_waits(uow, day, _waiting(uow, day))


def _require_served(uow, service_id: int) -> None:
    with uow:
        now = uow.now()
        q._check_open(uow, now)  # a closed hall (day off, after hours) says so first, as issuing would
        wait = _service_waits(uow, now.date(), {}).get(service_id)
        if wait is not None and not wait.available:
            letter, name = uow.session.execute(select(QueueService.letter, QueueService.name)
                                               .where(QueueService.id == service_id)).one()
            raise ServiceUnavailable(service_id=service_id, letter=letter, name=name, reason=wait.state)


def issue_at_kiosk(uow, *, service_id: int, priority: bool = False) -> q.IssuedTicket:
    """The kiosk's ticket: refused (ServiceUnavailable) while nobody is signed in at a window that serves the
    service, since nobody would call it. (A clerk signing out at the very moment is no different from one
    signing out a minute later: the ticket waits for the next one to sign in.)"""
    _require_served(uow, service_id)
    return q.issue_ticket(uow, service_id=service_id, priority=priority)


def check_in_at_kiosk(uow, *, code: str) -> q.IssuedTicket:
    """An appointment's check-in at the kiosk, refused like ``issue_at_kiosk`` when nobody serves its service."""
    with uow:
        service_id = uow.session.scalar(select(Appointment.service_id).where(
            Appointment.day == uow.now().date(), Appointment.code == (code or "").strip(),
            Appointment.status == "booked"))
    if service_id is not None:  # an unknown or used code: check_in_appointment says so
        _require_served(uow, service_id)
    return q.check_in_appointment(uow, code=code)


# ---------------------------------------------------------------- the hall board (no database)

@dataclass(frozen=True)
class Call:
    number: str
    window_no: int
    at: dt.datetime
    name: str  # already masked
    call: int  # 1 for the first call, 2.. for recalls


@dataclass
class HallBoard:
    """Today's state of the hall as the display shows it, folded from queue events.

    ``apply`` returns the calls to announce. Names in events are masked when written; the board masks
    again so nothing unmasked can reach a public screen. A window shows a number only while it calls or
    serves that ticket: finishing, a no-show, a transfer or the clerk signing out clear it."""

    recent_size: int = 8
    current: dict[int, Call] = field(default_factory=dict)  # window no -> the ticket it calls or serves
    recent: deque = field(default_factory=deque)  # newest first
    paused: set[int] = field(default_factory=set)
    staffed: set[int] = field(default_factory=set)  # windows someone is signed in to
    calling: dict[int, Call] = field(default_factory=dict)  # window no -> its call, until the visitor arrives
    latest: Call | None = None  # the last call made
    last_id: int = 0
    day: dt.date | None = None

    def __post_init__(self) -> None:
        self.recent = deque(self.recent, maxlen=self.recent_size)

    def reset(self, day: dt.date) -> None:
        self.current.clear()
        self.calling.clear()
        self.recent.clear()
        self.paused.clear()
        self.latest = None
        self.day = day

    def now_calling(self, now: dt.datetime, seconds: int = NOW_CALLING_SECONDS) -> Call | None:
        """What the "now calling" banner shows: the newest call whose visitor has not reached the window yet
        (service not started, ticket not finished or moved) and that is at most ``seconds`` old."""
        fresh = [c for c in self.calling.values() if (now - c.at).total_seconds() <= seconds]
        return fresh[-1] if fresh else None  # ``calling`` is kept in the order the calls were made

    def _release(self, window_no: int, number: str | None = None) -> None:
        for shown in (self.current, self.calling):
            call = shown.get(window_no)
            if call is not None and (number is None or call.number == number):
                del shown[window_no]

    def apply(self, event: QueueEventInfo) -> list[Call]:
        if event.id <= self.last_id:
            return []
        self.last_id = event.id
        if self.day is not None and event.at.date() != self.day:
            if event.at.date() < self.day:
                return []
            self.reset(event.at.date())  # the first event of a new day: yesterday's calls go
        if self.day is None:
            self.day = event.at.date()
        if event.kind in CALL_KINDS and event.window_no is not None:
            call = Call(event.number, event.window_no, event.at, mask_name(event.detail.get("name") or ""),
                        int(event.detail.get("call") or 1))
            self.current[event.window_no] = call
            self.calling.pop(event.window_no, None)
            self.calling[event.window_no] = call
            self.staffed.add(event.window_no)  # a call shows someone is at the window
            self.latest = call
            if event.kind == "called":
                self.recent = deque([c for c in self.recent if c.number != call.number], maxlen=self.recent_size)
                self.recent.appendleft(call)
            return [call]
        if event.window_no is None:
            return []
        if event.kind in RELEASE_KINDS:
            self._release(event.window_no, event.number)  # finished, no-show or transfer: the window is free
        elif event.kind == "started":
            call = self.calling.get(event.window_no)
            if call is not None and call.number == event.number:
                del self.calling[event.window_no]  # the visitor is at the window: no longer called
        elif event.kind == "signed_out":
            self.staffed.discard(event.window_no)
            self._release(event.window_no)  # nobody at the window: it shows no number
        elif event.kind == "signed_in":
            self.staffed.add(event.window_no)
        elif event.kind == "paused":
            self.paused.add(event.window_no)
        elif event.kind == "resumed":
            self.paused.discard(event.window_no)
        return []

    def rebuild(self, snapshot: Snapshot) -> None:
        self.recent_size = snapshot.setup.recent_calls
        self.recent = deque(maxlen=self.recent_size)
        self.current.clear()
        self.calling.clear()
        self.latest = None
        self.last_id = 0
        self.day = snapshot.day
        for event in snapshot.events:
            self.apply(event)
        self.paused = set(snapshot.paused_windows)
        self.staffed = set(snapshot.staffed_windows)
        self.last_id = max(self.last_id, snapshot.last_id)
