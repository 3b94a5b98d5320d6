"""Demo data of the queue: 90 days of history with realistic arrival peaks (bulk inserts), and today as a day
in progress, played through the real services (windows signed in, tickets waiting, visitors at windows, one
window paused: desktop.demo.queue_today). The visitors themselves are desktop.demo.queue_visitors."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import random

from sqlalchemy import func, insert, select, text

from desktop.clock import Clock
from desktop.demo.queue_today import play_span, play_today
from desktop.demo.queue_visitors import (
    MIX,
    RECORDS,
    VISITORS_PER_DAY,
    arrival,
    random_letter,
    random_name,
    random_rating,
    service_minutes,
)
from desktop.models import (
    Center,
    QueueEvent,
    QueueService,
    RatingFollowUp,
    Ticket,
    TicketCounter,
    User,
    Window,
)
from desktop.services import queue as q
from desktop.services.admin.calendar import load_calendar
from desktop.services.queue import RANK_APPOINTMENT, RANK_NORMAL, RANK_PRIORITY
from desktop.services.queue import queue_order as _ms

HISTORY_DAYS = 90
WEEKDAY_FACTOR = (1.18, 1.02, 0.97, 0.95, 0.88, 0.5, 0.5)
ANSWERS = ["已电话回访，解释办理时限，群众表示理解", "已约谈窗口工作人员并整改，回访群众认可",
           "经核实为材料不全导致多次往返，已一次性告知并协助补齐", "已上门回访，问题已解决"]
CHUNK = 2000


@dataclasses.dataclass(frozen=True)
class _W:
    id: int
    number: int
    letters: tuple[str, ...]


class _History:
    """Generates the rows of past days and writes them with bulk inserts."""

    def __init__(self, ctx, rng: random.Random):
        self.ctx, self.rng = ctx, rng
        with ctx.uow() as uow:
            s = uow.session
            self.services = {letter: (sid, name) for sid, letter, name in
                             s.execute(select(QueueService.id, QueueService.letter, QueueService.name))}
            windows = [_W(w.id, w.number, tuple(x.letter for x in w.services)) for w in
                       s.scalars(select(Window).where(Window.active).order_by(Window.number))]
            self.window_of = {letter: [w for w in windows if letter in w.letters] for letter in self.services}
            self.clerk = dict(s.execute(select(User.window_id, User.id).where(User.window_id.is_not(None))).all())
            center = s.scalar(select(Center).limit(1))
            self.opens, self.closes = center.opens_at, center.closes_at
            self.calendar = load_calendar(uow)
            self.ticket_id = s.scalar(select(func.max(Ticket.id))) or 0
            self.event_id = s.scalar(select(func.max(QueueEvent.id))) or 0
        self.tickets, self.events, self.counters, self.follow_ups = [], [], [], []

    def day(self, day: dt.date, today: dt.date, before: dt.datetime | None = None) -> None:
        """One day's visitors, all served or gone; with ``before``, only those who came before it."""
        rng = self.rng
        n = int(rng.gauss(VISITORS_PER_DAY, 35) * WEEKDAY_FACTOR[day.weekday()])
        arrivals = sorted((arrival(rng, day, self.opens, self.closes), random_letter(rng)) for _ in range(n))
        if before is not None:
            arrivals = [a for a in arrivals if a[0] < before]
        free = {w.id: dt.datetime.combine(day, self.opens) for ws in self.window_of.values() for w in ws}
        seq: dict[str, int] = {}
        events = []
        for at, letter in arrivals:
            seq[letter] = seq.get(letter, 0) + 1
            if seq[letter] > q.MAX_SEQ:
                continue
            self._visit(day, today, at, letter, seq[letter], free, events)
        events.sort(key=lambda e: e["at"])
        for e in events:
            self.event_id += 1
            e["id"] = self.event_id
        self.events += events
        self.counters += [dict(day=day, service_id=self.services[k][0], last_seq=min(v, q.MAX_SEQ))
                          for k, v in seq.items()]

    def _visit(self, day: dt.date, today: dt.date, at: dt.datetime, letter: str, n: int,
               free: dict[int, dt.datetime], events: list[dict]) -> None:
        """One visitor: the ticket and its first call, then three calls nobody answers (过号) or the service."""
        rng = self.rng
        sid, _name_ = self.services[letter]
        self.ticket_id += 1
        tid = self.ticket_id
        priority = rng.random() < 0.08
        appointment = not priority and rng.random() < 0.04
        rank = RANK_APPOINTMENT if appointment else RANK_PRIORITY if priority else RANK_NORMAL
        number = f"{letter}{n:03d}"
        t = dict(id=tid, day=day, service_id=sid, issued_service_id=sid, seq=n, number=number,
                 priority=priority, appointment_id=None, visitor_name=random_name(rng) if appointment else "",
                 status="finished", rank=rank, queue_order=_ms(at), issued_order=_ms(at),
                 target_window_id=None, window_id=None, clerk_id=None, issued_at=at, first_called_at=None,
                 last_called_at=None, call_count=1, started_at=None, finished_at=None, record="",
                 case_kind=None, case_id=None, rating=None, rated_at=None)
        ev = functools.partial(self._event, events, t)
        ev("issued", at, detail={"priority": priority, "appointment": appointment or None})
        # the window of the service that is free first takes the visitor
        window = min(self.window_of[letter], key=lambda w: free[w.id])
        called = max(at, free[window.id]) + dt.timedelta(seconds=rng.randint(5, 90))
        t.update(window_id=window.id, clerk_id=self.clerk.get(window.id), first_called_at=called,
                 last_called_at=called)
        ev("called", called, window.number, {"call": 1, "waited": int((called - at).total_seconds())})
        if rng.random() < 0.04:  # 过号: three calls, nobody came
            for k in (2, 3):
                t["last_called_at"] = called + dt.timedelta(seconds=45 * (k - 1))
                ev("recalled", t["last_called_at"], window.number, {"call": k})
            t.update(status="no_show", call_count=3)
            ev("no_show", t["last_called_at"] + dt.timedelta(seconds=40), window.number, {"calls": 3})
            free[window.id] = t["last_called_at"] + dt.timedelta(seconds=60)
            self.tickets.append(t)
            return
        start = called + dt.timedelta(seconds=rng.randint(20, 120))
        if letter == "A" and rng.random() < 0.12:  # first contact sends the visitor on (转窗)
            letter, window, start = self._transfer(t, ev, sid, window, start, free)
        self._serve(t, ev, letter, window, start, free, today)

    def _event(self, events: list[dict], t: dict, kind, when, window=None, detail=None, service=None) -> None:
        events.append(dict(at=when, day=t["day"], kind=kind, ticket_id=t["id"], number=t["number"],
                           service_id=service or t["service_id"], window_no=window,
                           actor_id=self.clerk.get(t["window_id"]) if window else None, detail=detail))

    def _transfer(self, t: dict, ev, sid: int, window: _W, start: dt.datetime,
                  free: dict[int, dt.datetime]) -> tuple[str, _W, dt.datetime]:
        """Window A starts, then sends the visitor to another service, whose first free window calls them;
        returns the new service's letter, its window and the start of the service there."""
        rng = self.rng
        target = rng.choice([x for x in MIX if x != "A"])
        moved = start + dt.timedelta(minutes=rng.uniform(1, 4))
        ev("started", start, window.number)
        ev("transferred", moved, window.number, {"from_service": sid, "to_service": self.services[target][0],
                                                 "position": "front", "to_window": None})
        free[window.id] = moved + dt.timedelta(seconds=30)
        t.update(service_id=self.services[target][0], rank=0, queue_order=_ms(moved))
        window = min(self.window_of[target], key=lambda w: free[w.id])
        called = max(moved, free[window.id]) + dt.timedelta(seconds=rng.randint(5, 60))
        t.update(window_id=window.id, clerk_id=self.clerk.get(window.id), last_called_at=called)
        ev("called", called, window.number, {"call": 1, "waited": int((called - moved).total_seconds())})
        return target, window, called + dt.timedelta(seconds=rng.randint(20, 90))

    def _serve(self, t: dict, ev, letter: str, window: _W, start: dt.datetime, free: dict[int, dt.datetime],
               today: dt.date) -> None:
        """The service from ``start``, its record, and (mostly) the visitor's rating; a bad one is followed up."""
        rng = self.rng
        finish = start + dt.timedelta(minutes=service_minutes(rng, MIX[letter][1]))
        finish = finish.replace(microsecond=0)
        t.update(started_at=start, finished_at=finish, record=rng.choice(RECORDS[letter]))
        ev("started", start, window.number)
        ev("finished", finish, window.number, {"service_seconds": int((finish - start).total_seconds())})
        free[window.id] = finish + dt.timedelta(seconds=rng.randint(20, 60))
        if rng.random() < 0.72:
            rating = random_rating(rng)
            rated = finish + dt.timedelta(seconds=rng.randint(5, 40))
            t.update(rating=rating, rated_at=rated)
            ev("rated", rated, window.number, {"rating": rating})
            if rating in q.BAD_RATINGS:
                self.follow_ups.append(self._follow_up(t["id"], rating, rated, t["day"], today))
        self.tickets.append(t)

    def _follow_up(self, ticket_id: int, rating: str, rated: dt.datetime, day: dt.date, today: dt.date) -> dict:
        """Most follow-ups were answered within their working days, a few late, recent ones may be open."""
        rng = self.rng
        due = self.calendar.add_working_days(day, 5)
        row = dict(ticket_id=ticket_id, rating=rating, opened_at=rated, due_on=due, status="open", answer="",
                   answered_at=None, answered_by=None)
        answer_day = day + dt.timedelta(days=rng.randint(1, 9 if rng.random() < 0.15 else 6))
        if answer_day < today and (due < today or rng.random() < 0.5):
            row.update(status="answered", answer=rng.choice(ANSWERS),
                       answered_at=dt.datetime.combine(answer_day, dt.time(15, rng.randint(0, 59))))
        return row

    def write(self) -> None:
        with self.ctx.uow() as uow:
            s = uow.session
            for table, rows in ((Ticket.__table__, self.tickets), (QueueEvent.__table__, self.events),
                                (TicketCounter.__table__, self.counters),
                                (RatingFollowUp.__table__, self.follow_ups)):
                for i in range(0, len(rows), CHUNK):
                    s.execute(insert(table), rows[i:i + CHUNK])
            if uow.kind == "postgresql":
                for table in ("queue_ticket", "queue_event"):
                    s.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                   f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"))
            uow.commit()


def _history(ctx, rng: random.Random, today: dt.date, morning: dt.datetime) -> int:
    """Past days, and today's visitors who came before ``morning`` (all served by now)."""
    h = _History(ctx, rng)
    day = today - dt.timedelta(days=HISTORY_DAYS)
    while day < today:
        if h.calendar.is_workday(day):
            h.day(day, today)
        day += dt.timedelta(days=1)
    past = len(h.tickets)
    h.day(today, today + dt.timedelta(days=1), before=morning)
    h.write()
    return past


def demo_queue(ctx, rng: random.Random) -> str:
    now = Clock().now()
    start, until = play_span(ctx, now)
    tickets = _history(ctx, rng, now.date(), start - dt.timedelta(minutes=40))
    issued, waiting = play_today(ctx, rng, now, start, until)
    return (f"queue: {HISTORY_DAYS} days of history ({tickets} tickets); today {issued} tickets issued, "
            f"{waiting} waiting")
