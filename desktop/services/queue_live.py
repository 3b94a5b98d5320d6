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
from desktop.models import Center, QueueEvent, QueueService, Ticket, Window, WindowState
from desktop.models.queue import WAITING
from desktop.services.queue import mask_name
from desktop.services.settings import get_setting

CALL_KINDS = frozenset({"called", "recalled"})
RELEASE_KINDS = frozenset({"finished", "no_show", "transferred"})


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
class ScreenStart:
    """What the kiosk needs to start: configuration, waiting counts, and where the event log stands."""

    setup: HallSetup
    waiting: dict[int, int]
    last_id: int
    day: dt.date


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
        return ScreenStart(_setup(uow), _waiting(uow, day),
                           uow.session.scalar(select(func.max(QueueEvent.id))) or 0, day)


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
        return Snapshot(_setup(uow), events, last, _waiting(uow, day), paused, day)


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
    again so nothing unmasked can reach a public screen."""

    recent_size: int = 8
    current: dict[int, Call] = field(default_factory=dict)  # window no -> the call it shows
    recent: deque = field(default_factory=deque)  # newest first
    paused: set[int] = field(default_factory=set)
    latest: Call | None = None  # the last call made (what "now calling" shows)
    last_id: int = 0
    day: dt.date | None = None

    def __post_init__(self) -> None:
        self.recent = deque(self.recent, maxlen=self.recent_size)

    def reset(self, day: dt.date) -> None:
        self.current.clear()
        self.recent.clear()
        self.paused.clear()
        self.latest = None
        self.day = day

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
            self.latest = call
            if event.kind == "called":
                self.recent = deque([c for c in self.recent if c.number != call.number], maxlen=self.recent_size)
                self.recent.appendleft(call)
            return [call]
        if event.kind in RELEASE_KINDS and event.window_no is not None:
            shown = self.current.get(event.window_no)
            if shown is not None and shown.number == event.number and event.kind != "finished":
                del self.current[event.window_no]  # a no-show or a transfer leaves the window free
        elif event.kind == "paused" and event.window_no is not None:
            self.paused.add(event.window_no)
        elif event.kind == "resumed" and event.window_no is not None:
            self.paused.discard(event.window_no)
        return []

    def rebuild(self, snapshot: Snapshot) -> None:
        self.recent_size = snapshot.setup.recent_calls
        self.recent = deque(maxlen=self.recent_size)
        self.current.clear()
        self.latest = None
        self.last_id = 0
        self.day = snapshot.day
        for event in snapshot.events:
            self.apply(event)
        self.paused = set(snapshot.paused_windows)
        self.last_id = max(self.last_id, snapshot.last_id)
